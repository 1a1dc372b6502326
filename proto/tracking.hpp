// keepalived's tracking policy as pure values: the effective priority and the weight-0 FAULT
// of one VRRP instance from its base priority and trackers (keepalived-surface.md §4.3), the
// vrrp_script rise/fall hysteresis, an operator-facing breakdown and a weight lint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "proto/input.hpp"

namespace vrrp::proto {

enum class TrackerKind : std::uint8_t { Interface, Script, File, Process, Bfd };

/// What a boolean tracker last reported. Unknown: a vrrp_script that has not finished its
/// first run (and has no init_fail), or a file not read yet.
enum class TrackStatus : std::uint8_t { Unknown, Up, Down };

inline constexpr int kMaxTrackWeight = 254;     // track_file / track_process
inline constexpr int kMaxFileContribution = 253;  // value × weight is capped here (§4.3)

/// One `track_*` entry of an instance (or inherited from its sync group), weights already
/// resolved (an unset weight takes the tracker's own default; see admit_tracker()).
struct TrackerSpec {
  TrackerKind kind = TrackerKind::Script;
  std::string name;
  int weight = 0;        // 0: FAULT instead of a priority change
  bool reverse = false;  // flips the sign of the contribution; weight 0: FAULT while *up*
};

/// Runtime view of one tracker: the spec plus what it last reported.
struct TrackerState {
  TrackerSpec spec;
  TrackStatus status = TrackStatus::Unknown;  // Interface, Script, Process, Bfd
  std::optional<std::int64_t> value;          // File: the number read (nullopt: not read yet)
};

/// What one tracker does to the instance right now.
struct TrackerEffect {
  int contribution = 0;   // added to the base priority (0 for weight-0 trackers)
  bool fault = false;     // weight-0 tracker failing, or a track_file result below -253
  bool pending = false;   // fault only because the first result has not arrived (silent)
};

/// keepalived-surface.md §4.3 for one tracker on a non-owner (the owner ignores contributions).
TrackerEffect tracker_effect(const TrackerState& tracker);

/// A track_process status from the number of matching processes: up iff
/// quorum <= count <= quorum_max (quorum_max unset: no maximum; 0: must not run at all).
TrackStatus process_quorum_status(unsigned count, unsigned quorum,
                                  std::optional<unsigned> quorum_max);

/// The state machine's view: feed PriorityChanged / TrackFaultChanged from these.
struct TrackingOutcome {
  std::uint8_t priority = kDefaultPriority;  // 1..254, or 255 for the owner
  bool tracker_fault = false;  // own trackers (weight 0, or a file below -253)
  bool group_fault = false;    // forced by the sync group (SyncGroup, EnterGroupFault)
  bool pending = false;        // tracker_fault only because scripts have not reported yet:
                               // keepalived's silent hold, no FAULT notify for it (§4.1)
  bool faulty() const { return tracker_fault || group_fault; }
  friend bool operator==(const TrackingOutcome&, const TrackingOutcome&) = default;
};

/// Result of an update: the new outcome and what changed compared with the previous one.
struct TrackingChange {
  TrackingOutcome outcome;
  bool priority_changed = false;
  bool fault_changed = false;  // outcome.faulty() flipped
  bool any() const { return priority_changed || fault_changed; }
};

/// The inputs the shell feeds the Instance for `change`, in order: PriorityChanged first, so a
/// member leaving FAULT already computes its Master_Down_Interval from the new priority; then
/// TrackFaultChanged. Empty when nothing changed.
std::vector<Input> instance_inputs(const TrackingChange& change);

/// One line of an explanation (`vrrpctl explain`).
struct TrackerBreakdown {
  TrackerKind kind = TrackerKind::Script;
  std::string name;
  int weight = 0;
  bool reverse = false;
  TrackStatus status = TrackStatus::Unknown;
  std::optional<std::int64_t> value;
  TrackerEffect effect;
  bool ignored_for_owner = false;  // weighted tracker on the address owner: no effect
};

/// How the effective priority was reached.
struct PriorityBreakdown {
  std::uint8_t base = kDefaultPriority;
  bool owner = false;
  int sum = 0;            // Σ contributions actually applied (0 for the owner)
  int unclamped = 0;      // base + sum
  std::uint8_t effective = kDefaultPriority;
  bool clamped = false;   // unclamped was outside 1..254
  bool tracker_fault = false;
  bool group_fault = false;
  bool pending = false;
  std::vector<TrackerBreakdown> trackers;
};

/// Human-readable rendering of a breakdown, one line per item, '\n'-terminated.
std::string to_text(const PriorityBreakdown& breakdown);

/// One instance's trackers. Value type: copy it to keep results across a reload.
///
/// keepalived-surface.md §4.3: effective = clamp(base + Σ contributions, 1, 254); base 255 (the
/// address owner) is never adjusted; weight-0 trackers give FAULT instead.
class TrackerSet {
 public:
  using Id = std::size_t;

  explicit TrackerSet(std::uint8_t base_priority = kDefaultPriority);

  /// Adds a tracker in its initial state and returns its id (ids are dense, in add order).
  /// `initial`: TrackStatus::Down for an init_fail script; ScriptStatus::status() in general.
  Id add(const TrackerSpec& spec, TrackStatus initial = TrackStatus::Unknown);

  /// Updates. Each returns what changed since the previous outcome; an unknown id changes
  /// nothing.
  TrackingChange set_status(Id id, TrackStatus status);
  TrackingChange set_value(Id id, std::int64_t value);  // track_file
  TrackingChange set_base_priority(std::uint8_t base);  // reload
  TrackingChange set_group_fault(bool faulty);          // from SyncGroup

  TrackingOutcome outcome() const { return outcome_; }
  std::uint8_t base_priority() const { return base_; }
  bool owner() const { return base_ == kOwnerPriority; }
  std::span<const TrackerState> trackers() const { return trackers_; }
  std::optional<Id> find(TrackerKind kind, const std::string& name) const;

  PriorityBreakdown explain() const;

 private:
  TrackingChange recompute();

  std::uint8_t base_;
  bool group_fault_ = false;
  std::vector<TrackerState> trackers_;
  TrackingOutcome outcome_;
};

// ---- vrrp_script hysteresis ----------------------------------------------------------------

/// How one run of a vrrp_script ended. A non-zero exit, a death by signal and a timeout are all
/// failures (keepalived-surface.md §4.3); the shell classifies the wait status.
enum class ScriptRun : std::uint8_t { Success, Failure, TimedOut };

/// Rise/fall counting of one vrrp_script (keepalived-surface.md §4.3). The counter lives in
/// [0, rise+fall-1]; up iff counter >= rise. It starts at rise-1 in an initial (Unknown) state,
/// so the first run decides; `init_fail` starts Down at 0. Then `fall` consecutive failures take
/// an up script down and `rise` consecutive successes bring a down one up.
class ScriptStatus {
 public:
  /// rise and fall below 1 are taken as 1 (keepalived requires >= 1).
  ScriptStatus(unsigned rise = 1, unsigned fall = 1, bool init_fail = false);

  /// Feeds one finished run; returns the new status when it changed.
  std::optional<TrackStatus> feed(ScriptRun run);

  TrackStatus status() const { return status_; }
  unsigned counter() const { return counter_; }
  unsigned rise() const { return rise_; }
  unsigned fall() const { return fall_; }

 private:
  unsigned rise_;
  unsigned fall_;
  unsigned counter_;
  TrackStatus status_;
};

// ---- config-time admission -----------------------------------------------------------------

/// What happens to a configured tracker on an owner or a sync-group member
/// (keepalived-surface.md §4.3, keepalived.conf(5) "Track files"/"VRRP track processes").
enum class Admission : std::uint8_t {
  Keep,
  ZeroWeight,  // kept with weight 0 (so it now causes FAULT)
  Drop,        // removed with a config error/warning
};

struct AdmissionVerdict {
  Admission action = Admission::Keep;
  int weight = 0;  // the weight to use when kept
};

/// `weight_explicit`: the weight came from the track_* line or the tracker block rather than
/// the built-in default (matters for track_file, whose default 1 becomes 0 in a sync group).
/// `sync_member`: the instance is in a vrrp_sync_group without sync_group_tracking_weight.
AdmissionVerdict admit_tracker(TrackerKind kind, int weight, bool weight_explicit, bool owner,
                               bool sync_member);

// ---- weight lint ---------------------------------------------------------------------------

/// Another router on the same VRID, as the operator expects it to be.
struct LintPeer {
  std::string name;          // for the message only
  std::uint8_t priority = kDefaultPriority;
  bool preempt = true;       // false: `nopreempt`
};

enum class LintKind : std::uint8_t {
  CannotYield,          // we outrank the peer and this weight can never take us below it
  CannotTakeOver,       // the peer outranks us and this weight can never lift us above it
  OnlyTies,             // the weight reaches the peer's priority exactly: the address decides
  PeerNopreempt,        // lowering us does not move mastership: the peer never preempts
  SelfNopreempt,        // raising us does not move mastership: we never preempt
  SwallowedByClamp,     // the 1..254 clamp removes the whole effect
  IgnoredOnOwner,       // weighted tracker on the address owner
  CombinedOnly,         // no tracker alone can change the outcome, but the set together can
};

struct LintFinding {
  LintKind kind = LintKind::CannotYield;
  std::optional<TrackerSet::Id> tracker;  // nullopt: about the whole set
  int needed = 0;        // |weight| that would have changed the outcome (0 when n/a)
  std::string message;
};

/// Says where a weight can never change the election against the highest-priority peer,
/// treating that peer's priority as fixed. `preempt` is our own (false: nopreempt).
std::vector<LintFinding> lint_weights(const TrackerSet& ours, bool preempt,
                                      std::span<const LintPeer> peers);

std::string_view to_string(TrackerKind kind);   // keepalived keyword: "track_script", ...
std::string_view to_string(TrackStatus status);  // "unknown", "up", "down"

}  // namespace vrrp::proto
