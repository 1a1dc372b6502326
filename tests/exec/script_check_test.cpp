// ScriptCheck: periodic vrrp_script runs feeding proto::ScriptStatus, status callbacks,
// timeouts as failures, no overlapping runs.
#include "vrrpd/exec/script_check.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "exec/exec_test_util.hpp"

namespace vrrp::daemon::exec {
namespace {

using namespace std::chrono_literals;
using proto::TrackStatus;
using test::TempDir;

struct ScriptCheckTest : ::testing::Test {
  boost::asio::io_context io;
  ScriptRunner runner{io};
  TempDir dir;
  std::vector<TrackStatus> changes;

  CheckSpec spec(const std::string& body, std::chrono::milliseconds interval = 50ms) {
    CheckSpec s;
    s.name = "chk";
    s.command.argv = {dir.script("chk.sh", body)};
    s.interval = interval;
    return s;
  }
  ScriptCheck::OnChange record() {
    return [this](const std::string& name, TrackStatus st) {
      EXPECT_EQ(name, "chk");
      changes.push_back(st);
    };
  }
};

TEST(ScriptCheckClassify, OutcomesMapToScriptRun) {
  RunResult r;
  r.outcome = RunResult::Outcome::Exited;
  r.exit_code = 0;
  EXPECT_EQ(classify(r), proto::ScriptRun::Success);
  r.exit_code = 1;
  EXPECT_EQ(classify(r), proto::ScriptRun::Failure);
  r.outcome = RunResult::Outcome::Signaled;
  r.exit_code = -1;
  r.signal = SIGSEGV;
  EXPECT_EQ(classify(r), proto::ScriptRun::Failure);
  r.outcome = RunResult::Outcome::TimedOut;
  EXPECT_EQ(classify(r), proto::ScriptRun::TimedOut);
  r.outcome = RunResult::Outcome::SpawnFailed;
  EXPECT_EQ(classify(r), proto::ScriptRun::Failure);
}

TEST_F(ScriptCheckTest, SucceedingScriptGoesUpOnFirstRun) {
  ScriptCheck check(io, runner, spec("exit 0"), record());
  EXPECT_EQ(check.status(), TrackStatus::Unknown);
  check.start();
  ASSERT_TRUE(test::run_until(io, [&] { return check.runs() >= 3 && !check.in_flight(); }));
  EXPECT_EQ(changes, std::vector<TrackStatus>{TrackStatus::Up});
  EXPECT_EQ(check.status(), TrackStatus::Up);
}

TEST_F(ScriptCheckTest, FailingScriptGoesDown) {
  ScriptCheck check(io, runner, spec("exit 1"), record());
  check.start();
  ASSERT_TRUE(test::run_until(io, [&] { return check.runs() >= 2 && !check.in_flight(); }));
  EXPECT_EQ(changes, std::vector<TrackStatus>{TrackStatus::Down});
}

TEST_F(ScriptCheckTest, FirstRunIsImmediate) {
  ScriptCheck check(io, runner, spec("exit 0", 10s), record());
  const auto t0 = std::chrono::steady_clock::now();
  check.start();
  ASSERT_TRUE(test::run_until(io, [&] { return !changes.empty(); }, 3000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2000ms);
  EXPECT_EQ(check.runs(), 1u);
}

TEST_F(ScriptCheckTest, FlappingScriptFollowsRiseAndFall) {
  // The script alternates up/down on a counter file: 2 successes, 2 failures, repeat.
  const std::string counter = dir.file("n");
  auto s = spec("n=$(cat " + counter + " 2>/dev/null || echo 0); echo $((n+1)) > " + counter +
                "; [ $((n % 4)) -lt 2 ]");
  s.rise = 2;
  s.fall = 2;
  ScriptCheck check(io, runner, s, record());
  check.start();
  ASSERT_TRUE(test::run_until(io, [&] { return check.runs() >= 12 && !check.in_flight(); }));
  // Runs: S S F F S S F F S S F F. Initial counter rise-1: 1st S -> up; 2 F -> down;
  // 2 S -> up; ...
  ASSERT_GE(changes.size(), 5u);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(changes[i], i % 2 == 0 ? TrackStatus::Up : TrackStatus::Down) << i;
  }
  EXPECT_EQ(check.skipped(), 0u);
}

TEST_F(ScriptCheckTest, InitFailStartsDown) {
  auto s = spec("exit 1");
  s.init_fail = true;
  ScriptCheck check(io, runner, s, record());
  EXPECT_EQ(check.status(), TrackStatus::Down);
  check.start();
  ASSERT_TRUE(test::run_until(io, [&] { return check.runs() >= 2 && !check.in_flight(); }));
  EXPECT_TRUE(changes.empty());  // it was already down
}

TEST_F(ScriptCheckTest, HangingScriptTimesOutAsFailureAndIsNotStartedTwice) {
  const std::string starts = dir.file("starts");
  auto s = spec("echo x >> " + starts + "; sleep 1000", 40ms);
  s.timeout = 300ms;
  ScriptCheck check(io, runner, s, record());
  std::vector<RunResult::Outcome> outcomes;
  check.set_result_observer([&](const std::string&, const RunResult& r) { outcomes.push_back(r.outcome); });
  check.start();
  ASSERT_TRUE(test::run_until(io, [&] { return !changes.empty(); }, 5000ms));
  EXPECT_EQ(changes, std::vector<TrackStatus>{TrackStatus::Down});
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0], RunResult::Outcome::TimedOut);
  // ~7 slots passed while the first run hung: all skipped, only one start.
  EXPECT_GE(check.skipped(), 4u);
  EXPECT_EQ(test::read_file(starts), "x\n");
  check.stop();
}

TEST_F(ScriptCheckTest, StopTerminatesRunningCheckWithoutCallback) {
  const std::string pidfile = dir.file("pid");
  ScriptCheck check(io, runner, spec("echo $$ > " + pidfile + "; exec sleep 1000", 10s), record());
  check.start();
  const pid_t pid = test::wait_pid_file(pidfile);
  ASSERT_GT(pid, 0);
  check.stop();
  ASSERT_TRUE(test::run_until(io, [&] { return runner.running() == 0; }));
  EXPECT_TRUE(test::wait_pid_gone(pid));
  EXPECT_TRUE(changes.empty());
}

TEST_F(ScriptCheckTest, CarriedStateSurvivesReload) {
  proto::ScriptStatus carried(1, 3);
  carried.feed(proto::ScriptRun::Success);  // up, counter at rise+fall-1
  ScriptCheck check(io, runner, spec("exit 1"), record(), carried);
  EXPECT_EQ(check.status(), TrackStatus::Up);
  check.start();
  ASSERT_TRUE(test::run_until(io, [&] { return !changes.empty(); }));
  EXPECT_EQ(changes, std::vector<TrackStatus>{TrackStatus::Down});
  EXPECT_EQ(check.runs(), 3u);  // fall 3: the third failure takes it down
}

}  // namespace
}  // namespace vrrp::daemon::exec
