// Internal helpers shared by netif's netlink files (not part of the public API): libnl object
// ownership, IpAddr <-> nl_addr, and raw parsing of address messages (libnl 3.7's rtnl_addr
// does not know IFA_PROTO, our VIP marker).
#pragma once

#include <linux/netlink.h>

#include <memory>
#include <optional>

#include "netif/interface_info.hpp"
#include "proto/types.hpp"

struct nl_addr;
struct nl_object;

namespace vrrp::netif::detail {

struct NlAddrDeleter {
  void operator()(nl_addr* a) const;
};
using NlAddrPtr = std::unique_ptr<nl_addr, NlAddrDeleter>;

/// Deleter for any libnl object (rtnl_addr, rtnl_link, rtnl_route, rtnl_rule): nl_object_put.
struct NlObjectDeleter {
  void operator()(void* object) const;
};
template <typename T>
using NlObjectPtr = std::unique_ptr<T, NlObjectDeleter>;

int to_af(proto::Family family);
/// A libnl address of `ip` with prefix length `prefix_len`.
NlAddrPtr to_nl_addr(const proto::IpAddr& ip, unsigned prefix_len);
/// The 6-byte MAC as a libnl link-layer address.
NlAddrPtr to_nl_lladdr(const proto::MacAddr& mac);

/// Parses an RTM_NEWADDR / RTM_DELADDR message. nullopt for other families or malformed input.
std::optional<AddressInfo> parse_address(const nlmsghdr* nlh);

}  // namespace vrrp::netif::detail
