// Notices when the event loop runs a timer late: a daemon that is descheduled for longer than a
// fraction of the advert interval is about to cause a needless failover, so say so and count it.
#pragma once

#include <cstdint>
#include <optional>

#include "proto/time.hpp"

namespace vrrp::daemon {

class StallDetector {
 public:
  /// The threshold is a quarter of the smallest advert interval in service.
  static proto::Duration threshold_for(proto::Duration smallest_advert_interval) {
    return smallest_advert_interval / 4;
  }

  void set_threshold(proto::Duration threshold) { threshold_ = threshold; }
  proto::Duration threshold() const { return threshold_; }

  /// Call when a timer armed for `deadline` runs at `now`. Returns the lateness when it exceeds
  /// the threshold (and counts it), nullopt otherwise.
  std::optional<proto::Duration> observe(proto::TimePoint deadline, proto::TimePoint now) {
    const auto late = std::chrono::duration_cast<proto::Duration>(now - deadline);
    if (late <= threshold_) return std::nullopt;
    ++stalls_;
    if (late > worst_) worst_ = late;
    return late;
  }

  std::uint64_t stalls() const { return stalls_; }
  proto::Duration worst() const { return worst_; }

 private:
  proto::Duration threshold_ = std::chrono::milliseconds(250);
  std::uint64_t stalls_ = 0;
  proto::Duration worst_{0};
};

}  // namespace vrrp::daemon
