// NotifyHub and ScriptCommands with real child processes (vrrpd/exec): keepalived's argv per
// hook, event order per instance and per group, FIFO lines, and enable_script_security refusing
// an unsafe script with a log line naming the offending path.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "daemon/daemon_fakes.hpp"
#include "exec/exec_test_util.hpp"
#include "vrrpd/notify_hub.hpp"

namespace vrrp::daemon {
namespace {

using exec::NotifyEvent;
using exec::test::read_file;
using exec::test::run_until;
using exec::test::TempDir;

conf::Script script(const std::string& command) {
  conf::Script s;
  s.command = command;
  std::size_t start = 0;
  while (start < command.size()) {
    auto end = command.find(' ', start);
    if (end == std::string::npos) end = command.size();
    s.argv.push_back(command.substr(start, end - start));
    start = end + 1;
  }
  return s;
}

class NotifyHubTest : public ::testing::Test {
 protected:
  NotifyHubTest() {
    log.set_sink([this](LogLevel, std::string_view line) { lines.emplace_back(line); });
    model.global_defs.script_user = "root";
    out = dir.file("out.log");
    // Appends "<hook tag> <args>" to out.log; the tag tells hooks apart.
    hook = dir.script("hook.sh", "echo \"$*\" >> " + out);
  }
  bool logged(std::string_view needle) const {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  }
  std::vector<std::string> out_lines() const {
    std::vector<std::string> v;
    std::istringstream in(read_file(out));
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  }

  TempDir dir;
  std::string out, hook;
  boost::asio::io_context io;
  exec::ScriptRunner runner{io};
  Logger log;
  std::vector<std::string> lines;
  conf::Config model;
  NotifyHub hub{io, runner, log};
};

TEST_F(NotifyHubTest, InstanceHooksRunInOrderWithKeepalivedArgv) {
  auto plan = testing::make_plan("VI_1", 51, 100);
  plan.notifies.notify_master = script(hook + " specific-master");
  plan.notifies.notify_backup = script(hook + " specific-backup");
  plan.notifies.notify = script(hook + " generic");
  const conf::InstancePlan* plans[] = {&plan};
  hub.configure(model, plans, ScriptCommands(model.global_defs, log));
  hub.instance_event(plan, NotifyEvent::Backup, 100);
  hub.instance_event(plan, NotifyEvent::Master, 90);
  hub.instance_event(plan, NotifyEvent::Stop, 90);
  ASSERT_TRUE(run_until(io, [&] { return hub.idle(); }));
  EXPECT_EQ(out_lines(), (std::vector<std::string>{"specific-backup", "generic INSTANCE VI_1 BACKUP 100",
                                                   "specific-master", "generic INSTANCE VI_1 MASTER 90",
                                                   "generic INSTANCE VI_1 STOP 90"}));
}

TEST_F(NotifyHubTest, GroupHooksAndDeletedFallback) {
  auto plan = testing::make_plan("VI_1", 51, 100);
  plan.notifies.notify = script(hook + " i");
  conf::SyncGroup sg;
  sg.name = "SG";
  sg.notifies.notify = script(hook + " g");
  sg.notifies.notify_fault = script(hook + " g-fault");
  model.vrrp_sync_group.push_back(sg);
  const conf::InstancePlan* plans[] = {&plan};
  hub.configure(model, plans, ScriptCommands(model.global_defs, log));
  hub.group_event("SG", NotifyEvent::Fault);
  hub.instance_event(plan, NotifyEvent::Deleted, 100);  // no notify_deleted: reported as FAULT
  ASSERT_TRUE(run_until(io, [&] { return hub.idle(); }));
  auto got = out_lines();
  std::sort(got.begin(), got.end());  // two queues run concurrently
  EXPECT_EQ(got, (std::vector<std::string>{"g GROUP SG FAULT 0", "g-fault", "i INSTANCE VI_1 FAULT 100"}));
}

TEST_F(NotifyHubTest, FifoGetsOneLinePerEvent) {
  const auto fifo = dir.file("notify.fifo");
  model.global_defs.notify_fifo = conf::Fifo{fifo, "", "", {}};
  auto plan = testing::make_plan("VI_1", 51, 100);
  const conf::InstancePlan* plans[] = {&plan};
  hub.configure(model, plans, ScriptCommands(model.global_defs, log));
  ASSERT_TRUE(hub.fifo().is_open());
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  const int rd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(rd, 0);
  hub.instance_event(plan, NotifyEvent::Master, 100);
  hub.group_event("SG", NotifyEvent::Backup);
  char buf[256] = {};
  const auto n = ::read(rd, buf, sizeof buf - 1);
  ::close(rd);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(n)), "INSTANCE \"VI_1\" MASTER 100\nGROUP \"SG\" BACKUP 0\n");
  hub.close_fifos();
  EXPECT_NE(::stat(fifo.c_str(), &st), 0);  // we created it, so it is unlinked
}

TEST_F(NotifyHubTest, ScriptSecurityRefusesAnUnsafeScriptNamingThePath) {
  model.global_defs.enable_script_security = true;
  const auto bad_dir = dir.file("open");
  ::mkdir(bad_dir.c_str(), 0777);
  ::chmod(bad_dir.c_str(), 0777);
  std::ofstream(bad_dir + "/evil.sh") << "#!/bin/sh\necho evil >> " << out << "\n";
  ::chmod((bad_dir + "/evil.sh").c_str(), 0755);
  auto plan = testing::make_plan("VI_1", 51, 100);
  plan.notifies.notify_master = script(bad_dir + "/evil.sh");
  plan.notifies.notify_backup = script(hook + " safe");
  const conf::InstancePlan* plans[] = {&plan};
  hub.configure(model, plans, ScriptCommands(model.global_defs, log));
  EXPECT_TRUE(logged("VRRP_Instance(VI_1) notify_master: unsafe script " + bad_dir + "/evil.sh: " + bad_dir +
                     " is world-writable (mode 0777) - script disabled"))
      << (lines.empty() ? "" : lines.back());
  hub.instance_event(plan, NotifyEvent::Master, 100);
  hub.instance_event(plan, NotifyEvent::Backup, 100);
  ASSERT_TRUE(run_until(io, [&] { return hub.idle(); }));
  EXPECT_EQ(out_lines(), (std::vector<std::string>{"safe"}));
}

TEST(ScriptCommands, IdentityAndSecurityDefaults) {
  Logger log;
  std::vector<std::string> lines;
  log.set_sink([&](LogLevel, std::string_view line) { lines.emplace_back(line); });
  conf::GlobalDefs g;
  g.script_user = "nobody";
  const ScriptCommands with_default(g, log);
  const auto cmd = with_default.command(script("/bin/true"), "t");
  ASSERT_TRUE(cmd.has_value());
  ASSERT_TRUE(cmd->run_as.uid.has_value());
  EXPECT_NE(*cmd->run_as.uid, 0u);  // script_user applies to scripts without a user
  auto own = script("/bin/true");
  own.user = "root";
  EXPECT_EQ(with_default.command(own, "t")->run_as.uid, std::optional<uid_t>(0));
  auto unknown = script("/bin/true");
  unknown.user = "no-such-user-vrrpd";
  EXPECT_FALSE(with_default.command(unknown, "t").has_value());
  EXPECT_NE(lines.back().find("unknown user no-such-user-vrrpd"), std::string::npos) << lines.back();
  // Security on: root-owned /bin/true is safe even as root; a missing file is refused.
  g.script_user = "root";
  g.enable_script_security = true;
  const ScriptCommands secure(g, log);
  EXPECT_TRUE(secure.command(script("/bin/true"), "t").has_value());
  EXPECT_FALSE(secure.command(script("/nonexistent/x.sh"), "t").has_value());
  EXPECT_NE(lines.back().find("/nonexistent"), std::string::npos) << lines.back();
  // Security on, no script_user and no keepalived_script user: scripts without a user of their
  // own would run as the daemon (root) and are refused (keepalived-surface.md §4.4).
  if (!::getpwnam("keepalived_script")) {
    g.script_user.clear();
    const ScriptCommands no_default(g, log);
    EXPECT_FALSE(no_default.command(script("/bin/true"), "t").has_value());
    EXPECT_NE(lines.back().find("refusing to run /bin/true as root"), std::string::npos) << lines.back();
    EXPECT_TRUE(no_default.command(own, "t").has_value());  // an explicit user is fine
  }
}

}  // namespace
}  // namespace vrrp::daemon
