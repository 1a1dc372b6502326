// Log limiter for PacketNoted lines: one line per (note, sender) per period (a minute in the
// daemon). A keepalived peer whose IPv6 adverts carry a global first address would otherwise log
// the same note with every advert. Fixed-size table: no allocation on the packet path.
#pragma once

#include <array>
#include <cstdint>

#include "proto/time.hpp"
#include "proto/types.hpp"

namespace vrrp::daemon {

class NoteLimiter {
 public:
  static constexpr std::size_t kEntries = 32;  // senders × notes remembered; the stalest is reused

  explicit NoteLimiter(proto::Duration period) : period_(period) {}

  /// Whether the note bit `note` from `sender` at `now` may be logged. When true, `suppressed`
  /// is how many were refused for this pair since its previous line.
  bool allow(proto::TimePoint now, std::uint32_t note, const proto::IpAddr& sender, std::uint64_t& suppressed);

 private:
  struct Entry {
    proto::IpAddr sender;
    std::uint32_t note = 0;  // 0: unused
    proto::TimePoint last{};
    std::uint64_t suppressed = 0;
  };
  proto::Duration period_;
  std::array<Entry, kEntries> entries_{};
};

}  // namespace vrrp::daemon
