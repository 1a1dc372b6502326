// Link-layer framing of captured frames: finds the IP packet inside an Ethernet (with 802.1Q/
// 802.1ad tags), Linux cooked (SLL, SLL2) or raw-IP frame. Pure: no libpcap types.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vrrp::dump {

/// The link types the tool understands, as the DLT_* numbers pcap_datalink() returns.
enum class LinkType : int {
  Ethernet = 1,      // DLT_EN10MB
  Raw = 12,          // DLT_RAW on Linux (LINKTYPE_RAW 101 in files maps to it)
  RawOpenBsd = 14,   // DLT_RAW on OpenBSD, seen in files written there
  LinuxSll = 113,    // DLT_LINUX_SLL: tcpdump -i any (libpcap < 1.10 default)
  Ipv4 = 228,        // DLT_IPV4
  Ipv6 = 229,        // DLT_IPV6
  LinuxSll2 = 276,   // DLT_LINUX_SLL2: tcpdump -i any with libpcap >= 1.10
};

/// The LinkType for a DLT/LINKTYPE number, or nullopt when the tool cannot decode it.
std::optional<LinkType> link_type_from_dlt(int dlt);
/// "EN10MB", "LINUX_SLL", ...: the libpcap name, for messages.
std::string_view link_type_name(LinkType type);

inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86DD;

/// What framing found. `ip` views the caller's frame.
struct LinkResult {
  enum class Kind { Ip, NotIp, Malformed } kind = Kind::Malformed;
  std::span<const std::uint8_t> ip;  // Kind::Ip: from the IP header to the end of the capture
  std::uint16_t ether_type = 0;      // of the payload, after any VLAN tags (0: raw IP)
  std::vector<std::uint16_t> vlans;  // VLAN IDs, outermost first
  std::string detail;                // Kind::Malformed: what was wrong
};

/// Strips the link header of one captured frame. Never throws on bad bytes.
LinkResult strip_link(LinkType type, std::span<const std::uint8_t> frame);

}  // namespace vrrp::dump
