// Run-as identities for scripts (keepalived-surface.md §4.1, §4.4): `USER [[:]GROUP]` after a
// script keyword, and the `script_user` / keepalived_script / daemon default.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "vrrpd/exec/command.hpp"

namespace vrrp::daemon::exec {

/// A resolved identity; `root` tells enable_script_security it runs with uid 0 or gid 0.
struct Identity {
  RunAs run_as;
  bool root = false;
};

/// `user` and optional `group` as written after a script keyword. The gid is the user's
/// primary group unless `group` names another; supplementary groups are cleared, except with
/// the `:group` form, which installs the user's supplementary groups. Errors: "unknown user
/// NAME", "unknown group NAME".
std::expected<Identity, std::string> lookup_identity(std::string_view user, std::string_view group = {});

/// The identity of scripts configured without a user: `script_user [group]` when given, else
/// the `keepalived_script` user if it exists, else the daemon's own (nullopt uid/gid, root
/// when we are root). `fell_back_to_daemon` is set in the last case: with
/// enable_script_security such scripts must be refused (§4.4).
struct DefaultIdentity {
  Identity identity;
  bool fell_back_to_daemon = false;
};
std::expected<DefaultIdentity, std::string> default_identity(std::string_view script_user,
                                                             std::string_view script_group = {});

}  // namespace vrrp::daemon::exec
