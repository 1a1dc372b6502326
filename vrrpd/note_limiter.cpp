// NoteLimiter: linear lookup in a small table; eviction of the least recently logged pair.
#include "vrrpd/note_limiter.hpp"

namespace vrrp::daemon {

bool NoteLimiter::allow(proto::TimePoint now, std::uint32_t note, const proto::IpAddr& sender,
                        std::uint64_t& suppressed) {
  Entry* victim = &entries_[0];
  for (auto& e : entries_) {
    if (e.note == note && e.sender == sender) {
      if (now - e.last < period_) {
        ++e.suppressed;
        return false;
      }
      suppressed = e.suppressed;
      e.suppressed = 0;
      e.last = now;
      return true;
    }
    if (e.note == 0) {
      if (victim->note != 0) victim = &e;
    } else if (victim->note != 0 && e.last < victim->last) {
      victim = &e;
    }
  }
  *victim = Entry{sender, note, now, 0};
  suppressed = 0;
  return true;
}

}  // namespace vrrp::daemon
