// Adds and removes virtual IP addresses through netlink, marked as ours so that a startup
// sweep can remove leftovers of a previous run that died without cleaning up (kill -9).
//
// The marker: IFA_PROTO = kVipAddressProtocol on every address we add (kernel >= 6.1 stores
// and reports it; libnl 3.7 does not know the attribute, so it is put on the request by hand
// and read back from raw dumps). Why not the label: keepalived.conf lets the user choose the
// label, and IPv6 has none. Why not only a state file: a file can be stale or lost with /run,
// while the kernel's own record dies with the address. Limits: kernels before 6.1 silently
// ignore the attribute, so nothing is marked and the sweep finds nothing there; anything else
// that uses the same IFA_PROTO value would be swept too (the value is chosen to be unusual).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <system_error>

#include "netif/interface_info.hpp"
#include "netif/netlink_socket.hpp"
#include "proto/types.hpp"

namespace vrrp::netif {

/// IFA_PROTO value that marks vrrpd's addresses. Kernel values are 0-3 (IFAPROT_*).
inline constexpr std::uint8_t kVipAddressProtocol = 0x76;  // 'v'

/// One virtual IP address as keepalived's virtual_ipaddress line describes it.
struct VipSpec {
  int ifindex = 0;  // "dev"
  proto::IpAddr address;
  /// Prefix length; keepalived's default without "/len" is 32 (IPv4) or 128 (IPv6).
  std::uint8_t prefix_len = 32;
  std::optional<proto::IpAddr> broadcast;  // "brd", IPv4 only
  std::uint8_t scope = kScopeGlobal;       // "scope"
  std::string label;  // "label", IPv4 only; kernel wants it to start with the ifname
  /// IPv6 only: IFA_F_NODAD, so the address is usable at once (vrrp-conformance.md §3.5).
  bool nodad = true;
};

/// Installs the VIP with our marker. An address already present (ours or not) gives
/// std::errc::file_exists and is left untouched; callers decide whether that is fine.
std::error_code add_vip(NetlinkSocket& nl, const VipSpec& vip);

/// Removes the VIP (matched by ifindex, address and prefix). Absent already: success.
std::error_code remove_vip(NetlinkSocket& nl, const VipSpec& vip);

/// Removes every address carrying our marker on every interface of this namespace (startup,
/// before any instance runs). Returns how many were removed; stops at the first failure.
std::expected<std::size_t, std::error_code> sweep_leftover_vips(NetlinkSocket& nl);

}  // namespace vrrp::netif
