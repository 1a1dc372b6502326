// RFC Skew_Time / Master_Down_Interval arithmetic in integer microseconds.
#include "proto/rfc_timers.hpp"

#include <algorithm>

#include "proto/advertisement.hpp"

namespace vrrp::proto {

Duration skew_time(Version version, std::uint8_t priority, Duration master_adver_interval) {
  const std::int64_t weight = 256 - static_cast<std::int64_t>(priority);
  if (version == Version::V2) {
    // RFC 3768 §6.1: (256 - Priority) / 256 seconds = (256 - p) * 15625 / 4 us.
    return Duration(weight * 15625 / 4);
  }
  // RFC 5798 §6.1: ((256 - Priority) * Master_Adver_Interval) / 256 centiseconds
  // = (256 - p) * MAI_cs * 625 / 16 us (10000 / 256 = 625 / 16).
  const std::int64_t mai_cs = master_adver_interval.count() / 10000;
  return Duration(weight * mai_cs * 625 / 16);
}

Duration master_down_interval(Version version, std::uint8_t priority,
                              Duration master_adver_interval, unsigned down_timer_adverts) {
  const Duration interval = version == Version::V2
                                ? master_adver_interval
                                : from_centiseconds(to_centiseconds(master_adver_interval));
  return static_cast<std::int64_t>(down_timer_adverts) * interval +
         skew_time(version, priority, master_adver_interval);
}

Duration from_centiseconds(std::uint16_t cs) { return Duration(static_cast<std::int64_t>(cs) * 10000); }

std::uint16_t to_centiseconds(Duration interval) {
  const std::int64_t cs = interval.count() / 10000;
  return static_cast<std::uint16_t>(std::clamp<std::int64_t>(cs, 1, kMaxV3IntervalCs));
}

}  // namespace vrrp::proto
