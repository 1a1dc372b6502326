// `vrrpctl explain`'s "what would make it move": the election rules (RFC 5798 §6.4.2/§6.4.3)
// and keepalived's tracker policy applied to one snapshot, as sentences for an operator.
#include <algorithm>
#include <string>
#include <vector>

#include "vrrpd/control/reply.hpp"

namespace vrrp::control {

namespace {

std::string num(int v) { return std::to_string(v); }

std::string tracker_label(const proto::TrackerBreakdown& t) {
  return std::string(proto::to_string(t.kind)) + " " + t.name;
}

// The status that would change this boolean tracker's effect.
std::string_view flipped(proto::TrackStatus s) {
  return s == proto::TrackStatus::Up ? "down" : "up";
}

void tracker_hints(const Explanation& e, std::vector<std::string>& out) {
  const auto& b = e.priority;
  if (b.owner) return;
  for (const auto& t : b.trackers) {
    if (t.kind == proto::TrackerKind::File || t.effect.pending) continue;
    if (t.weight == 0) {
      if (!t.effect.fault) out.push_back("if " + tracker_label(t) + " goes " + std::string(flipped(t.status)) + ": FAULT");
      continue;
    }
    const int active = t.reverse ? -t.weight : t.weight;
    const int now = t.effect.contribution;
    const int other = now == 0 ? active : 0;
    if (other == now) continue;
    const int unclamped = b.unclamped - now + other;
    const int next = std::clamp(unclamped, 1, 254);
    if (next == b.effective) continue;
    out.push_back("if " + tracker_label(t) + " goes " + std::string(flipped(t.status)) +
                  ": priority " + num(b.effective) + " -> " + num(next));
  }
}

}  // namespace

std::vector<std::string> explain_hints(const Explanation& e) {
  std::vector<std::string> out;
  const auto& s = e.status;
  const int ours = s.effective_priority;
  const int theirs = s.master_priority;

  if (s.released) {
    out.push_back("released by vrrpctl: stays BACKUP until `vrrpctl priority " + s.name + " reset`");
  }
  if (s.priority_override) {
    out.push_back("priority overridden to " + num(*s.priority_override) + " by vrrpctl (trackers give " +
                  num(e.priority.effective) + "); `vrrpctl priority " + s.name + " reset` removes it");
  }
  if (e.sync_member) {
    out.push_back("member of sync group " + e.sync_group + ": it changes state together with the group");
  }

  switch (s.state) {
    case proto::State::Fault:
      if (e.priority.tracker_fault) {
        for (const auto& t : e.priority.trackers) {
          if (t.effect.fault) {
            out.push_back("leaves FAULT when " + tracker_label(t) +
                          (t.effect.pending ? " reports its first result" : " recovers"));
          }
        }
      }
      if (e.priority.group_fault) out.push_back("leaves FAULT when sync group " + e.sync_group + " leaves FAULT");
      if (!e.priority.tracker_fault && !e.priority.group_fault) {
        out.push_back("leaves FAULT when interface " + s.interface + " is up again");
      }
      break;
    case proto::State::Master:
      if (e.priority.owner && !s.priority_override) {
        out.push_back("address owner (priority 255): stays MASTER until shutdown, fault or release");
      } else {
        out.push_back("stays MASTER until an advert with priority above " + num(ours) + " (or equal, from a higher address) arrives");
      }
      break;
    case proto::State::Backup:
      if (s.released) break;
      if (!s.master || theirs == 0) {
        out.push_back("becomes MASTER if no advert arrives within Master_Down_Interval");
      } else if (ours > theirs && e.preempt) {
        out.push_back("outranks the master (" + num(ours) + " > " + num(theirs) + "): takes over" +
                      (e.preempt_delay.count() > 0 ? " after preempt_delay " + num(static_cast<int>(e.preempt_delay.count())) + " ms" : " at its next Master_Down_Timer expiry"));
      } else if (!e.preempt) {
        out.push_back("nopreempt: stays BACKUP while master " + s.master->to_string() + " (priority " + num(theirs) +
                      ") keeps advertising; takes over only when it stops");
      } else if (ours == theirs) {
        out.push_back("equal priority " + num(ours) + ": the master keeps the role unless our address is higher");
      } else {
        out.push_back("needs priority above " + num(theirs) + " (now " + num(ours) + ", +" + num(theirs - ours + 1) +
                      ") to preempt, or the master " + s.master->to_string() + " to stop advertising");
      }
      break;
    case proto::State::Initialize:
      out.push_back("starting: enters BACKUP (or MASTER as address owner) once its interface is ready");
      break;
  }
  tracker_hints(e, out);
  return out;
}

}  // namespace vrrp::control
