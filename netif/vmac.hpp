// use_vmac: macvlan interfaces carrying the virtual MAC (RFC 5798 §7.3) on top of the real
// interface, created and removed through libnl.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "netif/netlink_socket.hpp"
#include "proto/types.hpp"

namespace vrrp::netif {

enum class MacvlanMode : std::uint8_t {
  Private,
  Bridge
};  // keepalived: vmac_xmit_base aside, private is default

/// How the kernel makes the VMAC's IPv6 link-local. RFC 9568 §7.4: never EUI-64 of the virtual
/// MAC (every router would then share one fe80:: source and the address tie-break breaks).
enum class Ipv6AddrGenMode : std::uint8_t { None, Random };

struct VmacSpec {
  std::string name;        // e.g. "vrrp.10" (keepalived's default naming is the daemon's call)
  int parent_ifindex = 0;  // the real interface
  proto::Family family = proto::Family::Ipv4;  // picks 00:00:5e:00:01:VRID or ...:02:VRID
  std::uint8_t vrid = 0;
  MacvlanMode mode = MacvlanMode::Private;
  /// Random gives an IPv6 VR a usable, non-EUI-64 link-local; None gives the VMAC no IPv6
  /// link-local at all (fine for IPv4 VRs).
  Ipv6AddrGenMode addr_gen_mode = Ipv6AddrGenMode::Random;
  bool up = true;  // bring it up after creating it
};

/// Creates the macvlan with the virtual MAC and brings it up. If an interface called
/// `spec.name` already exists and is a macvlan on the same parent with the same MAC (a
/// leftover of our previous run), it is reused. Any other existing interface of that name
/// gives std::errc::file_exists. Returns the VMAC's ifindex.
std::expected<int, std::error_code> create_vmac(NetlinkSocket& nl, const VmacSpec& spec);

/// Deletes the interface `name` if it is a macvlan. Absent: success. Not a macvlan:
/// std::errc::invalid_argument (we never delete what we could not have made).
std::error_code remove_vmac(NetlinkSocket& nl, std::string_view name);

}  // namespace vrrp::netif
