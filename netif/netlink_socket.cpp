// Connected NETLINK_ROUTE libnl socket for synchronous requests.
#include "netif/netlink_socket.hpp"

#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "netif/netlink_error.hpp"

namespace vrrp::netif {

void NlSockDeleter::operator()(nl_sock* sock) const { nl_socket_free(sock); }

std::expected<NetlinkSocket, std::error_code> NetlinkSocket::open() {
  NlSockPtr sock(nl_socket_alloc());
  if (!sock) return std::unexpected(std::make_error_code(std::errc::not_enough_memory));
  if (int rc = nl_connect(sock.get(), NETLINK_ROUTE); rc < 0) {
    return std::unexpected(netlink_to_error(rc));
  }
  // Dumps of a busy namespace can exceed the default buffer; ask for generous room.
  nl_socket_set_buffer_size(sock.get(), 1 << 20, 1 << 20);
  nl_socket_set_msg_buf_size(sock.get(), 32768);
  return NetlinkSocket(std::move(sock));
}

}  // namespace vrrp::netif
