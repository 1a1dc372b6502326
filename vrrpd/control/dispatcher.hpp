// Turns one request line into one reply line by asking the ControlProvider. Pure apart from the
// provider: the socket server and the tests share it.
#pragma once

#include <string>
#include <string_view>

#include "vrrpd/control/status.hpp"

namespace vrrp::control {

class Dispatcher {
 public:
  explicit Dispatcher(ControlProvider& provider) : provider_(provider) {}

  /// `line` without its '\n'; the reply likewise. Never throws for any input.
  std::string handle(std::string_view line);

 private:
  ControlProvider& provider_;
};

}  // namespace vrrp::control
