// Token bucket for log lines about received packets: a flood of bad adverts must not flood
// syslog, yet the first few of each kind are always seen and the rest are counted.
#pragma once

#include <cstdint>

#include "proto/time.hpp"

namespace vrrp::daemon {

class RateLimiter {
 public:
  /// Allows `burst` events at once, then one more per `refill` period.
  RateLimiter(unsigned burst, proto::Duration refill);

  /// True if an event at `now` may be logged. When false the event is counted as suppressed.
  bool allow(proto::TimePoint now);
  /// Events refused since the last allowed one; reset by the next allowed event's caller via
  /// take_suppressed(), so a log line can say "(N similar suppressed)".
  std::uint64_t take_suppressed();

 private:
  unsigned burst_;
  proto::Duration refill_;
  unsigned tokens_;
  proto::TimePoint last_refill_{};
  bool started_ = false;
  std::uint64_t suppressed_ = 0;
};

}  // namespace vrrp::daemon
