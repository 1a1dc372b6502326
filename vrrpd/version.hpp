// vrrpd's version string, printed by -v and in the startup log line.
#pragma once

namespace vrrp::daemon {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace vrrp::daemon
