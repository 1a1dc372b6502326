// The vrrp-dump executable itself, run once over a pcap file the test writes: exit status,
// one JSON object per line, the closing totals, and usage errors.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "dump/dump_fixture.hpp"

namespace vrrp::dump::test {
namespace {

std::string binary() {
  if (const char* env = std::getenv("VRRP_DUMP_BIN")) return env;
  return std::string(VRRP_BINARY_DIR) + "/vrrpd/vrrp-dump/vrrp-dump";
}

struct Exec {
  int status = -1;
  std::vector<std::string> lines;
  std::string err;
};

// Runs the binary with `args` (already shell-quoted where needed).
Exec exec(const std::string& args) {
  const std::string err_path = std::filesystem::temp_directory_path() /
                               ("vrrp-dump-bin-" + std::to_string(::getpid()) + ".err");
  Exec e;
  FILE* p = ::popen((binary() + " " + args + " 2>" + err_path).c_str(), "r");
  if (p == nullptr) return e;
  std::string cur;
  for (int c; (c = std::fgetc(p)) != EOF;) {
    if (c == '\n') {
      e.lines.push_back(cur);
      cur.clear();
    } else {
      cur += static_cast<char>(c);
    }
  }
  const int rc = ::pclose(p);
  e.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::ifstream in(err_path);
  e.err.assign(std::istreambuf_iterator<char>(in), {});
  std::filesystem::remove(err_path);
  return e;
}

class DumpBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(binary())) << "build vrrp-dump first (or set VRRP_DUMP_BIN): " << binary();
  }
};

TEST_F(DumpBinary, JsonLinesForEveryVector) {
  std::vector<Bytes> frames;
  for (const Json& v : vectors()) frames.push_back(ethernet_frame(from_hex(v["ip_hex"].str())));
  const PcapFile file(DLT_EN10MB, frames, "bin");
  const Exec e = exec("--json -r " + file.path());
  ASSERT_EQ(e.status, 0) << e.err;
  ASSERT_EQ(e.lines.size(), vectors().size());
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < e.lines.size(); ++i) {
    Json line;
    ASSERT_NO_THROW(line = Json::parse(e.lines[i])) << e.lines[i];
    EXPECT_EQ(line["frame"].integer(), static_cast<long long>(i + 1));
    EXPECT_EQ(line["src"].str(), vectors()[i]["src"].str());
    dropped += line["verdict"].str() == "dropped";
  }
  EXPECT_NE(e.err.find(std::to_string(vectors().size()) + " frames, " + std::to_string(vectors().size()) + " VRRP"),
            std::string::npos)
      << e.err;
  EXPECT_NE(e.err.find(std::to_string(dropped) + " dropped"), std::string::npos) << e.err;
}

TEST_F(DumpBinary, ReceiverOptionsDecideTheVerdict) {
  // v2_wrong_password, judged by a receiver with password "secret" and by none.
  const Bytes ip = from_hex("45c0002c00000000ff70188dc0000202e000001221019602010186e4c0000264c00002657365637265740000");
  Bytes wrong = from_hex("45c0002c00000000ff70188dc0000202e0000012210196020101fddec0000264c000026577726f6e67707700");
  const PcapFile file(DLT_RAW, {ip, wrong}, "bin-auth");
  const Exec open = exec("-r " + file.path());
  ASSERT_EQ(open.lines.size(), 2u) << open.err;
  EXPECT_NE(open.lines[1].find("auth pass \"wrongpw\""), std::string::npos) << open.lines[1];
  EXPECT_NE(open.lines[1].find(": accepted"), std::string::npos) << open.lines[1];
  const Exec judged = exec("-r " + file.path() + " --vrid 1 --version 2 --auth-pass secret");
  ASSERT_EQ(judged.lines.size(), 2u) << judged.err;
  EXPECT_NE(judged.lines[0].find(": accepted"), std::string::npos) << judged.lines[0];
  EXPECT_NE(judged.lines[1].find(": dropped auth_failures"), std::string::npos) << judged.lines[1];
}

TEST_F(DumpBinary, FilterCountAndUsage) {
  const Bytes ip = from_hex("45c0002800000000ff701891c0000202e0000012213364010001b865c00002640000000000000000");
  const PcapFile file(DLT_RAW, {ip, ip, ip}, "bin-count");
  EXPECT_EQ(exec("-c 2 -r " + file.path()).lines.size(), 2u);
  EXPECT_EQ(exec("-r " + file.path() + " host 198.51.100.9").lines.size(), 0u);
  EXPECT_EQ(exec("-r " + file.path() + " src host 192.0.2.2").lines.size(), 3u);
  EXPECT_EQ(exec("-r " + file.path() + " --vrid 300").status, 2);
  EXPECT_EQ(exec("").status, 2);
  const Exec help = exec("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_FALSE(help.lines.empty());
  const Exec version = exec("-V");
  EXPECT_EQ(version.status, 0);
  ASSERT_EQ(version.lines.size(), 1u);
  EXPECT_EQ(version.lines[0].rfind("vrrp-dump ", 0), 0u);
}

}  // namespace
}  // namespace vrrp::dump::test
