// Dump formats against files written by keepalived 2.2.7 itself (data/SOURCES.md): the same
// instance, made Master here on a fake clock, must give byte-identical JSON and stats once the
// run-dependent values (time of the transition, adverts sent) are set to the reference run's.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "daemon/daemon_fakes.hpp"
#include "vrrpd/dump.hpp"

namespace vrrp::daemon {
namespace {

using testing::FakeClock;
using testing::ip;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class DumpTest : public ::testing::Test {
 protected:
  DumpTest() { log.set_sink([](LogLevel, std::string_view) {}); }

  /// The reference configuration: VI_1, v0, VRID 51, priority 150, VIPs 192.0.2.100/24 and
  /// 192.0.2.101, excluded 198.51.100.7, notify_master "/usr/bin/true master"; then Master.
  InstanceSnapshot reference_master() {
    auto plan = testing::make_plan("VI_1", 51, 150, {"192.0.2.100", "192.0.2.101"});
    plan.interface = plan.config.interface = "v0";
    plan.virtual_ipaddress[1].prefix = 32;
    conf::AddressSpec evip;
    evip.address = ip("198.51.100.7");
    evip.prefix = 32;
    plan.virtual_ipaddress_excluded.push_back(evip);
    conf::Script script;
    script.command = "/usr/bin/true master";
    script.argv = {"/usr/bin/true", "master"};
    plan.notifies.notify_master = script;
    set.start({ResolvedPlan{plan, 3, true, 0, {}}}, false);
    auto& d = *set.drivers()[0];
    FakeClock::t = *d.armed_deadline();
    d.feed(proto::Timeout{});
    EXPECT_EQ(d.instance().state(), proto::State::Master);
    auto s = snapshot(d);
    s.last_transition = 1795311546.483078;  // the reference run's values
    s.counters.adverts_sent = 2;
    return s;
  }

  boost::asio::io_context io;
  testing::FakeHost host;
  testing::FakeNotifier notifier;
  Logger log;
  StallDetector stalls;
  testing::FakeSocketPool pool;
  DriverContext ctx{io, host, notifier, log, stalls, &FakeClock::now};
  InstanceSet set{ctx, pool};
};

TEST_F(DumpTest, JsonIsByteIdenticalToKeepalived) {
  const auto s = reference_master();
  const std::vector<InstanceSnapshot> all{s};
  const auto expected = read_file(std::string(VRRP_SOURCE_DIR) + "/tests/daemon/data/keepalived-2.2.7.json");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(format_json(all) + "\n", expected);
}

TEST_F(DumpTest, StatsAreByteIdenticalToKeepalived) {
  const auto s = reference_master();
  const std::vector<InstanceSnapshot> all{s};
  const auto expected = read_file(std::string(VRRP_SOURCE_DIR) + "/tests/daemon/data/keepalived-2.2.7.stats");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(format_stats(all), expected);
}

TEST_F(DumpTest, DataDumpUsesKeepalivedKeysForTheInstance) {
  const auto s = reference_master();
  const std::vector<InstanceSnapshot> all{s};
  DaemonSnapshot d;
  d.config_file = "/etc/keepalived/keepalived.conf";
  d.stalls = 3;
  const auto text = format_data(d, all);
  for (const char* line : {"------< VRRP Topology >------\n", " VRRP Instance = VI_1\n",
                           "   State = MASTER\n", "   Master down timer = 3414062 usecs\n",
                           "   Interface = v0\n", "   Using src_ip = 192.0.2.1\n",
                           "   Multicast address 224.0.0.18\n", "   Virtual Router ID = 51\n",
                           "   Priority = 150\n", "   Advert interval = 1 sec\n",
                           "   Virtual IP (2):\n", "     192.0.2.100/24 dev v0 scope global set\n",
                           "   Virtual IP Excluded :\n", " Loop stalls = 3\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n--- in ---\n" << text;
  }
}

TEST(DumpFormat, SecondsAndEscaping) {
  EXPECT_EQ(format_seconds(5), "5");
  EXPECT_EQ(format_seconds(0.5), "0.5");
  EXPECT_EQ(format_seconds(0.01), "0.01");
  EXPECT_EQ(format_seconds(3.609375), "3.609375");
  EXPECT_EQ(json_escape("a/b\"c\\d\n"), "a\\/b\\\"c\\\\d\\n");
  EXPECT_EQ(json_escape(std::string("\x01", 1)), "\\u0001");
}

TEST(DumpFormat, AuthenticatedInstanceHidesPassword) {
  InstanceSnapshot s;
  s.iname = "X";
  s.auth_type = 1;
  const std::vector<InstanceSnapshot> all{s};
  const auto json = format_json(all);
  EXPECT_NE(json.find("\"auth_type\":1,\"auth_data\":\"********\"}"), std::string::npos) << json;
}

TEST(DumpFile, WrittenAtomicallyWithMode0600) {
  const std::string path = ::testing::TempDir() + "vrrpd-dump-test.json";
  ASSERT_FALSE(write_dump_file(path, "[]"));
  EXPECT_EQ(read_file(path), "[]");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ::unlink(path.c_str());
}

}  // namespace
}  // namespace vrrp::daemon
