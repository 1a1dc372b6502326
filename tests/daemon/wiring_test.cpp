// The daemon wiring added on top of the drivers, with fake ports and a fake clock: VMAC
// placement (VIPs/GARPs on the macvlan, socket choice, demux by socket interface), the notify
// events each transition posts (instance, group, DELETED on reload, silent FAULT, master heard a
// lower priority) and the once-a-minute PacketNoted log per (note, sender).
#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/daemon_fakes.hpp"
#include "vrrpd/note_limiter.hpp"
#include "vrrpd/vmac_name.hpp"

namespace vrrp::daemon {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::ip;
using testing::make_plan;

class WiringTest : public ::testing::Test {
 protected:
  WiringTest() {
    FakeClock::t = proto::TimePoint{} + std::chrono::hours(1);
    log.set_sink([this](LogLevel, std::string_view line) { lines.emplace_back(line); });
  }
  InstanceDriver& driver(std::size_t i = 0) { return *set.drivers()[i]; }
  proto::State state(std::size_t i = 0) { return driver(i).instance().state(); }
  void fire(std::size_t i = 0) {
    auto at = driver(i).armed_deadline();
    ASSERT_TRUE(at.has_value());
    FakeClock::t = std::max(FakeClock::t, *at);
    driver(i).feed(proto::Timeout{});
  }
  std::size_t count_lines(std::string_view needle) const {
    return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.find(needle) != std::string::npos;
    }));
  }

  boost::asio::io_context io;
  testing::FakeHost host;
  testing::FakeNotifier notifier;
  Logger log;
  StallDetector stalls;
  testing::FakeSocketPool pool;
  DriverContext ctx{io, host, notifier, log, stalls, &FakeClock::now};
  InstanceSet set{ctx, pool};
  std::vector<std::string> lines;
};

TEST_F(WiringTest, VmacCarriesVipsAndTheMulticastSocket) {
  auto plan = make_plan("VI_1", 51, 100);
  plan.use_vmac = true;
  set.start({ResolvedPlan{plan, 7, true, 40, "vrrp.51"}}, false);
  ASSERT_EQ(pool.uses.size(), 1u);
  EXPECT_EQ(pool.uses[0].first.ifindex, 40);  // adverts leave with the virtual MAC
  EXPECT_EQ(driver().ifindex(), 7);
  EXPECT_EQ(driver().vip_ifindex(), 40);
  EXPECT_EQ(driver().vmac_name(), "vrrp.51");
  fire();
  ASSERT_EQ(state(), proto::State::Master);
  EXPECT_EQ(host.added, (std::vector<std::string>{"192.0.2.100/24@40"}));
  // Adverts arrive on the VMAC's socket: demultiplexed by the socket's interface.
  const auto peer = ip("192.0.2.2");
  const auto adv = testing::encode_v2(51, 200, {ip("192.0.2.100")}, peer);
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  EXPECT_EQ(set.router_counters().vrid_errors, 1u);
  EXPECT_EQ(state(), proto::State::Master);
  set.on_packet(40, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  EXPECT_EQ(state(), proto::State::Backup);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@40"}));
  // Link state still follows the real interface.
  set.on_link(40, false);
  EXPECT_EQ(state(), proto::State::Backup);
  set.on_link(7, false);
  EXPECT_EQ(state(), proto::State::Fault);
  set.shutdown(true);
  EXPECT_TRUE(pool.uses.empty());
  EXPECT_EQ(pool.bad_releases, 0);
}

TEST_F(WiringTest, VmacWithUnicastOrXmitBaseSendsFromTheInterface) {
  auto uni = make_plan("VI_U", 51, 100);
  uni.use_vmac = true;
  uni.config.unicast_peers = {ip("192.0.2.2")};
  EXPECT_EQ(socket_ifindex(uni, 7, 40), 7);
  auto base = make_plan("VI_B", 52, 100);
  base.use_vmac = true;
  base.vmac_xmit_base = true;
  EXPECT_EQ(socket_ifindex(base, 7, 41), 7);
  auto plain = make_plan("VI_P", 53, 100);
  EXPECT_EQ(socket_ifindex(plain, 7, 0), 7);
  plain.use_vmac = true;
  EXPECT_EQ(socket_ifindex(plain, 7, 42), 42);
  plain.config.family = proto::Family::Ipv6;
  EXPECT_EQ(socket_ifindex(plain, 7, 42), 7);
  // VIPs still go on the VMAC with xmit_base.
  set.start({ResolvedPlan{base, 7, true, 41, "vrrp.52"}}, false);
  EXPECT_EQ(pool.uses[0].first.ifindex, 7);
  fire();
  EXPECT_EQ(host.added, (std::vector<std::string>{"192.0.2.100/24@41"}));
}

TEST(VmacName, ConfiguredAndDefaultNames) {
  conf::InstancePlan p;
  p.use_vmac = true;
  EXPECT_EQ(configured_vmac_name(p), std::nullopt);
  p.use_vmac_args = {"vrrp_a"};
  EXPECT_EQ(configured_vmac_name(p), "vrrp_a");
  p.use_vmac_args = {"name", "vx"};
  EXPECT_EQ(configured_vmac_name(p), "vx");
  p.use_vmac_args = {"00:00:5e:00:01:05", "netlink_notify_msg", "group", "g1"};
  EXPECT_EQ(configured_vmac_name(p), std::nullopt);
  p.use_vmac_args = {"group", "g1", "myvmac"};
  EXPECT_EQ(configured_vmac_name(p), "myvmac");
  EXPECT_EQ(default_vmac_name("vrrp", 51), "vrrp.51");
  EXPECT_EQ(default_vmac_name("vrrp", 51, 1), "vrrp1.51");
  EXPECT_EQ(default_vmac_name("vm", 7, 2), "vm2.7");
}

TEST_F(WiringTest, TransitionsPostInstanceEventsWithEffectivePriority) {
  set.start({ResolvedPlan{make_plan("VI_1", 51, 100), 7, true, 0, {}}}, false);
  driver().feed(proto::PriorityChanged{90});
  fire();
  set.on_link(7, false);
  set.on_link(7, true);
  set.shutdown(true);
  EXPECT_EQ(notifier.runs, (std::vector<std::string>{"INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 90",
                                                     "INSTANCE VI_1 FAULT 90", "INSTANCE VI_1 BACKUP 90",
                                                     "INSTANCE VI_1 STOP 90"}));
}

TEST_F(WiringTest, SilentPendingFaultPostsNothing) {
  set.create({ResolvedPlan{make_plan("VI_1", 51, 100), 7, true, 0, {}}}, false);
  driver().set_tracker_fault(true, /*silent=*/true);
  set.startup();
  EXPECT_EQ(state(), proto::State::Fault);
  EXPECT_TRUE(notifier.runs.empty());
  driver().set_tracker_fault(false, false);
  EXPECT_EQ(state(), proto::State::Backup);
  EXPECT_EQ(notifier.runs, (std::vector<std::string>{"INSTANCE VI_1 BACKUP 100"}));
}

TEST_F(WiringTest, ReloadDeletedInstanceReportsDeletedUnlessAlreadyFault) {
  set.start({ResolvedPlan{make_plan("VI_1", 51, 100), 7, true, 0, {}},
             ResolvedPlan{make_plan("VI_2", 52, 100, {"192.0.2.110"}), 8, true, 0, {}}},
            false);
  set.on_link(8, false);  // VI_2 in FAULT
  notifier.runs.clear();
  set.reload({});
  EXPECT_EQ(notifier.runs, (std::vector<std::string>{"INSTANCE VI_1 DELETED 100"}));
  EXPECT_TRUE(set.drivers().empty());
}

TEST_F(WiringTest, SyncGroupTransitionsPostGroupEvents) {
  auto a = make_plan("VI_A", 51, 100);
  auto b = make_plan("VI_B", 52, 100, {"192.0.2.110"});
  a.sync_group = b.sync_group = "SG";
  a.config.sync_member = b.config.sync_member = true;
  set.start({ResolvedPlan{a, 7, true, 0, {}}, ResolvedPlan{b, 8, true, 0, {}}}, false);
  fire(0);
  fire(1);
  ASSERT_EQ(state(0), proto::State::Master);
  const auto group_lines = std::count_if(notifier.runs.begin(), notifier.runs.end(),
                                         [](const std::string& r) { return r.rfind("GROUP SG ", 0) == 0; });
  EXPECT_GE(group_lines, 2);
  EXPECT_NE(std::find(notifier.runs.begin(), notifier.runs.end(), "GROUP SG MASTER 0"), notifier.runs.end());
  // The group's MASTER comes after a member's MASTER (instance notifies first, §4.1).
  const auto member = std::find(notifier.runs.begin(), notifier.runs.end(), "INSTANCE VI_A MASTER 100");
  const auto group = std::find(notifier.runs.begin(), notifier.runs.end(), "GROUP SG MASTER 0");
  EXPECT_LT(member, group);
}

TEST_F(WiringTest, PendingTrackerFaultDoesNotPutTheSyncGroupInFault) {
  auto a = make_plan("VI_A", 51, 100);
  auto b = make_plan("VI_B", 52, 100, {"192.0.2.110"});
  a.sync_group = b.sync_group = "SG";
  a.config.sync_member = b.config.sync_member = true;
  set.create({ResolvedPlan{a, 7, true, 0, {}}, ResolvedPlan{b, 8, true, 0, {}}}, false);
  driver(0).set_tracker_fault(true, /*silent=*/true);  // scripts not reported yet
  set.startup();
  EXPECT_EQ(state(0), proto::State::Fault);
  EXPECT_EQ(state(1), proto::State::Backup);
  EXPECT_TRUE(std::none_of(notifier.runs.begin(), notifier.runs.end(),
                           [](const std::string& r) { return r.find("FAULT") != std::string::npos; }));
  // The first result is a failure: now it is a real fault, and the group follows.
  driver(0).set_tracker_fault(true, false);
  set.own_fault_changed(driver(0));
  EXPECT_NE(std::find(notifier.runs.begin(), notifier.runs.end(), "GROUP SG FAULT 0"), notifier.runs.end());
  EXPECT_EQ(state(1), proto::State::Fault);
}

TEST_F(WiringTest, MasterHearingLowerPriorityPostsRxLowerPri) {
  set.start({ResolvedPlan{make_plan("VI_1", 51, 100), 7, true, 0, {}}}, false);
  fire();
  ASSERT_EQ(state(), proto::State::Master);
  notifier.runs.clear();
  const auto peer = ip("192.0.2.2");
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255,
                                         testing::encode_v2(51, 50, {ip("192.0.2.100")}, peer)});
  EXPECT_EQ(notifier.runs, (std::vector<std::string>{"INSTANCE VI_1 MASTER_RX_LOWER_PRI 100"}));
  // A bad packet (TTL 64) is dropped, and priority 0 is a resignation: neither counts.
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 64,
                                         testing::encode_v2(51, 50, {ip("192.0.2.100")}, peer)});
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255,
                                         testing::encode_v2(51, 0, {ip("192.0.2.100")}, peer)});
  EXPECT_EQ(notifier.runs.size(), 1u);
}

TEST(NoteLimiter, OnePerNoteAndSenderPerPeriod) {
  NoteLimiter limiter(std::chrono::minutes(1));
  const auto t0 = proto::TimePoint{} + std::chrono::hours(1);
  const auto a = ip("2001:db8::1");
  const auto b = ip("2001:db8::2");
  std::uint64_t suppressed = 99;
  EXPECT_TRUE(limiter.allow(t0, 1, a, suppressed));
  EXPECT_EQ(suppressed, 0u);
  for (int i = 1; i <= 299; ++i) EXPECT_FALSE(limiter.allow(t0 + i * 200ms, 1, a, suppressed));
  EXPECT_TRUE(limiter.allow(t0, 2, a, suppressed));   // another note
  EXPECT_TRUE(limiter.allow(t0, 1, b, suppressed));   // another sender
  EXPECT_FALSE(limiter.allow(t0 + 59999ms, 1, a, suppressed));
  EXPECT_TRUE(limiter.allow(t0 + 60s, 1, a, suppressed));
  EXPECT_EQ(suppressed, 300u);
}

TEST(NoteLimiter, FullTableReusesTheStalestPair) {
  NoteLimiter limiter(std::chrono::minutes(1));
  const auto t0 = proto::TimePoint{} + std::chrono::hours(1);
  std::uint64_t s = 0;
  for (unsigned i = 0; i < NoteLimiter::kEntries; ++i) {
    ASSERT_TRUE(limiter.allow(t0 + i * 1ms, 1, proto::IpAddr::v4({192, 0, 2, static_cast<std::uint8_t>(i)}), s));
  }
  // One more sender evicts 192.0.2.0 (the stalest); the others are still limited.
  EXPECT_TRUE(limiter.allow(t0 + 1s, 1, ip("198.51.100.1"), s));
  EXPECT_FALSE(limiter.allow(t0 + 2s, 1, ip("192.0.2.5"), s));
  EXPECT_TRUE(limiter.allow(t0 + 2s, 1, ip("192.0.2.0"), s));
}

TEST_F(WiringTest, RepeatedNoteIsLoggedOncePerMinute) {
  auto plan = make_plan("VI_1", 51, 100);
  set.start({ResolvedPlan{plan, 7, true, 0, {}}}, false);
  const auto peer = ip("192.0.2.2");
  // Address list differs from ours: v2 accepts it from the owner only, and notes it.
  const auto adv = testing::encode_v2(51, 255, {ip("192.0.2.199")}, peer);
  for (int i = 0; i < 50; ++i) {
    FakeClock::t += 200ms;
    set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  }
  EXPECT_EQ(count_lines("address list differs from ours"), 1u);
  FakeClock::t += 60s;
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  EXPECT_EQ(count_lines("address list differs from ours"), 2u);
  EXPECT_EQ(count_lines("(49 more in the last minute)"), 1u);
}

}  // namespace
}  // namespace vrrp::daemon
