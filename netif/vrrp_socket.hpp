// One raw VRRP socket (IP protocol 112) for one (interface, family): joins the VRRP group,
// sends adverts with TTL/hop limit 255 and TOS/traffic class 0xC0 from a chosen source, and
// receives with source, destination, TTL/hop limit and ifindex. Runs on the caller's
// io_context; never blocks; one recvmsg per packet into a reused buffer, one sendmsg per advert.
//
// Choices (why):
// - IPv4 is sent WITHOUT IP_HDRINCL: the kernel builds the header (ID, checksum, DF clear);
//   TTL comes from IP_TTL / IP_MULTICAST_TTL = 255, TOS from IP_TOS = 0xC0, and the source
//   address from an IP_PKTINFO control message (ipi_spec_dst) on every sendmsg. Binding the
//   socket to the source address is not an option: a bound raw socket only receives packets
//   addressed to that address, which would lose every multicast advert.
// - IPv4 receive delivers the IP header; it is taken apart by proto::parse_ipv4. The ifindex
//   comes from IP_PKTINFO.
// - IPv6: source via IPV6_PKTINFO on sendmsg; destination, ifindex and hop limit from the
//   IPV6_PKTINFO and IPV6_HOPLIMIT control messages. IPV6_CHECKSUM is deliberately NOT set:
//   the kernel would silently drop bad checksums, and we want them counted (proto validates).
// - SO_BINDTODEVICE pins the socket to its interface; multicast loop is off; the BPF filter of
//   bpf_filter.hpp is attached so only VRRP for our VRIDs wakes us.
// - unicast_peer mode (join_group = false): no group membership and send() refuses multicast
//   destinations, so multicast is never a silent fallback.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "netif/vrrp_protocol.hpp"
#include "proto/drop_reason.hpp"
#include "proto/types.hpp"
#include "proto/validate.hpp"

namespace vrrp::netif {

struct VrrpSocketConfig {
  proto::Family family = proto::Family::Ipv4;
  std::string ifname;  // SO_BINDTODEVICE target
  int ifindex = 0;     // the same interface's index (group membership, pktinfo)
  /// Source of every advert: the interface's primary IPv4 address, its IPv6 link-local, or the
  /// configured unicast_src_ip. Must be of `family`. May be changed later with set_source().
  proto::IpAddr source;
  /// true: join 224.0.0.18 / ff02::12 on the interface (multicast mode). false: unicast_peer
  /// mode; no membership, and send() refuses multicast destinations.
  bool join_group = true;
  /// VRIDs the kernel filter passes. Empty: nothing passes (until set_vrids()).
  std::vector<std::uint8_t> vrids;
};

/// One received datagram, already taken apart. Valid only during the handler call: `packet.vrrp`
/// views the socket's reused receive buffer.
struct ReceivedDatagram {
  int ifindex = 0;
  /// None: `packet` is filled. Otherwise the IPv4 header was rejected by proto::parse_ipv4
  /// (or the datagram was truncated: PacketLength); count it and do not look at `packet`.
  proto::DropReason drop = proto::DropReason::None;
  proto::ReceivedPacket packet;  // source, destination, ttl / hop limit, VRRP payload
};

struct VrrpSocketStats {
  std::uint64_t rx_packets = 0;
  std::uint64_t rx_errors = 0;  // recvmsg failures other than EAGAIN
  std::uint64_t tx_packets = 0;
  std::uint64_t tx_errors = 0;
};

class VrrpSocket {
 public:
  /// Called once per datagram, or with a non-zero `ec` (and an empty datagram) when recvmsg
  /// failed. Receiving goes on after an error, except after close()/destruction, after which
  /// the handler is never called again.
  using ReceiveHandler = std::function<void(std::error_code ec, const ReceivedDatagram& datagram)>;

  explicit VrrpSocket(boost::asio::io_context& io);
  ~VrrpSocket();
  VrrpSocket(const VrrpSocket&) = delete;
  VrrpSocket& operator=(const VrrpSocket&) = delete;

  /// Opens and configures the socket (options, device binding, filter, membership).
  /// Needs CAP_NET_RAW (raw socket, SO_BINDTODEVICE). On error the socket is
  /// left closed. Calling open() on an open socket closes it first.
  std::error_code open(const VrrpSocketConfig& config);

  /// Re-attaches the BPF filter for a new VRID set (reload). Atomic in the kernel.
  std::error_code set_vrids(std::span<const std::uint8_t> vrids);

  /// New source for subsequent sends (e.g. the primary IPv4 address changed).
  std::error_code set_source(const proto::IpAddr& source);

  /// Sends one VRRP message (`vrrp` is the IP payload, checksum already in it) to
  /// `destination` (the group or a unicast peer) with one sendmsg. Non-blocking: a full socket
  /// buffer gives resource_unavailable_try_again. A multicast destination in unicast mode, or a
  /// destination of the wrong family, gives operation_not_permitted / address_family_not_supported.
  std::error_code send(std::span<const std::uint8_t> vrrp, const proto::IpAddr& destination);

  /// Starts the receive loop: waits for readability on the io_context, then drains the socket
  /// with recvmsg (bounded batch per wakeup, so other handlers get their turn). Call once.
  void start_receive(ReceiveHandler handler);

  /// Stops receiving and closes the socket. Pending waits complete with operation_aborted
  /// internally; the handler is not called again. Idempotent; may be called from inside the
  /// receive handler (destroying the VrrpSocket there may not).
  void close();

  bool is_open() const;
  const VrrpSocketConfig& config() const { return config_; }
  const VrrpSocketStats& stats() const { return stats_; }
  /// The native fd (tests, diagnostics); -1 when closed.
  int native_handle();

 private:
  void wait_readable();
  void drain();
  std::error_code set_options();

  VrrpProtocol::socket socket_;
  VrrpSocketConfig config_;
  VrrpSocketStats stats_;
  ReceiveHandler handler_;
  std::shared_ptr<bool> alive_;       // lets a completing wait notice that we were closed/destroyed
  std::vector<std::uint8_t> buffer_;  // reused receive buffer
  std::array<std::uint8_t, 256> control_{};  // reused control-message buffer
};

}  // namespace vrrp::netif
