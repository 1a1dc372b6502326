// TrackerSet, ScriptStatus and the tracker admission rules: keepalived-surface.md §4.3 and
// keepalived.conf(5) ("VRRP script(s)", "Track files", "VRRP track processes").
#include "proto/tracking.hpp"

#include <algorithm>
#include <limits>

namespace vrrp::proto {

namespace {

std::uint8_t clamp_priority(int p) { return static_cast<std::uint8_t>(std::clamp(p, 1, 254)); }

// value × weight × (±1) without overflow; the result only matters inside ±254, so saturate.
std::int64_t file_product(std::int64_t value, int weight, bool reverse) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(value, static_cast<std::int64_t>(weight), &product)) {
    const bool negative = (value < 0) != (weight < 0);
    product = negative ? std::numeric_limits<std::int64_t>::min()
                       : std::numeric_limits<std::int64_t>::max();
  }
  if (reverse) {
    product = product == std::numeric_limits<std::int64_t>::min()
                  ? std::numeric_limits<std::int64_t>::max()
                  : -product;
  }
  return product;
}

TrackerEffect file_effect(const TrackerState& t) {
  const TrackerSpec& s = t.spec;
  if (!t.value) return {0, s.weight == 0, s.weight == 0};
  if (s.weight == 0) {
    // Weight 0: a non-zero value is a failure; reverse: a zero value is.
    const bool failing = (*t.value != 0) != s.reverse;
    return {0, failing, false};
  }
  const std::int64_t product = file_product(*t.value, s.weight, s.reverse);
  // keepalived.conf(5): "if the result is less than -253 ... transition to the fault state".
  if (product < -kMaxFileContribution) return {0, true, false};
  return {static_cast<int>(std::min<std::int64_t>(product, kMaxFileContribution)), false, false};
}

}  // namespace

TrackerEffect tracker_effect(const TrackerState& t) {
  const TrackerSpec& s = t.spec;
  if (s.kind == TrackerKind::File) return file_effect(t);
  if (t.status == TrackStatus::Unknown) {
    // keepalived holds an instance whose weight-0 scripts have not reported in a silent
    // FAULT; a weighted tracker without a result contributes nothing yet (checked against
    // keepalived 2.2.7: weight -50, first run failing after 4 s: priority 100 until then).
    return {0, s.weight == 0, s.weight == 0};
  }
  const bool up = t.status == TrackStatus::Up;
  if (s.weight == 0) return {0, up == s.reverse, false};  // down ⇒ FAULT; reverse: up ⇒ FAULT
  // w > 0 adds while up; w < 0 subtracts while down; reverse negates the contribution.
  const bool applies = s.weight > 0 ? up : !up;
  if (!applies) return {};
  return {s.reverse ? -s.weight : s.weight, false, false};
}

TrackStatus process_quorum_status(unsigned count, unsigned quorum,
                                  std::optional<unsigned> quorum_max) {
  const bool ok = count >= quorum && (!quorum_max || count <= *quorum_max);
  return ok ? TrackStatus::Up : TrackStatus::Down;
}

std::vector<Input> instance_inputs(const TrackingChange& change) {
  std::vector<Input> inputs;
  if (change.priority_changed) inputs.emplace_back(PriorityChanged{change.outcome.priority});
  if (change.fault_changed) {
    // Silent only while the fault is nothing but scripts not reported yet (§4.1).
    const TrackingOutcome& o = change.outcome;
    inputs.emplace_back(TrackFaultChanged{o.faulty(), o.faulty() && o.pending && !o.group_fault});
  }
  return inputs;
}

// ---- TrackerSet ----------------------------------------------------------------------------

TrackerSet::TrackerSet(std::uint8_t base_priority) : base_(base_priority) {
  recompute();
}

TrackerSet::Id TrackerSet::add(const TrackerSpec& spec, TrackStatus initial) {
  trackers_.push_back(TrackerState{spec, initial, std::nullopt});
  recompute();
  return trackers_.size() - 1;
}

TrackingChange TrackerSet::set_status(Id id, TrackStatus status) {
  if (id < trackers_.size()) trackers_[id].status = status;
  return recompute();
}

TrackingChange TrackerSet::set_value(Id id, std::int64_t value) {
  if (id < trackers_.size()) trackers_[id].value = value;
  return recompute();
}

TrackingChange TrackerSet::set_base_priority(std::uint8_t base) {
  base_ = base;
  return recompute();
}

TrackingChange TrackerSet::set_group_fault(bool faulty) {
  group_fault_ = faulty;
  return recompute();
}

std::optional<TrackerSet::Id> TrackerSet::find(TrackerKind kind, const std::string& name) const {
  for (Id i = 0; i < trackers_.size(); ++i) {
    if (trackers_[i].spec.kind == kind && trackers_[i].spec.name == name) return i;
  }
  return std::nullopt;
}

PriorityBreakdown TrackerSet::explain() const {
  PriorityBreakdown b;
  b.base = base_;
  b.owner = owner();
  for (const TrackerState& t : trackers_) {
    TrackerBreakdown line{t.spec.kind, t.spec.name, t.spec.weight, t.spec.reverse,
                          t.status,    t.value,     tracker_effect(t), false};
    if (b.owner && t.spec.weight != 0) {
      // keepalived removes weighted trackers from an owner (admit_tracker): no effect at all.
      line.ignored_for_owner = true;
      line.effect = {};
    }
    b.sum += line.effect.contribution;
    b.tracker_fault = b.tracker_fault || line.effect.fault;
    b.trackers.push_back(std::move(line));
  }
  b.pending = b.tracker_fault;
  for (const TrackerBreakdown& line : b.trackers) {
    if (line.effect.fault && !line.effect.pending) b.pending = false;
  }
  b.group_fault = group_fault_;
  b.unclamped = base_ + b.sum;
  b.effective = b.owner ? kOwnerPriority : clamp_priority(b.unclamped);
  b.clamped = !b.owner && b.effective != b.unclamped;
  return b;
}

TrackingChange TrackerSet::recompute() {
  const PriorityBreakdown b = explain();
  TrackingOutcome next;
  next.priority = b.effective;
  next.tracker_fault = b.tracker_fault;
  next.group_fault = b.group_fault;
  next.pending = b.pending;
  TrackingChange change;
  change.outcome = next;
  change.priority_changed = next.priority != outcome_.priority;
  change.fault_changed = next.faulty() != outcome_.faulty();
  outcome_ = next;
  return change;
}

// ---- ScriptStatus --------------------------------------------------------------------------

ScriptStatus::ScriptStatus(unsigned rise, unsigned fall, bool init_fail)
    : rise_(std::max(rise, 1u)),
      fall_(std::max(fall, 1u)),
      counter_(init_fail ? 0 : rise_ - 1),
      status_(init_fail ? TrackStatus::Down : TrackStatus::Unknown) {}

std::optional<TrackStatus> ScriptStatus::feed(ScriptRun run) {
  const TrackStatus before = status_;
  const unsigned top = rise_ + fall_ - 1;
  if (run == ScriptRun::Success) {
    if (status_ == TrackStatus::Up) {
      counter_ = top;  // a success while up restarts the fall count
    } else if (counter_ + 1 >= rise_) {
      counter_ = top;
      status_ = TrackStatus::Up;
    } else {
      ++counter_;
    }
  } else {
    if (status_ == TrackStatus::Up && counter_ > rise_) {
      --counter_;
    } else {
      // The fall-th consecutive failure of an up script, any failure while down (restarts the
      // rise count), or the first result of an initial-state script.
      counter_ = 0;
      status_ = TrackStatus::Down;
    }
  }
  if (status_ == before) return std::nullopt;
  return status_;
}

// ---- Admission -----------------------------------------------------------------------------

AdmissionVerdict admit_tracker(TrackerKind kind, int weight, bool weight_explicit, bool owner,
                               bool sync_member) {
  if (weight == 0) return {Admission::Keep, 0};
  if (owner) {
    // §4.3 / §5.7: the owner's priority is never adjusted; weighted trackers are removed
    // (keepalived.conf(5): track_file and track_process on an owner must have weight 0).
    return {Admission::Drop, weight};
  }
  if (!sync_member) return {Admission::Keep, weight};
  // §4.3: in a sync group (without sync_group_tracking_weight) members must not diverge in
  // priority: a weighted track_interface becomes a FAULT tracker, a track_file left at its
  // default weight 1 too; other weighted trackers are dropped.
  switch (kind) {
    case TrackerKind::Interface:
      return {Admission::ZeroWeight, 0};
    case TrackerKind::File:
      if (!weight_explicit && weight == 1) return {Admission::ZeroWeight, 0};
      return {Admission::Drop, weight};
    case TrackerKind::Script:
    case TrackerKind::Process:
    case TrackerKind::Bfd:
      return {Admission::Drop, weight};
  }
  return {Admission::Drop, weight};
}

// ---- Names ---------------------------------------------------------------------------------

std::string_view to_string(TrackerKind kind) {
  switch (kind) {
    case TrackerKind::Interface: return "track_interface";
    case TrackerKind::Script: return "track_script";
    case TrackerKind::File: return "track_file";
    case TrackerKind::Process: return "track_process";
    case TrackerKind::Bfd: return "track_bfd";
  }
  return "track_?";
}

std::string_view to_string(TrackStatus status) {
  switch (status) {
    case TrackStatus::Unknown: return "unknown";
    case TrackStatus::Up: return "up";
    case TrackStatus::Down: return "down";
  }
  return "?";
}

}  // namespace vrrp::proto
