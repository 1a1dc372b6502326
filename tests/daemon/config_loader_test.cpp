// The daemon's verdict on a loaded configuration: keepalived's exit codes 6 (no file) and
// 2 (fatal diagnostic, or an instance validation dropped), and --strict.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "vrrpd/config_loader.hpp"

namespace vrrp::daemon {
namespace {

conf::LoadResult result_with(std::vector<conf::Diagnostic> diags, std::size_t instances) {
  auto model = std::make_shared<conf::Config>();
  model->vrrp_instance.resize(instances);
  conf::LoadResult r;
  r.model = model;
  r.diagnostics = std::move(diags);
  return r;
}

conf::Diagnostic diag(conf::Severity severity, conf::Verdict verdict) {
  conf::Diagnostic d;
  d.severity = severity;
  d.verdict = verdict;
  d.message = "x";
  return d;
}

TEST(DaemonVerdict, CleanConfigRuns) {
  EXPECT_EQ(daemon_verdict(result_with({}, 2), 2, 2, false), kExitOk);
}

TEST(DaemonVerdict, OrdinaryErrorsDoNotStopTheDaemonUnlessStrict) {
  const auto r = result_with({diag(conf::Severity::Error, conf::Verdict::General)}, 1);
  EXPECT_EQ(daemon_verdict(r, 1, 1, false), kExitOk);
  EXPECT_EQ(daemon_verdict(r, 1, 1, true), kExitConfig);
}

TEST(DaemonVerdict, FatalDiagnosticIsExitTwo) {
  const auto r = result_with({diag(conf::Severity::Error, conf::Verdict::Fatal)}, 1);
  EXPECT_EQ(daemon_verdict(r, 1, 1, false), kExitConfig);
}

TEST(DaemonVerdict, DroppedInstanceIsExitTwo) {
  EXPECT_EQ(daemon_verdict(result_with({}, 1), 2, 1, false), kExitConfig);
}

class LoadForDaemon : public ::testing::Test {
 protected:
  void write(const std::string& text) {
    std::ofstream(path_) << text;
  }
  ~LoadForDaemon() override { ::unlink(path_.c_str()); }
  CliOptions cli() {
    CliOptions o;
    o.config_file = path_;
    return o;
  }
  std::string path_ = ::testing::TempDir() + "vrrpd-loader-test.conf";
};

TEST_F(LoadForDaemon, MissingFileIsExitSix) {
  auto o = cli();
  o.config_file += ".absent";
  EXPECT_EQ(load_for_daemon(o).exit_code, kExitNoConfig);
}

TEST_F(LoadForDaemon, MissingVridIsExitTwo) {
  write("vrrp_instance X {\n interface vrrpd-test-nonexistent0\n priority 100\n"
        " virtual_ipaddress {\n  192.0.2.5\n }\n}\n");
  const auto loaded = load_for_daemon(cli());
  EXPECT_EQ(loaded.exit_code, kExitConfig);
  EXPECT_FALSE(loaded.result.diagnostics.empty());
}

TEST_F(LoadForDaemon, NonExistentInterfaceIsExitTwo) {
  write("vrrp_instance X {\n interface vrrpd-test-nonexistent0\n virtual_router_id 5\n"
        " priority 100\n virtual_ipaddress {\n  192.0.2.5\n }\n}\n");
  EXPECT_EQ(load_for_daemon(cli()).exit_code, kExitConfig);
}

TEST_F(LoadForDaemon, AllConfigOptionMakesAMissingIncludeAnError) {
  write("include vrrpd-loader-test-absent-include.conf\nglobal_defs {\n router_id test\n}\n");
  const auto count_errors = [](const conf::LoadResult& r) {
    return std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                         [](const conf::Diagnostic& d) { return d.severity == conf::Severity::Error; });
  };
  EXPECT_EQ(count_errors(load_for_daemon(cli()).result), 0);  // plain include: no match is fine
  auto strict_includes = cli();
  strict_includes.all_config = true;  // -e
  const auto loaded = load_for_daemon(strict_includes);
  EXPECT_GE(count_errors(loaded.result), 1);
  EXPECT_EQ(conf::config_test_exit_code(loaded.result.diagnostics), 6);  // keepalived: missing files
}

TEST_F(LoadForDaemon, EmptyConfigLoadsWithNoInstances) {
  write("global_defs {\n router_id test\n}\n");
  const auto loaded = load_for_daemon(cli());
  EXPECT_EQ(loaded.exit_code, kExitOk);
  EXPECT_TRUE(loaded.plans.empty());
}

}  // namespace
}  // namespace vrrp::daemon
