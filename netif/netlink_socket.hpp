// RAII owner of one connected NETLINK_ROUTE libnl socket used for synchronous requests
// (address, link, route, rule changes and dumps). Requests block for one kernel round trip,
// which is microseconds; the asynchronous event stream is NetlinkMonitor's job, not this.
#pragma once

#include <expected>
#include <memory>
#include <system_error>

struct nl_sock;

namespace vrrp::netif {

struct NlSockDeleter {
  void operator()(nl_sock* sock) const;
};
using NlSockPtr = std::unique_ptr<nl_sock, NlSockDeleter>;

class NetlinkSocket {
 public:
  /// Allocates a libnl socket and connects it to NETLINK_ROUTE in the calling thread's
  /// network namespace (the namespace is fixed at this moment, as for any socket).
  static std::expected<NetlinkSocket, std::error_code> open();

  /// The libnl handle, for netif/ implementation files. Never null on an opened socket.
  nl_sock* get() const { return sock_.get(); }

 private:
  explicit NetlinkSocket(NlSockPtr sock) : sock_(std::move(sock)) {}
  NlSockPtr sock_;
};

}  // namespace vrrp::netif
