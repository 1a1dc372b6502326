// The asynchronous netlink monitor and the GARP/NA sender, observed across the test LAN.
#include <linux/if_ether.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <future>
#include <mutex>

#include "netif/address_manager.hpp"
#include "netif/announcer.hpp"
#include "netif/frames.hpp"
#include "netif/interface_info.hpp"
#include "netif/netlink_monitor.hpp"
#include "netif/unique_fd.hpp"
#include "netns_fixture.hpp"

namespace vrrp::netif {
namespace {

using namespace std::chrono_literals;
using testing::NetnsTest;

proto::IpAddr ip(const char* text) { return *proto::IpAddr::parse(text); }

// A NetlinkMonitor running in host "a" on its own io_context, recording events.
class MonitorThread {
 public:
  explicit MonitorThread(testing::NamespaceLan& lan) {
    thread_ = lan.spawn_in("a", [this] {
      boost::asio::io_context io;
      NetlinkMonitor monitor(io);
      auto nl = NetlinkSocket::open();
      eth0_ = nl ? interface_index(*nl, "eth0") : 0;
      const auto ec = monitor.start([this](const NetlinkEvent& ev) {
        std::lock_guard lock(mutex_);
        events_.push_back(ev);
      });
      ready_.set_value(ec);
      if (ec) return;
      // Poll the stop flag: the loop itself must stay responsive while idle.
      boost::asio::steady_timer tick(io);
      std::function<void()> arm = [&] {
        tick.expires_after(10ms);
        tick.async_wait([&](const boost::system::error_code&) {
          if (stop_) {
            monitor.stop();
            return;
          }
          arm();
        });
      };
      arm();
      io.run_for(20s);
    });
  }
  ~MonitorThread() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::error_code ready() {
    auto f = ready_.get_future();
    if (f.wait_for(5s) != std::future_status::ready)
      return std::make_error_code(std::errc::timed_out);
    return f.get();
  }
  /// Waits up to 5 s for an event matching `pred`.
  template <typename Event>
  std::optional<Event> wait_for(const std::function<bool(const Event&)>& pred) {
    std::optional<Event> found;
    testing::wait_until([&] {
      std::lock_guard lock(mutex_);
      for (const auto& ev : events_) {
        if (const auto* e = std::get_if<Event>(&ev); e != nullptr && pred(*e)) {
          found = *e;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::size_t link_events_for(int ifindex) {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(events_.begin(), events_.end(), [&](const NetlinkEvent& ev) {
          const auto* e = std::get_if<LinkEvent>(&ev);
          return e != nullptr && e->ifindex == ifindex;
        }));
  }
  int eth0() const { return eth0_; }

 private:
  std::promise<std::error_code> ready_;
  std::atomic<bool> stop_{false};
  std::atomic<int> eth0_{0};
  std::mutex mutex_;
  std::vector<NetlinkEvent> events_;
  std::thread thread_;
};

TEST_F(NetnsTest, MonitorReportsCarrierLossAndAdminDown) {
  MonitorThread mon(lan_);
  ASSERT_FALSE(mon.ready());
  const int eth0 = mon.eth0();
  ASSERT_GT(eth0, 0);
  EXPECT_EQ(mon.link_events_for(eth0), 0u) << "known state is primed silently";

  // Carrier loss: the bridge side of a's veth goes down; a's eth0 stays administratively up.
  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("br") + " link set pa down"), 0);
  auto lost =
      mon.wait_for<LinkEvent>([&](const LinkEvent& e) { return e.ifindex == eth0 && !e.running; });
  ASSERT_TRUE(lost) << "no carrier-loss event within 5 s";
  EXPECT_TRUE(lost->up);
  EXPECT_FALSE(lost->operational());
  EXPECT_EQ(lost->name, "eth0");

  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("br") + " link set pa up"), 0);
  auto back = mon.wait_for<LinkEvent>(
      [&](const LinkEvent& e) { return e.ifindex == eth0 && e.operational(); });
  ASSERT_TRUE(back) << "no link-up event within 5 s";

  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("a") + " link set eth0 down"), 0);
  auto down =
      mon.wait_for<LinkEvent>([&](const LinkEvent& e) { return e.ifindex == eth0 && !e.up; });
  ASSERT_TRUE(down) << "no admin-down event within 5 s";
  EXPECT_FALSE(down->operational());
}

TEST_F(NetnsTest, MonitorReportsAddressesAndMarksOurs) {
  MonitorThread mon(lan_);
  ASSERT_FALSE(mon.ready());
  const int eth0 = mon.eth0();
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    ASSERT_FALSE(add_vip(*nl, {eth0, ip("192.0.2.100"), 32, std::nullopt, kScopeGlobal, "", true}));
  });
  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("a") + " addr add 2001:db8::77/64 dev eth0 nodad"), 0);
  auto added = mon.wait_for<AddressEvent>(
      [](const AddressEvent& e) { return e.address == ip("192.0.2.100") && e.added; });
  ASSERT_TRUE(added);
  EXPECT_EQ(added->ifindex, eth0);
  EXPECT_EQ(added->prefix_len, 32);
  EXPECT_TRUE(added->ours);
  auto theirs = mon.wait_for<AddressEvent>(
      [](const AddressEvent& e) { return e.address == ip("2001:db8::77"); });
  ASSERT_TRUE(theirs);
  EXPECT_FALSE(theirs->ours);

  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("a") + " addr del 192.0.2.100/32 dev eth0"), 0);
  auto removed = mon.wait_for<AddressEvent>(
      [](const AddressEvent& e) { return e.address == ip("192.0.2.100") && !e.added; });
  ASSERT_TRUE(removed);
}

TEST_F(NetnsTest, MonitorReportsLinkRemoval) {
  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("a") + " link add dummy7 type veth peer name dummy8"),
            0);
  MonitorThread mon(lan_);
  ASSERT_FALSE(mon.ready());
  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("a") + " link del dummy7"), 0);
  auto gone =
      mon.wait_for<LinkEvent>([](const LinkEvent& e) { return e.name == "dummy7" && e.removed; });
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->operational());
}

TEST_F(NetnsTest, GratuitousArpOnTheWire) {
  const proto::MacAddr vmac = proto::virtual_mac(proto::Family::Ipv4, 10);
  std::error_code send_ec;
  auto frames = testing::capture_on_b(
      lan_, ETH_P_ARP,
      [&] {
        lan_.run_in("a", [&] {
          auto nl = NetlinkSocket::open();
          auto announcer = Announcer::open();
          ASSERT_TRUE(nl && announcer);
          send_ec = announcer->send_garp(interface_index(*nl, "eth0"), vmac, ip("192.0.2.100"));
          EXPECT_EQ(announcer->send_garp(1, vmac, ip("2001:db8::1")), std::errc::invalid_argument);
        });
      },
      1);
  ASSERT_FALSE(send_ec) << send_ec.message();
  ASSERT_EQ(frames.size(), 1u);
  const GarpFrame expected = build_garp(vmac, ip("192.0.2.100"));
  frames[0].resize(std::min(frames[0].size(), expected.size()));  // drop Ethernet padding, if any
  EXPECT_EQ(frames[0], std::vector<std::uint8_t>(expected.begin(), expected.end()));
}

TEST_F(NetnsTest, UnsolicitedNaOnTheWire) {
  const proto::MacAddr vmac = proto::virtual_mac(proto::Family::Ipv6, 10);
  std::error_code send_ec;
  std::vector<std::vector<std::uint8_t>> nas;
  auto frames = testing::capture_on_b(
      lan_, ETH_P_IPV6,
      [&] {
        lan_.run_in("a", [&] {
          auto nl = NetlinkSocket::open();
          auto announcer = Announcer::open();
          ASSERT_TRUE(nl && announcer);
          send_ec = announcer->send_unsolicited_na(interface_index(*nl, "eth0"), vmac,
                                                   ip("2001:db8::100"), false);
        });
      },
      1);
  ASSERT_FALSE(send_ec) << send_ec.message();
  const NaFrame expected = build_unsolicited_na(vmac, ip("2001:db8::100"), false);
  bool seen = false;
  for (const auto& f : frames)
    seen |= f == std::vector<std::uint8_t>(expected.begin(), expected.end());
  EXPECT_TRUE(seen) << frames.size() << " IPv6 frames, none is our NA";
}

}  // namespace
}  // namespace vrrp::netif
