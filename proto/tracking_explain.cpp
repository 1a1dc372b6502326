// Operator-facing side of the tracking policy: the text of `vrrpctl explain` and the lint that
// spots weights which can never change an election (the user-voice "my weight does nothing").
#include <algorithm>
#include <string>

#include "proto/tracking.hpp"

namespace vrrp::proto {

namespace {

// Built by appending: GCC 12 at -O3 falsely flags `"+" + std::to_string(v)` (-Wrestrict).
std::string signed_text(int v) {
  std::string text = v > 0 ? "+" : "";
  text += std::to_string(v);
  return text;
}

// The contribution a boolean tracker makes in the state where it makes one (0 for weight 0).
int active_contribution(const TrackerSpec& s) { return s.reverse ? -s.weight : s.weight; }

std::string tracker_label(const TrackerState& t) {
  return std::string(to_string(t.spec.kind)) + " " + t.spec.name + " (weight " +
         signed_text(t.spec.weight) + (t.spec.reverse ? " reverse" : "") + ")";
}

std::string when_text(const TrackerSpec& s) { return s.weight > 0 ? "while up" : "while down"; }

}  // namespace

std::string to_text(const PriorityBreakdown& b) {
  std::string out = "base priority " + std::to_string(b.base);
  if (b.owner) out += " (address owner: trackers never change it)";
  out += '\n';
  for (const TrackerBreakdown& t : b.trackers) {
    out += "  " + std::string(to_string(t.kind)) + " " + t.name + " weight " +
           signed_text(t.weight) + (t.reverse ? " reverse" : "") + ": ";
    if (t.kind == TrackerKind::File) {
      out += t.value ? "value " + std::to_string(*t.value) : std::string("not read yet");
    } else {
      out += to_string(t.status);
    }
    if (t.ignored_for_owner) {
      out += " -> ignored (owner)";
    } else if (t.effect.fault) {
      out += t.effect.pending ? " -> FAULT (waiting for the first result)" : " -> FAULT";
    } else {
      out += " -> " + signed_text(t.effect.contribution);
    }
    out += '\n';
  }
  if (!b.owner) {
    out += "  sum " + signed_text(b.sum) + ": " + std::to_string(b.base) + " " +
           (b.sum < 0 ? "- " : "+ ") + std::to_string(b.sum < 0 ? -b.sum : b.sum) + " = " +
           std::to_string(b.unclamped);
    if (b.clamped) out += ", clamped to " + std::to_string(b.effective) + " (range 1..254)";
    out += '\n';
  }
  out += "effective priority " + std::to_string(b.effective);
  if (b.tracker_fault) out += b.pending ? "; FAULT until scripts report" : "; FAULT (trackers)";
  if (b.group_fault) out += "; FAULT (sync group)";
  out += '\n';
  return out;
}

std::vector<LintFinding> lint_weights(const TrackerSet& ours, bool preempt,
                                      std::span<const LintPeer> peers) {
  std::vector<LintFinding> findings;
  const auto trackers = ours.trackers();
  const int base = ours.base_priority();

  if (ours.owner()) {
    for (TrackerSet::Id i = 0; i < trackers.size(); ++i) {
      if (trackers[i].spec.weight == 0) continue;
      findings.push_back({LintKind::IgnoredOnOwner, i, 0,
                          tracker_label(trackers[i]) +
                              ": priority 255 (address owner) is never adjusted; use weight 0 "
                              "to make this tracker cause FAULT"});
    }
    return findings;
  }

  // The clamp alone: at 254 a rise, at 1 a drop, has nothing left to do.
  for (TrackerSet::Id i = 0; i < trackers.size(); ++i) {
    const TrackerSpec& s = trackers[i].spec;
    if (s.weight == 0 || s.kind == TrackerKind::File) continue;
    const int c = active_contribution(s);
    if ((c > 0 && base >= 254) || (c < 0 && base <= 1)) {
      findings.push_back({LintKind::SwallowedByClamp, i, 0,
                          tracker_label(trackers[i]) + ": base priority " +
                              std::to_string(base) + " is already at the " +
                              (c > 0 ? "top" : "bottom") +
                              " of 1..254, so this weight never changes the priority"});
    }
  }

  if (peers.empty()) return findings;
  const LintPeer& peer = *std::max_element(
      peers.begin(), peers.end(),
      [](const LintPeer& a, const LintPeer& b) { return a.priority < b.priority; });
  const int p = peer.priority;
  const std::string peer_text =
      "peer " + (peer.name.empty() ? std::string() : peer.name + " ") + "(priority " +
      std::to_string(p) + (peer.preempt ? "" : ", nopreempt") + ")";
  if (base == p) return findings;  // a tie: any weight tips it
  const bool we_lead = base > p;

  int combined = 0;        // Σ of the contributions pointing the useful way
  bool any_alone = false;  // some tracker alone changes the outcome
  std::size_t useful = 0;
  for (TrackerSet::Id i = 0; i < trackers.size(); ++i) {
    const TrackerSpec& s = trackers[i].spec;
    // Weight 0 always acts (FAULT); a file's value is unbounded, so any weight can act.
    if (s.weight == 0 || s.kind == TrackerKind::File) continue;
    const int c = active_contribution(s);
    if ((c < 0) != we_lead) continue;  // pushes further the way we already are
    ++useful;
    combined += c;
    const int reach = std::clamp(base + c, 1, 254);
    const std::string label = tracker_label(trackers[i]);
    const std::string move =
        "moves us from " + std::to_string(base) + " to " + std::to_string(reach) + " " +
        when_text(s);
    if (we_lead ? reach > p : reach < p) {
      const int needed = we_lead ? base - p + 1 : p - base + 1;
      findings.push_back(
          {we_lead ? LintKind::CannotYield : LintKind::CannotTakeOver, i, needed,
           label + ": " + move + ", still " + (we_lead ? "above" : "below") + " the " +
               peer_text + "; it needs |weight| >= " + std::to_string(needed) +
               (we_lead ? " to hand over mastership" : " to take mastership")});
    } else if (reach == p) {
      findings.push_back({LintKind::OnlyTies, i, we_lead ? base - p + 1 : p - base + 1,
                          label + ": " + move + ", exactly the " + peer_text +
                              "'s priority: the higher IP address wins the tie"});
    } else if (we_lead && !peer.preempt) {
      any_alone = true;
      findings.push_back({LintKind::PeerNopreempt, i, 0,
                          label + ": " + move + ", below the " + peer_text +
                              ", but a nopreempt peer never takes over from a live master; "
                              "use weight 0 (FAULT) to force a failover"});
    } else if (!we_lead && !preempt) {
      any_alone = true;
      findings.push_back({LintKind::SelfNopreempt, i, 0,
                          label + ": " + move + ", above the " + peer_text +
                              ", but with nopreempt we never take over from a live master"});
    } else {
      any_alone = true;
    }
  }
  if (useful > 1 && !any_alone) {
    const int reach = std::clamp(base + combined, 1, 254);
    if (we_lead ? reach < p : reach > p) {
      findings.push_back({LintKind::CombinedOnly, std::nullopt, 0,
                          "no single tracker changes the election against the " + peer_text +
                              ", only several together (" + std::to_string(base) + " " +
                              signed_text(combined) + " = " + std::to_string(reach) + ")"});
    }
  }
  return findings;
}

}  // namespace vrrp::proto
