// NotifyQueue: keepalived's notify argv, per-instance ordering with slow and hung hooks,
// bounded queue with counted drops, and the loop staying responsive while hooks run.
#include "vrrpd/exec/notify_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <vector>

#include "exec/exec_test_util.hpp"

namespace vrrp::daemon::exec {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

std::vector<std::string> argv_of(const HookCall& c) { return c.command.argv; }

TEST(HookCalls, SpecificThenGenericWithKeepalivedArguments) {
  NotifyHooks hooks;
  hooks.master = Command{{"/etc/k/master.sh", "x y"}, {}};
  hooks.notify = Command{{"/etc/k/notify.sh", "--opt"}, {}};
  const auto calls = hook_calls(NotifyScope::Instance, "VI_1", hooks, NotifyEvent::Master, 150);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].hook, "notify_master");
  EXPECT_EQ(argv_of(calls[0]), (std::vector<std::string>{"/etc/k/master.sh", "x y"}));
  EXPECT_EQ(calls[1].hook, "notify");
  EXPECT_EQ(argv_of(calls[1]), (std::vector<std::string>{"/etc/k/notify.sh", "--opt", "INSTANCE",
                                                         "VI_1", "MASTER", "150"}));
}

TEST(HookCalls, GroupPriorityIsAlwaysZero) {
  NotifyHooks hooks;
  hooks.notify = Command{{"/n"}, {}};
  hooks.backup = Command{{"/b"}, {}};
  const auto calls = hook_calls(NotifyScope::Group, "SG1", hooks, NotifyEvent::Backup, 100);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(argv_of(calls[0]), std::vector<std::string>{"/b"});
  EXPECT_EQ(argv_of(calls[1]), (std::vector<std::string>{"/n", "GROUP", "SG1", "BACKUP", "0"}));
}

TEST(HookCalls, EachStateUsesItsOwnHook) {
  NotifyHooks hooks;
  hooks.master = Command{{"/m"}, {}};
  hooks.backup = Command{{"/b"}, {}};
  hooks.fault = Command{{"/f"}, {}};
  hooks.stop = Command{{"/s"}, {}};
  hooks.master_rx_lower_pri = Command{{"/rx", "a"}, {}};
  hooks.notify = Command{{"/n"}, {}};
  const std::pair<NotifyEvent, std::string> cases[] = {
      {NotifyEvent::Master, "/m"}, {NotifyEvent::Backup, "/b"}, {NotifyEvent::Fault, "/f"},
      {NotifyEvent::Stop, "/s"}};
  for (const auto& [event, program] : cases) {
    const auto calls = hook_calls(NotifyScope::Instance, "V", hooks, event, 7);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].command.argv, std::vector<std::string>{program});
    EXPECT_EQ(calls[1].command.argv, (std::vector<std::string>{"/n", "INSTANCE", "V",
                                                               std::string(to_word(event)), "7"}));
  }
  // Not a state: only its own hook, the generic notify does not run.
  const auto rx = hook_calls(NotifyScope::Instance, "V", hooks, NotifyEvent::MasterRxLowerPri, 7);
  ASSERT_EQ(rx.size(), 1u);
  EXPECT_EQ(rx[0].hook, "notify_master_rx_lower_pri");
  EXPECT_EQ(rx[0].command.argv, (std::vector<std::string>{"/rx", "a"}));
  EXPECT_TRUE(hook_calls(NotifyScope::Instance, "V", hooks, NotifyEvent::MasterPriority, 7).empty());
}

TEST(HookCalls, DeletedReportsFaultUnlessNotifyDeleted) {
  NotifyHooks hooks;
  hooks.fault = Command{{"/f"}, {}};
  hooks.notify = Command{{"/n"}, {}};
  EXPECT_EQ(resolve_event(hooks, NotifyEvent::Deleted), NotifyEvent::Fault);
  hooks.notify_deleted = true;
  EXPECT_EQ(resolve_event(hooks, NotifyEvent::Deleted), NotifyEvent::Deleted);
  const auto calls = hook_calls(NotifyScope::Instance, "V", hooks, NotifyEvent::Deleted, 0);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].command.argv, (std::vector<std::string>{"/n", "INSTANCE", "V", "DELETED", "0"}));
}

struct NotifyQueueTest : ::testing::Test {
  boost::asio::io_context io;
  ScriptRunner runner{io};
  TempDir dir;
  std::string log = dir.file("log");

  /// A hook that appends "<tag> <args...>" to the log, sleeping `sleep` first.
  Command hook(const std::string& tag, const std::string& sleep = "0") {
    return Command{{dir.script("hook-" + tag, "sleep " + sleep + "; echo \"" + tag + " $*\" >> " + log)}, {}};
  }
};

TEST_F(NotifyQueueTest, RunsHooksWithExactArguments) {
  NotifyHooks hooks;
  hooks.master = hook("master");
  hooks.notify = hook("notify");
  hooks.notify->argv.push_back("with space");
  NotifyQueue q(runner, NotifyScope::Instance, "VI_1", hooks);
  EXPECT_EQ(q.post(NotifyEvent::Master, 200), NotifyEvent::Master);
  ASSERT_TRUE(test::run_until(io, [&] { return q.idle(); }));
  EXPECT_EQ(test::read_file(log), "master \nnotify with space INSTANCE VI_1 MASTER 200\n");
  EXPECT_EQ(q.completed(), 2u);
}

TEST_F(NotifyQueueTest, TransitionsRunInOrderEvenWhenTheFirstIsSlow) {
  NotifyHooks hooks;
  hooks.backup = hook("backup", "0.3");  // A is slow
  hooks.master = hook("master");
  hooks.fault = hook("fault");
  hooks.notify = hook("notify");
  NotifyQueue q(runner, NotifyScope::Instance, "V", hooks);
  std::vector<std::uint64_t> sequences;
  q.set_observer([&](const HookReport& r) {
    sequences.push_back(r.sequence);
    EXPECT_TRUE(r.result.success()) << r.result.describe();
  });
  q.post(NotifyEvent::Backup, 100);
  q.post(NotifyEvent::Master, 100);
  q.post(NotifyEvent::Fault, 0);
  EXPECT_EQ(q.waiting(), 2u);
  ASSERT_TRUE(test::run_until(io, [&] { return q.idle(); }));
  EXPECT_EQ(test::read_file(log),
            "backup \nnotify INSTANCE V BACKUP 100\n"
            "master \nnotify INSTANCE V MASTER 100\n"
            "fault \nnotify INSTANCE V FAULT 0\n");
  EXPECT_EQ(sequences, (std::vector<std::uint64_t>{1, 1, 2, 2, 3, 3}));
}

TEST_F(NotifyQueueTest, HungHookIsKilledAtTimeoutAndTheNextRuns) {
  NotifyHooks hooks;
  hooks.backup = hook("backup", "60");
  hooks.master = hook("master");
  HookPolicy policy;
  policy.timeout = 200ms;
  policy.kill_grace = 200ms;
  NotifyQueue q(runner, NotifyScope::Instance, "V", hooks, policy);
  std::vector<RunResult::Outcome> outcomes;
  q.set_observer([&](const HookReport& r) { outcomes.push_back(r.result.outcome); });
  q.post(NotifyEvent::Backup, 100);
  q.post(NotifyEvent::Master, 100);
  ASSERT_TRUE(test::run_until(io, [&] { return q.idle(); }, 5000ms));
  EXPECT_EQ(outcomes, (std::vector<RunResult::Outcome>{RunResult::Outcome::TimedOut,
                                                       RunResult::Outcome::Exited}));
  EXPECT_EQ(test::read_file(log), "master \n");
}

TEST_F(NotifyQueueTest, OverflowDropsOldestWaitingEventAndCountsIt) {
  NotifyHooks hooks;
  hooks.notify = hook("notify", "0.2");
  HookPolicy policy;
  policy.max_queued = 2;
  NotifyQueue q(runner, NotifyScope::Instance, "V", hooks, policy);
  q.post(NotifyEvent::Backup, 1);  // running
  q.post(NotifyEvent::Master, 2);  // dropped (oldest waiting)
  q.post(NotifyEvent::Fault, 3);   // dropped
  q.post(NotifyEvent::Backup, 4);
  q.post(NotifyEvent::Master, 5);
  EXPECT_EQ(q.dropped(), 2u);
  EXPECT_EQ(q.waiting(), 2u);
  ASSERT_TRUE(test::run_until(io, [&] { return q.idle(); }));
  EXPECT_EQ(test::read_file(log),
            "notify INSTANCE V BACKUP 1\nnotify INSTANCE V BACKUP 4\nnotify INSTANCE V MASTER 5\n");
}

TEST_F(NotifyQueueTest, QueuesAreIndependentPerInstance) {
  NotifyHooks slow;
  slow.master = hook("slow", "0.5");
  NotifyHooks fast;
  fast.master = hook("fast");
  NotifyQueue a(runner, NotifyScope::Instance, "A", slow);
  NotifyQueue b(runner, NotifyScope::Instance, "B", fast);
  a.post(NotifyEvent::Master, 1);
  b.post(NotifyEvent::Master, 1);
  ASSERT_TRUE(test::run_until(io, [&] { return a.idle() && b.idle(); }));
  EXPECT_EQ(test::read_file(log), "fast \nslow \n");
}

TEST_F(NotifyQueueTest, NoHooksConfiguredQueuesNothing) {
  NotifyQueue q(runner, NotifyScope::Group, "G", {});
  q.post(NotifyEvent::Master, 0);
  EXPECT_TRUE(q.idle());
  EXPECT_EQ(runner.running(), 0u);
}

// The loop must stay responsive while hooks hang and others are spawned: a 10 ms periodic
// timer's lateness is measured over ~1.5 s of hook activity.
TEST_F(NotifyQueueTest, HangingHooksDoNotDelayTheLoop) {
  NotifyHooks hanging;
  hanging.master = hook("hang", "60");
  HookPolicy policy;
  policy.timeout = 60s;
  std::vector<std::unique_ptr<NotifyQueue>> queues;
  for (int i = 0; i < 4; ++i) {
    queues.push_back(std::make_unique<NotifyQueue>(runner, NotifyScope::Instance,
                                                   "H" + std::to_string(i), hanging, policy));
  }
  NotifyHooks quick;
  quick.notify = hook("quick");
  NotifyQueue churn(runner, NotifyScope::Instance, "Q", quick);

  boost::asio::steady_timer timer(io);
  auto next = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration worst{};
  int ticks = 0;
  std::function<void()> arm = [&] {
    next += 10ms;
    timer.expires_at(next);
    timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      worst = std::max(worst, std::chrono::steady_clock::now() - next);
      ++ticks;
      if (ticks % 5 == 0) {
        // Start more work from inside the loop: hangs and a stream of quick hooks.
        queues[static_cast<std::size_t>(ticks / 5) % queues.size()]->post(NotifyEvent::Master, 1);
        churn.post(ticks % 10 ? NotifyEvent::Backup : NotifyEvent::Master, 1);
      }
      if (ticks < 150) arm();
    });
  };
  arm();
  ASSERT_TRUE(test::run_until(io, [&] { return ticks >= 150; }, 10000ms));
  const auto worst_ms = std::chrono::duration<double, std::milli>(worst).count();
  std::printf("max lateness of a 10 ms timer while hooks run: %.3f ms (hooks started %llu)\n",
              worst_ms, static_cast<unsigned long long>(runner.started()));
  RecordProperty("max_lateness_us", static_cast<int>(worst_ms * 1000));
  EXPECT_LT(worst, 50ms);
  EXPECT_GE(runner.running(), 4u);  // the hung hooks are really still there
}

}  // namespace
}  // namespace vrrp::daemon::exec
