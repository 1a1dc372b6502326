// vrrp_sync_group wiring (keepalived-surface.md §5.11): proto::SyncGroup decides, InstanceSet
// applies its commands to the member drivers after each drain. Fake ports, fake clock.
#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/daemon_fakes.hpp"

namespace vrrp::daemon {
namespace {

using testing::FakeClock;
using testing::make_plan;

class SyncGroupTest : public ::testing::Test {
 protected:
  SyncGroupTest() {
    FakeClock::t = proto::TimePoint{} + std::chrono::hours(1);
    log.set_sink([this](LogLevel, std::string_view line) { lines.emplace_back(line); });
  }
  void start(bool sync_member) {
    auto a = make_plan("VI_A", 51, 100);
    auto b = make_plan("VI_B", 52, 100, {"192.0.2.110"});
    a.sync_group = b.sync_group = "SG";
    a.config.sync_member = b.config.sync_member = sync_member;
    set.start({ResolvedPlan{a, 7, true, 0, {}}, ResolvedPlan{b, 8, true, 0, {}}}, false);
    ASSERT_EQ(set.sync_groups(), 1u);
  }
  proto::State state(std::size_t i) { return set.drivers()[i]->instance().state(); }
  void fire(std::size_t i) {
    auto& d = *set.drivers()[i];
    ASSERT_TRUE(d.armed_deadline().has_value());
    FakeClock::t = std::max(FakeClock::t, *d.armed_deadline());
    d.feed(proto::Timeout{});
  }
  bool logged(std::string_view needle) const {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
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

TEST_F(SyncGroupTest, OneMemberBecomingMasterTakesTheOthersAlong) {
  start(false);
  EXPECT_EQ(state(0), proto::State::Backup);
  EXPECT_EQ(state(1), proto::State::Backup);
  fire(0);
  EXPECT_EQ(state(0), proto::State::Master);
  EXPECT_EQ(state(1), proto::State::Master);  // forced, its own timer has not expired
  EXPECT_TRUE(logged("VRRP_Group(SG) Entering MASTER STATE"));
  EXPECT_NE(std::find(host.added.begin(), host.added.end(), "192.0.2.110/24@8"), host.added.end());
}

TEST_F(SyncGroupTest, OneMemberFaultTakesTheGroupToFaultAndBack) {
  start(false);
  fire(0);
  ASSERT_EQ(state(1), proto::State::Master);
  set.on_link(8, false);  // only VI_B's interface
  EXPECT_EQ(state(1), proto::State::Fault);
  EXPECT_EQ(state(0), proto::State::Fault);  // group fault
  EXPECT_TRUE(logged("VRRP_Group(SG) Entering FAULT STATE"));
  set.on_link(8, true);
  EXPECT_EQ(state(0), proto::State::Backup);
  EXPECT_EQ(state(1), proto::State::Backup);
}

TEST_F(SyncGroupTest, MembersWaitingForTheGroupGoMasterTogether) {
  start(true);
  fire(0);  // VI_A would become MASTER but waits for the group (WantMaster)
  EXPECT_EQ(state(0), proto::State::Backup);
  EXPECT_EQ(state(1), proto::State::Backup);
  fire(1);  // now every member wants MASTER
  EXPECT_EQ(state(0), proto::State::Master);
  EXPECT_EQ(state(1), proto::State::Master);
}

}  // namespace
}  // namespace vrrp::daemon
