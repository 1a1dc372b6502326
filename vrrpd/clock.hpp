// The daemon's clock: the only caller of steady_clock::now() outside tests and Boost itself.
// proto/ receives this value as `now`; keeping one reader makes time easy to audit and fake.
#pragma once

#include <chrono>

#include "proto/time.hpp"

namespace vrrp::daemon {

/// Monotonic time for proto::Instance::handle() and timer deadlines.
inline proto::TimePoint now() { return std::chrono::steady_clock::now(); }

}  // namespace vrrp::daemon
