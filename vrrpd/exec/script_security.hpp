// enable_script_security (keepalived-surface.md §4.4): a script that would run as root must
// not be replaceable by a non-root user through the file or any directory on its path.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace vrrp::daemon::exec {

/// Whether the checks apply: the script runs with uid 0 or gid 0, or the file is set-uid root
/// or set-gid root (a missing file counts: the check then reports it).
bool script_security_applies(const std::string& path, uid_t uid, gid_t gid);

/// nullopt when `command` (argv[0]; a bare name is looked up along `search_path`, default
/// $PATH, as the runner does) is safe; otherwise the reason, naming the offending path:
///   "unsafe script /a/b/c.sh: /a/b is world-writable (mode 0777)"
///   "unsafe script /a/c.sh: /a/c.sh is owned by uid 65534 (nobody), not root"
///   "unsafe script /a/c.sh: /a is writable by group 1000 (mode 0775)"
///   "unsafe script /a/c.sh: /a/c.sh not found"
/// Every component of the configured path and of its realpath is checked: each must be owned
/// by root, and a file or non-sticky directory must be writable neither by a non-root group
/// nor by everyone (symlinks themselves: ownership only). Reads the file system; no side effects.
std::optional<std::string> check_script_security(std::string_view command,
                                                 std::string_view search_path = {});

}  // namespace vrrp::daemon::exec
