// AF_PACKET sender for the frames of frames.hpp.
#include "netif/announcer.hpp"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include <cstring>

#include "netif/frames.hpp"
#include "netif/netlink_error.hpp"

namespace vrrp::netif {

std::expected<Announcer, std::error_code> Announcer::open() {
  // Protocol 0: the socket is bound to no EtherType and so receives nothing.
  UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return std::unexpected(last_os_error());
  return Announcer(std::move(fd));
}

std::error_code Announcer::send_frame(int ifindex, const unsigned char* frame, std::size_t size,
                                      const unsigned char* dst_mac) {
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_ifindex = ifindex;
  to.sll_halen = 6;
  std::uint16_t ethertype = 0;
  std::memcpy(&ethertype, frame + 12, 2);  // already network order in the frame
  to.sll_protocol = ethertype;
  std::memcpy(to.sll_addr, dst_mac, 6);
  if (::sendto(fd_.get(), frame, size, 0, reinterpret_cast<const sockaddr*>(&to), sizeof(to)) < 0) {
    return last_os_error();
  }
  return {};
}

std::error_code Announcer::send_garp(int ifindex, const proto::MacAddr& source_mac,
                                     const proto::IpAddr& vip) {
  if (vip.family() != proto::Family::Ipv4) return std::make_error_code(std::errc::invalid_argument);
  const GarpFrame frame = build_garp(source_mac, vip);
  return send_frame(ifindex, frame.data(), frame.size(), frame.data());
}

std::error_code Announcer::send_unsolicited_na(int ifindex, const proto::MacAddr& source_mac,
                                               const proto::IpAddr& vip, bool router) {
  if (vip.family() != proto::Family::Ipv6) return std::make_error_code(std::errc::invalid_argument);
  const NaFrame frame = build_unsolicited_na(source_mac, vip, router);
  return send_frame(ifindex, frame.data(), frame.size(), frame.data());
}

}  // namespace vrrp::netif
