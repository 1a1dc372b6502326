// Raw VRRP socket: options, membership, sendmsg with a source pktinfo, recvmsg with metadata.
#include "netif/vrrp_socket.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "netif/bpf_filter.hpp"
#include "netif/netlink_error.hpp"

namespace vrrp::netif {
namespace {

constexpr int kTos = 0xc0;  // RFC 5798 §5.1.1.x is silent; keepalived sends 0xC0 (network control)
constexpr int kTtl = proto::kRequiredTtl;
constexpr std::size_t kBufferSize = 65536;  // any IP datagram fits: truncation cannot happen
constexpr int kBatch = 64;  // datagrams per wakeup before yielding to other handlers

template <typename T>
std::error_code set_opt(int fd, int level, int name, const T& value) {
  if (::setsockopt(fd, level, name, &value, sizeof(value)) != 0) return last_os_error();
  return {};
}

std::error_code check_source(const VrrpSocketConfig& config, const proto::IpAddr& source) {
  if (source.family() != config.family)
    return std::make_error_code(std::errc::address_family_not_supported);
  return {};
}

}  // namespace

VrrpSocket::VrrpSocket(boost::asio::io_context& io) : socket_(io), buffer_(kBufferSize) {}

VrrpSocket::~VrrpSocket() { close(); }

bool VrrpSocket::is_open() const { return socket_.is_open(); }

int VrrpSocket::native_handle() { return socket_.is_open() ? socket_.native_handle() : -1; }

void VrrpSocket::close() {
  if (alive_) *alive_ = false;
  alive_.reset();
  // handler_ is kept: close() may run inside it, and destroying a running std::function is UB.
  boost::system::error_code ignored;
  socket_.close(ignored);
}

std::error_code VrrpSocket::open(const VrrpSocketConfig& config) {
  close();
  config_ = config;
  if (auto ec = check_source(config_, config_.source)) return ec;
  boost::system::error_code bec;
  socket_.open(VrrpProtocol::of(config_.family), bec);
  if (bec) return {bec.value(), std::generic_category()};
  if (auto ec = set_options()) {
    close();
    return ec;
  }
  return {};
}

std::error_code VrrpSocket::set_options() {
  const int fd = socket_.native_handle();
  const int on = 1;
  const int off = 0;
  // The filter goes on first so that as little as possible is queued unfiltered.
  if (auto ec = set_vrids(config_.vrids)) return ec;
  if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, config_.ifname.c_str(),
                   static_cast<socklen_t>(config_.ifname.size())) != 0) {
    return last_os_error();
  }
  std::error_code ec;
  if (config_.family == proto::Family::Ipv4) {
    ip_mreqn mreq{};
    mreq.imr_ifindex = config_.ifindex;
    if ((ec = set_opt(fd, IPPROTO_IP, IP_PKTINFO, on))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IP, IP_TOS, kTos))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IP, IP_TTL, kTtl))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IP, IP_MULTICAST_TTL, kTtl))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, off))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IP, IP_MULTICAST_IF, mreq))) return ec;
    if (config_.join_group) {
      const proto::IpAddr group = proto::vrrp_group(proto::Family::Ipv4);
      std::memcpy(&mreq.imr_multiaddr, group.bytes().data(), 4);
      if ((ec = set_opt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq))) return ec;
    }
  } else {
    if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, on))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, on))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_TCLASS, kTos))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, kTtl))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, kTtl))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, off))) return ec;
    if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, config_.ifindex))) return ec;
    // IPV6_CHECKSUM deliberately left unset: proto verifies and counts bad checksums.
    if (config_.join_group) {
      ipv6_mreq mreq{};
      const proto::IpAddr group = proto::vrrp_group(proto::Family::Ipv6);
      std::memcpy(&mreq.ipv6mr_multiaddr, group.bytes().data(), 16);
      mreq.ipv6mr_interface = static_cast<unsigned>(config_.ifindex);
      if ((ec = set_opt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, mreq))) return ec;
    }
  }
  boost::system::error_code bec;
  socket_.non_blocking(true, bec);
  if (bec) return {bec.value(), std::generic_category()};
  // Whatever arrived between socket() and the filter is unfiltered and possibly from another
  // interface (before SO_BINDTODEVICE): discard it.
  while (::recv(fd, buffer_.data(), buffer_.size(), MSG_DONTWAIT) >= 0) {
  }
  return {};
}

std::error_code VrrpSocket::set_vrids(std::span<const std::uint8_t> vrids) {
  config_.vrids.assign(vrids.begin(), vrids.end());
  if (!socket_.is_open()) return std::make_error_code(std::errc::bad_file_descriptor);
  auto program = compile_vrrp_filter(config_.family, vrids);
  if (!program) return program.error();
  return program->attach(socket_.native_handle());
}

std::error_code VrrpSocket::set_source(const proto::IpAddr& source) {
  if (auto ec = check_source(config_, source)) return ec;
  config_.source = source;
  return {};
}

std::error_code VrrpSocket::send(std::span<const std::uint8_t> vrrp,
                                 const proto::IpAddr& destination) {
  if (!socket_.is_open()) return std::make_error_code(std::errc::bad_file_descriptor);
  if (destination.family() != config_.family)
    return std::make_error_code(std::errc::address_family_not_supported);
  // Unicast mode never falls back to multicast.
  if (!config_.join_group && destination.is_multicast()) {
    return std::make_error_code(std::errc::operation_not_permitted);
  }
  iovec iov{const_cast<std::uint8_t*>(vrrp.data()), vrrp.size()};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) std::array<std::uint8_t, CMSG_SPACE(sizeof(in6_pktinfo))> control{};
  msg.msg_control = control.data();
  sockaddr_in sin{};
  sockaddr_in6 sin6{};
  if (config_.family == proto::Family::Ipv4) {
    sin.sin_family = AF_INET;
    std::memcpy(&sin.sin_addr, destination.bytes().data(), 4);
    msg.msg_name = &sin;
    msg.msg_namelen = sizeof(sin);
    msg.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
    cmsghdr* cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = IPPROTO_IP;
    cm->cmsg_type = IP_PKTINFO;
    cm->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    info.ipi_ifindex = config_.ifindex;
    std::memcpy(&info.ipi_spec_dst, config_.source.bytes().data(), 4);  // the source address
    std::memcpy(CMSG_DATA(cm), &info, sizeof(info));
  } else {
    sin6.sin6_family = AF_INET6;
    std::memcpy(&sin6.sin6_addr, destination.bytes().data(), 16);
    if (destination.is_link_local() || destination.is_multicast()) {
      sin6.sin6_scope_id = static_cast<std::uint32_t>(config_.ifindex);
    }
    msg.msg_name = &sin6;
    msg.msg_namelen = sizeof(sin6);
    msg.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
    cmsghdr* cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = IPPROTO_IPV6;
    cm->cmsg_type = IPV6_PKTINFO;
    cm->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
    in6_pktinfo info{};
    info.ipi6_ifindex = static_cast<unsigned>(config_.ifindex);
    std::memcpy(&info.ipi6_addr, config_.source.bytes().data(), 16);
    std::memcpy(CMSG_DATA(cm), &info, sizeof(info));
  }
  if (::sendmsg(socket_.native_handle(), &msg, MSG_DONTWAIT) < 0) {
    ++stats_.tx_errors;
    return last_os_error();
  }
  ++stats_.tx_packets;
  return {};
}

void VrrpSocket::start_receive(ReceiveHandler handler) {
  handler_ = std::move(handler);
  alive_ = std::make_shared<bool>(true);
  wait_readable();
}

void VrrpSocket::wait_readable() {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_wait(VrrpProtocol::socket::wait_read,
                     [this, alive](const boost::system::error_code& ec) {
                       auto guard = alive.lock();
                       if (!guard || !*guard || ec == boost::asio::error::operation_aborted) return;
                       drain();
                       if (guard && *guard) wait_readable();
                     });
}

void VrrpSocket::drain() {
  const std::weak_ptr<bool> alive = alive_;
  for (int i = 0; i < kBatch; ++i) {
    sockaddr_storage from{};
    iovec iov{buffer_.data(), buffer_.size()};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control_.data();
    msg.msg_controllen = control_.size();
    const ssize_t n = ::recvmsg(socket_.native_handle(), &msg, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      ++stats_.rx_errors;
      handler_(last_os_error(), ReceivedDatagram{});
      return;
    }
    ++stats_.rx_packets;
    ReceivedDatagram d;
    const std::span<const std::uint8_t> data(buffer_.data(), static_cast<std::size_t>(n));
    std::optional<proto::IpAddr> destination;
    int ttl = -1;
    for (cmsghdr* cm = CMSG_FIRSTHDR(&msg); cm != nullptr; cm = CMSG_NXTHDR(&msg, cm)) {
      if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
        in_pktinfo info;
        std::memcpy(&info, CMSG_DATA(cm), sizeof(info));
        d.ifindex = info.ipi_ifindex;
      } else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO) {
        in6_pktinfo info;
        std::memcpy(&info, CMSG_DATA(cm), sizeof(info));
        d.ifindex = static_cast<int>(info.ipi6_ifindex);
        destination = proto::IpAddr::from_bytes(
            proto::Family::Ipv6, {reinterpret_cast<const std::uint8_t*>(&info.ipi6_addr), 16});
      } else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_HOPLIMIT) {
        std::memcpy(&ttl, CMSG_DATA(cm), sizeof(ttl));
      }
    }
    if ((msg.msg_flags & MSG_TRUNC) != 0) {
      d.drop = proto::DropReason::PacketLength;
    } else if (config_.family == proto::Family::Ipv4) {
      auto parsed = proto::parse_ipv4(data);
      if (parsed) {
        d.packet = *parsed;
      } else {
        d.drop = parsed.error();
      }
    } else {
      const auto& sin6 = reinterpret_cast<const sockaddr_in6&>(from);
      d.packet.source = proto::IpAddr::from_bytes(
          proto::Family::Ipv6, {reinterpret_cast<const std::uint8_t*>(&sin6.sin6_addr), 16});
      d.packet.destination =
          destination.value_or(proto::IpAddr::from_bytes(proto::Family::Ipv6, {}));
      d.packet.ttl = ttl < 0 ? 0 : static_cast<std::uint8_t>(ttl);
      d.packet.vrrp = data;
    }
    handler_({}, d);
    auto guard = alive.lock();
    if (!guard || !*guard) return;  // the handler closed us
  }
}

}  // namespace vrrp::netif
