// Sends gratuitous ARPs and unsolicited Neighbor Advertisements (vrrp-conformance.md §3.5) on
// an AF_PACKET socket. Thin by design: the bytes come from frames.hpp.
#pragma once

#include <cstddef>
#include <expected>
#include <system_error>
#include <utility>

#include "netif/unique_fd.hpp"
#include "proto/types.hpp"

namespace vrrp::netif {

class Announcer {
 public:
  /// Opens one non-blocking AF_PACKET/SOCK_RAW send-only socket (protocol 0: receives nothing)
  /// in the calling thread's namespace. Needs CAP_NET_RAW.
  static std::expected<Announcer, std::error_code> open();

  /// One gratuitous ARP for `vip` out of `ifindex`, Ethernet source `source_mac` (the virtual MAC
  /// with use_vmac, else the interface's MAC). `vip` must be IPv4 (else invalid_argument).
  std::error_code send_garp(int ifindex, const proto::MacAddr& source_mac,
                            const proto::IpAddr& vip);

  /// One unsolicited NA for `vip` (IPv6) out of `ifindex`; `router`: set the R flag (pass
  /// ipv6_forwarding_enabled(ifname) from interface_info.hpp).
  std::error_code send_unsolicited_na(int ifindex, const proto::MacAddr& source_mac,
                                      const proto::IpAddr& vip, bool router);

  int native_handle() const { return fd_.get(); }

 private:
  explicit Announcer(UniqueFd fd) : fd_(std::move(fd)) {}
  std::error_code send_frame(int ifindex, const unsigned char* frame, std::size_t size,
                             const unsigned char* dst_mac);
  UniqueFd fd_;
};

}  // namespace vrrp::netif
