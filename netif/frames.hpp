// Pure builders for the announcement frames of vrrp-conformance.md §3.5: the IPv4 gratuitous
// ARP and the IPv6 unsolicited Neighbor Advertisement, as whole Ethernet frames. No OS
// includes here on purpose: the bytes are unit-tested against the spec's examples and the
// thin senders in announcer.hpp only hand them to an AF_PACKET socket.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "proto/types.hpp"

namespace vrrp::netif {

inline constexpr std::size_t kGarpFrameSize = 42;  // 14 Ethernet + 28 ARP
inline constexpr std::size_t kNaFrameSize = 86;    // 14 Ethernet + 40 IPv6 + 24 NA + 8 TLLA option

using GarpFrame = std::array<std::uint8_t, kGarpFrameSize>;
using NaFrame = std::array<std::uint8_t, kNaFrameSize>;

/// RFC 5227 §3 "ARP announcement" for `vip` (must be IPv4), sent from `source_mac` (the virtual
/// MAC with use_vmac, else the interface MAC): Ethernet broadcast, ARP request (op 1), sender =
/// target IP = vip, target MAC all zeros (RFC 9568 errata 7947/7949). For VRID 10,
/// 192.0.2.100 this is exactly the §3.5 example. A non-IPv4 `vip` gives an all-zero frame.
GarpFrame build_garp(const proto::MacAddr& source_mac, const proto::IpAddr& vip);

/// RFC 4861 §7.2.6 unsolicited Neighbor Advertisement for `vip` (must be IPv6): Ethernet dst
/// 33:33:00:00:00:01, IPv6 src = vip, dst ff02::1, hop limit 255; ICMPv6 type 136 with
/// O=1, S=0 and R=`router` (set it only when IPv6 forwarding is on for the interface, as
/// keepalived does); target = vip; option 2 (target link-layer address) = `source_mac`;
/// checksum over the IPv6 pseudo-header. A non-IPv6 `vip` gives an all-zero frame.
NaFrame build_unsolicited_na(const proto::MacAddr& source_mac, const proto::IpAddr& vip,
                             bool router);

}  // namespace vrrp::netif
