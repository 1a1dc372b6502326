// The hot path (advert received, timer fired, advert sent, outputs drained) must not allocate:
// global operator new is counted while a probe is armed. It lives in the scenario binary
// because vrrp_proto_test already replaces operator new for the codec's own check.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "proto/instance_test_util.hpp"

// The replacement pair below is malloc/free based on purpose; GCC cannot see that.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace vrrp::proto::test {
namespace {

struct AllocationProbe {
  AllocationProbe() {
    g_allocations = 0;
    g_counting = true;
  }
  ~AllocationProbe() { g_counting = false; }
  long count() const { return g_allocations.load(); }
};

TEST(InstanceHotPath, BackupReceivingAndMasterTimerDoNotAllocate) {
  InstanceConfig cfg = v3_config(100);
  cfg.vips = {ip("192.0.2.100"), ip("192.0.2.101"), ip("192.0.2.102")};
  Instance backup(cfg);
  const TimePoint t0{std::chrono::seconds(1000)};
  backup.handle(t0, Startup{});
  while (backup.poll_output()) {}
  PeerAdvert peer;
  peer.priority = 200;
  peer.vips = cfg.vips;
  const auto bytes = peer.bytes();
  const Input rx = PacketIn{ReceivedPacket{peer.source, peer.destination, 255, bytes}};

  Instance master(v3_config(255));
  master.handle(t0, Startup{});
  while (master.poll_output()) {}

  long allocations = 0;
  std::size_t outputs = 0;
  {
    AllocationProbe probe;
    for (int i = 1; i <= 100; ++i) {
      const TimePoint now = t0 + std::chrono::seconds(i);
      backup.handle(now, rx);
      while (backup.poll_output()) ++outputs;
      master.handle(now, Timeout{});
      while (master.poll_output()) ++outputs;
    }
    allocations = probe.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(backup.counters().adverts_rcvd, 100u);
  EXPECT_EQ(master.counters().adverts_sent, 101u);
  EXPECT_GE(outputs, 100u);
}

TEST(InstanceHotPath, ProbeDetectsAllocations) {
  long allocations = 0;
  {
    AllocationProbe probe;
    auto* p = new std::vector<int>(100);
    delete p;
    allocations = probe.count();
  }
  EXPECT_GE(allocations, 1);
}

}  // namespace
}  // namespace vrrp::proto::test
