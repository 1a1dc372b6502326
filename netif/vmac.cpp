// macvlan VMAC interfaces through libnl's macvlan and inet6 link helpers.
#include "netif/vmac.hpp"

#include <linux/if.h>
#include <linux/if_link.h>
#include <netlink/addr.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/macvlan.h>

#include <cstring>
#include <string>

#include "netif/interface_info.hpp"
#include "netif/netlink_error.hpp"
#include "netif/netlink_util.hpp"

namespace vrrp::netif {
namespace {

using LinkPtr = detail::NlObjectPtr<rtnl_link>;

std::expected<LinkPtr, std::error_code> get_link(NetlinkSocket& nl, const std::string& name) {
  rtnl_link* raw = nullptr;
  const int rc = rtnl_link_get_kernel(nl.get(), 0, name.c_str(), &raw);
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return LinkPtr{};
  if (rc < 0) return std::unexpected(netlink_to_error(rc));
  return LinkPtr(raw);
}

bool is_macvlan(rtnl_link* link) {
  const char* kind = rtnl_link_get_type(link);
  return kind != nullptr && std::strcmp(kind, "macvlan") == 0;
}

std::error_code configure(NetlinkSocket& nl, rtnl_link* existing, const VmacSpec& spec) {
  LinkPtr change(rtnl_link_alloc());
  if (!change) return std::make_error_code(std::errc::not_enough_memory);
  // RFC 9568 §7.4: the IPv6 interface identifier must not come from the virtual MAC.
  const uint8_t mode = spec.addr_gen_mode == Ipv6AddrGenMode::None ? IN6_ADDR_GEN_MODE_NONE
                                                                   : IN6_ADDR_GEN_MODE_RANDOM;
  if (int rc = rtnl_link_inet6_set_addr_gen_mode(change.get(), mode); rc < 0)
    return netlink_to_error(rc);
  if (int rc = rtnl_link_change(nl.get(), existing, change.get(), 0); rc < 0)
    return netlink_to_error(rc);
  if (!spec.up) return {};
  // A separate request: the kernel applies flags before IFLA_AF_SPEC within one message, which
  // would let an EUI-64 link-local appear before the mode takes effect.
  LinkPtr up(rtnl_link_alloc());
  if (!up) return std::make_error_code(std::errc::not_enough_memory);
  rtnl_link_set_flags(up.get(), IFF_UP);
  return netlink_to_error(rtnl_link_change(nl.get(), existing, up.get(), 0));
}

}  // namespace

std::expected<int, std::error_code> create_vmac(NetlinkSocket& nl, const VmacSpec& spec) {
  if (spec.name.empty() || spec.name.size() >= IFNAMSIZ || spec.vrid == 0) {
    return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  }
  const proto::MacAddr mac = proto::virtual_mac(spec.family, spec.vrid);
  auto existing = get_link(nl, spec.name);
  if (!existing) return std::unexpected(existing.error());
  if (!*existing) {
    LinkPtr link(rtnl_link_macvlan_alloc());
    if (!link) return std::unexpected(std::make_error_code(std::errc::not_enough_memory));
    auto lladdr = detail::to_nl_lladdr(mac);
    rtnl_link_set_name(link.get(), spec.name.c_str());
    rtnl_link_set_link(link.get(), spec.parent_ifindex);
    rtnl_link_set_addr(link.get(), lladdr.get());
    rtnl_link_macvlan_set_mode(
        link.get(), spec.mode == MacvlanMode::Bridge ? MACVLAN_MODE_BRIDGE : MACVLAN_MODE_PRIVATE);
    if (int rc = rtnl_link_add(nl.get(), link.get(), NLM_F_CREATE | NLM_F_EXCL); rc < 0) {
      return std::unexpected(netlink_to_error(rc));
    }
    existing = get_link(nl, spec.name);
    if (!existing) return std::unexpected(existing.error());
    if (!*existing) return std::unexpected(std::make_error_code(std::errc::no_such_device));
  } else {
    // Reuse only our own leftover: same kind, parent and MAC.
    rtnl_link* l = existing->get();
    nl_addr* have = rtnl_link_get_addr(l);
    const bool same_mac = have != nullptr && nl_addr_get_len(have) == 6 &&
                          std::memcmp(nl_addr_get_binary_addr(have), mac.bytes.data(), 6) == 0;
    if (!is_macvlan(l) || rtnl_link_get_link(l) != spec.parent_ifindex || !same_mac) {
      return std::unexpected(std::make_error_code(std::errc::file_exists));
    }
  }
  // addrgenmode is set on the still-down link (so no EUI-64 link-local ever appears), then up.
  if (auto ec = configure(nl, existing->get(), spec)) {
    return std::unexpected(ec);
  }
  return rtnl_link_get_ifindex(existing->get());
}

std::error_code remove_vmac(NetlinkSocket& nl, std::string_view name) {
  const std::string n(name);
  auto existing = get_link(nl, n);
  if (!existing) return existing.error();
  if (!*existing) return {};
  if (!is_macvlan(existing->get())) return std::make_error_code(std::errc::invalid_argument);
  const int rc = rtnl_link_delete(nl.get(), existing->get());
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return {};
  return netlink_to_error(rc);
}

}  // namespace vrrp::netif
