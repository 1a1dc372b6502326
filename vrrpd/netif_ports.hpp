// The ports of ports.hpp implemented with netif/: raw VRRP sockets shared per (interface,
// family, mode), VIPs through netlink, GARP/NA through an AF_PACKET socket.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "netif/announcer.hpp"
#include "netif/netlink_socket.hpp"
#include "netif/vrrp_socket.hpp"
#include "vrrpd/logger.hpp"
#include "vrrpd/ports.hpp"
#include "vrrpd/rate_limiter.hpp"

namespace vrrp::daemon {

class NetifSocketPool : public SocketPool {
 public:
  /// `on_packet` gets every datagram the socket layer could take apart; `on_reject` the reason
  /// for those it could not (router-wide counters).
  using PacketHandler = std::function<void(int ifindex, const proto::ReceivedPacket& packet)>;
  using RejectHandler = std::function<void(proto::DropReason reason)>;

  NetifSocketPool(boost::asio::io_context& io, Logger& log, PacketHandler on_packet,
                  RejectHandler on_reject);
  ~NetifSocketPool() override;

  AdvertPort* acquire(const Key& key, std::uint8_t vrid, const proto::IpAddr& source,
                      std::error_code& ec) override;
  void release(const Key& key, std::uint8_t vrid) override;
  std::size_t open_sockets() const { return entries_.size(); }

 private:
  struct Entry;
  boost::asio::io_context& io_;
  Logger& log_;
  PacketHandler on_packet_;
  RejectHandler on_reject_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

class NetifHost : public HostPort {
 public:
  NetifHost(netif::NetlinkSocket& nl, netif::Announcer announcer, Logger& log)
      : nl_(nl), announcer_(std::move(announcer)), log_(log) {}

  std::error_code add_address(const conf::AddressSpec& spec, int ifindex) override;
  std::error_code remove_address(const conf::AddressSpec& spec, int ifindex) override;
  std::error_code announce(const conf::AddressSpec& spec, int ifindex, unsigned repeat) override;

 private:
  int resolve_dev(const conf::AddressSpec& spec, int ifindex);
  netif::NetlinkSocket& nl_;
  netif::Announcer announcer_;
  Logger& log_;
};

}  // namespace vrrp::daemon
