// VIP add/remove through libnl, with the IFA_PROTO marker put on the request by hand.
#include "netif/address_manager.hpp"

#include <linux/if_addr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>

#include "netif/netlink_error.hpp"
#include "netif/netlink_util.hpp"

namespace vrrp::netif {
namespace {

std::expected<detail::NlObjectPtr<rtnl_addr>, std::error_code> to_rtnl_addr(const VipSpec& vip) {
  detail::NlObjectPtr<rtnl_addr> addr(rtnl_addr_alloc());
  if (!addr) return std::unexpected(std::make_error_code(std::errc::not_enough_memory));
  const bool v4 = vip.address.family() == proto::Family::Ipv4;
  if (vip.prefix_len > (v4 ? 32 : 128))
    return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  auto local = detail::to_nl_addr(vip.address, vip.prefix_len);
  if (!local) return std::unexpected(std::make_error_code(std::errc::not_enough_memory));
  rtnl_addr_set_ifindex(addr.get(), vip.ifindex);
  rtnl_addr_set_family(addr.get(), detail::to_af(vip.address.family()));
  if (int rc = rtnl_addr_set_local(addr.get(), local.get()); rc < 0)
    return std::unexpected(netlink_to_error(rc));
  rtnl_addr_set_prefixlen(addr.get(), vip.prefix_len);
  return addr;
}

}  // namespace

std::error_code add_vip(NetlinkSocket& nl, const VipSpec& vip) {
  auto addr = to_rtnl_addr(vip);
  if (!addr) return addr.error();
  rtnl_addr* a = addr->get();
  const bool v4 = vip.address.family() == proto::Family::Ipv4;
  rtnl_addr_set_scope(a, vip.scope);
  if (v4 && vip.broadcast) {
    auto brd = detail::to_nl_addr(*vip.broadcast, 32);
    if (!brd) return std::make_error_code(std::errc::not_enough_memory);
    if (int rc = rtnl_addr_set_broadcast(a, brd.get()); rc < 0) return netlink_to_error(rc);
  }
  if (v4 && !vip.label.empty()) {
    if (int rc = rtnl_addr_set_label(a, vip.label.c_str()); rc < 0) return netlink_to_error(rc);
  }
  if (!v4 && vip.nodad) rtnl_addr_set_flags(a, IFA_F_NODAD);

  nl_msg* raw = nullptr;
  if (int rc = rtnl_addr_build_add_request(a, NLM_F_CREATE | NLM_F_EXCL, &raw); rc < 0)
    return netlink_to_error(rc);
  // The marker (address_manager.hpp); nl_send_sync frees the message in every case.
  if (int rc = nla_put_u8(raw, IFA_PROTO, kVipAddressProtocol); rc < 0) {
    nlmsg_free(raw);
    return netlink_to_error(rc);
  }
  return netlink_to_error(nl_send_sync(nl.get(), raw));
}

std::error_code remove_vip(NetlinkSocket& nl, const VipSpec& vip) {
  auto addr = to_rtnl_addr(vip);
  if (!addr) return addr.error();
  const int rc = rtnl_addr_delete(nl.get(), addr->get(), 0);
  if (rc == -NLE_NOADDR || rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV) return {};
  return netlink_to_error(rc);
}

std::expected<std::size_t, std::error_code> sweep_leftover_vips(NetlinkSocket& nl) {
  auto addresses = list_addresses(nl, 0);
  if (!addresses) return std::unexpected(addresses.error());
  std::size_t removed = 0;
  for (const AddressInfo& a : *addresses) {
    if (!a.ours()) continue;
    VipSpec vip;
    vip.ifindex = a.ifindex;
    vip.address = a.address;
    vip.prefix_len = a.prefix_len;
    if (auto ec = remove_vip(nl, vip)) return std::unexpected(ec);
    ++removed;
  }
  return removed;
}

}  // namespace vrrp::netif
