// InstanceSet + InstanceDriver on real proto::Instance state machines with fake ports and a
// hand-advanced clock: the feed → effects → timer loop, shutdown, link and address events,
// demultiplexing and SIGHUP reload.
#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/daemon_fakes.hpp"

namespace vrrp::daemon {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::ip;
using testing::make_plan;

class InstanceSetTest : public ::testing::Test {
 protected:
  InstanceSetTest() {
    FakeClock::t = proto::TimePoint{} + std::chrono::hours(1);
    log.set_sink([this](LogLevel, std::string_view line) { lines.emplace_back(line); });
  }

  ResolvedPlan resolved(conf::InstancePlan plan, bool link_up = true) {
    return ResolvedPlan{std::move(plan), 7, link_up, 0, {}};
  }
  InstanceDriver& driver(std::size_t i = 0) { return *set.drivers()[i]; }
  proto::State state(std::size_t i = 0) { return driver(i).instance().state(); }
  void advance_to(proto::TimePoint t) { FakeClock::t = t; }
  /// Runs the driver's armed deadline as the timer would.
  void fire(std::size_t i = 0) {
    auto at = driver(i).armed_deadline();
    ASSERT_TRUE(at.has_value());
    advance_to(*at);
    driver(i).feed(proto::Timeout{});
  }
  void make_master() {
    set.start({resolved(make_plan("VI_1", 51, 100))}, false);
    fire();
    ASSERT_EQ(state(), proto::State::Master);
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

TEST_F(InstanceSetTest, StartupEntersBackupAndArmsMasterDownInterval) {
  const auto t0 = FakeClock::t;
  ASSERT_EQ(set.start({resolved(make_plan("VI_1", 51, 100))}, false), 1u);
  EXPECT_EQ(state(), proto::State::Backup);
  // v2, priority 100, 1 s: 3 * 1 s + (256 - 100) / 256 s = 3.609375 s (keepalived-surface.md §5.5).
  EXPECT_EQ(driver().armed_deadline(), t0 + 3609375us);
  EXPECT_EQ(count_lines("VRRP_Instance(VI_1) Entering BACKUP STATE (startup)"), 1u);
  EXPECT_TRUE(pool.port.sent.empty());
  ASSERT_EQ(pool.uses.size(), 1u);
  EXPECT_EQ(pool.uses[0].first.ifindex, 7);
  EXPECT_TRUE(pool.uses[0].first.multicast);
}

TEST_F(InstanceSetTest, MasterDownTimerMakesMasterWithAdvertVipsAndAnnouncements) {
  auto plan = make_plan("VI_1", 51, 100, {"192.0.2.100", "192.0.2.101"});
  conf::Script script;
  script.command = "/bin/notify.sh";
  script.argv = {"/bin/notify.sh"};
  plan.notifies.notify_master = script;
  plan.notifies.notify = script;
  set.start({resolved(plan)}, false);
  fire();
  EXPECT_EQ(state(), proto::State::Master);
  ASSERT_FALSE(pool.port.sent.empty());
  EXPECT_EQ(pool.port.sent[0].priority(), 100);
  EXPECT_EQ(pool.port.sent[0].destination, ip("224.0.0.18"));
  EXPECT_EQ(host.added, (std::vector<std::string>{"192.0.2.100/24@7", "192.0.2.101/24@7"}));
  EXPECT_EQ(host.announced, (std::vector<std::string>{"192.0.2.100x5", "192.0.2.101x5"}));
  EXPECT_EQ(count_lines("VRRP_Instance(VI_1) Entering MASTER STATE (master down timer expired)"), 1u);
  EXPECT_TRUE(driver().vips_installed());
  // One MASTER event with the effective priority (NotifyQueue turns it into notify_master and
  // the generic notify; tests/exec checks the argv). BACKUP at startup came first.
  EXPECT_EQ(notifier.runs, (std::vector<std::string>{"INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 100"}));
  // As Master the next deadline is one advert interval away, and it sends again then.
  const auto before = pool.port.sent.size();
  const auto t = FakeClock::t;
  EXPECT_EQ(driver().armed_deadline(), t + 1s);
  fire();
  EXPECT_EQ(pool.port.sent.size(), before + 1);
}

TEST_F(InstanceSetTest, ShutdownMasterSendsPriorityZeroAndRemovesVips) {
  make_master();
  pool.port.sent.clear();
  set.shutdown(true);
  ASSERT_EQ(pool.port.sent.size(), 1u);
  EXPECT_EQ(pool.port.sent[0].priority(), 0);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@7"}));
  EXPECT_TRUE(set.drivers().empty());
  EXPECT_TRUE(pool.uses.empty());
  EXPECT_EQ(pool.bad_releases, 0);
}

TEST_F(InstanceSetTest, ShutdownWithoutReleaseLeavesVipsAndSendsNothing) {
  make_master();
  pool.port.sent.clear();
  set.shutdown(false);  // -V
  EXPECT_TRUE(pool.port.sent.empty());
  EXPECT_TRUE(host.removed.empty());
}

TEST_F(InstanceSetTest, OwnedVipDeletedWhileMasterIsReaddedAndCounted) {
  make_master();
  host.added.clear();
  set.on_address_deleted(7, ip("192.0.2.100"));
  EXPECT_EQ(host.added, (std::vector<std::string>{"192.0.2.100/24@7"}));
  EXPECT_EQ(driver().counters().vips_readded, 1u);
  // Not ours, or on another interface: left alone.
  set.on_address_deleted(7, ip("192.0.2.55"));
  set.on_address_deleted(8, ip("192.0.2.100"));
  EXPECT_EQ(driver().counters().vips_readded, 1u);
}

TEST_F(InstanceSetTest, VipDeletedWhileBackupIsNotReadded) {
  set.start({resolved(make_plan("VI_1", 51, 100))}, false);
  set.on_address_deleted(7, ip("192.0.2.100"));
  EXPECT_TRUE(host.added.empty());
  EXPECT_EQ(driver().counters().vips_readded, 0u);
}

TEST_F(InstanceSetTest, LinkDownGoesFaultAndLinkUpReturnsToBackup) {
  make_master();
  pool.port.sent.clear();
  set.on_link(7, false);
  EXPECT_EQ(state(), proto::State::Fault);
  ASSERT_EQ(pool.port.sent.size(), 1u);  // a Master resigns with priority 0 first
  EXPECT_EQ(pool.port.sent[0].priority(), 0);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@7"}));
  EXPECT_EQ(count_lines("Entering FAULT STATE (interface eth0 down)"), 1u);
  EXPECT_FALSE(driver().armed_deadline().has_value());
  set.on_link(9, true);  // another interface: no effect
  EXPECT_EQ(state(), proto::State::Fault);
  set.on_link(7, true);
  EXPECT_EQ(state(), proto::State::Backup);
  EXPECT_EQ(count_lines("Entering BACKUP STATE (interface eth0 up)"), 1u);
}

TEST_F(InstanceSetTest, LinkDownAtStartupGoesStraightToFault) {
  set.start({resolved(make_plan("VI_1", 51, 100), /*link_up=*/false)}, false);
  EXPECT_EQ(state(), proto::State::Fault);
  EXPECT_EQ(count_lines("Entering BACKUP"), 0u);
}

TEST_F(InstanceSetTest, DemultiplexesByVridIgnoresOwnAdvertsAndCountsUnknownVrids) {
  set.start({resolved(make_plan("VI_1", 51, 100)), resolved(make_plan("VI_2", 52, 100, {"192.0.2.110"}))},
            false);
  const auto peer = ip("192.0.2.2");
  const auto adv = testing::encode_v2(52, 200, {ip("192.0.2.110")}, peer);
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  EXPECT_EQ(driver(0).instance().counters().adverts_rcvd, 0u);
  EXPECT_EQ(driver(1).instance().counters().adverts_rcvd, 1u);
  EXPECT_EQ(driver(1).instance().master_priority(), 200);
  // Our own advert looped back (check 2): ignored, counted nowhere.
  const auto own = testing::encode_v2(51, 100, {ip("192.0.2.100")}, ip("192.0.2.1"));
  set.on_packet(7, proto::ReceivedPacket{ip("192.0.2.1"), ip("224.0.0.18"), 255, own});
  EXPECT_EQ(driver(0).instance().counters().adverts_rcvd, 0u);
  // Unknown VRID, and a known VRID on another interface: router-wide vrid_errors.
  const auto other = testing::encode_v2(99, 100, {ip("192.0.2.120")}, peer);
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, other});
  set.on_packet(8, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  EXPECT_EQ(set.router_counters().vrid_errors, 2u);
  EXPECT_EQ(driver(1).instance().counters().adverts_rcvd, 1u);
}

TEST_F(InstanceSetTest, RouterCountersSumChecksumVersionAndTtlDropsOfInstances) {
  set.start({resolved(make_plan("VI_1", 51, 100))}, false);
  const auto peer = ip("192.0.2.2");
  auto adv = testing::encode_v2(51, 200, {ip("192.0.2.100")}, peer);
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 254, adv});  // TTL 254
  auto bad_sum = adv;
  bad_sum[6] ^= 0x01;
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, bad_sum});
  auto bad_version = adv;
  bad_version[0] = 0x41;  // version 4, type 1
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, bad_version});
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, bad_version});
  EXPECT_EQ(set.router_counters().ip_ttl_errors, 1u);
  EXPECT_EQ(set.router_counters().checksum_errors, 1u);
  EXPECT_EQ(set.router_counters().version_errors, 2u);
  EXPECT_EQ(driver(0).instance().counters().dropped(proto::DropReason::Checksum), 1u);
  EXPECT_EQ(driver(0).instance().counters().adverts_rcvd, 0u);
}

TEST_F(InstanceSetTest, HigherPriorityAdvertTurnsMasterIntoBackup) {
  make_master();
  const auto peer = ip("192.0.2.2");
  const auto adv = testing::encode_v2(51, 200, {ip("192.0.2.100")}, peer);
  set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  EXPECT_EQ(state(), proto::State::Backup);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@7"}));
  EXPECT_EQ(count_lines("Entering BACKUP STATE (higher priority advert from 192.0.2.2 priority 200)"), 1u);
  EXPECT_EQ(driver().counters().release_master, 1u);
}

TEST_F(InstanceSetTest, ReloadWithPriorityChangeKeepsMasterWithoutFlap) {
  make_master();
  host.added.clear();
  host.removed.clear();
  const auto transitions = driver().instance().counters().transitions;
  auto next = make_plan("VI_1", 51, 120);
  const auto plan = set.reload({resolved(next)});
  ASSERT_EQ(plan.matched.size(), 1u);
  EXPECT_EQ(state(), proto::State::Master);
  EXPECT_EQ(driver().instance().counters().transitions, transitions);
  EXPECT_EQ(driver().instance().effective_priority(), 120);
  EXPECT_TRUE(host.removed.empty());
  EXPECT_EQ(pool.uses.size(), 1u);  // the socket use was handed over, not leaked
  EXPECT_EQ(pool.bad_releases, 0);
}

TEST_F(InstanceSetTest, ReloadAddsAndRemovesVipsOfMatchedMaster) {
  make_master();
  host.added.clear();
  host.removed.clear();
  set.reload({resolved(make_plan("VI_1", 51, 100, {"192.0.2.101"}))});
  EXPECT_EQ(state(), proto::State::Master);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@7"}));
  EXPECT_EQ(host.added, (std::vector<std::string>{"192.0.2.101/24@7"}));
}

TEST_F(InstanceSetTest, ReloadWithNewVridReleasesOldAndStartsNew) {
  make_master();
  pool.port.sent.clear();
  host.removed.clear();
  const auto plan = set.reload({resolved(make_plan("VI_1", 52, 100))});
  EXPECT_EQ(plan.removed.size(), 1u);
  EXPECT_EQ(plan.added.size(), 1u);
  ASSERT_FALSE(pool.port.sent.empty());
  EXPECT_EQ(pool.port.sent[0].priority(), 0);
  EXPECT_EQ(pool.port.sent[0].bytes[1], 51);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@7"}));
  ASSERT_EQ(set.drivers().size(), 1u);
  EXPECT_EQ(driver().plan().config.vrid, 52);
  EXPECT_EQ(state(), proto::State::Backup);
  ASSERT_EQ(pool.uses.size(), 1u);
  EXPECT_EQ(pool.uses[0].second, 52);
}

TEST_F(InstanceSetTest, ReloadKeepsRunningInstanceAcrossRename) {
  make_master();
  auto renamed = make_plan("VI_renamed", 51, 100);
  const auto plan = set.reload({resolved(renamed)});
  EXPECT_EQ(plan.matched.size(), 1u);
  EXPECT_EQ(state(), proto::State::Master);
  EXPECT_EQ(driver().plan().config.name, "VI_renamed");
}

TEST_F(InstanceSetTest, SocketFailureSkipsInstance) {
  pool.fail = true;
  EXPECT_EQ(set.start({resolved(make_plan("VI_1", 51, 100))}, false), 0u);
  EXPECT_EQ(count_lines("cannot open VRRP socket"), 1u);
}

TEST_F(InstanceSetTest, StallThresholdFollowsSmallestInterval) {
  auto fast = make_plan("VI_2", 52, 100, {"192.0.2.110"});
  fast.config.version = proto::Version::V3;
  fast.config.advert_interval = 200ms;
  set.start({resolved(make_plan("VI_1", 51, 100)), resolved(fast)}, false);
  EXPECT_EQ(stalls.threshold(), 50ms);
}

TEST_F(InstanceSetTest, SweepRemovesConfiguredVipsBeforeStart) {
  auto plan = make_plan("VI_1", 51, 100);
  conf::AddressSpec evip;
  evip.address = ip("198.51.100.7");
  evip.prefix = 32;
  plan.virtual_ipaddress_excluded.push_back(evip);
  set.create({resolved(plan)}, true);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@7", "198.51.100.7/32@7"}));
  EXPECT_EQ(state(), proto::State::Initialize);  // nothing happens before startup()
  set.startup();
  EXPECT_EQ(state(), proto::State::Backup);
}

}  // namespace
}  // namespace vrrp::daemon
