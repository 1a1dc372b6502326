// RFC timer arithmetic (RFC 3768 §6.1, RFC 5798 §6.1, RFC 9568 §6.1) in integer microseconds.
// Pure functions; vrrp-conformance.md §3.1 gives the rounding (floor) and reference values.
#pragma once

#include <cstdint>

#include "proto/time.hpp"
#include "proto/types.hpp"

namespace vrrp::proto {

/// Skew_Time for the local (effective) priority. v2: (256 - p) / 256 s, independent of the
/// interval; v3: (256 - p) * Master_Adver_Interval / 256, floored to whole microseconds.
/// For v3 the interval is used as whole centiseconds (the wire resolution).
Duration skew_time(Version version, std::uint8_t priority, Duration master_adver_interval);

/// Master_Down_Interval = down_timer_adverts * Master_Adver_Interval + Skew_Time
/// (the RFC's multiplier is 3; keepalived's `down_timer_adverts` makes it configurable).
Duration master_down_interval(Version version, std::uint8_t priority,
                              Duration master_adver_interval, unsigned down_timer_adverts = 3);

/// A v3 Max Adver Int field (centiseconds) as a Duration, and back (floor, clamped to 1..4095).
Duration from_centiseconds(std::uint16_t cs);
std::uint16_t to_centiseconds(Duration interval);

}  // namespace vrrp::proto
