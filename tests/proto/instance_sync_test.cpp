// Instance inputs and flags for keepalived's sync groups and owner start rules: ForceState,
// the sync_member gate (WantMaster), initial_state_explicit for owners, silent track faults.
// Same hand-advanced clock as instance_test.cpp; deadlines asserted to the microsecond.
#include <gtest/gtest.h>

#include "instance_test_util.hpp"
#include "proto/sync_group.hpp"
#include "proto/tracking.hpp"

namespace vrrp::proto::test {
namespace {

constexpr std::int64_t kMdiP100 = 3'609'375;   // v3, 1 s, priority 100
constexpr std::int64_t kSkewP100 = 609'375;
constexpr std::int64_t kSkewP255 = 3'906;      // (256 - 255) * 100 cs / 256, in whole us
constexpr std::int64_t kMdiP255 = 3'000'000 + kSkewP255;

const Lines kBecomeMasterP100{"advert(100 -> 224.0.0.18)", "install(192.0.2.100)",
                              "announce(192.0.2.100 x5)"};

Lines concat(Lines a, const Lines& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// ---- ForceState, state by state ----------------------------------------------------------

enum class Start { Init, Backup, Master, Fault };

struct ForceCase {
  const char* name;
  Start start;
  State to;
  State expect_state;
  Lines expect;
  std::int64_t expect_deadline_after_us;  // relative to the force time; -1: unchanged, -2: none
  std::uint64_t expect_master_transitions;
};

void PrintTo(const ForceCase& c, std::ostream* os) { *os << c.name; }

class Force : public testing::TestWithParam<ForceCase> {};

TEST_P(Force, FollowsTheGroupUnlessFaultyOrNotStarted) {
  const ForceCase& c = GetParam();
  Driver d(v3_config(100));
  if (c.start != Start::Init) d.feed(0us, Startup{});
  if (c.start == Start::Master) d.fire();  // at MDI
  if (c.start == Start::Fault) d.feed(100ms, TrackFaultChanged{true});
  const std::uint64_t transitions_before = d.vr.counters().master_transitions;
  const std::int64_t before = d.deadline_us();
  // Before any deadline passes: mid Master_Down_Interval, or mid Adver_Timer for a Master.
  const Duration at = c.start == Start::Master ? Duration(before) - 500ms : Duration(1s);
  EXPECT_EQ(d.feed(at, ForceState{c.to}), c.expect);
  EXPECT_EQ(d.vr.state(), c.expect_state);
  if (c.expect_deadline_after_us == -1) {
    EXPECT_EQ(d.deadline_us(), before);
  } else if (c.expect_deadline_after_us == -2) {
    EXPECT_EQ(d.deadline_us(), -1);
  } else {
    EXPECT_EQ(d.deadline_us(), at.count() + c.expect_deadline_after_us);
  }
  EXPECT_EQ(d.vr.counters().master_transitions - transitions_before, c.expect_master_transitions);
}

INSTANTIATE_TEST_SUITE_P(
    States, Force,
    testing::Values(
        // Exactly what a Master_Down_Timer expiry does, reason "sync group"; Adver_Timer armed.
        ForceCase{"backup_to_master", Start::Backup, State::Master, State::Master,
                  concat({"BACKUP->MASTER (sync group)"}, kBecomeMasterP100), 1'000'000, 1},
        // Resign (priority 0), VIPs out, then BACKUP with a full Master_Down_Interval.
        ForceCase{"master_to_backup", Start::Master, State::Backup, State::Backup,
                  {"advert(0 -> 224.0.0.18)", "remove(192.0.2.100)", "MASTER->BACKUP (sync group)"},
                  kMdiP100, 0},
        ForceCase{"master_to_master_noop", Start::Master, State::Master, State::Master, {}, -1, 0},
        ForceCase{"backup_to_backup_noop", Start::Backup, State::Backup, State::Backup, {}, -1, 0},
        ForceCase{"fault_to_master_ignored", Start::Fault, State::Master, State::Fault, {}, -2, 0},
        ForceCase{"fault_to_backup_ignored", Start::Fault, State::Backup, State::Fault, {}, -2, 0},
        ForceCase{"init_to_master_ignored", Start::Init, State::Master, State::Initialize, {}, -2, 0},
        ForceCase{"init_to_backup_ignored", Start::Init, State::Backup, State::Initialize, {}, -2, 0}),
    [](const testing::TestParamInfo<ForceCase>& info) { return std::string(info.param.name); });

TEST(Force, BackupCountsTheResignAndTheMasterCanBeForcedBackLater) {
  Driver d(v3_config(100));
  d.feed(0us, Startup{});
  d.fire();
  d.feed(5s, ForceState{State::Backup});
  EXPECT_EQ(d.vr.counters().pri_zero_sent, 1u);
  EXPECT_EQ(d.vr.master_address(), std::nullopt) << "nobody heard yet";
  EXPECT_EQ(d.feed(6s, ForceState{State::Master}),
            concat({"BACKUP->MASTER (sync group)"}, kBecomeMasterP100));
  EXPECT_EQ(d.vr.counters().master_transitions, 2u);
  EXPECT_EQ(d.deadline_us(), 7'000'000);
}

// ---- Sync gate ----------------------------------------------------------------------------

InstanceConfig member(std::uint8_t priority = 100) {
  InstanceConfig c = v3_config(priority);
  c.sync_member = true;
  return c;
}

TEST(SyncGate, DownTimerExpiryAsksInsteadOfTakingMasterAndAsksAgainEveryInterval) {
  Driver d(member());
  d.feed(0us, Startup{});
  EXPECT_EQ(d.fire(), (Lines{"want-master"}));
  EXPECT_EQ(d.now - d.origin, Duration(kMdiP100));
  EXPECT_EQ(d.vr.state(), State::Backup);
  EXPECT_TRUE(d.vr.wants_master());
  EXPECT_EQ(d.deadline_us(), 2 * kMdiP100) << "re-armed, so the wish is never silently parked";
  EXPECT_EQ(d.fire(), (Lines{"want-master"}));
  EXPECT_EQ(d.deadline_us(), 3 * kMdiP100);
  EXPECT_EQ(d.vr.counters().master_transitions, 0u);
  EXPECT_EQ(d.vr.counters().adverts_sent, 0u);
  // The group agrees.
  EXPECT_EQ(d.feed(8s, ForceState{State::Master}),
            concat({"BACKUP->MASTER (sync group)"}, kBecomeMasterP100));
  EXPECT_FALSE(d.vr.wants_master());
}

struct GateRxCase {
  const char* name;
  bool preempt;
  std::uint8_t peer_priority;
  Lines expect;        // after WantMaster{true} was said
  bool still_wants;
  std::int64_t expect_deadline_after_rx_us;  // -1: unchanged
};

void PrintTo(const GateRxCase& c, std::ostream* os) { *os << c.name; }

class GateRx : public testing::TestWithParam<GateRxCase> {};

TEST_P(GateRx, OnlyAMasterWeFollowWithdrawsTheWish) {
  const GateRxCase& c = GetParam();
  InstanceConfig cfg = member();
  cfg.preempt = c.preempt;
  Driver d(cfg);
  d.feed(0us, Startup{});
  ASSERT_EQ(d.fire(), (Lines{"want-master"}));
  const std::int64_t before = d.deadline_us();
  PeerAdvert peer;
  peer.priority = c.peer_priority;
  const Duration rx = 4s;
  EXPECT_EQ(d.receive(rx, peer), c.expect);
  EXPECT_EQ(d.vr.wants_master(), c.still_wants);
  EXPECT_EQ(d.vr.state(), State::Backup);
  if (c.expect_deadline_after_rx_us < 0) {
    EXPECT_EQ(d.deadline_us(), before);
  } else {
    EXPECT_EQ(d.deadline_us(), rx.count() + c.expect_deadline_after_rx_us);
  }
  // A second advert of the same kind says nothing more.
  EXPECT_EQ(d.receive(rx + 100ms, peer), Lines{});
}

INSTANTIATE_TEST_SUITE_P(
    Adverts, GateRx,
    testing::Values(
        GateRxCase{"higher_master_withdraws", true, 200, {"no-want-master"}, false, kMdiP100},
        GateRxCase{"equal_master_withdraws", true, 100, {"no-want-master"}, false, kMdiP100},
        GateRxCase{"lower_master_nopreempt_withdraws", false, 50, {"no-want-master"}, false,
                   kMdiP100},
        // Row 7: discarded, we would preempt it: the wish stands, the timer keeps running.
        GateRxCase{"lower_master_preempt_keeps_wish", true, 50, {}, true, -1},
        // Row 5: the master resigns; asking again after Skew_Time is the point.
        GateRxCase{"resign_keeps_wish", true, 0, {}, true, kSkewP100}),
    [](const testing::TestParamInfo<GateRxCase>& info) { return std::string(info.param.name); });

TEST(SyncGate, ResigningMasterMakesTheMemberAskAfterSkewTime) {
  Driver d(member());
  d.feed(0us, Startup{});
  PeerAdvert peer;
  peer.priority = 200;
  d.receive(1s, peer);
  peer.priority = 0;
  d.receive(2s, peer);
  EXPECT_EQ(d.fire(), (Lines{"want-master"}));
  EXPECT_EQ(d.now - d.origin, 2s + Duration(kSkewP100));
  EXPECT_EQ(d.vr.state(), State::Backup);
}

TEST(SyncGate, PreemptDelayExpiryAsksAndALowerMasterFollowedMeanwhileKeepsTheWish) {
  InstanceConfig c = member(100);
  c.preempt_delay = 2s;
  Driver d(c);
  d.feed(0us, Startup{});  // window: 0 .. 2 s
  PeerAdvert low;
  low.priority = 50;
  EXPECT_EQ(d.receive(1s, low), Lines{});  // followed during the window
  EXPECT_EQ(d.deadline_us(), 2'000'000);
  EXPECT_EQ(d.fire(), (Lines{"want-master"}));
  EXPECT_EQ(d.vr.state(), State::Backup);
  EXPECT_EQ(d.deadline_us(), 1'000'000 + kMdiP100) << "down timer from the last advert kept";
  EXPECT_EQ(d.receive(2500ms, low), Lines{});
  EXPECT_TRUE(d.vr.wants_master());
}

TEST(SyncGate, AnyTransitionEndsTheWishWithoutAnExtraOutput) {
  Driver d(member());
  d.feed(0us, Startup{});
  d.fire();
  ASSERT_TRUE(d.vr.wants_master());
  EXPECT_EQ(d.feed(4s, TrackFaultChanged{true}), (Lines{"BACKUP->FAULT (tracker fault)"}));
  EXPECT_FALSE(d.vr.wants_master());
  EXPECT_EQ(d.feed(5s, TrackFaultChanged{false}), (Lines{"FAULT->BACKUP (tracker recovered)"}));
  EXPECT_EQ(d.deadline_us(), 5'000'000 + kMdiP100);
  EXPECT_EQ(d.fire(), (Lines{"want-master"}));
}

TEST(SyncGate, NonMemberStillTakesMasterByItself) {
  Driver d(v3_config(100));
  d.feed(0us, Startup{});
  EXPECT_EQ(d.fire(), concat({"BACKUP->MASTER (master down)"}, kBecomeMasterP100));
}

// ---- Owner start rules (keepalived-surface.md §5.1, §5.7) ---------------------------------

struct OwnerCase {
  const char* name;
  InitialState state;
  bool explicit_state;
  bool sync_member;
  Lines expect;
  std::int64_t expect_deadline_us;
};

void PrintTo(const OwnerCase& c, std::ostream* os) { *os << c.name; }

class OwnerStart : public testing::TestWithParam<OwnerCase> {};

const Lines kOwnerMaster{"INIT->MASTER (address owner)", "advert(255 -> 224.0.0.18)",
                         "install(192.0.2.100)", "announce(192.0.2.100 x5)"};

TEST_P(OwnerStart, JumpsToMasterOnlyWhenItWantsMasterAndNoGroupDecides) {
  const OwnerCase& c = GetParam();
  InstanceConfig cfg = v3_config(255);
  cfg.initial_state = c.state;
  cfg.initial_state_explicit = c.explicit_state;
  cfg.sync_member = c.sync_member;
  Driver d(cfg);
  EXPECT_EQ(d.feed(0us, Startup{}), c.expect);
  EXPECT_EQ(d.deadline_us(), c.expect_deadline_us);
}

INSTANTIATE_TEST_SUITE_P(
    Configs, OwnerStart,
    testing::Values(
        // No `state` line (today's default): MASTER implied.
        OwnerCase{"unset", InitialState::Backup, false, false, kOwnerMaster, 1'000'000},
        OwnerCase{"explicit_master", InitialState::Master, true, false, kOwnerMaster, 1'000'000},
        // `state BACKUP` on an owner: a normal BACKUP start, full Master_Down_Interval.
        OwnerCase{"explicit_backup", InitialState::Backup, true, false, {"INIT->BACKUP (startup)"},
                  kMdiP255},
        // In a sync group the group decides: BACKUP, asking after the short owner wait.
        OwnerCase{"sync_member_wanting_master", InitialState::Master, true, true,
                  {"INIT->BACKUP (startup)"}, 1'000'000 + kSkewP255},
        OwnerCase{"sync_member_explicit_backup", InitialState::Backup, true, true,
                  {"INIT->BACKUP (startup)"}, kMdiP255}),
    [](const testing::TestParamInfo<OwnerCase>& info) { return std::string(info.param.name); });

TEST(OwnerStart, ExplicitBackupOwnerTakesMasterAtItsDownTimerAndComesBackFromFaultSlowly) {
  InstanceConfig cfg = v3_config(255);
  cfg.initial_state = InitialState::Backup;
  cfg.initial_state_explicit = true;
  Driver d(cfg);
  d.feed(0us, Startup{});
  EXPECT_EQ(d.fire().front(), "BACKUP->MASTER (master down)");
  EXPECT_EQ(d.now - d.origin, Duration(kMdiP255));
  d.feed(5s, LinkChanged{false});
  d.feed(6s, LinkChanged{true});
  EXPECT_EQ(d.deadline_us(), 6'000'000 + kMdiP255) << "only an owner wanting MASTER is quick";
}

TEST(OwnerStart, UnsetOwnerComesBackFromFaultAfterIntervalPlusSkew) {
  Driver d(v3_config(255));
  d.feed(0us, Startup{});
  d.feed(5s, LinkChanged{false});
  EXPECT_EQ(d.feed(6s, LinkChanged{true}), (Lines{"FAULT->BACKUP (link up)"}));
  EXPECT_EQ(d.deadline_us(), 6'000'000 + 1'000'000 + kSkewP255);
}

TEST(OwnerStart, GroupOfOwnersStartsMasterThroughTheGateAfterIntervalPlusSkew) {
  // Every member an owner wanting MASTER: the group starts MASTER (§5.11). The members start
  // BACKUP under the gate and are forced in line when they ask.
  SyncGroup group({SyncMember{"VI_1", true, InitialState::Master},
                   SyncMember{"VI_2", true, InitialState::Master}});
  ASSERT_TRUE(group.starts_master());
  InstanceConfig c = v3_config(255);
  c.sync_member = true;
  Driver one(c);
  c.vrid = 11;
  Driver two(c);
  EXPECT_EQ(group.startup().transition, (GroupTransition{State::Initialize, State::Master}));
  one.feed(0us, Startup{});
  two.feed(0us, Startup{});
  EXPECT_TRUE(group.on_state_changed(0, State::Initialize, State::Backup).commands.empty());
  EXPECT_TRUE(group.on_state_changed(1, State::Initialize, State::Backup).commands.empty());
  ASSERT_EQ(one.fire(), (Lines{"want-master"}));
  EXPECT_EQ(one.now - one.origin, Duration(1'000'000 + kSkewP255));
  const SyncDecision d = group.on_wants_master(0, true);
  EXPECT_EQ(d.commands, (std::vector<MemberCommand>{{0, MemberForce::Master}}));
  EXPECT_EQ(one.feed(Duration(1'000'000 + kSkewP255), ForceState{State::Master}).front(),
            "BACKUP->MASTER (sync group)");
  EXPECT_TRUE(group.on_state_changed(0, State::Backup, State::Master).commands.empty());
  EXPECT_EQ(group.member_state(0), State::Master);
}

// ---- Silent track fault (keepalived-surface.md §4.1) --------------------------------------

TEST(SilentFault, PendingScriptsAtStartupGiveASilentFault) {
  Driver d(v3_config(100));
  d.feed(0us, TrackFaultChanged{true, /*silent=*/true});
  EXPECT_EQ(d.feed(0us, Startup{}), (Lines{"INIT->FAULT (tracker fault, silent)"}));
  EXPECT_EQ(d.feed(2s, TrackFaultChanged{false}), (Lines{"FAULT->BACKUP (tracker recovered)"}));
}

TEST(SilentFault, LinkDownIsNeverSilentAndARealFaultIsNotEither) {
  Driver d(v3_config(100));
  d.feed(0us, TrackFaultChanged{true, true});
  d.feed(0us, LinkChanged{false});
  EXPECT_EQ(d.feed(0us, Startup{}), (Lines{"INIT->FAULT (link down)"}));

  Driver m(v3_config(100));
  m.feed(0us, Startup{});
  m.fire();
  EXPECT_EQ(m.feed(5s, TrackFaultChanged{true, true}),
            (Lines{"advert(0 -> 224.0.0.18)", "remove(192.0.2.100)",
                   "MASTER->FAULT (tracker fault, silent)"}));
  Driver b(v3_config(100));
  b.feed(0us, Startup{});
  EXPECT_EQ(b.feed(1s, TrackFaultChanged{true}), (Lines{"BACKUP->FAULT (tracker fault)"}));
  ASSERT_EQ(b.last_outputs.size(), 1u);
  EXPECT_FALSE(std::get<StateChanged>(b.last_outputs[0]).silent);
}

TEST(SilentFault, TrackerSetMarksOnlyTheUnreportedScriptFaultSilent) {
  for (const TrackStatus initial : {TrackStatus::Unknown, TrackStatus::Down}) {
    TrackerSet set(100);
    const auto id = set.add(TrackerSpec{TrackerKind::Script, "chk", 0, false}, initial);
    TrackingChange first;
    first.outcome = set.outcome();
    first.fault_changed = true;  // the shell's first report at startup
    Driver d(v3_config(100));
    for (const Input& in : instance_inputs(first)) d.feed(0us, in);
    const bool silent = initial == TrackStatus::Unknown;
    EXPECT_EQ(d.feed(0us, Startup{}),
              (Lines{silent ? "INIT->FAULT (tracker fault, silent)" : "INIT->FAULT (tracker fault)"}));
    for (const Input& in : instance_inputs(set.set_status(id, TrackStatus::Up))) d.feed(1s, in);
    EXPECT_EQ(d.vr.state(), State::Backup);
  }
}

}  // namespace
}  // namespace vrrp::proto::test
