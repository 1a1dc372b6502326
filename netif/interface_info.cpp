// Interface facts through netlink: one link via rtnl_link_get_kernel, addresses via a raw dump.
#include "netif/interface_info.hpp"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include <charconv>
#include <cstring>
#include <fstream>
#include <string>

#include "netif/address_manager.hpp"
#include "netif/netlink_error.hpp"
#include "netif/netlink_util.hpp"

namespace vrrp::netif {
namespace {

struct CbDeleter {
  void operator()(nl_cb* cb) const { nl_cb_put(cb); }
};

int collect_address(nl_msg* msg, void* arg) {
  auto* out = static_cast<std::vector<AddressInfo>*>(arg);
  if (auto info = detail::parse_address(nlmsg_hdr(msg))) out->push_back(std::move(*info));
  return NL_OK;
}

std::expected<InterfaceInfo, std::error_code> query(NetlinkSocket& nl, int ifindex,
                                                    const char* name) {
  rtnl_link* raw = nullptr;
  if (int rc = rtnl_link_get_kernel(nl.get(), ifindex, name, &raw); rc < 0) {
    if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND)
      return std::unexpected(std::make_error_code(std::errc::no_such_device));
    return std::unexpected(netlink_to_error(rc));
  }
  detail::NlObjectPtr<rtnl_link> link(raw);
  InterfaceInfo info;
  info.ifindex = rtnl_link_get_ifindex(raw);
  if (const char* n = rtnl_link_get_name(raw)) info.name = n;
  if (nl_addr* mac = rtnl_link_get_addr(raw); mac != nullptr && nl_addr_get_len(mac) == 6) {
    std::memcpy(info.mac.bytes.data(), nl_addr_get_binary_addr(mac), 6);
  }
  info.mtu = rtnl_link_get_mtu(raw);
  const unsigned flags = rtnl_link_get_flags(raw);
  info.up = (flags & IFF_UP) != 0;
  info.running = (flags & IFF_RUNNING) != 0;
  info.link_ifindex = rtnl_link_get_link(raw);
  if (const char* kind = rtnl_link_get_type(raw)) info.kind = kind;

  auto addresses = list_addresses(nl, info.ifindex);
  if (!addresses) return std::unexpected(addresses.error());
  info.addresses = std::move(*addresses);
  for (const AddressInfo& a : info.addresses) {
    if (a.ours()) continue;
    if (a.address.family() == proto::Family::Ipv4) {
      if (!info.primary_ipv4 && !a.secondary()) info.primary_ipv4 = a.address;
    } else if (!info.ipv6_link_local && a.address.is_link_local() && !a.tentative()) {
      info.ipv6_link_local = a.address;
    }
  }
  return info;
}

}  // namespace

bool AddressInfo::ours() const { return protocol == kVipAddressProtocol; }
bool AddressInfo::secondary() const { return (flags & IFA_F_SECONDARY) != 0; }
bool AddressInfo::tentative() const { return (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) != 0; }

std::optional<std::uint8_t> parse_scope(std::string_view text) {
  if (text == "global" || text == "universe") return kScopeGlobal;
  if (text == "site") return kScopeSite;
  if (text == "link") return kScopeLink;
  if (text == "host") return kScopeHost;
  if (text == "nowhere") return kScopeNowhere;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || value > 255)
    return std::nullopt;
  return static_cast<std::uint8_t>(value);
}

std::expected<InterfaceInfo, std::error_code> query_interface(NetlinkSocket& nl,
                                                              std::string_view name) {
  const std::string n(name);
  if (n.empty() || n.size() >= IFNAMSIZ)
    return std::unexpected(std::make_error_code(std::errc::no_such_device));
  return query(nl, 0, n.c_str());
}

std::expected<InterfaceInfo, std::error_code> query_interface(NetlinkSocket& nl, int ifindex) {
  if (ifindex <= 0) return std::unexpected(std::make_error_code(std::errc::no_such_device));
  return query(nl, ifindex, nullptr);
}

std::expected<std::vector<AddressInfo>, std::error_code> list_addresses(NetlinkSocket& nl,
                                                                        int ifindex) {
  ifaddrmsg req{};
  req.ifa_family = AF_UNSPEC;
  if (int rc = nl_send_simple(nl.get(), RTM_GETADDR, NLM_F_DUMP, &req, sizeof(req)); rc < 0) {
    return std::unexpected(netlink_to_error(rc));
  }
  std::unique_ptr<nl_cb, CbDeleter> cb(nl_cb_clone(nl_socket_get_cb(nl.get())));
  if (!cb) return std::unexpected(std::make_error_code(std::errc::not_enough_memory));
  std::vector<AddressInfo> all;
  nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, collect_address, &all);
  if (int rc = nl_recvmsgs(nl.get(), cb.get()); rc < 0)
    return std::unexpected(netlink_to_error(rc));
  if (ifindex == 0) return all;
  std::vector<AddressInfo> out;
  for (auto& a : all) {
    if (a.ifindex == ifindex) out.push_back(std::move(a));
  }
  return out;
}

int interface_index(NetlinkSocket& nl, std::string_view name) {
  auto info = query_interface(nl, name);
  return info ? info->ifindex : 0;
}

bool ipv6_forwarding_enabled(std::string_view ifname) {
  if (ifname.empty() || ifname.find('/') != std::string_view::npos || ifname == "." ||
      ifname == "..")
    return false;
  std::ifstream in("/proc/sys/net/ipv6/conf/" + std::string(ifname) + "/forwarding");
  int value = 0;
  return static_cast<bool>(in >> value) && value != 0;
}

}  // namespace vrrp::netif
