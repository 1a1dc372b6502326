// Scenarios: election, tie-break, takeover timing, preemption, the address owner.
#include "sim/scenario_fixture.hpp"

namespace vrrp::sim {
namespace {

// Reference timings (vrrp-conformance.md §3.1), v3 at 1 s: MDI = 3 s + (256 - p) * 100 / 256 cs.
constexpr Duration kMdi200 = 3'218'750us;
constexpr Duration kMdi150 = 3'414'062us;
constexpr Duration kMdi100 = 3'609'375us;
constexpr Duration kSkew100 = 609'375us;

TEST_F(Scenario, HighestPriorityIsElectedAtItsOwnMasterDownInterval) {
  const auto low = lan.add_router(vr(100, 1));
  const auto mid = lan.add_router(vr(150, 2));
  const auto high = lan.add_router(vr(200, 3));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(high); }, 10s));
  EXPECT_EQ(lan.now(), kMdi200);
  lan.run_for(30s);
  expect_sole_master(high);
  EXPECT_EQ(lan.instance(high).counters().master_transitions, 1u);
  EXPECT_EQ(lan.instance(low).counters().master_transitions, 0u);
  EXPECT_EQ(lan.instance(mid).counters().master_transitions, 0u);
  EXPECT_EQ(lan.instance(low).master_address(), ip("192.0.2.3"));
  // 30 s of adverts at 1 s, all accepted by both backups.
  EXPECT_EQ(lan.instance(low).counters().adverts_rcvd, lan.instance(high).counters().adverts_sent);
}

TEST_F(Scenario, EqualPriorityTieBrokenByHigherAddressAfterOneTransientDualMaster) {
  lan.set_latency(1ms);
  const auto a = lan.add_router(vr(100, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  lan.run_for(10s);
  expect_sole_master(b);
  // RFC: Backups have no tie-break, so both time out together and go Master; the adverts then
  // meet in flight and the lower address yields one latency later (rows 11/12).
  EXPECT_EQ(lan.entered(a, State::Master), kMdi100);
  EXPECT_EQ(lan.entered(b, State::Master), kMdi100);
  EXPECT_EQ(lan.entered(a, State::Backup, kMdi100), kMdi100 + 1ms);
  EXPECT_EQ(lan.instance(a).master_address(), ip("192.0.2.2"));
}

TEST_F(Scenario, SilentMasterIsReplacedExactlyOneMasterDownIntervalAfterItsLastAdvert) {
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(5500ms);
  lan.set_link(a, false);  // a vanishes: its priority-0 advert never reaches the wire
  const Duration cut = lan.now();
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  const auto last = lan.last_received(b, a);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(lan.now(), *last + kMdi100);
  EXPECT_EQ(*last, kMdi200 + 5s);  // a's last advert before the cut
  EXPECT_GT(lan.now(), cut);
  EXPECT_EQ(lan.state(a), State::Fault);
  expect_sole_master(b);
}

TEST_F(Scenario, GracefulShutdownHandsOverAfterSkewTimeExactly) {
  lan.set_latency(250us);
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(2s);
  const Duration stop_at = lan.now();
  lan.stop(a);
  EXPECT_TRUE(lan.installed(a).empty());
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 5s));
  // Row 8 (priority 0 sent) then row 5 (Master_Down_Timer = Skew_Time) then row 4.
  EXPECT_EQ(lan.now(), stop_at + 250us + kSkew100);
  EXPECT_EQ(lan.instance(a).counters().pri_zero_sent, 1u);
  EXPECT_EQ(lan.instance(b).counters().pri_zero_rcvd, 1u);
  lan.run_for(3s);
  expect_sole_master(b);
  EXPECT_EQ(lan.state(a), State::Initialize);
}

TEST_F(Scenario, HigherPriorityLateJoinerPreempts) {
  const auto b = lan.add_router(vr(100, 2));
  const auto a = lan.add_router(vr(200, 1));
  lan.start(b);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  lan.run_for(1500ms);
  const Duration joined = lan.now();
  lan.start(a);
  // Row 7: b's lower-priority adverts are discarded, so a's first down timer runs out.
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  EXPECT_EQ(lan.now(), joined + kMdi200);
  lan.run_for(5s);
  expect_sole_master(a);
  EXPECT_EQ(lan.instance(b).counters().master_transitions, 1u);
}

TEST_F(Scenario, NopreemptKeepsTheRunningLowerPriorityMaster) {
  const auto b = lan.add_router(vr(100, 2));
  InstanceConfig ca = vr(200, 1);
  ca.preempt = false;
  const auto a = lan.add_router(ca);
  lan.start(b);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  lan.start(a);
  lan.run_for(60s);
  expect_sole_master(b);
  // ... but it still takes over when the master goes away.
  lan.stop(b);
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 2s));
}

TEST_F(Scenario, PreemptDelayHoldsOffPreemptionForExactlyTheDelay) {
  const auto b = lan.add_router(vr(100, 2));
  InstanceConfig ca = vr(200, 1);
  ca.preempt_delay = 10s;
  const auto a = lan.add_router(ca);
  lan.start(b);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  lan.run_for(300ms);
  const Duration joined = lan.now();
  lan.start(a);
  lan.run_for(9s);
  EXPECT_EQ(lan.state(a), State::Backup);
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 5s));
  EXPECT_EQ(lan.now(), joined + 10s);
  lan.run_for(3s);
  expect_sole_master(a);
}

TEST_F(Scenario, AddressOwnerTakesOverImmediately) {
  const auto b = lan.add_router(vr(100, 2));
  const auto owner = lan.add_router(vr(255, 1));
  lan.start(b);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  lan.run_for(2s);
  const Duration joined = lan.now();
  lan.start(owner);
  EXPECT_TRUE(is_master(owner)) << "row 1: no waiting at all";
  ASSERT_TRUE(lan.run_until([&] { return lan.state(b) == State::Backup; }, 1s));
  EXPECT_EQ(lan.now(), joined);  // zero latency: b yields on the owner's first advert
  lan.run_for(5s);
  expect_sole_master(owner);
}

TEST_F(Scenario, OwnerRestartIsImmediateEvenAgainstRunningMaster) {
  const auto owner = lan.add_router(vr(255, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  EXPECT_TRUE(is_master(owner));
  lan.run_for(3s);
  lan.stop(owner);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 2s));
  const Duration skew_owner_gone = lan.now();
  EXPECT_EQ(skew_owner_gone, 3s + kSkew100);
  lan.run_for(2s);
  lan.start(owner);
  lan.run_for(1ms);
  expect_sole_master(owner);
}

TEST_F(Scenario, ThreeRoutersCascadeAndRecover) {
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(150, 2));
  const auto c = lan.add_router(vr(100, 3));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(2s);
  lan.set_link(a, false);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  EXPECT_EQ(lan.now(), *lan.last_received(b, a) + kMdi150);  // b's timer is shorter than c's
  lan.run_for(2s);
  expect_sole_master(b);
  lan.set_link(b, false);
  ASSERT_TRUE(lan.run_until([&] { return is_master(c); }, 10s));
  EXPECT_EQ(lan.now(), *lan.last_received(c, b) + kMdi100);
  // a comes back: Backup first, then preempts c after its own down interval.
  lan.set_link(a, true);
  const Duration back = lan.now();
  EXPECT_EQ(lan.state(a), State::Backup);
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  EXPECT_EQ(lan.now(), back + kMdi200);
  lan.run_for(3s);
  expect_sole_master(a);
}

TEST_F(Scenario, MasterDownToleratesTwoLostAdvertsButNotThree) {
  lan.set_latency(1ms);
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(500ms);
  lan.drop_next(a, 2);  // a 3 s gap between adverts: less than MDI (3.609 s), b holds
  lan.run_for(10s);
  EXPECT_EQ(lan.instance(b).counters().master_transitions, 0u);
  expect_sole_master(a);
  lan.drop_next(a, 3);  // a 4 s gap: b times out
  const Duration from = lan.now();
  lan.run_for(10s);
  const auto took = lan.entered(b, State::Master, from);
  ASSERT_TRUE(took.has_value());
  EXPECT_EQ(*took, *lan.last_received(b, a, *took) + kMdi100);
  // b's advert reaches a, which answers at once (row 12); that answer ends b's mastership
  // after one round trip.
  EXPECT_EQ(lan.entered(b, State::Backup, *took), *took + 2ms);
  expect_sole_master(a);
}

TEST_F(Scenario, TrackerFaultOnMasterHandsOverAfterSkew) {
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(1s);
  const Duration fault = lan.now();
  lan.set_track_fault(a, true);  // link stays up: the priority-0 advert is delivered
  EXPECT_EQ(lan.state(a), State::Fault);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 5s));
  EXPECT_EQ(lan.now(), fault + kSkew100);
  lan.set_track_fault(a, false);
  const Duration ok = lan.now();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 5s));
  EXPECT_EQ(lan.now(), ok + kMdi200);
  lan.run_for(2s);
  expect_sole_master(a);
}

TEST_F(Scenario, LoweredPriorityLetsBackupPreemptAfterLastHigherAdvert) {
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(150, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(1500ms);
  const auto last_high = lan.last_received(b, a);
  lan.set_priority(a, 120);  // tracking lowered a below b
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  EXPECT_EQ(lan.now(), *last_high + kMdi150);
  lan.run_for(3s);
  expect_sole_master(b);
}

}  // namespace
}  // namespace vrrp::sim
