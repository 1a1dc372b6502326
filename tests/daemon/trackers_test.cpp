// Trackers on a real loop: vrrp_script checks through exec::ScriptCheck, track_interface
// weight/FAULT, track_file values read at start and on change (inotify), track_process counts
// from a fake /proc, and the scan cost on the real /proc.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "daemon/daemon_fakes.hpp"
#include "exec/exec_test_util.hpp"
#include "vrrpd/trackers.hpp"

namespace vrrp::daemon {
namespace {

using exec::test::run_until;
using exec::test::TempDir;

class TrackersTest : public ::testing::Test {
 protected:
  TrackersTest() {
    log.set_sink([this](LogLevel, std::string_view line) { lines.emplace_back(line); });
    model.global_defs.script_user = "root";
    plan = testing::make_plan("VI_1", 51, 100);
  }
  void configure(bool startup = true) {
    const conf::InstancePlan* plans[] = {&plan};
    trackers.configure(model, plans, ScriptCommands(model.global_defs, log), startup);
  }
  proto::TrackingOutcome outcome() const { return trackers.outcome(plan); }

  TempDir dir;
  boost::asio::io_context io;
  exec::ScriptRunner runner{io};
  Logger log;
  std::vector<std::string> lines;
  conf::Config model;
  conf::InstancePlan plan;
  int changes = 0;
  Trackers trackers{io, runner, log, [this] { ++changes; },
                    Trackers::Options{dir.path() + "/proc", std::chrono::milliseconds(20)}};
};

TEST_F(TrackersTest, InterfaceWeightAndZeroWeightFault) {
  plan.track_interface = {{"eth1", 10, false}, {"eth2", 0, false}};
  configure();
  ASSERT_EQ(trackers.interfaces(), (std::vector<std::string>{"eth1", "eth2"}));
  EXPECT_TRUE(outcome().pending);  // not queried yet: a silent hold
  trackers.set_interface("eth1", true);
  trackers.set_interface("eth2", true);
  EXPECT_EQ(outcome(), (proto::TrackingOutcome{110, false, false, false}));
  EXPECT_EQ(changes, 2);
  trackers.set_interface("eth1", false);
  EXPECT_EQ(outcome().priority, 100);
  trackers.set_interface("eth2", false);
  EXPECT_TRUE(outcome().tracker_fault);
  EXPECT_FALSE(outcome().pending);
  trackers.set_interface("eth2", false);  // no change, no callback
  trackers.set_interface("eth9", false);  // untracked
  EXPECT_EQ(changes, 4);
}

TEST_F(TrackersTest, ScriptCheckResultsMovePriority) {
  conf::VrrpScript s;
  s.name = "chk";
  conf::Script sc;
  const auto flag = dir.file("ok");
  sc.argv = {dir.script("chk.sh", "test -e " + flag)};
  sc.command = sc.argv[0];
  s.script = sc;
  s.interval = std::chrono::milliseconds(50);
  model.vrrp_script.push_back(s);
  plan.track_script = {{"chk", -20, false}};
  configure();
  ASSERT_EQ(trackers.scripts(), 1u);
  ASSERT_TRUE(run_until(io, [&] { return changes >= 1; }));
  EXPECT_EQ(outcome().priority, 80);  // failed: -20
  std::ofstream(flag) << "1";
  ASSERT_TRUE(run_until(io, [&] { return changes >= 2; }));
  EXPECT_EQ(outcome().priority, 100);
  // Reload with the same command keeps the result (no new callback needed to know it).
  configure(false);
  EXPECT_EQ(outcome().priority, 100);
}

TEST_F(TrackersTest, RefusedScriptIsDroppedFromTheInstance) {
  model.global_defs.enable_script_security = true;
  const auto ww = dir.file("ww");
  std::filesystem::create_directory(ww);
  std::filesystem::permissions(ww, std::filesystem::perms::all);
  std::ofstream(ww + "/chk.sh") << "#!/bin/sh\nexit 1\n";
  std::filesystem::permissions(ww + "/chk.sh", std::filesystem::perms(0755));
  conf::VrrpScript s;
  s.name = "bad";
  conf::Script sc;
  sc.argv = {ww + "/chk.sh"};
  sc.command = sc.argv[0];
  s.script = sc;
  model.vrrp_script.push_back(s);
  plan.track_script = {{"bad", 0, false}};
  auto other = plan;
  const conf::InstancePlan* plans[] = {&plan, &other};
  trackers.configure(model, plans, ScriptCommands(model.global_defs, log), true);
  EXPECT_EQ(trackers.scripts(), 0u);
  // Weight 0 would hold FAULT (pending) forever; dropped, it has no effect at all.
  EXPECT_EQ(outcome(), (proto::TrackingOutcome{100, false, false, false}));
  const auto refusals = std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
    return l.find("VRRP_Script(bad): unsafe script " + ww + "/chk.sh: " + ww + " is world-writable") != std::string::npos;
  });
  EXPECT_EQ(refusals, 1);  // once, though two instances track it
}

TEST_F(TrackersTest, TrackFileReadAtStartAndOnChange) {
  const auto path = dir.file("weight");
  conf::TrackFile f;
  f.name = "tf";
  f.file = path;
  f.weight = 2;
  f.init_file = 5;
  model.track_file.push_back(f);
  plan.track_file = {{"tf", 2, false}};
  configure();
  EXPECT_EQ(exec::test::read_file(path), "5\n");  // init_file wrote it at startup
  EXPECT_EQ(outcome().priority, 110);
  // Replaced by rename, the usual atomic update.
  std::ofstream(dir.file("tmp")) << "-3\n";
  std::filesystem::rename(dir.file("tmp"), path);
  ASSERT_TRUE(run_until(io, [&] { return changes >= 1; }, std::chrono::milliseconds(3000)));
  EXPECT_EQ(outcome().priority, 94);
  // Rewritten in place.
  std::ofstream(path) << "-200\n";
  ASSERT_TRUE(run_until(io, [&] { return changes >= 2; }, std::chrono::milliseconds(3000)));
  EXPECT_TRUE(outcome().tracker_fault);  // -400 is below -253
  // Not re-initialised on reload.
  configure(false);
  EXPECT_EQ(exec::test::read_file(path), "-200\n");
}

TEST_F(TrackersTest, TrackProcessCountsFromProc) {
  const auto proc = dir.path() + "/proc";
  auto add_proc = [&](int pid, const std::string& comm, const std::string& cmdline) {
    const auto d = proc + "/" + std::to_string(pid);
    std::filesystem::create_directories(d);
    std::ofstream(d + "/comm") << comm << "\n";
    std::ofstream(d + "/cmdline") << cmdline;
  };
  add_proc(10, "nginx", std::string("/usr/sbin/nginx\0-g\0daemon off;\0", 31));
  conf::TrackProcess p;
  p.name = "web";
  p.process = "nginx";
  p.quorum = 2;
  model.track_process.push_back(p);
  plan.track_process = {{"web", 0, false}};
  configure();
  EXPECT_TRUE(outcome().tracker_fault);  // 1 < quorum 2
  add_proc(11, "nginx", std::string("nginx\0", 6));
  ASSERT_TRUE(run_until(io, [&] { return changes >= 2; }, std::chrono::milliseconds(3000)));
  EXPECT_FALSE(outcome().tracker_fault);
}

TEST(ProcessScan, MatchModes) {
  ProcessPattern by_comm{"nginx", {}, "", false};
  EXPECT_TRUE(process_matches(by_comm, "nginx", {}));
  EXPECT_FALSE(process_matches(by_comm, "nginx2", {}));
  ProcessPattern long_name{"averyveryverylongname", {}, "", false};
  EXPECT_TRUE(process_matches(long_name, "averyveryverylo", {}));  // comm is 15 characters
  ProcessPattern exact{"/usr/bin/app", {"-a", "-b"}, "", false};
  EXPECT_TRUE(process_matches(exact, "app", {"/usr/bin/app", "-a", "-b"}));
  EXPECT_FALSE(process_matches(exact, "app", {"/usr/bin/app", "-a", "-b", "-c"}));
  ProcessPattern initial{"app", {"-a"}, "initial", false};
  EXPECT_TRUE(process_matches(initial, "app", {"app", "-a", "-b"}));
  EXPECT_FALSE(process_matches(initial, "app", {"app", "-b", "-a"}));
  ProcessPattern partial{"app", {"-b", "-c"}, "partial", false};
  EXPECT_TRUE(process_matches(partial, "app", {"app", "-a", "-b", "-c"}));
  EXPECT_FALSE(process_matches(partial, "app", {"app", "-b", "-a", "-c"}));
  ProcessPattern full{"/opt/x/run", {}, "", true};
  EXPECT_TRUE(process_matches(full, "run", {"/opt/x/run", "z"}));
  EXPECT_FALSE(process_matches(full, "run", {"/usr/x/run"}));
  EXPECT_FALSE(process_matches(full, "run", {}));  // kernel thread: no cmdline
}

TEST(ProcessScan, RealProcFindsOurselvesAndReportsCost) {
  std::string comm;
  std::ifstream("/proc/self/comm") >> comm;
  const std::vector<ProcessPattern> patterns{{comm, {}, "", false}, {"no-such-process-x", {}, "", false}};
  const auto t0 = std::chrono::steady_clock::now();
  const auto counts = count_processes(patterns);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  EXPECT_GE(counts[0], 1u);
  EXPECT_EQ(counts[1], 0u);
  std::size_t procs = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    procs += std::isdigit(static_cast<unsigned char>(e.path().filename().string()[0])) ? 1 : 0;
  }
  std::printf("track_process scan: %zu processes in %lld us\n", procs, static_cast<long long>(us.count()));
}

}  // namespace
}  // namespace vrrp::daemon
