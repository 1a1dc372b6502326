// keepalived's command line (keepalived-surface.md §3) through vrrpd's parse_cli().
#include <gtest/gtest.h>
#include <signal.h>
#include <syslog.h>

#include <initializer_list>
#include <vector>

#include "vrrpd/cli.hpp"

namespace vrrp::daemon {
namespace {

CliOutcome parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"vrrpd"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_cli(argv);
}

TEST(Cli, DefaultsMatchKeepalivedPaths) {
  const auto o = parse({});
  ASSERT_TRUE(o.options);
  EXPECT_EQ(o.options->config_file, "/etc/keepalived/keepalived.conf");
  EXPECT_EQ(o.options->pid_file, "/run/vrrpd.pid");
  EXPECT_TRUE(o.options->vrrp_pid_file.empty());
  EXPECT_FALSE(o.options->dont_fork);
  EXPECT_EQ(o.options->log_detail, 0);
}

TEST(Cli, NetnsTestCommandLine) {
  const auto o = parse({"-n", "-l", "-D", "-f", "/tmp/x.conf", "-p", "/tmp/x.pid"});
  ASSERT_TRUE(o.options);
  EXPECT_TRUE(o.options->dont_fork);
  EXPECT_TRUE(o.options->log_console);
  EXPECT_EQ(o.options->log_detail, 1);
  EXPECT_EQ(o.options->config_file, "/tmp/x.conf");
  EXPECT_EQ(o.options->pid_file, "/tmp/x.pid");
  EXPECT_TRUE(o.options->warnings.empty());
}

TEST(Cli, LongFormsStickyShortsAndRepeatedDetail) {
  const auto o = parse({"--use-file=/a.conf", "-nlDD", "--pid", "/p", "--vrrp_pid=/v", "-P",
                        "--config-id", "lb1", "--strict", "-V"});
  ASSERT_TRUE(o.options) << o.stderr_text;
  EXPECT_EQ(o.options->config_file, "/a.conf");
  EXPECT_EQ(o.options->log_detail, 2);
  EXPECT_EQ(o.options->pid_file, "/p");
  EXPECT_EQ(o.options->vrrp_pid_file, "/v");
  EXPECT_EQ(o.options->config_id, "lb1");
  EXPECT_TRUE(o.options->strict);
  EXPECT_TRUE(o.options->dont_release_vrrp);
}

TEST(Cli, ConfigTestTakesAnOptionalLogFileAndImpliesForeground) {
  auto o = parse({"-t", "-f", "/a.conf"});
  ASSERT_TRUE(o.options) << o.stderr_text;
  EXPECT_TRUE(o.options->config_test);
  EXPECT_TRUE(o.options->config_test_log.empty());
  EXPECT_EQ(o.options->config_file, "/a.conf");  // -t did not swallow "-f"
  EXPECT_TRUE(o.options->dont_fork);
  EXPECT_TRUE(o.options->no_syslog);
  o = parse({"--config-test=/tmp/t.log"});
  ASSERT_TRUE(o.options);
  EXPECT_EQ(o.options->config_test_log, "/tmp/t.log");
}

TEST(Cli, UnknownOptionExitsOne) {
  for (const char* bad : {"--foo", "-Z", "--use-fil3=/x"}) {
    const auto o = parse({bad});
    EXPECT_FALSE(o.options) << bad;
    EXPECT_EQ(o.exit_code, 1) << bad;
    EXPECT_NE(o.stderr_text.find("Unknown option"), std::string::npos) << o.stderr_text;
  }
}

TEST(Cli, MissingOrEmptyArgumentExitsOne) {
  for (auto args : {std::vector<const char*>{"-f"}, std::vector<const char*>{"--use-file="},
                    std::vector<const char*>{"-p"}, std::vector<const char*>{"--pid="}}) {
    std::vector<const char*> argv{"vrrpd"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto o = parse_cli(argv);
    EXPECT_FALSE(o.options) << args[0];
    EXPECT_EQ(o.exit_code, 1) << args[0];
  }
}

TEST(Cli, HelpAndVersionPrintOnStderrAndExitZero) {
  auto o = parse({"-h"});
  EXPECT_FALSE(o.options);
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.stderr_text.find("--use-file"), std::string::npos);
  EXPECT_TRUE(o.stdout_text.empty());
  o = parse({"--version"});
  EXPECT_FALSE(o.options);
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.stderr_text.rfind("vrrpd ", 0), 0u);
}

TEST(Cli, SignumPrintsKeepalivedSignalNumbers) {
  EXPECT_EQ(parse({"--signum=STOP"}).stdout_text, std::to_string(SIGTERM) + "\n");
  EXPECT_EQ(parse({"--signum=RELOAD"}).stdout_text, std::to_string(SIGHUP) + "\n");
  EXPECT_EQ(parse({"--signum=DATA"}).stdout_text, std::to_string(SIGUSR1) + "\n");
  EXPECT_EQ(parse({"--signum=STATS"}).stdout_text, std::to_string(SIGUSR2) + "\n");
  EXPECT_EQ(parse({"--signum=JSON"}).stdout_text, std::to_string(SIGRTMIN + 2) + "\n");
  const auto bad = parse({"--signum=NOPE"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(bad.stdout_text.empty());
}

TEST(Cli, LogFacilityForms) {
  EXPECT_EQ(parse({"-S", "3"}).options->log_facility, LOG_LOCAL3);
  EXPECT_EQ(parse({"--log-facility=local7"}).options->log_facility, LOG_LOCAL7);
  EXPECT_EQ(parse({"-S", "user"}).options->log_facility, LOG_USER);
  EXPECT_EQ(parse({"-S", "daemon"}).options->log_facility, LOG_DAEMON);
  const auto bad = parse({"-S", "9"});
  EXPECT_FALSE(bad.options);
  EXPECT_EQ(bad.exit_code, 1);
}

TEST(Cli, StrayArgumentsAndCheckerOptionsAreWarningsOnly) {
  const auto o = parse({"-C", "extra", "-n"});
  ASSERT_TRUE(o.options) << o.stderr_text;
  EXPECT_TRUE(o.options->dont_fork);
  ASSERT_EQ(o.options->warnings.size(), 2u);
  EXPECT_NE(o.options->warnings[0].find("-C/--check ignored"), std::string::npos);
  EXPECT_EQ(o.options->warnings[1], "Unexpected argument(s): extra");
}

}  // namespace
}  // namespace vrrp::daemon

namespace vrrp::daemon {
namespace {

TEST(CliControl, ControlSocketDefaultsOnAndMetricsOff) {
  const auto o = parse_cli(std::vector<const char*>{"vrrpd"});
  ASSERT_TRUE(o.options);
  EXPECT_EQ(o.options->control_socket, "/run/vrrpd/vrrpd.sock");
  EXPECT_TRUE(o.options->metrics_listen.empty());
}

TEST(CliControl, ControlSocketPathMetricsAndDisable) {
  auto o = parse_cli(std::vector<const char*>{"vrrpd", "--control-socket", "/tmp/v.sock", "--metrics-listen",
                                               "127.0.0.1:9650"});
  ASSERT_TRUE(o.options);
  EXPECT_EQ(o.options->control_socket, "/tmp/v.sock");
  EXPECT_EQ(o.options->metrics_listen, "127.0.0.1:9650");
  o = parse_cli(std::vector<const char*>{"vrrpd", "--no-control-socket"});
  ASSERT_TRUE(o.options);
  EXPECT_TRUE(o.options->control_socket.empty());
  o = parse_cli(std::vector<const char*>{"vrrpd", "--control-socket="});
  EXPECT_FALSE(o.options);
  EXPECT_EQ(o.exit_code, 1);
}

}  // namespace
}  // namespace vrrp::daemon
