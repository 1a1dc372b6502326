// Time as a value. proto/ never reads a clock: callers pass `now` in.
#pragma once

#include <chrono>

namespace vrrp::proto {

using TimePoint = std::chrono::steady_clock::time_point;
using Duration = std::chrono::microseconds;  // RFC timers are computed in integer microseconds

}  // namespace vrrp::proto
