// Facts about interfaces read through netlink: index, name, MAC, MTU, flags and addresses,
// plus the two addresses the daemon sources adverts from (primary IPv4, IPv6 link-local).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "netif/netlink_socket.hpp"
#include "proto/types.hpp"

namespace vrrp::netif {

/// rtm/ifa scope values (linux/rtnetlink.h rt_scope_t), spelled as keepalived.conf spells them.
inline constexpr std::uint8_t kScopeGlobal = 0;     // "global" / "universe"
inline constexpr std::uint8_t kScopeSite = 200;     // "site"
inline constexpr std::uint8_t kScopeLink = 253;     // "link"
inline constexpr std::uint8_t kScopeHost = 254;     // "host"
inline constexpr std::uint8_t kScopeNowhere = 255;  // "nowhere"

/// "global"/"universe", "site", "link", "host", "nowhere", or a number 0-255.
std::optional<std::uint8_t> parse_scope(std::string_view text);

struct AddressInfo {
  int ifindex = 0;
  proto::IpAddr address;
  std::uint8_t prefix_len = 0;
  std::uint8_t scope = kScopeGlobal;
  std::uint32_t flags = 0;    // IFA_F_* (secondary, nodad, tentative, ...)
  std::uint8_t protocol = 0;  // IFA_PROTO (0 when the kernel did not report one)
  std::string label;          // IPv4 only
  /// Installed by vrrpd (carries address_manager.hpp's marker).
  bool ours() const;
  bool secondary() const;  // IFA_F_SECONDARY
  bool tentative() const;  // IFA_F_TENTATIVE or IFA_F_DADFAILED: not usable as a source yet
};

struct InterfaceInfo {
  int ifindex = 0;
  std::string name;
  proto::MacAddr mac;
  std::uint32_t mtu = 0;
  bool up = false;       // IFF_UP (administratively up)
  bool running = false;  // IFF_RUNNING (operational: carrier and up)
  int link_ifindex = 0;  // parent of a macvlan/VLAN, 0 if none
  std::string kind;      // "macvlan", "veth", "bridge", ... ("" for plain devices)
  std::vector<AddressInfo> addresses;
  /// First non-secondary IPv4 address that is not one of our VIPs (the advert source).
  std::optional<proto::IpAddr> primary_ipv4;
  /// First fe80::/10 address that is neither tentative nor one of ours.
  std::optional<proto::IpAddr> ipv6_link_local;
};

/// Looks up one interface. Errors: no_such_device if absent, or the netlink error.
std::expected<InterfaceInfo, std::error_code> query_interface(NetlinkSocket& nl,
                                                              std::string_view name);
std::expected<InterfaceInfo, std::error_code> query_interface(NetlinkSocket& nl, int ifindex);

/// All addresses of `ifindex` (0: of every interface), both families, kernel order.
std::expected<std::vector<AddressInfo>, std::error_code> list_addresses(NetlinkSocket& nl,
                                                                        int ifindex = 0);

/// Name -> index through netlink; 0 if absent.
int interface_index(NetlinkSocket& nl, std::string_view name);

/// /proc/sys/net/ipv6/conf/<ifname>/forwarding is 1 (decides the NA router flag). False if
/// unreadable. Reads the calling thread's network namespace's /proc/sys view.
bool ipv6_forwarding_enabled(std::string_view ifname);

}  // namespace vrrp::netif
