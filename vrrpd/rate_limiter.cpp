// Token bucket arithmetic for RateLimiter.
#include "vrrpd/rate_limiter.hpp"

#include <algorithm>

namespace vrrp::daemon {

RateLimiter::RateLimiter(unsigned burst, proto::Duration refill)
    : burst_(std::max(burst, 1u)), refill_(std::max(refill, proto::Duration(1))), tokens_(burst_) {}

bool RateLimiter::allow(proto::TimePoint now) {
  if (!started_) {
    started_ = true;
    last_refill_ = now;
  } else if (now > last_refill_) {
    // Whole periods only, carrying the remainder, so the rate is exact over time.
    const std::int64_t periods = (now - last_refill_) / refill_;
    if (periods > 0) {
      const std::int64_t room = burst_ - tokens_;
      tokens_ += static_cast<unsigned>(std::min(periods, room));
      last_refill_ = tokens_ == burst_ ? now : last_refill_ + periods * refill_;
    }
  }
  if (tokens_ == 0) {
    ++suppressed_;
    return false;
  }
  --tokens_;
  return true;
}

std::uint64_t RateLimiter::take_suppressed() {
  const auto n = suppressed_;
  suppressed_ = 0;
  return n;
}

}  // namespace vrrp::daemon
