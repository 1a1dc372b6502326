// vrrpctl's side of the control socket: one blocking request/reply exchange with a deadline.
#pragma once

#include <chrono>
#include <expected>
#include <string>

namespace vrrp::control {

struct ClientError {
  bool connect_failed = false;  // could not reach the daemon at all (vrrpctl exit code 3)
  std::string message;
};

/// Connects to `socket_path`, sends `request_line` + '\n' and returns the first reply line
/// (without '\n'). Every step is bounded by `timeout`.
std::expected<std::string, ClientError> exchange(const std::string& socket_path, const std::string& request_line,
                                                 std::chrono::milliseconds timeout);

}  // namespace vrrp::control
