// proto::SyncGroup: fate sharing between vrrp_sync_group members (keepalived-surface.md §5.11)
// with 2 and 3 members, including the echo of forced transitions.
#include <gtest/gtest.h>

#include "proto/sync_group.hpp"

namespace vrrp::proto {
namespace {

using enum State;

SyncMember backup(std::string name) { return {std::move(name), false, InitialState::Backup}; }
SyncMember owner(std::string name) { return {std::move(name), true, InitialState::Master}; }

std::vector<MemberCommand> cmds(std::initializer_list<std::pair<std::size_t, MemberForce>> list) {
  std::vector<MemberCommand> out;
  for (const auto& [m, f] : list) out.push_back({m, f});
  return out;
}

// A started group whose members all reported BACKUP.
SyncGroup started(std::size_t n) {
  std::vector<SyncMember> members;
  for (std::size_t i = 0; i < n; ++i) members.push_back(backup("VI_" + std::to_string(i)));
  SyncGroup g(std::move(members));
  g.startup();
  for (std::size_t i = 0; i < n; ++i) g.on_state_changed(i, Initialize, Backup);
  return g;
}

TEST(SyncGroup, StartsBackupUnlessEveryMemberIsAnOwnerWantingMaster) {
  SyncGroup mixed({owner("a"), backup("b")});
  EXPECT_FALSE(mixed.starts_master());
  const SyncDecision d = mixed.startup();
  EXPECT_TRUE(d.commands.empty());
  EXPECT_EQ(d.transition, (GroupTransition{Initialize, Backup}));

  SyncGroup owners({owner("a"), owner("b")});
  EXPECT_TRUE(owners.starts_master());
  EXPECT_EQ(owners.startup().transition, (GroupTransition{Initialize, Master}));
  // The owners' own Startup → MASTER echoes change nothing.
  EXPECT_TRUE(owners.on_state_changed(0, Initialize, Master).commands.empty());
  EXPECT_TRUE(owners.on_state_changed(1, Initialize, Master).commands.empty());

  SyncMember owner_backup = owner("c");
  owner_backup.wanted = InitialState::Backup;
  EXPECT_FALSE(SyncGroup({owner("a"), owner_backup}).starts_master());
  EXPECT_FALSE(SyncGroup({}).starts_master());
}

TEST(SyncGroup, StartupWithAFaultyMemberPutsEveryoneInFault) {
  SyncGroup g({backup("a"), backup("b"), backup("c")});
  EXPECT_TRUE(g.on_own_fault(1, true).commands.empty());  // before startup: recorded only
  const SyncDecision d = g.startup();
  EXPECT_EQ(d.transition, (GroupTransition{Initialize, Fault}));
  EXPECT_EQ(d.commands, cmds({{0, MemberForce::EnterGroupFault},
                              {1, MemberForce::EnterGroupFault},
                              {2, MemberForce::EnterGroupFault}}));
  EXPECT_TRUE(g.startup().commands.empty());  // once only
  const SyncDecision clear = g.on_own_fault(1, false);
  EXPECT_EQ(clear.transition, (GroupTransition{Fault, Backup}));
  EXPECT_EQ(clear.commands.size(), 3u);
  EXPECT_EQ(clear.commands[2].force, MemberForce::LeaveGroupFault);
}

TEST(SyncGroup, TwoMembersMasterByElectionForcesTheOther) {
  SyncGroup g = started(2);
  const SyncDecision d = g.on_state_changed(0, Backup, Master);
  EXPECT_EQ(d.transition, (GroupTransition{Backup, Master}));
  EXPECT_EQ(d.commands, cmds({{1, MemberForce::Master}}));
  EXPECT_EQ(g.member_state(1), Master);  // recorded at once
  // The forced member's echo is a no-op.
  const SyncDecision echo = g.on_state_changed(1, Backup, Master);
  EXPECT_TRUE(echo.commands.empty());
  EXPECT_FALSE(echo.transition);
}

TEST(SyncGroup, TwoMembersMasterToBackupForcesTheOtherBackup) {
  SyncGroup g = started(2);
  g.on_state_changed(0, Backup, Master);
  g.on_state_changed(1, Backup, Master);
  const SyncDecision d = g.on_state_changed(1, Master, Backup);  // heard a higher priority
  EXPECT_EQ(d.transition, (GroupTransition{Master, Backup}));
  EXPECT_EQ(d.commands, cmds({{0, MemberForce::Backup}}));
  EXPECT_TRUE(g.on_state_changed(0, Master, Backup).commands.empty());
  EXPECT_EQ(g.state(), Backup);
}

TEST(SyncGroup, TwoMembersOneFaultForcesBothAndRecovers) {
  SyncGroup g = started(2);
  g.on_state_changed(0, Backup, Master);
  g.on_state_changed(1, Backup, Master);
  const SyncDecision d = g.on_own_fault(0, true);
  EXPECT_EQ(d.transition, (GroupTransition{Master, Fault}));
  EXPECT_EQ(d.commands,
            cmds({{0, MemberForce::EnterGroupFault}, {1, MemberForce::EnterGroupFault}}));
  // Echoes of both members entering FAULT: nothing more.
  EXPECT_TRUE(g.on_state_changed(0, Master, Fault).commands.empty());
  EXPECT_TRUE(g.on_state_changed(1, Master, Fault).commands.empty());
  EXPECT_EQ(g.state(), Fault);
  const SyncDecision up = g.on_own_fault(0, false);
  EXPECT_EQ(up.transition, (GroupTransition{Fault, Backup}));
  EXPECT_EQ(up.commands,
            cmds({{0, MemberForce::LeaveGroupFault}, {1, MemberForce::LeaveGroupFault}}));
  EXPECT_TRUE(g.on_state_changed(0, Fault, Backup).commands.empty());
  EXPECT_TRUE(g.on_state_changed(1, Fault, Backup).commands.empty());
  EXPECT_EQ(g.state(), Backup);
}

TEST(SyncGroup, ThreeMembersOneMasterForcesBothOthers) {
  SyncGroup g = started(3);
  const SyncDecision d = g.on_state_changed(1, Backup, Master);
  EXPECT_EQ(d.commands, cmds({{0, MemberForce::Master}, {2, MemberForce::Master}}));
  EXPECT_TRUE(g.on_state_changed(2, Backup, Master).commands.empty());
  EXPECT_TRUE(g.on_state_changed(0, Backup, Master).commands.empty());
  // Then member 2 loses an election: the other two follow it to BACKUP.
  const SyncDecision b = g.on_state_changed(2, Master, Backup);
  EXPECT_EQ(b.commands, cmds({{0, MemberForce::Backup}, {1, MemberForce::Backup}}));
}

TEST(SyncGroup, ThreeMembersFaultHoldsUntilEveryOwnFaultClears) {
  SyncGroup g = started(3);
  EXPECT_EQ(g.on_own_fault(0, true).commands.size(), 3u);
  // A second member faults on its own: the group is already in FAULT, nothing new to send.
  const SyncDecision second = g.on_own_fault(2, true);
  EXPECT_TRUE(second.commands.empty());
  EXPECT_FALSE(second.transition);
  // The first recovers, the group must stay FAULT because of member 2.
  const SyncDecision first_up = g.on_own_fault(0, false);
  EXPECT_TRUE(first_up.commands.empty());
  EXPECT_EQ(g.state(), Fault);
  EXPECT_TRUE(g.any_own_fault());
  const SyncDecision all_up = g.on_own_fault(2, false);
  EXPECT_EQ(all_up.transition, (GroupTransition{Fault, Backup}));
  EXPECT_EQ(all_up.commands.size(), 3u);
}

TEST(SyncGroup, NoForcedMasterWhileFaulty) {
  SyncGroup g = started(3);
  g.on_own_fault(1, true);
  // A member still reporting a stale MASTER while the group is in FAULT forces nobody.
  const SyncDecision d = g.on_state_changed(0, Backup, Master);
  EXPECT_TRUE(d.commands.empty());
  EXPECT_EQ(g.state(), Fault);
}

TEST(SyncGroup, ForcingSkipsMembersNotInTheOppositeState) {
  SyncGroup g({backup("a"), backup("b"), backup("c")});
  g.startup();
  g.on_state_changed(0, Initialize, Backup);
  g.on_state_changed(1, Initialize, Backup);
  // Member 2 has not started yet: it is not forced.
  const SyncDecision d = g.on_state_changed(0, Backup, Master);
  EXPECT_EQ(d.commands, cmds({{1, MemberForce::Master}}));
}

TEST(SyncGroup, WantsMasterGatesUntilEveryMemberWantsIt) {
  SyncGroup g = started(3);
  EXPECT_FALSE(g.may_become_master(0));
  EXPECT_TRUE(g.on_wants_master(0, true).commands.empty());
  EXPECT_TRUE(g.on_wants_master(1, true).commands.empty());
  EXPECT_TRUE(g.may_become_master(2));
  EXPECT_FALSE(g.may_become_master(0));  // member 2 does not want it yet
  // Member 1 hears a master again: no longer wants it.
  EXPECT_TRUE(g.on_wants_master(1, false).commands.empty());
  EXPECT_TRUE(g.on_wants_master(2, true).commands.empty());
  const SyncDecision d = g.on_wants_master(1, true);
  EXPECT_EQ(d.transition, (GroupTransition{Backup, Master}));
  EXPECT_EQ(d.commands, cmds({{0, MemberForce::Master},
                              {1, MemberForce::Master},
                              {2, MemberForce::Master}}));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(g.on_state_changed(i, Backup, Master).commands.empty());
  }
}

TEST(SyncGroup, FaultClearsWantsMaster) {
  SyncGroup g = started(2);
  g.on_wants_master(0, true);
  g.on_own_fault(1, true);
  g.on_own_fault(1, false);
  // After the fault, member 0 must want MASTER again before member 1 may take it.
  EXPECT_FALSE(g.may_become_master(1));
  EXPECT_TRUE(g.on_wants_master(1, true).commands.empty());
}

TEST(SyncGroup, OutOfRangeMembersAreIgnored) {
  SyncGroup g = started(2);
  EXPECT_TRUE(g.on_state_changed(5, Backup, Master).commands.empty());
  EXPECT_TRUE(g.on_own_fault(5, true).commands.empty());
  EXPECT_TRUE(g.on_wants_master(5, true).commands.empty());
  EXPECT_EQ(g.state(), Backup);
  EXPECT_EQ(to_string(MemberForce::EnterGroupFault), "enter-group-fault");
}

}  // namespace
}  // namespace vrrp::proto
