// Live capture (-i) inside a network namespace the test creates: a veth pair d0/d1, frames
// injected on d1 with libpcap from a child that joined the namespace, vrrp-dump -c N reading
// them through its default BPF filter; and SIGTERM ending a capture on a silent link. Root only;
// every wait is bounded, the capture is killed by its pid if it overstays, the namespace is
// deleted by RAII.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "dump/dump_fixture.hpp"

namespace vrrp::dump::test {
namespace {

std::string binary() {
  if (const char* env = std::getenv("VRRP_DUMP_BIN")) return env;
  return std::string(VRRP_BINARY_DIR) + "/vrrpd/vrrp-dump/vrrp-dump";
}

class Netns {
 public:
  Netns() {
    std::random_device rd;
    name_ = "vrrpdump-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 100000);
    ok_ = std::system(("ip netns add " + name_).c_str()) == 0 &&
          std::system(("ip -n " + name_ + " link set lo up && ip -n " + name_ + " link add d0 type veth peer name d1 && ip -n " +
                       name_ + " link set d0 up && ip -n " + name_ + " link set d1 up")
                          .c_str()) == 0;
  }
  ~Netns() { std::system(("ip netns del " + name_ + " 2>/dev/null").c_str()); }
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;
  bool ok() const { return ok_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  bool ok_ = false;
};

// Injects `frames` on `ifname` inside the namespace from a forked child; returns its success.
bool inject(const std::string& netns, const std::string& ifname, const std::vector<Bytes>& frames) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) ::_exit(3);
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_live(ifname.c_str(), 65535, 0, 100, errbuf);
    if (p == nullptr) ::_exit(4);
    for (const Bytes& f : frames) {
      if (pcap_inject(p, f.data(), f.size()) != static_cast<int>(f.size())) ::_exit(5);
    }
    pcap_close(p);
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// vrrp-dump run inside the namespace by fork+setns+exec, stdout/stderr to files. The
// destructor makes sure the child is gone (SIGKILL by pid if still running) and reaped.
class DumpProcess {
 public:
  DumpProcess(const std::string& netns, const std::vector<std::string>& args, const std::string& out,
              const std::string& err) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) ::_exit(120);
      const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(121);
      std::vector<std::string> all = {binary()};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(122);
    }
  }
  ~DumpProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  DumpProcess(const DumpProcess&) = delete;
  DumpProcess& operator=(const DumpProcess&) = delete;

  bool started() const { return pid_ > 0; }
  void signal(int sig) const { ::kill(pid_, sig); }
  /// Exit status once it has exited within `limit`, or nullopt.
  std::optional<int> wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Polls (bounded) until `path` contains `what`.
bool wait_for_text(const std::string& path, const std::string& what, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (read_text(path).find(what) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The interface to capture on, and how often each injected frame shows there: "any" sees it
// leave d1 and arrive on d0.
struct Capture {
  const char* ifname;
  std::size_t copies;
};

class LiveCapture : public ::testing::TestWithParam<Capture> {};

TEST_P(LiveCapture, DecodesInjectedFramesThroughTheDefaultFilter) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a network namespace";
  ASSERT_TRUE(std::filesystem::exists(binary())) << binary();
  Netns ns;
  ASSERT_TRUE(ns.ok()) << "cannot create namespace " << ns.name();

  const auto& vs = vectors();
  auto by_name = [&](const std::string& n) -> Bytes {
    for (const Json& v : vs) {
      if (v["name"].str() == n) return from_hex(v["ip_hex"].str());
    }
    ADD_FAILURE() << "no vector " << n;
    return {};
  };
  Bytes arp = ethernet_frame(Bytes(28, 0));
  arp[12] = 0x08;
  arp[13] = 0x06;
  const std::vector<Bytes> frames = {arp, ethernet_frame(by_name("v3_ipv4_pseudo_header")),
                                     ethernet_frame(by_name("v3_ipv6_basic")), ethernet_frame(by_name("ttl_254_v2"))};

  const std::string out = std::filesystem::temp_directory_path() / (ns.name() + ".out");
  const std::string err = std::filesystem::temp_directory_path() / (ns.name() + ".err");
  DumpProcess dump(ns.name(), {"--json", "-c", std::to_string(3 * GetParam().copies), "-i", GetParam().ifname}, out,
                   err);
  ASSERT_TRUE(dump.started());
  // Send once the capture is active (its filter is set when it says it is listening).
  ASSERT_TRUE(wait_for_text(err, "listening on", std::chrono::seconds(15))) << read_text(err);
  ASSERT_TRUE(inject(ns.name(), "d1", frames));
  EXPECT_EQ(dump.wait_exit(std::chrono::seconds(15)), 0) << read_text(err);
  const std::string errs = read_text(err);
  std::istringstream lines(read_text(out));
  std::vector<Json> got;
  for (std::string line; std::getline(lines, line);) got.push_back(Json::parse(line));
  std::filesystem::remove(out);
  std::filesystem::remove(err);

  const std::size_t m = GetParam().copies;
  ASSERT_EQ(got.size(), 3 * m) << errs;
  const std::string n = std::to_string(3 * m);
  EXPECT_NE(errs.find(n + " frames, " + n + " VRRP (" + std::to_string(2 * m) + " accepted, " + std::to_string(m) +
                      " dropped), 0 other"),
            std::string::npos)
      << errs;
  // Each line as family/vrid/checksum form/verdict. On "any" the outgoing copy on d1 and the
  // incoming one on d0 may interleave with the next frame's, so there only the counts matter.
  std::vector<std::string> want;
  for (const char* w : {"ipv4/10/v3-ipv4-P/accepted", "ipv6/10/v3-ipv6/accepted", "ipv4/51/v2/ip_ttl_errors"}) {
    want.insert(want.end(), m, w);
  }
  std::vector<std::string> seen;
  for (const Json& g : got) {
    const std::string verdict = g["drop_reason"].is_null() ? g["verdict"].str() : g["drop_reason"].str();
    seen.push_back(g["family"].str() + "/" + std::to_string(g["vrid"].integer()) + "/" + g["checksum_variant"].str() +
                   "/" + verdict);
  }
  if (m > 1) std::sort(seen.begin(), seen.end());
  if (m > 1) std::sort(want.begin(), want.end());
  EXPECT_EQ(seen, want);
}

// A live capture on a silent link ends promptly on SIGTERM, with its totals and status 0.
TEST(LiveCaptureStop, SigtermEndsASilentCapture) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a network namespace";
  ASSERT_TRUE(std::filesystem::exists(binary())) << binary();
  Netns ns;
  ASSERT_TRUE(ns.ok()) << "cannot create namespace " << ns.name();
  const std::string out = std::filesystem::temp_directory_path() / (ns.name() + ".out");
  const std::string err = std::filesystem::temp_directory_path() / (ns.name() + ".err");
  DumpProcess dump(ns.name(), {"-i", "d0"}, out, err);
  ASSERT_TRUE(wait_for_text(err, "listening on", std::chrono::seconds(15))) << read_text(err);
  dump.signal(SIGTERM);
  EXPECT_EQ(dump.wait_exit(std::chrono::seconds(3)), 0);
  EXPECT_NE(read_text(err).find("0 frames, 0 VRRP"), std::string::npos) << read_text(err);
  EXPECT_EQ(read_text(out), "");
  std::filesystem::remove(out);
  std::filesystem::remove(err);
}

INSTANTIATE_TEST_SUITE_P(Interfaces, LiveCapture, ::testing::Values(Capture{"d0", 1}, Capture{"any", 2}),
                         [](const auto& info) { return std::string(info.param.ifname); });

}  // namespace
}  // namespace vrrp::dump::test
