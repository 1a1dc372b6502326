// ControlBridge (the daemon's ControlProvider) on real drivers with fake ports and a fake clock:
// snapshots, explain, the runtime priority override and release as seen in the adverts sent and
// the states reached, the reload hook, a request through control::Dispatcher, and the systemd
// READY=1 datagram on a fake NOTIFY_SOCKET.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "daemon/daemon_fakes.hpp"
#include "vrrpd/control/dispatcher.hpp"
#include "vrrpd/control/metrics.hpp"
#include "vrrpd/control_bridge.hpp"
#include "vrrpd/daemon.hpp"

namespace vrrp::daemon {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::ip;
using testing::make_plan;

class ControlBridgeTest : public ::testing::Test {
 protected:
  ControlBridgeTest() {
    FakeClock::t = proto::TimePoint{} + std::chrono::hours(1);
    log.set_sink([](LogLevel, std::string_view) {});
  }
  InstanceDriver& driver(std::size_t i = 0) { return *set.drivers()[i]; }
  proto::State state(std::size_t i = 0) { return driver(i).instance().state(); }
  void fire(std::size_t i = 0) {
    auto at = driver(i).armed_deadline();
    ASSERT_TRUE(at.has_value());
    FakeClock::t = std::max(FakeClock::t, *at);
    driver(i).feed(proto::Timeout{});
  }
  void start(std::vector<conf::InstancePlan> plans) {
    std::vector<ResolvedPlan> r;
    for (auto& p : plans) r.push_back(ResolvedPlan{std::move(p), 7, true, 0, {}});
    set.start(std::move(r), false);
  }
  void make_master(std::uint8_t priority = 100) {
    start({make_plan("VI_1", 51, priority)});
    fire();
    ASSERT_EQ(state(), proto::State::Master);
  }
  /// A peer's advert for VRID 51 from 192.0.2.2.
  void hear(std::uint8_t priority) {
    const auto peer = ip("192.0.2.2");
    const auto adv = testing::encode_v2(51, priority, {ip("192.0.2.100")}, peer);
    set.on_packet(7, proto::ReceivedPacket{peer, ip("224.0.0.18"), 255, adv});
  }
  std::uint8_t last_sent_priority() const {
    return pool.port.sent.empty() ? 0 : pool.port.sent.back().priority();
  }

  boost::asio::io_context io;
  testing::FakeHost host;
  testing::FakeNotifier notifier;
  Logger log;
  StallDetector stalls;
  testing::FakeSocketPool pool;
  DriverContext ctx{io, host, notifier, log, stalls, &FakeClock::now};
  InstanceSet set{ctx, pool};
  int reloads = 0;
  std::uint8_t tracked = 0;  // below the base: one down interface tracker takes it there
  ControlBridge bridge{set, stalls, ControlBridge::Hooks{
      [this](const conf::InstancePlan& plan) {
        proto::TrackerSet t(plan.config.priority);
        if (tracked != 0) {
          const auto id = t.add({proto::TrackerKind::Interface, "eth1", tracked - plan.config.priority, false});
          t.set_status(id, proto::TrackStatus::Down);  // a negative weight applies while down
        }
        return t;
      },
      [this]() -> std::expected<std::string, std::string> {
        if (++reloads > 1) return std::unexpected(std::string("configuration error, code 2"));
        return std::string("reload done: 1 kept, 0 removed, 0 added");
      }}};
};

TEST_F(ControlBridgeTest, SnapshotListsEveryInstanceWithStateMasterAndTransition) {
  const auto before = std::chrono::system_clock::now();
  start({make_plan("VI_1", 51, 100), make_plan("VI_X", 53, 80, {"192.0.2.102"})});
  auto snap = bridge.snapshot();
  ASSERT_EQ(snap.instances.size(), 2u);
  EXPECT_EQ(snap.daemon.version, "0.1.0");
  const auto& s = snap.instances[0];
  EXPECT_EQ(s.name, "VI_1");
  EXPECT_EQ(s.interface, "eth0");
  EXPECT_EQ(s.vrid, 51);
  EXPECT_EQ(s.version, proto::Version::V2);
  EXPECT_EQ(s.family, proto::Family::Ipv4);
  EXPECT_EQ(s.state, proto::State::Backup);
  EXPECT_EQ(s.base_priority, 100);
  EXPECT_EQ(s.effective_priority, 100);
  EXPECT_FALSE(s.master.has_value());  // no master heard yet
  EXPECT_EQ(s.master_priority, 0);
  ASSERT_TRUE(s.last_transition.has_value());
  EXPECT_EQ(s.last_transition->from, proto::State::Initialize);
  EXPECT_EQ(s.last_transition->to, proto::State::Backup);
  EXPECT_EQ(s.last_transition->reason, proto::Reason::Startup);
  EXPECT_GE(s.since, before);
  EXPECT_EQ(s.vips, (std::vector<proto::IpAddr>{ip("192.0.2.100")}));
  EXPECT_EQ(snap.instances[1].name, "VI_X");

  // A Backup names the master it follows; a Master names itself.
  hear(150);
  snap = bridge.snapshot();
  ASSERT_TRUE(snap.instances[0].master.has_value());
  EXPECT_EQ(*snap.instances[0].master, ip("192.0.2.2"));
  EXPECT_EQ(snap.instances[0].master_priority, 150);
  EXPECT_EQ(snap.instances[0].counters.adverts_rcvd, 1u);
  fire(1);
  snap = bridge.snapshot();
  EXPECT_EQ(snap.instances[1].state, proto::State::Master);
  EXPECT_EQ(snap.instances[1].master, ip("192.0.2.1"));
  EXPECT_EQ(snap.instances[1].master_priority, 80);
  EXPECT_EQ(snap.instances[1].last_transition->reason, proto::Reason::MasterDown);
  EXPECT_EQ(snap.instances[1].counters.adverts_sent, 1u);
  EXPECT_EQ(snap.instances[1].counters.master_transitions, 1u);
  // Router-wide drops: an advert for a VRID nobody runs.
  const auto adv = testing::encode_v2(99, 100, {ip("192.0.2.100")}, ip("192.0.2.2"));
  set.on_packet(7, proto::ReceivedPacket{ip("192.0.2.2"), ip("224.0.0.18"), 255, adv});
  EXPECT_EQ(bridge.snapshot().daemon.router.vrid_errors, 1u);
}

TEST_F(ControlBridgeTest, MetricsRenderFromTheSnapshot) {
  make_master();
  const auto text = control::render_metrics(bridge.snapshot());
  EXPECT_NE(text.find("vrrpd_instance_state{"), std::string::npos) << text;
  EXPECT_NE(text.find("instance=\"VI_1\""), std::string::npos) << text;
  EXPECT_NE(text.find("state=\"master\"} 1"), std::string::npos) << text;
}

TEST_F(ControlBridgeTest, ExplainUsesTheTrackersAndConfig) {
  auto plan = make_plan("VI_1", 51, 100);
  plan.config.preempt_delay = 2500ms;
  plan.config.preempt = false;
  plan.sync_group = "G1";
  start({plan});
  tracked = 90;
  const auto e = bridge.explain("VI_1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->status.name, "VI_1");
  EXPECT_EQ(e->priority.base, 100);
  EXPECT_EQ(e->priority.effective, 90);
  ASSERT_EQ(e->priority.trackers.size(), 1u);
  EXPECT_EQ(e->priority.trackers[0].name, "eth1");
  EXPECT_FALSE(e->preempt);
  EXPECT_EQ(e->preempt_delay, 2500ms);
  EXPECT_EQ(e->advert_interval, 1000ms);
  EXPECT_TRUE(e->sync_member);
  EXPECT_EQ(e->sync_group, "G1");
  const auto missing = bridge.explain("VI_9");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, control::ErrorCode::UnknownInstance);
}

TEST_F(ControlBridgeTest, PriorityOverrideGoesIntoTheNextAdvertAndResetRestoresTracked) {
  make_master();
  ASSERT_TRUE(bridge.set_priority("VI_1", 50).has_value());
  EXPECT_EQ(driver().instance().effective_priority(), 50);
  fire();
  EXPECT_EQ(last_sent_priority(), 50);
  auto s = bridge.snapshot().instances[0];
  EXPECT_EQ(s.priority_override, std::optional<std::uint8_t>(50));
  EXPECT_EQ(s.base_priority, 100);
  // A peer at 80 now outranks us: it takes over (RFC 5798 §6.4.3).
  hear(80);
  EXPECT_EQ(state(), proto::State::Backup);
  // Reset returns to what the trackers compute (here 90, not the configured 100).
  tracked = 90;
  ASSERT_TRUE(bridge.set_priority("VI_1", std::nullopt).has_value());
  EXPECT_EQ(driver().instance().effective_priority(), 90);
  EXPECT_FALSE(bridge.snapshot().instances[0].priority_override.has_value());
  // With preempt, the lower peer's adverts are ignored: the down timer makes us Master again.
  hear(80);
  fire();
  EXPECT_EQ(state(), proto::State::Master);
  EXPECT_EQ(last_sent_priority(), 90);
}

TEST_F(ControlBridgeTest, OverrideLetsABackupPreempt) {
  start({make_plan("VI_1", 51, 100)});
  hear(150);
  ASSERT_TRUE(bridge.set_priority("VI_1", 200).has_value());
  hear(150);  // lower than ours now: ignored, so the master-down timer runs out
  fire();
  EXPECT_EQ(state(), proto::State::Master);
  EXPECT_EQ(last_sent_priority(), 200);
}

TEST_F(ControlBridgeTest, ReleaseSendsPriorityZeroOnceAndHoldsBackupUntilReset) {
  make_master();
  const auto sent_before = pool.port.sent.size();
  ASSERT_TRUE(bridge.release("VI_1").has_value());
  EXPECT_EQ(state(), proto::State::Backup);
  ASSERT_EQ(pool.port.sent.size(), sent_before + 1);
  EXPECT_EQ(last_sent_priority(), 0);
  EXPECT_EQ(host.removed, (std::vector<std::string>{"192.0.2.100/24@7"}));
  auto s = bridge.snapshot().instances[0];
  EXPECT_TRUE(s.released);
  EXPECT_EQ(s.effective_priority, 1);
  // A peer far below our configured 100 keeps us BACKUP: we compete with priority 1.
  for (int i = 0; i < 5; ++i) {
    hear(20);
    FakeClock::t += 1s;
    hear(20);
    EXPECT_EQ(state(), proto::State::Backup);
  }
  EXPECT_EQ(pool.port.sent.size(), sent_before + 1);  // silent as a Backup
  // A reload keeps the hold (apply_tracking feeds wanted_priority()).
  EXPECT_EQ(driver().wanted_priority(100), 1);
  // `priority reset` ends it: our 100 beats the peer's 20, so we preempt.
  ASSERT_TRUE(bridge.set_priority("VI_1", std::nullopt).has_value());
  EXPECT_FALSE(bridge.snapshot().instances[0].released);
  hear(20);
  fire();
  EXPECT_EQ(state(), proto::State::Master);
  EXPECT_EQ(last_sent_priority(), 100);
}

TEST_F(ControlBridgeTest, ReleaseOfABackupOnlyLowersItAndAnOverrideEndsIt) {
  start({make_plan("VI_1", 51, 100)});
  ASSERT_TRUE(bridge.release("VI_1").has_value());
  EXPECT_EQ(state(), proto::State::Backup);
  EXPECT_TRUE(pool.port.sent.empty());
  EXPECT_EQ(driver().instance().effective_priority(), 1);
  ASSERT_TRUE(bridge.set_priority("VI_1", 120).has_value());
  EXPECT_FALSE(driver().released());
  EXPECT_EQ(driver().instance().effective_priority(), 120);
}

TEST_F(ControlBridgeTest, OwnerAndUnknownInstancesAreRefused) {
  start({make_plan("VI_1", 51, 255)});
  auto r = bridge.set_priority("VI_1", 10);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, control::ErrorCode::Failed);
  r = bridge.release("VI_1");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, control::ErrorCode::Failed);
  EXPECT_EQ(state(), proto::State::Master);
  r = bridge.release("nope");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, control::ErrorCode::UnknownInstance);
  r = bridge.set_priority("nope", 10);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, control::ErrorCode::UnknownInstance);
}

TEST_F(ControlBridgeTest, ReloadReportsTheHookOutcome) {
  auto ok = bridge.reload();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, "reload done: 1 kept, 0 removed, 0 added");
  auto bad = bridge.reload();
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, control::ErrorCode::Failed);
  EXPECT_EQ(bad.error().message, "configuration error, code 2");
  ControlBridge bare(set, stalls, {});
  EXPECT_FALSE(bare.reload().has_value());
}

TEST_F(ControlBridgeTest, RequestsThroughTheDispatcher) {
  make_master();
  control::Dispatcher d(bridge);
  const auto status = d.handle(R"({"version":1,"command":"status"})");
  EXPECT_NE(status.find(R"("state":"MASTER")"), std::string::npos) << status;
  EXPECT_NE(status.find(R"("master":"192.0.2.1")"), std::string::npos) << status;
  const auto prio = d.handle(R"({"version":1,"command":"priority","instance":"VI_1","priority":42})");
  EXPECT_NE(prio.find(R"("ok":true)"), std::string::npos) << prio;
  EXPECT_EQ(driver().instance().effective_priority(), 42);
  const auto rel = d.handle(R"({"version":1,"command":"release","instance":"VI_1"})");
  EXPECT_NE(rel.find(R"("ok":true)"), std::string::npos) << rel;
  EXPECT_EQ(state(), proto::State::Backup);
  const auto unknown = d.handle(R"({"version":1,"command":"explain","instance":"VI_7"})");
  EXPECT_NE(unknown.find("unknown_instance"), std::string::npos) << unknown;
}

// ---- systemd notification --------------------------------------------------------------------

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.data(), path.size());
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
    if (path[0] == '@') a.sun_path[0] = '\0';
    else ::unlink(path.c_str());
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&a), len) == 0;
    timeval tv{2, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() {
    if (fd_ >= 0) ::close(fd_);
    if (path_[0] != '@') ::unlink(path_.c_str());
  }
  bool ok() const { return ok_; }
  std::string receive() {
    char buf[256];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool ok_ = false;
};

TEST(SystemdNotify, SendsReadyToThePathSocket) {
  const auto path = (std::filesystem::temp_directory_path() / ("vrrpd-notify-" + std::to_string(::getpid()))).string();
  NotifySocket sock(path);
  ASSERT_TRUE(sock.ok());
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  notify_systemd_ready();
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_EQ(sock.receive(), "READY=1");
}

TEST(SystemdNotify, SendsReadyToAnAbstractSocket) {
  const auto name = "@vrrpd-notify-test-" + std::to_string(::getpid());
  NotifySocket sock(name);
  ASSERT_TRUE(sock.ok());
  ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
  notify_systemd_ready();
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_EQ(sock.receive(), "READY=1");
}

}  // namespace
}  // namespace vrrp::daemon
