// The vrrpctl binary against a fake-provider server: tables, --json passthrough, exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "server_harness.hpp"
#include "vrrpd/control/json.hpp"

namespace vrrp::control {
namespace {

// Where the build puts vrrpctl: the project tree, or a scratch project that adds the folder.
std::string vrrpctl_path() {
  for (const char* rel : {"/vrrpd/control/vrrpctl", "/control/vrrpctl"}) {
    const std::string p = std::string(VRRP_BINARY_DIR) + rel;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return {};
}

struct CtlRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CtlRun vrrpctl(const std::string& dir, const std::string& args) {
  CtlRun r;
  const std::string bin = vrrpctl_path();
  if (bin.empty()) {
    ADD_FAILURE() << "vrrpctl binary not found under " << VRRP_BINARY_DIR << " (build the vrrpctl target)";
    return r;
  }
  const std::string out = dir + "/out", err = dir + "/err";
  const int status = std::system(("timeout 20 " + bin + " " + args + " >" + out + " 2>" + err).c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

class Vrrpctl : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(h.start_error, ""); }
  CtlRun run(const std::string& args) { return vrrpctl(h.dir(), "--socket " + h.path() + " " + args); }
  test::Harness h;
};

TEST_F(Vrrpctl, StatusPrintsATable) {
  const CtlRun r = run("status");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, first, second, extra;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, extra)) << r.out;
  EXPECT_EQ(header.substr(0, 46), "INSTANCE  INTERFACE  VRID  VERSION  STATE   PR");
  for (const char* col : {"PRIO", "MASTER", "SINCE", "LAST TRANSITION", "NOTES"}) {
    EXPECT_NE(header.find(col), std::string::npos) << col;
  }
  EXPECT_EQ(first.substr(0, 47), "VI_1      eth0       51    v3/ipv4  MASTER  150");
  EXPECT_NE(first.find("150/150"), std::string::npos) << first;
  EXPECT_NE(first.find("192.0.2.1 (150)"), std::string::npos) << first;
  EXPECT_NE(first.find("2027-01-15T08:01:40Z ("), std::string::npos) << first;
  EXPECT_NE(first.find("BACKUP->MASTER (master down)"), std::string::npos) << first;
  EXPECT_NE(second.find("v3/ipv6  BACKUP  80/100"), std::string::npos) << second;
  EXPECT_NE(second.find("fe80::2 (120)"), std::string::npos) << second;
  // Columns line up: the STATE column starts at the same offset on every line.
  EXPECT_EQ(header.find("STATE"), first.find("MASTER"));
  EXPECT_EQ(header.find("STATE"), second.find("BACKUP"));
}

TEST_F(Vrrpctl, JsonIsThePassthroughReply) {
  const CtlRun r = run("--json status");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.back(), '\n');
  auto j = parse_json(r.out.substr(0, r.out.size() - 1));
  ASSERT_TRUE(j) << r.out;
  EXPECT_EQ(j->find("version")->as_int(), 1);
  EXPECT_EQ(*j->find("result")->find("instances")->as_array()->at(1).find("name")->as_string(), "VI_6");
}

TEST_F(Vrrpctl, ExplainShowsTrackersAndHints) {
  const CtlRun r = run("explain VI_6");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("VI_6 on eth1, VRID 52 (VRRPv3, ipv6): BACKUP since 2027-01-15T08:00:50Z"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("master: fe80::2 advertising priority 120"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("base priority 100"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("track_interface eth9 weight -20: down -> -20"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("what would make it move:\n  - needs priority above 120"), std::string::npos) << r.out;
}

TEST_F(Vrrpctl, StatsListsCounters) {
  const CtlRun r = run("stats VI_1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("VI_1 (eth0, VRID 51, ipv4)\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("adverts_sent"), std::string::npos);
  EXPECT_NE(r.out.find("12345678901234"), std::string::npos);
  EXPECT_NE(r.out.find("dropped auth_failures"), std::string::npos);
  EXPECT_NE(r.out.find("loop_stalls"), std::string::npos);
  EXPECT_EQ(r.out.find("VI_6"), std::string::npos);
}

TEST_F(Vrrpctl, MutatingCommandsReachTheDaemon) {
  CtlRun r = run("priority VI_6 200");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "priority VI_6 200\n");
  r = run("release VI_1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "release VI_1\n");
  r = run("priority VI_6 reset");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run("reload");
  EXPECT_EQ(r.out, "reload: reload started\n");
  h.stop();
  ASSERT_EQ(h.provider.priority_calls.size(), 2u);
  EXPECT_EQ(h.provider.priority_calls[0].second, 200);
  EXPECT_EQ(h.provider.priority_calls[1].second, std::nullopt);
  EXPECT_EQ(h.provider.releases, std::vector<std::string>{"VI_1"});
  EXPECT_EQ(h.provider.reloads, 1);
}

TEST_F(Vrrpctl, ErrorReplyExitsOne) {
  CtlRun r = run("explain nope");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "vrrpctl: no instance named \"nope\" (unknown_instance)\n");
  EXPECT_EQ(r.out, "");
  r = run("--json release nope");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "{\"version\":1,\"ok\":false,\"error\":{\"code\":\"unknown_instance\",\"message\":\"no instance named \\\"nope\\\"\"}}\n");
}

TEST_F(Vrrpctl, UsageErrorsExitTwo) {
  for (const char* args : {"", "frobnicate", "explain", "priority VI_1 255", "priority VI_1 0", "priority VI_1", "stats a b",
                           "status extra", "--bogus status", "--timeout 0 status"}) {
    const CtlRun r = run(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find("usage: vrrpctl"), std::string::npos) << args;
  }
  EXPECT_EQ(vrrpctl(h.dir(), "--help").exit_code, 0);
}

TEST_F(Vrrpctl, NoDaemonExitsThree) {
  const CtlRun r = vrrpctl(h.dir(), "--socket " + h.dir() + "/absent.sock status");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("cannot connect to " + h.dir() + "/absent.sock"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vrrp::control
