// virtual_routes and virtual_rules: add and remove routes and policy rules through libnl,
// restricted to the common fields. Routes carry rtm_protocol kRouteProtocol so they can be
// told apart in `ip route` output ("proto 118").
#pragma once

#include <cstdint>
#include <optional>
#include <system_error>

#include "netif/netlink_socket.hpp"
#include "proto/types.hpp"

namespace vrrp::netif {

inline constexpr std::uint8_t kRouteProtocol = 0x76;
inline constexpr std::uint32_t kMainTable = 254;

struct RouteSpec {
  proto::IpAddr dst;  // family of the route; 0.0.0.0/0 or ::/0 for a default route
  std::uint8_t prefix_len = 0;
  std::optional<proto::IpAddr> via;  // gateway
  int ifindex = 0;                   // "dev", 0 for none
  std::uint32_t table = kMainTable;
  std::optional<std::uint32_t> metric;  // "metric" / "preference"
  /// kScope* of interface_info.hpp. nullopt: as ip(8) guesses it (link without a gateway,
  /// global with one).
  std::optional<std::uint8_t> scope;
  std::optional<proto::IpAddr> src;  // preferred source ("src")
};

struct RuleSpec {
  proto::Family family = proto::Family::Ipv4;
  std::optional<proto::IpAddr> from;
  std::uint8_t from_len = 0;
  std::optional<proto::IpAddr> to;
  std::uint8_t to_len = 0;
  std::uint32_t table = kMainTable;
  std::optional<std::uint32_t> priority;
};

/// Adds the route. Already present: std::errc::file_exists.
std::error_code add_route(NetlinkSocket& nl, const RouteSpec& route);
/// Removes the route (matched on dst/prefix, table, our protocol, and via/dev/metric when
/// given: a route someone else added is never removed). Absent: success.
std::error_code remove_route(NetlinkSocket& nl, const RouteSpec& route);

/// Adds the rule (action "lookup table"). Already present: std::errc::file_exists.
std::error_code add_rule(NetlinkSocket& nl, const RuleSpec& rule);
/// Removes the rule. Absent: success.
std::error_code remove_rule(NetlinkSocket& nl, const RuleSpec& rule);

}  // namespace vrrp::netif
