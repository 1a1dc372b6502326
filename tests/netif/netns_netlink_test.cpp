// Netlink adapters inside the test LAN: VIPs and the leftover sweep, interface facts, VMACs,
// routes and rules. Verified both through our own netlink reads and through iproute2.
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>

#include "netif/address_manager.hpp"
#include "netif/interface_info.hpp"
#include "netif/route_manager.hpp"
#include "netif/vmac.hpp"
#include "netns_fixture.hpp"

namespace vrrp::netif {
namespace {

using namespace std::chrono_literals;
using testing::NetnsTest;

proto::IpAddr ip(const char* text) { return *proto::IpAddr::parse(text); }

std::optional<AddressInfo> find_address(NetlinkSocket& nl, int ifindex, const proto::IpAddr& a) {
  auto all = list_addresses(nl, ifindex);
  if (!all) return std::nullopt;
  for (const auto& info : *all) {
    if (info.address == a) return info;
  }
  return std::nullopt;
}

TEST_F(NetnsTest, InterfaceFacts) {
  std::string link;
  ASSERT_EQ(testing::sh("ip -n " + lan_.ns("a") + " -o link show eth0", &link), 0);
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    auto info = query_interface(*nl, "eth0");
    ASSERT_TRUE(info) << info.error().message();
    EXPECT_EQ(info->name, "eth0");
    EXPECT_GT(info->ifindex, 0);
    EXPECT_EQ(info->mtu, 1500u);
    EXPECT_TRUE(info->up);
    EXPECT_TRUE(info->running);
    EXPECT_EQ(info->kind, "veth");
    EXPECT_NE(link.find("link/ether " + info->mac.to_string()), std::string::npos) << link;
    ASSERT_TRUE(info->primary_ipv4);
    EXPECT_EQ(*info->primary_ipv4, ip("192.0.2.1"));
    ASSERT_TRUE(info->ipv6_link_local);
    EXPECT_TRUE(info->ipv6_link_local->is_link_local());
    auto by_index = query_interface(*nl, info->ifindex);
    ASSERT_TRUE(by_index);
    EXPECT_EQ(by_index->name, "eth0");
    EXPECT_EQ(interface_index(*nl, "eth0"), info->ifindex);
    EXPECT_EQ(query_interface(*nl, "nosuch0").error(), std::errc::no_such_device);
    EXPECT_FALSE(ipv6_forwarding_enabled("eth0"));
  });
  ASSERT_EQ(
      testing::sh("ip netns exec " + lan_.ns("a") + " sysctl -qw net.ipv6.conf.eth0.forwarding=1"),
      0);
  lan_.run_in("a", [] { EXPECT_TRUE(ipv6_forwarding_enabled("eth0")); });
}

TEST_F(NetnsTest, PrimaryIpv4SkipsOurVips) {
  const std::string ns = lan_.ns("a");
  // Put one of our VIPs first in the kernel's list, then the configured address after it.
  ASSERT_EQ(testing::sh("ip -n " + ns + " addr del 192.0.2.1/24 dev eth0"), 0);
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    ASSERT_FALSE(add_vip(*nl, {interface_index(*nl, "eth0"), ip("198.51.100.9"), 32, std::nullopt,
                               kScopeGlobal, "", true}));
  });
  ASSERT_EQ(testing::sh("ip -n " + ns + " addr add 192.0.2.1/24 dev eth0"), 0);
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    auto info = query_interface(*nl, "eth0");
    ASSERT_TRUE(info);
    ASSERT_GE(info->addresses.size(), 2u);
    EXPECT_EQ(info->addresses.front().address, ip("198.51.100.9"))
        << "precondition: the VIP is listed first";
    ASSERT_TRUE(info->primary_ipv4);
    EXPECT_EQ(*info->primary_ipv4, ip("192.0.2.1"));
  });
}

TEST_F(NetnsTest, VipAddAndRemove) {
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    const int eth0 = interface_index(*nl, "eth0");
    VipSpec v4{eth0, ip("192.0.2.100"), 24, ip("192.0.2.255"), kScopeGlobal, "eth0:vip", true};
    VipSpec v6{eth0, ip("2001:db8::100"), 128, std::nullopt, kScopeGlobal, "", true};
    ASSERT_FALSE(add_vip(*nl, v4));
    ASSERT_FALSE(add_vip(*nl, v6));
    auto a4 = find_address(*nl, eth0, v4.address);
    ASSERT_TRUE(a4);
    EXPECT_TRUE(a4->ours());
    EXPECT_EQ(a4->prefix_len, 24);
    EXPECT_EQ(a4->label, "eth0:vip");
    EXPECT_TRUE(a4->secondary());  // same subnet as 192.0.2.1/24
    auto a6 = find_address(*nl, eth0, v6.address);
    ASSERT_TRUE(a6);
    EXPECT_TRUE(a6->ours());
    EXPECT_FALSE(a6->tentative());
    EXPECT_NE(a6->flags & 0x02u, 0u) << "IFA_F_NODAD";
    // The configured addresses are not ours.
    auto base = find_address(*nl, eth0, ip("192.0.2.1"));
    ASSERT_TRUE(base);
    EXPECT_FALSE(base->ours());

    EXPECT_EQ(add_vip(*nl, v4), std::errc::file_exists);
    EXPECT_FALSE(remove_vip(*nl, v4));
    EXPECT_FALSE(remove_vip(*nl, v6));
    EXPECT_FALSE(find_address(*nl, eth0, v4.address));
    EXPECT_FALSE(find_address(*nl, eth0, v6.address));
    EXPECT_FALSE(remove_vip(*nl, v4)) << "removing an absent VIP is success";
  });
  std::string out;
  testing::sh("ip -n " + lan_.ns("a") + " addr show dev eth0", &out);
  EXPECT_EQ(out.find("192.0.2.100"), std::string::npos) << out;
}

TEST_F(NetnsTest, VipVisibleToIproute2WithBroadcastAndScope) {
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    const int eth0 = interface_index(*nl, "eth0");
    ASSERT_FALSE(add_vip(
        *nl, {eth0, ip("198.51.100.10"), 24, ip("198.51.100.255"), kScopeLink, "eth0:x", true}));
  });
  std::string out;
  testing::sh("ip -n " + lan_.ns("a") + " -4 addr show dev eth0", &out);
  EXPECT_NE(out.find("inet 198.51.100.10/24 brd 198.51.100.255 scope link"), std::string::npos)
      << out;
  EXPECT_NE(out.find("eth0:x"), std::string::npos) << out;
}

TEST_F(NetnsTest, SweepRemovesLeftoversOfAKilledProcessOnly) {
  const std::string ns = lan_.ns("a");
  ASSERT_EQ(testing::sh("ip -n " + ns + " addr add 192.0.2.50/32 dev eth0"), 0);  // the admin's
  // A child process installs VIPs and is killed with SIGKILL: nothing of ours cleans up.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (!testing::enter_netns(ns)) ::_exit(2);
    auto nl = NetlinkSocket::open();
    if (!nl) ::_exit(3);
    const int eth0 = interface_index(*nl, "eth0");
    if (add_vip(*nl, {eth0, ip("192.0.2.100"), 32, std::nullopt, kScopeGlobal, "", true}))
      ::_exit(4);
    if (add_vip(*nl, {eth0, ip("2001:db8::100"), 128, std::nullopt, kScopeGlobal, "", true}))
      ::_exit(5);
    for (;;) ::pause();
  }
  const bool installed = testing::wait_until([&] {
    std::string out;
    testing::sh("ip -n " + ns + " addr show dev eth0", &out);
    return out.find("192.0.2.100") != std::string::npos &&
           out.find("2001:db8::100") != std::string::npos;
  });
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(installed) << "child exit status " << status;

  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    auto removed = sweep_leftover_vips(*nl);
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_EQ(*removed, 2u);
    const int eth0 = interface_index(*nl, "eth0");
    EXPECT_FALSE(find_address(*nl, eth0, ip("192.0.2.100")));
    EXPECT_FALSE(find_address(*nl, eth0, ip("2001:db8::100")));
    EXPECT_TRUE(find_address(*nl, eth0, ip("192.0.2.50"))) << "the admin's address must survive";
    EXPECT_TRUE(find_address(*nl, eth0, ip("192.0.2.1")));
    auto again = sweep_leftover_vips(*nl);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0u);
  });
}

TEST_F(NetnsTest, VmacCreateReuseAndRemove) {
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    const int eth0 = interface_index(*nl, "eth0");
    VmacSpec spec{
        "vrrp.10", eth0, proto::Family::Ipv4, 10, MacvlanMode::Private, Ipv6AddrGenMode::None,
        true};
    auto index = create_vmac(*nl, spec);
    ASSERT_TRUE(index) << index.error().message();
    auto info = query_interface(*nl, "vrrp.10");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->ifindex, *index);
    EXPECT_EQ(info->kind, "macvlan");
    EXPECT_EQ(info->mac.to_string(), "00:00:5e:00:01:0a");
    EXPECT_EQ(info->link_ifindex, eth0);
    EXPECT_TRUE(info->up);
    EXPECT_FALSE(info->ipv6_link_local) << "addrgenmode none: no link-local";

    auto again = create_vmac(*nl, spec);  // our own leftover is reused
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *index);

    VmacSpec clash = spec;
    clash.name = "eth0";
    EXPECT_EQ(create_vmac(*nl, clash).error(), std::errc::file_exists);
    VmacSpec other_vrid = spec;
    other_vrid.vrid = 11;
    EXPECT_EQ(create_vmac(*nl, other_vrid).error(), std::errc::file_exists);

    EXPECT_FALSE(remove_vmac(*nl, "vrrp.10"));
    EXPECT_FALSE(query_interface(*nl, "vrrp.10"));
    EXPECT_FALSE(remove_vmac(*nl, "vrrp.10")) << "absent is success";
    EXPECT_EQ(remove_vmac(*nl, "eth0"), std::errc::invalid_argument);
    EXPECT_TRUE(query_interface(*nl, "eth0"));
  });
  std::string out;
  testing::sh("ip -n " + lan_.ns("a") + " link show", &out);
  EXPECT_EQ(out.find("vrrp.10"), std::string::npos);
}

TEST_F(NetnsTest, Ipv6VmacGetsARandomNotEui64LinkLocal) {
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    const int eth0 = interface_index(*nl, "eth0");
    VmacSpec spec{
        "vrrp6.10", eth0, proto::Family::Ipv6, 10, MacvlanMode::Bridge, Ipv6AddrGenMode::Random,
        true};
    ASSERT_TRUE(create_vmac(*nl, spec));
    std::optional<proto::IpAddr> ll;
    testing::wait_until([&] {
      auto info = query_interface(*nl, "vrrp6.10");
      if (info && info->ipv6_link_local) ll = info->ipv6_link_local;
      return ll.has_value();
    });
    ASSERT_TRUE(ll) << "no link-local on the VMAC within 5 s";
    EXPECT_EQ(query_interface(*nl, "vrrp6.10")->mac.to_string(), "00:00:5e:00:02:0a");
    // RFC 9568 §7.4: not the EUI-64 of 00:00:5e:00:02:0a.
    EXPECT_NE(*ll, ip("fe80::200:5eff:fe00:20a"));
    // Exactly one link-local: none was generated from the MAC before the mode applied.
    auto addrs = list_addresses(*nl, query_interface(*nl, "vrrp6.10")->ifindex);
    ASSERT_TRUE(addrs);
    EXPECT_EQ(std::count_if(addrs->begin(), addrs->end(),
                            [](const auto& a) { return a.address.is_link_local(); }),
              1);
    EXPECT_FALSE(remove_vmac(*nl, "vrrp6.10"));
  });
  std::string mode;
  testing::sh("ip -n " + lan_.ns("a") + " -d link show", &mode);
  EXPECT_EQ(mode.find("vrrp6.10"), std::string::npos);
}

TEST_F(NetnsTest, RoutesAndRules) {
  const std::string ns = lan_.ns("a");
  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    const int eth0 = interface_index(*nl, "eth0");
    RouteSpec r4{ip("198.51.100.0"), 24,          ip("192.0.2.2"), eth0, 100, 10u,
                 std::nullopt,       std::nullopt};
    RouteSpec r6{ip("2001:db8:1::"), 48,           ip("2001:db8::2"), eth0, 100,
                 std::nullopt,       std::nullopt, std::nullopt};
    RouteSpec dev_only{ip("203.0.113.0"), 24,           std::nullopt, eth0,
                       kMainTable,        std::nullopt, std::nullopt, std::nullopt};
    ASSERT_FALSE(add_route(*nl, r4));
    ASSERT_FALSE(add_route(*nl, r6));
    ASSERT_FALSE(add_route(*nl, dev_only));
    EXPECT_EQ(add_route(*nl, r4), std::errc::file_exists);
    RuleSpec rule{proto::Family::Ipv4, ip("192.0.2.100"), 32, std::nullopt, 0, 100, 1000u};
    RuleSpec rule6{proto::Family::Ipv6, std::nullopt, 0, ip("2001:db8:1::"), 48, 100, 1001u};
    ASSERT_FALSE(add_rule(*nl, rule));
    ASSERT_FALSE(add_rule(*nl, rule6));
    EXPECT_EQ(add_rule(*nl, rule), std::errc::file_exists);
  });
  std::string routes, routes6, main, rules, rules6;
  testing::sh("ip -n " + ns + " route show table 100", &routes);
  testing::sh("ip -n " + ns + " -6 route show table 100", &routes6);
  testing::sh("ip -n " + ns + " route show", &main);
  testing::sh("ip -n " + ns + " rule show", &rules);
  testing::sh("ip -n " + ns + " -6 rule show", &rules6);
  EXPECT_NE(routes.find("198.51.100.0/24 via 192.0.2.2 dev eth0"), std::string::npos) << routes;
  EXPECT_NE(routes.find("metric 10"), std::string::npos) << routes;
  EXPECT_NE(routes6.find("2001:db8:1::/48 via 2001:db8::2 dev eth0"), std::string::npos) << routes6;
  EXPECT_NE(main.find("203.0.113.0/24 dev eth0"), std::string::npos) << main;
  EXPECT_NE(main.find("scope link"), std::string::npos) << main;
  EXPECT_NE(rules.find("1000:\tfrom 192.0.2.100 lookup 100"), std::string::npos) << rules;
  EXPECT_NE(rules6.find("1001:\tfrom all to 2001:db8:1::/48 lookup 100"), std::string::npos)
      << rules6;

  lan_.run_in("a", [&] {
    auto nl = NetlinkSocket::open();
    ASSERT_TRUE(nl);
    const int eth0 = interface_index(*nl, "eth0");
    RouteSpec r4{ip("198.51.100.0"), 24,          ip("192.0.2.2"), eth0, 100, 10u,
                 std::nullopt,       std::nullopt};
    RouteSpec r6{ip("2001:db8:1::"), 48,           ip("2001:db8::2"), eth0, 100,
                 std::nullopt,       std::nullopt, std::nullopt};
    EXPECT_FALSE(remove_route(*nl, r4));
    EXPECT_FALSE(remove_route(*nl, r6));
    EXPECT_FALSE(remove_route(*nl, r4)) << "absent is success";
    RuleSpec rule{proto::Family::Ipv4, ip("192.0.2.100"), 32, std::nullopt, 0, 100, 1000u};
    EXPECT_FALSE(remove_rule(*nl, rule));
    EXPECT_FALSE(remove_rule(*nl, rule)) << "absent is success";
  });
  testing::sh("ip -n " + ns + " route show table 100", &routes);
  testing::sh("ip -n " + ns + " -6 route show table 100", &routes6);
  testing::sh("ip -n " + ns + " rule show", &rules);
  EXPECT_EQ(routes.find("198.51.100.0/24"), std::string::npos) << routes;
  EXPECT_EQ(routes6.find("2001:db8:1::/48"), std::string::npos) << routes6;
  EXPECT_EQ(rules.find("192.0.2.100"), std::string::npos) << rules;
}

}  // namespace
}  // namespace vrrp::netif
