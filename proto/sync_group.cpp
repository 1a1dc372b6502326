// SyncGroup: keepalived's fate sharing between the members of a vrrp_sync_group
// (keepalived-surface.md §5.11, keepalived.conf(5) "VRRP synchronization group(s)").
#include "proto/sync_group.hpp"

#include <algorithm>
#include <utility>

namespace vrrp::proto {

SyncGroup::SyncGroup(std::vector<SyncMember> members) {
  members_.reserve(members.size());
  for (SyncMember& m : members) members_.push_back(Slot{std::move(m)});
}

bool SyncGroup::starts_master() const {
  if (members_.empty()) return false;
  return std::all_of(members_.begin(), members_.end(), [](const Slot& s) {
    return s.spec.owner && s.spec.wanted == InitialState::Master;
  });
}

bool SyncGroup::any_own_fault() const {
  return std::any_of(members_.begin(), members_.end(), [](const Slot& s) { return s.own_fault; });
}

bool SyncGroup::may_become_master(std::size_t member) const {
  if (state_ == State::Fault || state_ == State::Initialize) return false;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (i != member && !members_[i].wants_master) return false;
  }
  return member < members_.size();
}

SyncDecision SyncGroup::startup() {
  SyncDecision d;
  if (state_ != State::Initialize) return d;
  if (any_own_fault()) {
    // Members learn the group fault before their Startup, so they start in FAULT directly.
    set_group_fault(d, true);
    go(d, State::Fault);
  } else {
    go(d, starts_master() ? State::Master : State::Backup);
  }
  return d;
}

SyncDecision SyncGroup::on_own_fault(std::size_t member, bool faulty) {
  SyncDecision d;
  if (member >= members_.size()) return d;
  members_[member].own_fault = faulty;
  if (state_ == State::Initialize) return d;  // startup() decides
  if (any_own_fault()) {
    if (!group_fault_set_) {
      set_group_fault(d, true);
      go(d, State::Fault);
    }
  } else if (group_fault_set_) {
    // Every member leaves FAULT for BACKUP by itself once the group fault is lifted.
    set_group_fault(d, false);
    go(d, State::Backup);
  }
  return d;
}

SyncDecision SyncGroup::on_state_changed(std::size_t member, State from, State to) {
  SyncDecision d;
  if (member >= members_.size()) return d;
  Slot& slot = members_[member];
  slot.state = to;
  if (to != State::Backup || from == State::Master) slot.wants_master = false;
  // Startup echoes and forced FAULTs change nothing; FAULT is driven by on_own_fault().
  if (state_ == State::Initialize || state_ == State::Fault) return d;
  if (to == State::Master && state_ != State::Master) {
    go(d, State::Master);
    force_all(d, State::Master, member);
  } else if (from == State::Master && to == State::Backup && state_ == State::Master) {
    go(d, State::Backup);
    force_all(d, State::Backup, member);
  }
  return d;
}

SyncDecision SyncGroup::on_wants_master(std::size_t member, bool wants) {
  SyncDecision d;
  if (member >= members_.size()) return d;
  members_[member].wants_master = wants;
  if (wants && state_ == State::Master && members_[member].state == State::Backup) {
    // The group is MASTER but this member is not: a group that starts MASTER (all owners)
    // whose members start BACKUP under the sync gate. Bring it in line rather than leave it
    // asking forever.
    members_[member].state = State::Master;
    members_[member].wants_master = false;
    d.commands.push_back({member, MemberForce::Master});
    return d;
  }
  if (state_ != State::Backup || !wants || !may_become_master(member)) return d;
  go(d, State::Master);
  force_all(d, State::Master, std::nullopt);
  return d;
}

void SyncGroup::go(SyncDecision& d, State to) {
  if (to == state_) return;
  d.transition = GroupTransition{state_, to};
  state_ = to;
}

void SyncGroup::force_all(SyncDecision& d, State to, std::optional<std::size_t> except) {
  // Only the opposite running state is forced: a member in FAULT or not started yet is left
  // alone. The forced state is recorded now, so the member's echo is a no-op.
  const State from = to == State::Master ? State::Backup : State::Master;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    Slot& s = members_[i];
    if (except && *except == i) continue;
    if (s.state != from) continue;
    s.state = to;
    s.wants_master = false;
    d.commands.push_back({i, to == State::Master ? MemberForce::Master : MemberForce::Backup});
  }
}

void SyncGroup::set_group_fault(SyncDecision& d, bool faulty) {
  group_fault_set_ = faulty;
  // Every member, the faulty ones included: a member whose own fault clears while another is
  // still faulty must stay in FAULT.
  for (std::size_t i = 0; i < members_.size(); ++i) {
    members_[i].wants_master = false;
    d.commands.push_back(
        {i, faulty ? MemberForce::EnterGroupFault : MemberForce::LeaveGroupFault});
  }
}

std::string_view to_string(MemberForce force) {
  switch (force) {
    case MemberForce::Master: return "force-master";
    case MemberForce::Backup: return "force-backup";
    case MemberForce::EnterGroupFault: return "enter-group-fault";
    case MemberForce::LeaveGroupFault: return "leave-group-fault";
  }
  return "?";
}

}  // namespace vrrp::proto
