// Error plumbing for netif/: every failure is a std::error_code. libnl's negative NLE_* codes
// get their own category so a log line says "Object exists" instead of a bare number.
#pragma once

#include <system_error>

namespace vrrp::netif {

/// The category of libnl-3 error codes (the positive NLE_* value is stored).
const std::error_category& netlink_category();

/// Turns a libnl return value (negative NLE_*) into an error_code; 0 or positive gives success.
/// Prefer to_system_error() when the caller wants to compare against std::errc.
std::error_code make_netlink_error(int nl_result);

/// errno as a generic-category error_code (std::errc comparable).
std::error_code last_os_error();

/// libnl errors that have a clear errno twin (exists, not found, permission, busy, no memory,
/// invalid) become generic std::errc codes; the rest stay in netlink_category().
std::error_code netlink_to_error(int nl_result);

}  // namespace vrrp::netif
