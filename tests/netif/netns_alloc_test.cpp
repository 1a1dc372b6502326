// The receive path reuses its buffers: after warm-up, receiving adverts allocates nothing.
// Counts global operator new calls made by the receiving thread (this file replaces the global
// operator new/delete for the whole test binary; counting only, behaviour is unchanged).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdlib>
#include <future>
#include <new>

#include "netif/interface_info.hpp"
#include "netif/vrrp_socket.hpp"
#include "netns_fixture.hpp"

namespace {
thread_local std::size_t g_allocations = 0;
}

// The replacements below pair malloc with free by design; GCC cannot see that both operators
// are replaced together and warns when it inlines them.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace vrrp::netif {
namespace {

using namespace std::chrono_literals;
using testing::NetnsTest;

TEST_F(NetnsTest, ReceivePathDoesNotAllocatePerPacket) {
  constexpr std::size_t kWarmup = 5;
  constexpr std::size_t kMeasured = 200;
  std::promise<void> ready;
  std::atomic<std::size_t> received{0};
  std::size_t allocations_during = 0;
  std::thread rx = lan_.spawn_in("b", [&] {
    auto nl = NetlinkSocket::open();
    auto info = nl ? query_interface(*nl, "eth0") : std::unexpected(std::error_code{});
    if (!info) {
      ready.set_value();
      return;
    }
    boost::asio::io_context io;
    VrrpSocket socket(io);
    VrrpSocketConfig c{proto::Family::Ipv4, "eth0", info->ifindex, *info->primary_ipv4, true, {10}};
    if (socket.open(c)) {
      ready.set_value();
      return;
    }
    std::size_t at_warmup_end = 0;
    socket.start_receive([&](std::error_code ec, const ReceivedDatagram& d) {
      if (ec || d.drop != proto::DropReason::None) return;
      const std::size_t n = ++received;
      if (n == kWarmup) at_warmup_end = g_allocations;
      if (n == kWarmup + kMeasured) {
        allocations_during = g_allocations - at_warmup_end;
        io.stop();
      }
    });
    ready.set_value();
    boost::asio::steady_timer deadline(io, 10s);
    deadline.async_wait([&](const boost::system::error_code&) { io.stop(); });
    io.run();
  });
  ASSERT_EQ(ready.get_future().wait_for(5s), std::future_status::ready);
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    auto info = nl ? query_interface(*nl, "eth0") : std::unexpected(std::error_code{});
    ASSERT_TRUE(info);
    boost::asio::io_context io;
    VrrpSocket socket(io);
    ASSERT_FALSE(
        socket.open({proto::Family::Ipv4, "eth0", info->ifindex, *info->primary_ipv4, true, {}}));
    const std::vector<std::uint8_t> advert{0x31, 0x0a, 0xc8, 0x01, 0x00, 0x64,
                                           0xa1, 0x99, 0xc0, 0x00, 0x02, 0x64};
    const auto group = *proto::IpAddr::parse("224.0.0.18");
    const auto end = std::chrono::steady_clock::now() + 8s;
    // Paced so that the receiver's socket buffer never overflows.
    while (received < kWarmup + kMeasured && std::chrono::steady_clock::now() < end) {
      socket.send(advert, group);
      std::this_thread::sleep_for(1ms);
    }
  });
  rx.join();
  ASSERT_GE(received.load(), kWarmup + kMeasured);
  EXPECT_EQ(allocations_during, 0u) << "allocations while receiving " << kMeasured << " adverts";
}

}  // namespace
}  // namespace vrrp::netif
