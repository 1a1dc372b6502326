// The name of an instance's use_vmac macvlan (keepalived-surface.md §2.3): the IFNAME given
// after `use_vmac` (optionally after the word `name`), else `<vmac_prefix>.<vrid>`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "conf-parser/lower.hpp"

namespace vrrp::daemon {

/// The configured IFNAME, or nullopt for the default naming. Words that are a MAC address,
/// `netlink_notify_msg` and `group G` are not names.
std::optional<std::string> configured_vmac_name(const conf::InstancePlan& plan);

/// `<prefix>.<vrid>`, or `<prefix><n>.<vrid>` for n >= 1 (keepalived's clash renaming).
std::string default_vmac_name(std::string_view prefix, unsigned vrid, unsigned clash = 0);

}  // namespace vrrp::daemon
