// Asio protocol class for raw IP protocol 112 (VRRP), written like boost::asio::ip::icmp so
// that basic_raw_socket<VrrpProtocol> is a typed raw socket for either family.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/basic_raw_socket.hpp>
#include <boost/asio/ip/basic_endpoint.hpp>

#include "proto/types.hpp"

namespace vrrp::netif {

class VrrpProtocol {
 public:
  using endpoint = boost::asio::ip::basic_endpoint<VrrpProtocol>;
  using socket = boost::asio::basic_raw_socket<VrrpProtocol>;

  static VrrpProtocol v4() { return VrrpProtocol(AF_INET); }
  static VrrpProtocol v6() { return VrrpProtocol(AF_INET6); }
  static VrrpProtocol of(proto::Family family) {
    return family == proto::Family::Ipv4 ? v4() : v6();
  }

  int type() const { return SOCK_RAW; }
  int protocol() const { return proto::kVrrpProtocol; }
  int family() const { return family_; }

  friend bool operator==(const VrrpProtocol& a, const VrrpProtocol& b) {
    return a.family_ == b.family_;
  }

 private:
  explicit VrrpProtocol(int family) : family_(family) {}
  int family_;
};

}  // namespace vrrp::netif
