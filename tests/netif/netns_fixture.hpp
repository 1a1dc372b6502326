// Test fixture that builds its own small LAN of network namespaces: a bridge namespace and two
// hosts "a" (192.0.2.1, 2001:db8::1) and "b" (192.0.2.2, 2001:db8::2), each with an eth0 veth
// into the bridge. Names carry a unique per-run prefix; everything is deleted in the destructor.
// Code under test runs in threads that setns() into a host namespace. Skips (loudly) without
// root / CAP_NET_ADMIN.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "netif/unique_fd.hpp"

namespace vrrp::netif::testing {

/// True when we may create namespaces: CAP_NET_ADMIN (bit 12) in the effective set and `ip`.
inline bool have_net_admin() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) {
      const unsigned long long caps = std::stoull(line.substr(7), nullptr, 16);
      const bool have_ip = ::access("/usr/sbin/ip", X_OK) == 0 || ::access("/sbin/ip", X_OK) == 0;
      return (caps & (1ull << 12)) != 0 && have_ip;
    }
  }
  return false;
}

/// Runs a shell command, returns its exit status; output captured into `out` if given.
inline int sh(const std::string& cmd, std::string* out = nullptr) {
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return -1;
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof(buf), p) != nullptr) text += buf;
  const int rc = ::pclose(p);
  if (out != nullptr) *out = text;
  return rc;
}

/// Enters the named namespace in the calling thread. False on failure.
inline bool enter_netns(const std::string& name) {
  const int fd = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::setns(fd, CLONE_NEWNET) == 0;
  ::close(fd);
  return ok;
}

/// Polls `pred` every 10 ms until true or `limit` elapses.
inline bool wait_until(const std::function<bool()>& pred,
                       std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

class NamespaceLan {
 public:
  NamespaceLan() {
    static std::atomic<int> counter{0};
    prefix_ = "vnf" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  }
  ~NamespaceLan() {
    for (const auto& ns : created_) sh("ip netns del " + ns);
  }
  NamespaceLan(const NamespaceLan&) = delete;
  NamespaceLan& operator=(const NamespaceLan&) = delete;

  /// Builds the LAN; returns the first failing command's output, "" on success.
  std::string build() {
    const std::string br = ns("br");
    for (const std::string host : {"br", "a", "b"}) {
      if (auto err = run("ip netns add " + ns(host)); !err.empty()) return err;
      created_.push_back(ns(host));
    }
    std::vector<std::string> cmds = {
        "ip -n " + br + " link add br0 type bridge mcast_snooping 0 stp_state 0",
        "ip -n " + br + " link set br0 up",
    };
    int octet = 1;
    for (const std::string host : {"a", "b"}) {
      const std::string n = ns(host);
      const std::string o = std::to_string(octet++);
      const std::string port = "p" + host;
      // DAD off so link-locals are usable at once; addresses never clash in a private LAN.
      cmds.push_back(
          "ip netns exec " + n +
          " sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0");
      cmds.push_back("ip -n " + n + " link add eth0 type veth peer name " + port + " netns " + br);
      cmds.push_back("ip -n " + br + " link set " + port + " master br0 up");
      cmds.push_back("ip -n " + n + " link set lo up");
      cmds.push_back("ip -n " + n + " addr add 192.0.2." + o + "/24 dev eth0");
      cmds.push_back("ip -n " + n + " addr add 2001:db8::" + o + "/64 dev eth0 nodad");
      cmds.push_back("ip -n " + n + " link set eth0 up");
    }
    for (const auto& c : cmds) {
      if (auto err = run(c); !err.empty()) return err;
    }
    // Wait for carrier and a usable link-local on both hosts.
    for (const std::string host : {"a", "b"}) {
      const bool ok = wait_until([&] {
        std::string out;
        sh("ip -n " + ns(host) + " -6 addr show dev eth0 scope link", &out);
        std::string link;
        sh("ip -n " + ns(host) + " link show eth0", &link);
        return out.find("fe80::") != std::string::npos &&
               out.find("tentative") == std::string::npos &&
               link.find("LOWER_UP") != std::string::npos;
      });
      if (!ok) return "host " + host + " never got carrier and a link-local";
    }
    return "";
  }

  /// Full namespace name of "br", "a" or "b".
  std::string ns(const std::string& host) const { return prefix_ + "-" + host; }

  /// Runs `fn` in a new thread inside namespace `host`, and waits for it.
  void run_in(const std::string& host, const std::function<void()>& fn) {
    std::thread t = spawn_in(host, fn);
    t.join();
  }
  /// Starts `fn` in a new thread inside namespace `host`; the caller joins.
  std::thread spawn_in(const std::string& host, std::function<void()> fn) {
    const std::string name = ns(host);
    return std::thread([name, fn = std::move(fn)] {
      if (!enter_netns(name)) {
        ADD_FAILURE() << "setns into " << name << " failed";
        return;
      }
      fn();
    });
  }

 private:
  static std::string run(const std::string& cmd) {
    std::string out;
    if (sh(cmd, &out) != 0) return cmd + ": " + out;
    return "";
  }
  std::string prefix_;
  std::vector<std::string> created_;
};

using Frames = std::vector<std::vector<std::uint8_t>>;

/// An AF_PACKET listener on b's eth0 for one EtherType: runs `send`, then collects frames until
/// `done(frames)` holds or 5 s passed.
inline Frames capture_on_b(NamespaceLan& lan, std::uint16_t ethertype,
                           const std::function<void()>& send,
                           const std::function<bool(const Frames&)>& done) {
  Frames frames;
  std::mutex mutex;
  std::promise<void> ready;
  std::thread rx = lan.spawn_in("b", [&] {
    UniqueFd fd(::socket(AF_PACKET, SOCK_RAW, htons(ethertype)));
    const unsigned ifindex = ::if_nametoindex("eth0");  // in b's namespace: this thread entered it
    if (!fd || ifindex == 0) {
      ready.set_value();
      return;
    }
    sockaddr_ll addr{};
    addr.sll_family = AF_PACKET;
    addr.sll_protocol = htons(ethertype);
    addr.sll_ifindex = static_cast<int>(ifindex);
    ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    timeval tv{0, 100000};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ready.set_value();
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    std::uint8_t buf[2048];
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (done(frames) || std::chrono::steady_clock::now() >= end) break;
      }
      const ssize_t n = ::recv(fd.get(), buf, sizeof(buf), 0);
      std::lock_guard lock(mutex);
      if (n > 0) frames.emplace_back(buf, buf + n);
    }
  });
  ready.get_future().wait_for(std::chrono::seconds(5));
  send();
  rx.join();
  return frames;
}

/// As above, until `want` frames arrived.
inline Frames capture_on_b(NamespaceLan& lan, std::uint16_t ethertype,
                           const std::function<void()>& send, std::size_t want) {
  return capture_on_b(lan, ethertype, send, [want](const Frames& f) { return f.size() >= want; });
}

/// True when some captured frame has `value` at byte `offset`.
inline bool any_with(const Frames& frames, std::size_t offset, std::uint8_t value) {
  for (const auto& f : frames) {
    if (f.size() > offset && f[offset] == value) return true;
  }
  return false;
}

/// gtest fixture: a fresh LAN per test.
class NetnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_net_admin()) {
      GTEST_SKIP() << "\n#### SKIPPED: namespace tests need root / CAP_NET_ADMIN and iproute2 ####";
    }
    const std::string err = lan_.build();
    ASSERT_TRUE(err.empty()) << err;
  }
  NamespaceLan lan_;
};

}  // namespace vrrp::netif::testing
