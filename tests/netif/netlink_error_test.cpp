// Error plumbing and small parsers that need no privileges.
#include <gtest/gtest.h>
#include <netlink/errno.h>

#include "netif/address_manager.hpp"
#include "netif/interface_info.hpp"
#include "netif/netlink_error.hpp"
#include "netif/route_manager.hpp"

namespace vrrp::netif {
namespace {

TEST(NetlinkError, CategoryNamesLibnlErrors) {
  const std::error_code ec = make_netlink_error(-NLE_MSG_TRUNC);
  EXPECT_EQ(ec.category().name(), std::string("netlink"));
  EXPECT_EQ(ec.value(), NLE_MSG_TRUNC);
  EXPECT_FALSE(ec.message().empty());
  EXPECT_FALSE(make_netlink_error(0));
  EXPECT_FALSE(make_netlink_error(5));
}

TEST(NetlinkError, CommonErrorsBecomeErrc) {
  EXPECT_EQ(netlink_to_error(-NLE_EXIST), std::errc::file_exists);
  EXPECT_EQ(netlink_to_error(-NLE_NODEV), std::errc::no_such_device);
  EXPECT_EQ(netlink_to_error(-NLE_PERM), std::errc::operation_not_permitted);
  EXPECT_EQ(netlink_to_error(-NLE_INVAL), std::errc::invalid_argument);
  EXPECT_EQ(netlink_to_error(-NLE_MSG_TRUNC).category(), netlink_category());
  EXPECT_FALSE(netlink_to_error(0));
}

TEST(InterfaceInfo, ParseScope) {
  EXPECT_EQ(parse_scope("global"), kScopeGlobal);
  EXPECT_EQ(parse_scope("universe"), kScopeGlobal);
  EXPECT_EQ(parse_scope("site"), kScopeSite);
  EXPECT_EQ(parse_scope("link"), kScopeLink);
  EXPECT_EQ(parse_scope("host"), kScopeHost);
  EXPECT_EQ(parse_scope("nowhere"), kScopeNowhere);
  EXPECT_EQ(parse_scope("42"), 42);
  EXPECT_FALSE(parse_scope("256"));
  EXPECT_FALSE(parse_scope(""));
  EXPECT_FALSE(parse_scope("Link"));
  EXPECT_FALSE(parse_scope("12x"));
}

TEST(InterfaceInfo, ForwardingRejectsPathTricks) {
  EXPECT_FALSE(ipv6_forwarding_enabled("../all"));
  EXPECT_FALSE(ipv6_forwarding_enabled(""));
  EXPECT_FALSE(ipv6_forwarding_enabled("nosuchif0"));
}

TEST(AddressManager, RejectsBadSpecsBeforeTalkingToTheKernel) {
  auto nl = NetlinkSocket::open();
  ASSERT_TRUE(nl) << nl.error().message();
  VipSpec v;
  v.ifindex = 1;
  v.address = *proto::IpAddr::parse("192.0.2.1");
  v.prefix_len = 33;
  EXPECT_EQ(add_vip(*nl, v), std::errc::invalid_argument);
  RouteSpec r;
  r.dst = *proto::IpAddr::parse("198.51.100.0");
  r.prefix_len = 24;
  r.via = *proto::IpAddr::parse("2001:db8::1");
  EXPECT_EQ(add_route(*nl, r), std::errc::address_family_not_supported);
  RuleSpec rule;
  rule.family = proto::Family::Ipv6;
  rule.from = *proto::IpAddr::parse("192.0.2.1");
  EXPECT_EQ(add_rule(*nl, rule), std::errc::address_family_not_supported);
}

}  // namespace
}  // namespace vrrp::netif
