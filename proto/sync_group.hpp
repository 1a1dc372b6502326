// keepalived's vrrp_sync_group as a pure policy: members share one fate (keepalived-surface.md
// §5.11). It watches member events and says what each member instance must be forced to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "proto/instance_config.hpp"
#include "proto/output.hpp"

namespace vrrp::proto {

/// What the shell must do to one member instance.
enum class MemberForce : std::uint8_t {
  /// Take MASTER now (send an advert, install VIPs, announce), whatever the timers say.
  /// Needs an Instance input that proto/input.hpp does not have yet (ForceState{Master}).
  Master,
  /// Leave MASTER for BACKUP (remove VIPs, full Master_Down_Interval), no resign advert.
  /// Needs ForceState{Backup} in proto/input.hpp, like Master.
  Backup,
  /// Another member is faulty: the member's TrackerSet::set_group_fault(true), then feed the
  /// resulting TrackFaultChanged (a Master sends priority 0 and drops its VIPs).
  EnterGroupFault,
  /// No member is faulty any more: set_group_fault(false), then feed TrackFaultChanged.
  LeaveGroupFault,
};

struct MemberCommand {
  std::size_t member = 0;  // index in the constructor's member list
  MemberForce force = MemberForce::Backup;
  friend bool operator==(const MemberCommand&, const MemberCommand&) = default;
};

/// The group's own state changed: the shell runs the group's notify_* scripts and writes the
/// `GROUP "name" STATE 0` FIFO line (§4.1, §4.2).
struct GroupTransition {
  State from = State::Initialize;
  State to = State::Initialize;
  friend bool operator==(const GroupTransition&, const GroupTransition&) = default;
};

/// Everything one event asks of the shell. Apply the commands in order.
struct SyncDecision {
  std::vector<MemberCommand> commands;
  std::optional<GroupTransition> transition;
};

struct SyncMember {
  std::string name;  // the vrrp_instance name, for logs
  bool owner = false;  // priority 255
  InitialState wanted = InitialState::Backup;  // `state` hint, MASTER implied for an owner
};

/// One vrrp_sync_group. Value type, no I/O. Member indices follow the constructor's order.
///
/// Wiring (one loop turn): when a member's own fault (its link, or its TrackerSet's
/// tracker_fault) flips, call on_own_fault(); for every StateChanged a member instance
/// outputs, call on_state_changed(); apply the returned commands to the members, drain them,
/// and feed their StateChanged back here. Commands are idempotent and the policy records a
/// forced state at once, so the echo of a forced transition produces no further command.
///
/// keepalived-surface.md §5.11: one member FAULT ⇒ all FAULT; a member becoming MASTER ⇒ all
/// MASTER; a member MASTER→BACKUP ⇒ all BACKUP; the group starts MASTER only if every member
/// is an owner wanting MASTER.
class SyncGroup {
 public:
  explicit SyncGroup(std::vector<SyncMember> members);

  /// True if members may start straight as MASTER (owners with state MASTER): only when every
  /// member is such an owner; otherwise owners too must start as BACKUP.
  bool starts_master() const;

  /// Call once before the members' Startup, after reporting their initial own faults. The
  /// group leaves INIT for FAULT (some member faulty), MASTER (starts_master()) or BACKUP.
  SyncDecision startup();

  /// A member's own fault (link down, weight-0 tracker, track_file below -253) began or ended;
  /// a fault forced by this group is not "own". Before startup() this only records.
  SyncDecision on_own_fault(std::size_t member, bool faulty);

  /// A member instance output StateChanged{from, to}.
  SyncDecision on_state_changed(std::size_t member, State from, State to);

  /// The member's Master_Down_Timer expired and it would become MASTER (`wants` true), or it
  /// heard a master again (`wants` false). keepalived only lets a member take MASTER when all
  /// members want it, then forces them all at once. Instance::WantMaster (sync_member set)
  /// reports it. A member asking while the group is already MASTER (a group that starts
  /// MASTER, whose members start BACKUP under the gate) is forced MASTER at once.
  SyncDecision on_wants_master(std::size_t member, bool wants);

  /// Whether `member` may take MASTER now: every other member also wants MASTER.
  bool may_become_master(std::size_t member) const;

  State state() const { return state_; }
  std::size_t size() const { return members_.size(); }
  const SyncMember& member(std::size_t i) const { return members_[i].spec; }
  State member_state(std::size_t i) const { return members_[i].state; }
  bool any_own_fault() const;

 private:
  struct Slot {
    SyncMember spec;
    State state = State::Initialize;  // last reported, or forced by us
    bool own_fault = false;
    bool wants_master = false;
  };

  void go(SyncDecision& d, State to);
  void force_all(SyncDecision& d, State to, std::optional<std::size_t> except);
  void set_group_fault(SyncDecision& d, bool faulty);

  std::vector<Slot> members_;
  State state_ = State::Initialize;
  bool group_fault_set_ = false;  // EnterGroupFault sent and not yet cleared
};

std::string_view to_string(MemberForce force);

}  // namespace vrrp::proto
