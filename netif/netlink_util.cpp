// libnl glue shared by the netlink files: ownership, address conversion, address parsing.
#include "netif/netlink_util.hpp"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/object.h>
#include <sys/socket.h>

#include <cstring>

namespace vrrp::netif::detail {

void NlAddrDeleter::operator()(nl_addr* a) const { nl_addr_put(a); }
void NlObjectDeleter::operator()(void* object) const {
  nl_object_put(static_cast<nl_object*>(object));
}

int to_af(proto::Family family) { return family == proto::Family::Ipv4 ? AF_INET : AF_INET6; }

NlAddrPtr to_nl_addr(const proto::IpAddr& ip, unsigned prefix_len) {
  auto bytes = ip.bytes();
  NlAddrPtr addr(nl_addr_build(to_af(ip.family()), bytes.data(), bytes.size()));
  if (addr) nl_addr_set_prefixlen(addr.get(), static_cast<int>(prefix_len));
  return addr;
}

NlAddrPtr to_nl_lladdr(const proto::MacAddr& mac) {
  return NlAddrPtr(nl_addr_build(AF_LLC, mac.bytes.data(), mac.bytes.size()));
}

std::optional<AddressInfo> parse_address(const nlmsghdr* nlh) {
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) return std::nullopt;
  const auto* ifa = static_cast<const ifaddrmsg*>(NLMSG_DATA(nlh));
  if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) return std::nullopt;
  nlattr* tb[IFA_MAX + 1] = {};
  if (nlmsg_parse(const_cast<nlmsghdr*>(nlh), sizeof(ifaddrmsg), tb, IFA_MAX, nullptr) < 0)
    return std::nullopt;
  const proto::Family family =
      ifa->ifa_family == AF_INET ? proto::Family::Ipv4 : proto::Family::Ipv6;
  const std::size_t size = family == proto::Family::Ipv4 ? 4 : 16;
  // IPv4: IFA_LOCAL is the interface's own address (IFA_ADDRESS is the peer on point-to-point).
  nlattr* a = tb[IFA_LOCAL] != nullptr ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
  if (a == nullptr || static_cast<std::size_t>(nla_len(a)) < size) return std::nullopt;
  AddressInfo info;
  info.ifindex = static_cast<int>(ifa->ifa_index);
  info.address =
      proto::IpAddr::from_bytes(family, {static_cast<const std::uint8_t*>(nla_data(a)), size});
  info.prefix_len = ifa->ifa_prefixlen;
  info.scope = ifa->ifa_scope;
  info.flags = tb[IFA_FLAGS] != nullptr ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
  if (tb[IFA_PROTO] != nullptr) info.protocol = nla_get_u8(tb[IFA_PROTO]);
  if (tb[IFA_LABEL] != nullptr) {
    const auto* s = static_cast<const char*>(nla_data(tb[IFA_LABEL]));
    info.label.assign(s, ::strnlen(s, static_cast<std::size_t>(nla_len(tb[IFA_LABEL]))));
  }
  return info;
}

}  // namespace vrrp::netif::detail
