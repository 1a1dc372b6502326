// The hot path allocates nothing: a Master's advert timer firing (one advert out) and a Backup
// receiving its master's adverts, on a real io_context with real timers and the real clock,
// as in the daemon. Counts global operator new calls (alloc_counter.cpp) in steady state.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <functional>

#include "daemon/alloc_counter.hpp"
#include "daemon/daemon_fakes.hpp"

namespace vrrp::daemon {
namespace {

using namespace std::chrono_literals;
using testing::g_allocations;
using testing::g_count_allocations;
using testing::ip;

/// Counts sends and stops the loop after `limit` of them.
class StoppingPort : public AdvertPort {
 public:
  explicit StoppingPort(boost::asio::io_context& io) : io_(io) {}
  std::error_code send(std::span<const std::uint8_t> vrrp, const proto::IpAddr&) override {
    if (vrrp.size() > 2 && vrrp[2] != 0) ++sent;
    if (sent == warmup) {
      g_allocations = 0;
      g_count_allocations = true;
    }
    if (sent == limit) {
      g_count_allocations = false;
      io_.stop();
    }
    return {};
  }
  std::size_t sent = 0;
  std::size_t warmup = 5;
  std::size_t limit = 205;

 private:
  boost::asio::io_context& io_;
};

class StoppingPool : public SocketPool {
 public:
  explicit StoppingPool(boost::asio::io_context& io) : port(io) {}
  AdvertPort* acquire(const Key&, std::uint8_t, const proto::IpAddr&, std::error_code&) override {
    return &port;
  }
  void release(const Key&, std::uint8_t) override {}
  StoppingPort port;
};

class HotPathTest : public ::testing::Test {
 protected:
  HotPathTest() { log.set_sink([](LogLevel, std::string_view) {}); }

  boost::asio::io_context io;
  testing::FakeHost host;
  testing::FakeNotifier notifier;
  Logger log;
  StallDetector stalls;
  StoppingPool pool{io};
  DriverContext ctx{io, host, notifier, log, stalls};  // the real clock
  InstanceSet set{ctx, pool};
};

TEST_F(HotPathTest, MasterAdvertTimerAllocatesNothing) {
  // The address owner is Master at once; a 10 ms VRRPv3 interval gives 200 adverts in ~2 s.
  auto plan = testing::make_plan("VI_1", 51, 255);
  plan.config.version = proto::Version::V3;
  plan.config.advert_interval = 10ms;
  plan.config.announce.master_delay = 0s;  // no second announcement burst in the window
  set.start({ResolvedPlan{plan, 7, true, 0, {}}}, false);
  ASSERT_EQ(set.drivers()[0]->instance().state(), proto::State::Master);
  // On this shared machine a 10 ms loop is sometimes late by more than the 2.5 ms stall
  // threshold, and a stall log line allocates (by design: it is the exceptional path).
  stalls.set_threshold(std::chrono::hours(1));
  io.run_for(10s);
  EXPECT_EQ(pool.port.sent, pool.port.limit);
  EXPECT_EQ(g_allocations.load(), 0u);
}

TEST_F(HotPathTest, BackupReceivingAdvertsAllocatesNothing) {
  set.start({ResolvedPlan{testing::make_plan("VI_1", 51, 100), 7, true, 0, {}}}, false);
  const auto peer = ip("192.0.2.2");
  const auto adv = testing::encode_v2(51, 200, {ip("192.0.2.100")}, peer);
  const proto::ReceivedPacket packet{peer, ip("224.0.0.18"), 255, adv};
  // Each packet is its own handler, as a socket read completion is; the next "read" is queued
  // from inside the handler, as netif re-arms its socket wait.
  int delivered = 0;
  std::function<void()> deliver = [&] {
    set.on_packet(7, packet);
    ++delivered;
    if (delivered == 5) {  // warm-up done: Asio's handler memory cache is primed
      g_allocations = 0;
      g_count_allocations = true;
    }
    if (delivered == 1005) {
      g_count_allocations = false;
      io.stop();
      return;
    }
    boost::asio::post(io, [&] { deliver(); });
  };
  boost::asio::post(io, [&] { deliver(); });
  io.run_for(5s);
  EXPECT_EQ(delivered, 1005);
  EXPECT_EQ(set.drivers()[0]->instance().counters().adverts_rcvd, 1005u);
  EXPECT_EQ(set.drivers()[0]->instance().state(), proto::State::Backup);
  EXPECT_EQ(g_allocations.load(), 0u);
}

}  // namespace
}  // namespace vrrp::daemon
