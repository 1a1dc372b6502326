// Byte builders for the gratuitous ARP and the unsolicited NA (vrrp-conformance.md §3.5).
#include "netif/frames.hpp"

#include <algorithm>

namespace vrrp::netif {
namespace {

constexpr std::array<std::uint8_t, 6> kBroadcastMac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
constexpr std::array<std::uint8_t, 6> kAllNodesMac{0x33, 0x33, 0x00, 0x00, 0x00, 0x01};
constexpr std::array<std::uint8_t, 16> kAllNodes{0xff, 0x02, 0, 0, 0, 0, 0, 0,
                                                 0,    0,    0, 0, 0, 0, 0, 0x01};

template <typename Frame>
std::uint8_t* put(std::uint8_t* at, const Frame& bytes) {
  return std::copy(bytes.begin(), bytes.end(), at);
}
template <std::size_t N>
std::uint8_t* put(std::uint8_t* at, const std::uint8_t (&bytes)[N]) {
  return std::copy(bytes, bytes + N, at);
}
std::uint8_t* put16(std::uint8_t* at, std::uint16_t v) {
  at[0] = static_cast<std::uint8_t>(v >> 8);
  at[1] = static_cast<std::uint8_t>(v);
  return at + 2;
}

// RFC 1071 over an even-length byte range, not complemented.
std::uint32_t sum16(const std::uint8_t* data, std::size_t size, std::uint32_t sum) {
  for (std::size_t i = 0; i + 1 < size; i += 2)
    sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
  return sum;
}

}  // namespace

GarpFrame build_garp(const proto::MacAddr& source_mac, const proto::IpAddr& vip) {
  GarpFrame f{};
  if (vip.family() != proto::Family::Ipv4) return f;
  auto ip = vip.bytes();
  std::uint8_t* p = f.data();
  p = put(p, kBroadcastMac);
  p = put(p, source_mac.bytes);
  p = put16(p, 0x0806);                    // ARP
  p = put16(p, 1);                         // htype Ethernet
  p = put16(p, 0x0800);                    // ptype IPv4
  *p++ = 6;                                // hlen
  *p++ = 4;                                // plen
  p = put16(p, 1);                         // request: RFC 5227 §3 announcement
  p = put(p, source_mac.bytes);            // sender MAC
  p = std::copy(ip.begin(), ip.end(), p);  // sender IP = VIP
  p += 6;                                  // target MAC zero (RFC 5227)
  std::copy(ip.begin(), ip.end(), p);      // target IP = VIP
  return f;
}

NaFrame build_unsolicited_na(const proto::MacAddr& source_mac, const proto::IpAddr& vip,
                             bool router) {
  NaFrame f{};
  if (vip.family() != proto::Family::Ipv6) return f;
  constexpr std::uint16_t kPayload = 32;  // NA header 24 + TLLA option 8
  auto target = vip.bytes();
  std::uint8_t* p = f.data();
  p = put(p, kAllNodesMac);
  p = put(p, source_mac.bytes);
  p = put16(p, 0x86dd);
  // IPv6 header: version 6, traffic class 0, flow label 0.
  p = put16(p, 0x6000);
  p = put16(p, 0);
  p = put16(p, kPayload);
  *p++ = 58;   // ICMPv6
  *p++ = 255;  // RFC 4861 §7.1.2: hop limit 255
  std::uint8_t* src = p;
  p = std::copy(target.begin(), target.end(), p);
  p = put(p, kAllNodes);
  std::uint8_t* icmp = p;
  *p++ = 136;  // Neighbor Advertisement
  *p++ = 0;
  p += 2;                                                        // checksum, filled below
  *p++ = static_cast<std::uint8_t>((router ? 0x80 : 0) | 0x20);  // R, S=0, O=1
  p += 3;
  p = std::copy(target.begin(), target.end(), p);
  *p++ = 2;  // target link-layer address option
  *p++ = 1;  // length in units of 8 octets
  put(p, source_mac.bytes);

  // Pseudo-header (RFC 8200 §8.1): src, dst, upper-layer length, next header.
  std::uint32_t sum = sum16(src, 32, 0);
  sum += kPayload;
  sum += 58;
  sum = sum16(icmp, kPayload, sum);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  put16(icmp + 2, static_cast<std::uint16_t>(~sum));
  return f;
}

}  // namespace vrrp::netif
