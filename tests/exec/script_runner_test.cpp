// ScriptRunner: exit codes, signals, argv passed verbatim, captured output, timeouts that kill
// the whole process group, run-as user, spawn failures.
#include "vrrpd/exec/script_runner.hpp"

#include <gtest/gtest.h>
#include <pwd.h>

#include <optional>

#include "exec/exec_test_util.hpp"

namespace vrrp::daemon::exec {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

struct ScriptRunnerTest : ::testing::Test {
  boost::asio::io_context io;
  ScriptRunner runner{io};
  TempDir dir;

  RunResult run_sync(const Command& cmd, RunOptions opts = {}) {
    std::optional<RunResult> got;
    runner.run(cmd, opts, [&](const RunResult& r) { got = r; });
    EXPECT_TRUE(test::run_until(io, [&] { return got.has_value(); }));
    return got.value_or(RunResult{});
  }
};

TEST_F(ScriptRunnerTest, SuccessAndExitCode) {
  const auto ok = run_sync({{"/bin/true"}, {}});
  EXPECT_EQ(ok.outcome, RunResult::Outcome::Exited);
  EXPECT_TRUE(ok.success());
  const auto bad = run_sync({{dir.script("f", "exit 3")}, {}});
  EXPECT_EQ(bad.outcome, RunResult::Outcome::Exited);
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_FALSE(bad.success());
  EXPECT_EQ(bad.describe(), "exited with status 3");
  EXPECT_EQ(runner.running(), 0u);
}

TEST_F(ScriptRunnerTest, HandlerNeverCalledInsideRun) {
  bool called = false;
  runner.run({{"/nonexistent/x"}, {}}, {}, [&](const RunResult&) { called = true; });
  EXPECT_FALSE(called);
  runner.run({{"/bin/true"}, {}}, {}, [&](const RunResult&) { called = true; });
  EXPECT_FALSE(called);
  EXPECT_TRUE(test::run_until(io, [&] { return called && runner.running() == 0; }));
}

TEST_F(ScriptRunnerTest, ArgvPassedVerbatimWithoutShell) {
  const std::string out = dir.file("args");
  const auto s = dir.script("a", "for a in \"$@\"; do printf '[%s]' \"$a\"; done > " + out);
  const auto r = run_sync({{s, "a b", "$HOME", "'q'", "", "*"}, {}});
  EXPECT_TRUE(r.success());
  EXPECT_EQ(test::read_file(out), "[a b][$HOME]['q'][][*]");
}

TEST_F(ScriptRunnerTest, BareNameResolvedThroughPath) {
  ScriptRunner r2{io, dir.path() + ":/usr/bin:/bin"};
  dir.script("mycheck", "exit 7");
  std::optional<RunResult> got;
  r2.run({{"mycheck"}, {}}, {}, [&](const RunResult& r) { got = r; });
  ASSERT_TRUE(test::run_until(io, [&] { return got.has_value(); }));
  EXPECT_EQ(got->exit_code, 7);
  got.reset();
  r2.run({{"no-such-command-vrrp"}, {}}, {}, [&](const RunResult& r) { got = r; });
  ASSERT_TRUE(test::run_until(io, [&] { return got.has_value(); }));
  EXPECT_EQ(got->outcome, RunResult::Outcome::SpawnFailed);
  EXPECT_EQ(got->spawn_stage, "resolve");
}

TEST_F(ScriptRunnerTest, ScriptWithoutInterpreterLineRunsWithShell) {
  const std::string p = dir.file("noshebang");
  std::ofstream(p) << "exit 5\n";
  ::chmod(p.c_str(), 0755);
  EXPECT_EQ(run_sync({{p}, {}}).exit_code, 5);
}

TEST_F(ScriptRunnerTest, SpawnFailureReported) {
  const std::string p = dir.file("notexec");
  std::ofstream(p) << "#!/bin/sh\nexit 0\n";
  ::chmod(p.c_str(), 0644);
  const auto r = run_sync({{p}, {}});
  EXPECT_EQ(r.outcome, RunResult::Outcome::SpawnFailed);
  EXPECT_EQ(r.spawn_stage, "execve");
  EXPECT_EQ(r.spawn_error, EACCES);
  EXPECT_EQ(runner.spawn_failures(), 1u);
}

TEST_F(ScriptRunnerTest, CapturesBoundedOutput) {
  RunOptions opts;
  opts.output = Output::Capture;
  opts.capture_limit = 10;
  const auto r = run_sync({{dir.script("o", "echo hello; echo world >&2; head -c 100000 /dev/zero")}, {}},
                          opts);
  EXPECT_TRUE(r.success());
  EXPECT_EQ(r.output, "hello\nworl");
  EXPECT_EQ(r.output_dropped, 2u + 100000u);
}

TEST_F(ScriptRunnerTest, StdinIsDevNullAndOutputDiscardedByDefault) {
  const std::string out = dir.file("stdin");
  const auto r = run_sync({{dir.script("i", "cat > " + out + "; echo noise")}, {}});
  EXPECT_TRUE(r.success());
  EXPECT_EQ(test::read_file(out), "");
  EXPECT_EQ(r.output, "");
}

TEST_F(ScriptRunnerTest, OwnProcessGroupAndDefaultSignals) {
  const std::string out = dir.file("pg");
  ::signal(SIGPIPE, SIG_IGN);  // the daemon ignores it; scripts must not inherit that
  const auto r = run_sync({{dir.script("p", "ps -o pid=,pgid= -p $$ > " + out +
                                               "; grep SigIgn /proc/$$/status >> " + out)},
                           {}});
  ::signal(SIGPIPE, SIG_DFL);
  ASSERT_TRUE(r.success());
  std::istringstream in(test::read_file(out));
  long pid = 0;
  long pgid = 0;
  std::string label;
  std::string ignored;
  in >> pid >> pgid >> label >> ignored;
  EXPECT_EQ(pid, r.pid);
  EXPECT_EQ(pgid, r.pid);
  EXPECT_EQ(ignored, "0000000000000000");
}

TEST_F(ScriptRunnerTest, TimeoutKillsWholeProcessGroup) {
  // The helper ignores SIGTERM, so only the group SIGKILL after the leader died removes it.
  const std::string pidfile = dir.file("grandchild");
  const auto s = dir.script("hang", "sh -c 'trap \"\" TERM; echo $$ > " + pidfile +
                                        "; sleep 1000' &\nsleep 1000");
  RunOptions opts;
  opts.timeout = 200ms;
  std::optional<RunResult> got;
  const auto start = std::chrono::steady_clock::now();
  runner.run({{s}, {}}, opts, [&](const RunResult& r) { got = r; });
  const pid_t grandchild = test::wait_pid_file(pidfile);
  ASSERT_GT(grandchild, 0);
  ASSERT_TRUE(test::run_until(io, [&] { return got.has_value(); }));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(got->outcome, RunResult::Outcome::TimedOut);
  EXPECT_EQ(got->signal, SIGTERM);  // the leader itself obeyed SIGTERM
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 1500ms);  // well before the 2 s grace: leader death triggers the group kill
  EXPECT_TRUE(test::wait_pid_gone(grandchild));
  EXPECT_TRUE(test::pid_gone(got->pid));
  EXPECT_EQ(runner.timeouts(), 1u);
}

TEST_F(ScriptRunnerTest, TimeoutEscalatesToSigkillAfterGrace) {
  const std::string ready = dir.file("ready");
  const auto s = dir.script("stubborn", "trap '' TERM; echo $$ > " + ready + "; while :; do sleep 0.05; done");
  RunOptions opts;
  opts.timeout = 100ms;
  opts.kill_grace = 300ms;
  std::optional<RunResult> got;
  runner.run({{s}, {}}, opts, [&](const RunResult& r) { got = r; });
  ASSERT_GT(test::wait_pid_file(ready), 0);
  ASSERT_TRUE(test::run_until(io, [&] { return got.has_value(); }));
  EXPECT_EQ(got->outcome, RunResult::Outcome::TimedOut);
  EXPECT_EQ(got->signal, SIGKILL);
  EXPECT_GE(got->elapsed, 400ms);
  EXPECT_LT(got->elapsed, 2000ms);
}

TEST_F(ScriptRunnerTest, TerminateStopsRun) {
  std::optional<RunResult> got;
  const auto id = runner.run({{"/bin/sleep", "1000"}, {}}, {}, [&](const RunResult& r) { got = r; });
  EXPECT_TRUE(runner.running(id));
  runner.terminate(id);
  ASSERT_TRUE(test::run_until(io, [&] { return got.has_value(); }));
  EXPECT_EQ(got->outcome, RunResult::Outcome::Signaled);
  EXPECT_EQ(got->signal, SIGTERM);
  EXPECT_FALSE(runner.running(id));
}

TEST_F(ScriptRunnerTest, DestructorKillsRunningGroups) {
  pid_t pid = -1;
  {
    ScriptRunner local{io};
    local.run({{"/bin/sleep", "1000"}, {}}, {}, [](const RunResult&) { ADD_FAILURE(); });
    io.restart();
    io.poll();
    ASSERT_EQ(local.running(), 1u);
    // Find the child: it is the only sleep in its own group whose parent is us.
    const std::string cmd = "pgrep -P " + std::to_string(::getpid()) + " -x sleep";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    if (std::fscanf(p, "%d", &pid) != 1) pid = -1;
    ::pclose(p);
    ASSERT_GT(pid, 0);
  }
  EXPECT_TRUE(test::pid_gone(pid));
  io.restart();
  io.poll();  // the aborted waits must not call the handler
}

// A daemon started with stdio closed: our /dev/null and pipe land on fds 0..2 and must not be
// clobbered by the child's stdio setup.
TEST(ScriptRunnerStdio, WorksWithStdioClosed) {
  EXPECT_EXIT(
      {
        ::close(0);
        ::close(1);
        ::close(2);
        boost::asio::io_context io;
        ScriptRunner runner{io};
        RunOptions opts;
        opts.output = Output::Capture;
        std::optional<RunResult> got;
        runner.run({{"/bin/sh", "-c", "echo hi; cat"}, {}}, opts, [&](const RunResult& r) { got = r; });
        test::run_until(io, [&] { return got.has_value(); });
        std::_Exit(got && got->success() && got->output == "hi\n" ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

// clone(CLONE_VM|CLONE_VFORK): the loop is suspended only until the child execs, not for a
// copy of the parent's page tables. Generous bound; the figure is printed.
TEST_F(ScriptRunnerTest, StartingAChildIsCheap) {
  constexpr int kRuns = 100;
  std::chrono::steady_clock::duration worst{};
  std::chrono::steady_clock::duration total{};
  int done = 0;
  for (int i = 0; i < kRuns; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    runner.run({{"/bin/true"}, {}}, {}, [&](const RunResult& r) {
      EXPECT_TRUE(r.success());
      ++done;
    });
    const auto took = std::chrono::steady_clock::now() - t0;
    worst = std::max(worst, took);
    total += took;
  }
  ASSERT_TRUE(test::run_until(io, [&] { return done == kRuns; }));
  const auto us = [](auto d) { return std::chrono::duration<double, std::micro>(d).count(); };
  std::printf("run() call: mean %.1f us, max %.1f us over %d spawns\n", us(total) / kRuns,
              us(worst), kRuns);
  EXPECT_LT(total / kRuns, 20ms);
  EXPECT_LT(worst, 100ms);  // a loaded 2-core VM; a fork of a large heap would be the risk
}

TEST_F(ScriptRunnerTest, RunsAsAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  RunOptions opts;
  opts.output = Output::Capture;
  Command cmd{{"/usr/bin/id"}, {}};
  cmd.run_as.uid = nobody->pw_uid;
  cmd.run_as.gid = nobody->pw_gid;
  const auto r = run_sync(cmd, opts);
  ASSERT_TRUE(r.success()) << r.describe();
  const std::string uid = std::to_string(nobody->pw_uid);
  const std::string gid = std::to_string(nobody->pw_gid);
  EXPECT_EQ(r.output.rfind("uid=" + uid + "(", 0), 0u) << r.output;
  EXPECT_NE(r.output.find(" gid=" + gid + "("), std::string::npos) << r.output;
  // Supplementary groups were cleared: only the primary group is listed.
  EXPECT_NE(r.output.find(" groups=" + gid + "("), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find(",", r.output.find("groups=")), std::string::npos) << r.output;
}

}  // namespace
}  // namespace vrrp::daemon::exec
