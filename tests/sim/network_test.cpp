// Scenarios: partitions and healing, protocol versions and families, interval learning and
// mismatch, link FAULT, announcement bursts, unicast peers, reload.
#include "sim/scenario_fixture.hpp"

namespace vrrp::sim {
namespace {

constexpr Duration kMdi200 = 3'218'750us;
constexpr Duration kMdi100 = 3'609'375us;

TEST_F(Scenario, PartitionGivesTwoMastersAndHealingLeavesExactlyOneWithinOneInterval) {
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(150, 2));
  const auto c = lan.add_router(vr(100, 3));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(2300ms);
  lan.partition({a});
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  lan.run_for(10s);
  EXPECT_TRUE(is_master(a));  // split brain while partitioned: each side has its master
  EXPECT_TRUE(is_master(b));
  EXPECT_FALSE(lan.installed(a).empty());
  EXPECT_FALSE(lan.installed(b).empty());
  EXPECT_EQ(lan.state(c), State::Backup);
  EXPECT_EQ(lan.instance(c).master_address(), ip("192.0.2.2"));

  // Heal just after a's advert, so that b (the partition's other master) speaks first.
  lan.run_for(700ms);
  ASSERT_EQ(lan.now(), kMdi200 + 16'114'062us);  // a sent at +16 s, b sends at +16.414062 s
  lan.heal();
  const Duration healed = lan.now();
  ASSERT_TRUE(lan.run_until([&] { return lan.masters().size() == 1; }, 1s));
  EXPECT_LE(lan.now() - healed, 1s);
  // b's advert reaches a, a answers at once (row 12) and b yields: all at b's next advert.
  EXPECT_EQ(lan.now(), kMdi200 + 16'414'062us);
  lan.run_for(5s);
  expect_sole_master(a);
  // After healing, a hears b's lower advert and answers with announcements (garp_lower_prio).
  bool announced = false;
  for (const auto& e : lan.trace()) {
    if (e.router == a && e.kind == TraceEntry::Kind::Announce && e.at >= healed) announced = true;
  }
  EXPECT_TRUE(announced);
}

struct Flavour {
  const char* name;
  Version version;
  Family family;
  Duration mdi_p100_2s;  // master-down at a 2 s interval: v2 skew ignores the interval
};

class Flavours : public Scenario, public testing::WithParamInterface<Flavour> {};

TEST_P(Flavours, ElectionFailoverAndReturn) {
  const Flavour& f = GetParam();
  const auto a = lan.add_router(vr(200, 1, f.version, f.family, 2s));
  const auto b = lan.add_router(vr(100, 2, f.version, f.family, 2s));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 20s));
  lan.run_for(6500ms);
  expect_sole_master(a);
  EXPECT_EQ(lan.instance(b).counters().adverts_rcvd, 4u);  // at 0, 2, 4 and 6 s
  lan.set_link(a, false);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 20s));
  EXPECT_EQ(lan.now(), *lan.last_received(b, a) + f.mdi_p100_2s);
  expect_sole_master(b);
  lan.set_link(a, true);
  lan.run_for(20s);
  expect_sole_master(a);
  for (RouterId r : {a, b}) {
    const auto& ctr = lan.instance(r).counters();
    for (std::size_t i = 0; i < ctr.drops.size(); ++i) EXPECT_EQ(ctr.drops[i], 0u) << lan.name(r) << " " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    VersionsAndFamilies, Flavours,
    testing::Values(Flavour{"v2_ipv4", Version::V2, Family::Ipv4, 6'609'375us},
                    Flavour{"v3_ipv4", Version::V3, Family::Ipv4, 7'218'750us},
                    Flavour{"v3_ipv6", Version::V3, Family::Ipv6, 7'218'750us}),
    [](const testing::TestParamInfo<Flavour>& info) { return std::string(info.param.name); });

TEST_F(Scenario, V3BackupLearnsTheMasterIntervalAndUsesItsOwnAsMaster) {
  InstanceConfig ca = vr(200, 1);
  ca.advert_interval = 500ms;
  const auto a = lan.add_router(ca);
  const auto b = lan.add_router(vr(100, 2));  // configured 1 s
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  EXPECT_EQ(lan.now(), 1'609'375us);  // 3 x 0.5 s + 106 x 50 cs / 256
  lan.run_for(3s);
  EXPECT_EQ(lan.instance(b).master_adver_interval(), 500ms);
  lan.set_link(a, false);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  // MDI from the learned interval: 3 x 0.5 s + 156 x 50 cs / 256 = 1.804687 s.
  EXPECT_EQ(lan.now(), *lan.last_received(b, a) + 1'804'687us);
  const Duration took = lan.now();
  EXPECT_EQ(lan.instance(b).master_adver_interval(), 1s);
  lan.run_for(3500ms);
  std::vector<Duration> sent;
  for (const auto& e : lan.trace()) {
    if (e.router == b && e.kind == TraceEntry::Kind::Send && e.at >= took) sent.push_back(e.at);
  }
  EXPECT_EQ(sent, (std::vector<Duration>{took, took + 1s, took + 2s, took + 3s}));
}

TEST_F(Scenario, V2IntervalMismatchIsDroppedAndBothBecomeMaster) {
  lan.allow_split_brain(true);  // vrrp-conformance.md §3.2: v2 never learns; split brain by design
  const auto a = lan.add_router(vr(200, 1, Version::V2));
  InstanceConfig cb = vr(100, 2, Version::V2);
  cb.advert_interval = 2s;
  const auto b = lan.add_router(cb);
  lan.start_all();
  lan.run_for(20s);
  EXPECT_TRUE(is_master(a));
  EXPECT_TRUE(is_master(b));
  EXPECT_EQ(lan.entered(b, State::Master), 6'609'375us);  // its own timer, never reset
  EXPECT_GT(lan.instance(b).counters().dropped(proto::DropReason::AdvInterval), 10u);
  EXPECT_GT(lan.instance(a).counters().dropped(proto::DropReason::AdvInterval), 5u);
  EXPECT_EQ(lan.instance(b).counters().adverts_rcvd, 0u);
}

TEST_F(Scenario, LinkDownGoesToFaultWithoutAdvertsAndComesBackAsBackup) {
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(1s);
  lan.set_link(b, false);
  EXPECT_EQ(lan.state(b), State::Fault);
  const auto sent_before = lan.instance(b).counters().adverts_sent;
  lan.run_for(20s);
  EXPECT_EQ(lan.state(b), State::Fault);
  EXPECT_EQ(lan.instance(b).counters().adverts_sent, sent_before);
  lan.set_link(b, true);
  const Duration up = lan.now();
  EXPECT_EQ(lan.state(b), State::Backup);
  lan.run_for(10s);
  expect_sole_master(a);
  EXPECT_EQ(lan.entered(b, State::Backup, up), up);
  // The Master's link: FAULT removes the VIPs at once.
  lan.set_link(a, false);
  EXPECT_EQ(lan.state(a), State::Fault);
  EXPECT_TRUE(lan.installed(a).empty());
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 10s));
  EXPECT_EQ(lan.now(), *lan.last_received(b, a) + kMdi100);
}

TEST_F(Scenario, AnnouncementBurstsAtTransitionAndAfterMasterDelay) {
  InstanceConfig ca = vr(200, 1);
  ca.announce.master_repeat = 3;
  ca.announce.master_delay = 5s;
  const auto a = lan.add_router(ca);
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  lan.run_for(30s);
  std::vector<std::pair<Duration, unsigned>> bursts;
  for (const auto& e : lan.trace()) {
    if (e.router == a && e.kind == TraceEntry::Kind::Announce) bursts.emplace_back(e.at, e.repeat);
  }
  EXPECT_EQ(bursts, (std::vector<std::pair<Duration, unsigned>>{{kMdi200, 3}, {kMdi200 + 5s, 3}}));
  // Order at the transition: state change, advert, VIPs, announcement.
  std::vector<TraceEntry::Kind> first;
  for (const auto& e : lan.trace()) {
    if (e.router == a && e.at == kMdi200 && e.kind != TraceEntry::Kind::Receive) first.push_back(e.kind);
  }
  using K = TraceEntry::Kind;
  EXPECT_EQ(first, (std::vector<K>{K::State, K::Send, K::Install, K::Announce}));
  EXPECT_EQ(lan.instance(b).counters().announcements_sent, 0u);
}

TEST_F(Scenario, UnicastPeersElectAndFailOver) {
  InstanceConfig ca = vr(200, 1);
  ca.unicast_peers = {ip("192.0.2.2"), ip("192.0.2.3")};
  InstanceConfig cb = vr(150, 2);
  cb.unicast_peers = {ip("192.0.2.1"), ip("192.0.2.3")};
  InstanceConfig cc = vr(100, 3);
  cc.unicast_peers = {ip("192.0.2.1"), ip("192.0.2.2")};
  const auto a = lan.add_router(ca);
  const auto b = lan.add_router(cb);
  const auto c = lan.add_router(cc);
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(5s);
  expect_sole_master(a);
  EXPECT_EQ(lan.instance(a).counters().adverts_sent, 2u * 6u);  // one copy per peer
  EXPECT_EQ(lan.instance(c).counters().adverts_rcvd, 6u);
  lan.stop(a);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 5s));
  lan.run_for(3s);
  expect_sole_master(b);
}

TEST_F(Scenario, MulticastAndUnicastRoutersIgnoreEachOther) {
  lan.allow_split_brain(true);
  InstanceConfig ca = vr(200, 1);
  ca.unicast_peers = {ip("192.0.2.2")};
  const auto a = lan.add_router(ca);
  const auto b = lan.add_router(vr(100, 2));  // multicast
  lan.start_all();
  lan.run_for(10s);
  EXPECT_TRUE(is_master(a));
  EXPECT_TRUE(is_master(b));
  EXPECT_GT(lan.instance(b).counters().dropped(proto::DropReason::ModeMismatch), 0u);
}

TEST_F(Scenario, ReloadAsMasterSwapsVipsWithoutTransition) {
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  InstanceConfig next = lan.instance(a).config();
  next.vips = {ip("192.0.2.101"), ip("192.0.2.102")};
  InstanceConfig next_b = lan.instance(b).config();
  next_b.vips = next.vips;
  ASSERT_TRUE(lan.reconfigure(b, next_b));
  ASSERT_TRUE(lan.reconfigure(a, next));
  EXPECT_EQ(lan.installed(a), (std::set<IpAddr>{ip("192.0.2.101"), ip("192.0.2.102")}));
  lan.run_for(10s);
  expect_sole_master(a);
  EXPECT_EQ(lan.instance(a).counters().master_transitions, 1u);
  EXPECT_EQ(lan.instance(b).counters().dropped(proto::DropReason::AddressList), 0u);
  next.vrid = 52;
  EXPECT_FALSE(lan.reconfigure(a, next));
}

TEST_F(Scenario, BackupRestartDoesNotDisturbTheSkewTakeover) {
  // Only a Master resigns with priority 0: a Backup's stop sends nothing, so b's Skew_Time
  // countdown from a's real resignation is undisturbed.
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.stop(a);
  const Duration stop_at = lan.now();
  lan.run_for(300ms);
  lan.start(a);  // restart as Backup ...
  lan.stop(a);   // ... and stop again: not a Master, so no second priority-0 advert
  ASSERT_TRUE(lan.run_until([&] { return is_master(b); }, 5s));
  EXPECT_EQ(lan.now(), stop_at + 609'375us);
}

// The harness itself: its invariant check must be able to fail, and runs must be repeatable.
TEST(SimLanHarness, ReportsPersistentDualMasterAmongConnectedRouters) {
  SimLan lan;
  lan.add_router(vr(200, 1, Version::V2));
  InstanceConfig cb = vr(100, 2, Version::V2);
  cb.advert_interval = 2s;
  lan.add_router(cb);
  lan.start_all();
  lan.run_for(20s);
  ASSERT_FALSE(lan.violations().empty());
  EXPECT_NE(lan.violations().front().find("two connected Masters for VRID 51"), std::string::npos)
      << lan.violations().front();
}

TEST(SimLanHarness, SameInputsGiveTheSameTimeline) {
  auto run = [] {
    SimLan lan;
    lan.set_latency(1ms);
    const auto a = lan.add_router(vr(100, 1));
    lan.add_router(vr(100, 2));
    lan.add_router(vr(100, 3));
    lan.start_all();
    lan.run_for(10s);
    lan.stop(a);
    lan.run_for(10s);
    return lan.trace_text();
  };
  const std::string first = run();
  EXPECT_EQ(first, run());
  EXPECT_GT(first.size(), 1000u);
}

}  // namespace
}  // namespace vrrp::sim
