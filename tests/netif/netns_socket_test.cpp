// Raw VRRP sockets between two namespaces: metadata, the kernel filter, unicast mode.
#include <linux/if_ether.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <future>
#include <mutex>

#include "netif/interface_info.hpp"
#include "netif/vrrp_socket.hpp"
#include "netns_fixture.hpp"
#include "support/mini_json.hpp"

namespace vrrp::netif {
namespace {

using namespace std::chrono_literals;
using testing::NetnsTest;

struct Captured {
  int ifindex = 0;
  proto::DropReason drop = proto::DropReason::None;
  proto::IpAddr source, destination;
  int ttl = -1;
  int tos = -1;  // IPv4 only: read from the delivered header (our sends carry no options)
  std::vector<std::uint8_t> vrrp;
};

struct HostFacts {
  int ifindex = 0;
  proto::IpAddr ipv4, link_local;
};

HostFacts facts() {
  HostFacts f;
  auto nl = NetlinkSocket::open();
  if (!nl) return f;
  auto info = query_interface(*nl, "eth0");
  if (!info) return f;
  f.ifindex = info->ifindex;
  if (info->primary_ipv4) f.ipv4 = *info->primary_ipv4;
  if (info->ipv6_link_local) f.link_local = *info->ipv6_link_local;
  return f;
}

VrrpSocketConfig config_for(proto::Family family, const HostFacts& f,
                            std::vector<std::uint8_t> vrids, bool multicast = true) {
  VrrpSocketConfig c;
  c.family = family;
  c.ifname = "eth0";
  c.ifindex = f.ifindex;
  c.source = family == proto::Family::Ipv4 ? f.ipv4 : f.link_local;
  c.join_group = multicast;
  c.vrids = std::move(vrids);
  return c;
}

// A receiving socket in host "b" on its own thread and io_context, collecting copies of
// datagrams until `want` arrived or `limit` passed.
class Receiver {
 public:
  Receiver(testing::NamespaceLan& lan, proto::Family family, std::vector<std::uint8_t> vrids,
           bool multicast, std::size_t want, std::chrono::milliseconds limit = 5s) {
    thread_ = lan.spawn_in("b", [=, this] {
      facts_ = facts();
      boost::asio::io_context io;
      VrrpSocket socket(io);
      if (auto ec = socket.open(config_for(family, facts_, vrids, multicast))) {
        ready_.set_value(ec);
        return;
      }
      socket.start_receive([&](std::error_code ec, const ReceivedDatagram& d) {
        if (ec) return;
        Captured c;
        c.ifindex = d.ifindex;
        c.drop = d.drop;
        c.source = d.packet.source;
        c.destination = d.packet.destination;
        c.ttl = d.packet.ttl;
        if (family == proto::Family::Ipv4 && d.drop == proto::DropReason::None)
          c.tos = *(d.packet.vrrp.data() - 20 + 1);
        c.vrrp.assign(d.packet.vrrp.begin(), d.packet.vrrp.end());
        std::lock_guard lock(mutex_);
        got_.push_back(std::move(c));
        if (got_.size() >= want) io.stop();
      });
      ready_.set_value({});
      boost::asio::steady_timer deadline(io, limit);
      deadline.async_wait([&](const boost::system::error_code&) { io.stop(); });
      io.run();
      done_ = true;
    });
  }
  ~Receiver() {
    if (thread_.joinable()) thread_.join();
  }
  /// Waits until the socket is open; returns its open() error.
  std::error_code ready() {
    auto f = ready_.get_future();
    if (f.wait_for(5s) != std::future_status::ready)
      return std::make_error_code(std::errc::timed_out);
    return f.get();
  }
  bool done() const { return done_; }
  std::vector<Captured> finish() {
    thread_.join();
    std::lock_guard lock(mutex_);
    return got_;
  }
  const HostFacts& host() const { return facts_; }

 private:
  std::promise<std::error_code> ready_;
  std::atomic<bool> done_{false};
  std::mutex mutex_;
  std::vector<Captured> got_;
  HostFacts facts_;
  std::thread thread_;
};

// Sends `adverts` in order from host "a", every 50 ms, until `stop()` or 5 s. Returns a's facts
// and the first send error.
std::pair<HostFacts, std::error_code> send_from_a(
    testing::NamespaceLan& lan, proto::Family family,
    const std::vector<std::vector<std::uint8_t>>& adverts, const proto::IpAddr& destination,
    bool multicast, const std::function<bool()>& stop) {
  HostFacts f;
  std::error_code first;
  lan.run_in("a", [&] {
    f = facts();
    boost::asio::io_context io;
    VrrpSocket socket(io);
    if ((first = socket.open(config_for(family, f, {}, multicast)))) return;
    const auto end = std::chrono::steady_clock::now() + 5s;
    while (!stop() && std::chrono::steady_clock::now() < end) {
      for (const auto& advert : adverts) {
        if (auto ec = socket.send(advert, destination); ec && !first) first = ec;
      }
      std::this_thread::sleep_for(50ms);
    }
  });
  return {f, first};
}

proto::IpAddr ip(const char* text) { return *proto::IpAddr::parse(text); }

// v3 VRID 10 prio 200, 192.0.2.100 (checksum irrelevant here: netif does not verify it).
const std::vector<std::uint8_t> kV4Advert = test::from_hex("310ac8010064a199c0000264");
// v3 VRID 10 prio 100, fe80::1 and 2001:db8::1.
const std::vector<std::uint8_t> kV6Advert = test::from_hex(
    "310a640200644023fe80000000000000000000000000000120010db8000000000000000000000001");

TEST_F(NetnsTest, Ipv4MulticastAdvertArrivesWithMetadata) {
  Receiver rx(lan_, proto::Family::Ipv4, {10}, true, 1);
  ASSERT_FALSE(rx.ready());
  auto [a, ec] = send_from_a(lan_, proto::Family::Ipv4, {kV4Advert}, ip("224.0.0.18"), true,
                             [&] { return rx.done(); });
  ASSERT_FALSE(ec) << ec.message();
  auto got = rx.finish();
  ASSERT_FALSE(got.empty()) << "no advert within 5 s";
  const Captured& c = got.front();
  EXPECT_EQ(c.drop, proto::DropReason::None);
  EXPECT_EQ(c.source, ip("192.0.2.1"));
  EXPECT_EQ(c.destination, ip("224.0.0.18"));
  EXPECT_EQ(c.ttl, 255);
  EXPECT_EQ(c.tos, 0xc0);
  EXPECT_EQ(c.ifindex, rx.host().ifindex);
  EXPECT_EQ(c.vrrp, kV4Advert);
}

TEST_F(NetnsTest, Ipv6MulticastAdvertArrivesWithMetadata) {
  Receiver rx(lan_, proto::Family::Ipv6, {10}, true, 1);
  ASSERT_FALSE(rx.ready());
  auto [a, ec] = send_from_a(lan_, proto::Family::Ipv6, {kV6Advert}, ip("ff02::12"), true,
                             [&] { return rx.done(); });
  ASSERT_FALSE(ec) << ec.message();
  auto got = rx.finish();
  ASSERT_FALSE(got.empty()) << "no advert within 5 s";
  const Captured& c = got.front();
  EXPECT_TRUE(a.link_local.is_link_local());
  EXPECT_EQ(c.source, a.link_local);
  EXPECT_EQ(c.destination, ip("ff02::12"));
  EXPECT_EQ(c.ttl, 255);
  EXPECT_EQ(c.ifindex, rx.host().ifindex);
  EXPECT_EQ(c.vrrp, kV6Advert);  // delivered unmodified: no kernel checksum handling
}

TEST_F(NetnsTest, Ipv6BadChecksumIsDeliveredForCounting) {
  auto bad = kV6Advert;
  bad[7] ^= 0xff;  // the kernel must not drop it (IPV6_CHECKSUM unset): proto counts it
  Receiver rx(lan_, proto::Family::Ipv6, {10}, true, 1);
  ASSERT_FALSE(rx.ready());
  send_from_a(lan_, proto::Family::Ipv6, {bad}, ip("ff02::12"), true, [&] { return rx.done(); });
  auto got = rx.finish();
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front().vrrp, bad);
}

void expect_only_vrid_10(testing::NamespaceLan& lan, proto::Family family,
                         std::vector<std::uint8_t> vrid10, const proto::IpAddr& group) {
  auto vrid11 = vrid10;
  vrid11[1] = 11;
  Receiver rx(lan, family, {10, 12}, true, 3);
  ASSERT_FALSE(rx.ready());
  // VRID 11 goes out first each round, so without the filter it would arrive first.
  send_from_a(lan, family, {vrid11, vrid11, vrid10}, group, true, [&] { return rx.done(); });
  auto got = rx.finish();
  ASSERT_EQ(got.size(), 3u);
  for (const auto& c : got)
    EXPECT_EQ(c.vrrp[1], 10) << "the kernel filter let another VRID through";
}

TEST_F(NetnsTest, KernelFilterDropsOtherVridsIpv4) {
  expect_only_vrid_10(lan_, proto::Family::Ipv4, kV4Advert, ip("224.0.0.18"));
}
TEST_F(NetnsTest, KernelFilterDropsOtherVridsIpv6) {
  expect_only_vrid_10(lan_, proto::Family::Ipv6, kV6Advert, ip("ff02::12"));
}

TEST_F(NetnsTest, UnicastPeerModeSendsToThePeerOnly) {
  Receiver rx(lan_, proto::Family::Ipv4, {10}, false, 1);
  ASSERT_FALSE(rx.ready());
  auto [a, ec] = send_from_a(lan_, proto::Family::Ipv4, {kV4Advert}, ip("192.0.2.2"), false,
                             [&] { return rx.done(); });
  ASSERT_FALSE(ec) << ec.message();
  auto got = rx.finish();
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front().destination, ip("192.0.2.2"));
  EXPECT_EQ(got.front().source, ip("192.0.2.1"));
  EXPECT_EQ(got.front().ttl, 255);
}

TEST_F(NetnsTest, UnicastModeRefusesMulticastAndWrongFamily) {
  lan_.run_in("a", [] {
    const HostFacts f = facts();
    boost::asio::io_context io;
    VrrpSocket socket(io);
    ASSERT_FALSE(socket.open(config_for(proto::Family::Ipv4, f, {10}, false)));
    EXPECT_EQ(socket.send(kV4Advert, ip("224.0.0.18")), std::errc::operation_not_permitted);
    EXPECT_EQ(socket.send(kV4Advert, ip("2001:db8::2")), std::errc::address_family_not_supported);
    EXPECT_FALSE(socket.send(kV4Advert, ip("192.0.2.2")));
    EXPECT_EQ(socket.stats().tx_packets, 1u);
  });
}

TEST_F(NetnsTest, OpenFailsOnUnknownInterface) {
  lan_.run_in("a", [] {
    boost::asio::io_context io;
    VrrpSocket socket(io);
    VrrpSocketConfig c = config_for(proto::Family::Ipv4, facts(), {10});
    c.ifname = "nosuchif0";
    EXPECT_TRUE(socket.open(c));
    EXPECT_FALSE(socket.is_open());
  });
}

}  // namespace
}  // namespace vrrp::netif

namespace vrrp::netif {
namespace {

TEST_F(NetnsTest, Ipv6UnicastPeerMode) {
  std::promise<std::error_code> ready;
  std::atomic<bool> got{false};
  Captured c;
  std::thread rx = lan_.spawn_in("b", [&] {
    HostFacts f = facts();
    boost::asio::io_context io;
    VrrpSocket socket(io);
    auto cfg = config_for(proto::Family::Ipv6, f, {10}, false);
    cfg.source = ip("2001:db8::2");
    if (auto ec = socket.open(cfg)) {
      ready.set_value(ec);
      return;
    }
    socket.start_receive([&](std::error_code ec, const ReceivedDatagram& d) {
      if (ec) return;
      c.source = d.packet.source;
      c.destination = d.packet.destination;
      c.ttl = d.packet.ttl;
      got = true;
      io.stop();
    });
    ready.set_value({});
    io.run_for(5s);
  });
  auto f = ready.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  ASSERT_FALSE(f.get());
  lan_.run_in("a", [&] {
    HostFacts f = facts();
    boost::asio::io_context io;
    VrrpSocket socket(io);
    auto cfg = config_for(proto::Family::Ipv6, f, {}, false);
    cfg.source = ip("2001:db8::1");
    ASSERT_FALSE(socket.open(cfg));
    EXPECT_EQ(socket.send(kV6Advert, ip("ff02::12")), std::errc::operation_not_permitted);
    for (int i = 0; i < 100 && !got; ++i) {
      EXPECT_FALSE(socket.send(kV6Advert, ip("2001:db8::2")));
      std::this_thread::sleep_for(50ms);
    }
  });
  rx.join();
  ASSERT_TRUE(got);
  EXPECT_EQ(c.source, ip("2001:db8::1"));
  EXPECT_EQ(c.destination, ip("2001:db8::2"));
  EXPECT_EQ(c.ttl, 255);
}

// IP_MULTICAST_LOOP is off: another VRRP socket on the sender's own host hears nothing of ours,
// while it does hear the peer (the control that makes the silence meaningful).
TEST_F(NetnsTest, OwnMulticastIsNotLoopedBack) {
  std::atomic<int> from_self{0}, from_peer{0};
  std::promise<void> ready;
  std::atomic<bool> stop{false};
  std::thread rx = lan_.spawn_in("a", [&] {
    HostFacts f = facts();
    boost::asio::io_context io;
    VrrpSocket listener(io), sender(io);
    if (listener.open(config_for(proto::Family::Ipv4, f, {10})) ||
        sender.open(config_for(proto::Family::Ipv4, f, {}))) {
      ready.set_value();
      return;
    }
    listener.start_receive([&](std::error_code ec, const ReceivedDatagram& d) {
      if (ec) return;
      (d.packet.source == f.ipv4 ? from_self : from_peer)++;
    });
    ready.set_value();
    boost::asio::steady_timer tick(io);
    int sent = 0;
    std::function<void()> arm = [&] {
      tick.expires_after(20ms);
      tick.async_wait([&](const boost::system::error_code&) {
        if (sent < 10) {
          sender.send(kV4Advert, ip("224.0.0.18"));
          ++sent;
        }
        if (stop && sent >= 10) {
          io.stop();
          return;
        }
        arm();
      });
    };
    arm();
    io.run_for(8s);
  });
  ready.get_future().wait_for(5s);
  lan_.run_in("b", [&] {
    HostFacts f = facts();
    boost::asio::io_context io;
    VrrpSocket socket(io);
    ASSERT_FALSE(socket.open(config_for(proto::Family::Ipv4, f, {})));
    for (int i = 0; i < 100 && from_peer == 0; ++i) {
      socket.send(kV4Advert, ip("224.0.0.18"));
      std::this_thread::sleep_for(20ms);
    }
  });
  std::this_thread::sleep_for(300ms);  // the listener's own 10 sends are done by now
  stop = true;
  rx.join();
  EXPECT_GT(from_peer.load(), 0) << "control: the listener hears the peer";
  EXPECT_EQ(from_self.load(), 0) << "our own multicast came back";
}

// What goes on the wire, seen by a packet socket on the peer: IPv4 TOS 0xC0, TTL 255, protocol
// 112, source = primary; IPv6 traffic class 0xC0, hop limit 255, next header 112, source = LL.
TEST_F(NetnsTest, WireHeadersOfSentAdverts) {
  HostFacts a;
  auto three_rounds = [n = 0]() mutable { return n++ >= 3; };
  auto v4 = testing::capture_on_b(
      lan_, ETH_P_IP,
      [&] {
        a = send_from_a(lan_, proto::Family::Ipv4, {kV4Advert}, ip("224.0.0.18"), true,
                        three_rounds)
                .first;
      },
      [](const testing::Frames& f) { return testing::any_with(f, 23, 112); });
  const std::vector<std::uint8_t>* ipv4 = nullptr;
  for (const auto& f : v4) {
    if (!ipv4 && f.size() >= 34 && f[23] == 112) ipv4 = &f;  // skip IGMP reports
  }
  ASSERT_NE(ipv4, nullptr) << "no VRRP frame among " << v4.size() << " IPv4 frames";
  const auto& f4 = *ipv4;
  ASSERT_GE(f4.size(), 14u + 20 + kV4Advert.size());
  EXPECT_EQ(f4[14], 0x45);
  EXPECT_EQ(f4[15], 0xc0) << "TOS";
  EXPECT_EQ(f4[22], 255) << "TTL";
  EXPECT_EQ(f4[23], 112) << "protocol";
  EXPECT_EQ(proto::IpAddr::from_bytes(proto::Family::Ipv4, {f4.data() + 26, 4}), ip("192.0.2.1"));
  EXPECT_EQ(proto::IpAddr::from_bytes(proto::Family::Ipv4, {f4.data() + 30, 4}), ip("224.0.0.18"));
  EXPECT_EQ(std::vector<std::uint8_t>(f4.begin() + 34,
                                      f4.begin() + 34 + static_cast<long>(kV4Advert.size())),
            kV4Advert);
  // Ethernet destination: the IPv4 multicast MAC of 224.0.0.18.
  EXPECT_EQ(std::vector<std::uint8_t>(f4.begin(), f4.begin() + 6),
            (std::vector<std::uint8_t>{1, 0, 0x5e, 0, 0, 0x12}));

  auto v6 = testing::capture_on_b(
      lan_, ETH_P_IPV6,
      [&] {
        a = send_from_a(lan_, proto::Family::Ipv6, {kV6Advert}, ip("ff02::12"), true, three_rounds)
                .first;
      },
      [](const testing::Frames& f) { return testing::any_with(f, 20, 112); });
  const std::vector<std::uint8_t>* advert = nullptr;
  for (const auto& f : v6) {
    if (!advert && f.size() >= 54 && f[20] == 112) advert = &f;  // skip MLD and RS
  }
  ASSERT_NE(advert, nullptr) << "no VRRP frame among " << v6.size() << " IPv6 frames";
  const auto& f6 = *advert;
  const unsigned tclass = static_cast<unsigned>((f6[14] & 0x0f) << 4 | f6[15] >> 4);
  EXPECT_EQ(tclass, 0xc0u) << "traffic class";
  EXPECT_EQ(f6[21], 255) << "hop limit";
  EXPECT_EQ(proto::IpAddr::from_bytes(proto::Family::Ipv6, {f6.data() + 22, 16}), a.link_local);
  EXPECT_EQ(proto::IpAddr::from_bytes(proto::Family::Ipv6, {f6.data() + 38, 16}), ip("ff02::12"));
}

}  // namespace
}  // namespace vrrp::netif
