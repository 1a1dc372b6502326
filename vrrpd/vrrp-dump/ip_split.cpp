// IPv4: protocol and fragment checks here, header and length checks in proto::parse_ipv4 (check
// 1 of vrrp-conformance.md §2.1). IPv6: RFC 8200 §4 extension header chain walked to protocol 112.
#include "vrrpd/vrrp-dump/ip_split.hpp"

#include <algorithm>

namespace vrrp::dump {

namespace {

using proto::DropReason;
using proto::Family;
using proto::IpAddr;

constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kMaxExtensionHeaders = 16;  // bounds the walk over hostile chains

IpSplit malformed(std::string detail, IpSplit s = {}) {
  s.kind = IpSplit::Kind::Malformed;
  s.drop = DropReason::PacketLength;
  s.detail = std::move(detail);
  return s;
}

IpSplit split_ipv4(std::span<const std::uint8_t> ip) {
  IpSplit s;
  if (ip.size() < kIpv4MinHeader) return malformed("truncated IPv4 header");
  s.addresses_known = true;
  s.packet.ttl = ip[8];
  s.packet.source = IpAddr::from_bytes(Family::Ipv4, ip.subspan(12, 4));
  s.packet.destination = IpAddr::from_bytes(Family::Ipv4, ip.subspan(16, 4));
  s.protocol = ip[9];
  if (s.protocol != proto::kVrrpProtocol) {
    s.kind = IpSplit::Kind::NotVrrp;
    return s;
  }
  // VRRP messages are at most a few hundred bytes and never fragmented by a conforming sender;
  // a fragment cannot be validated on its own (the kernel would reassemble it first).
  const unsigned frag = (unsigned{ip[6]} << 8) | ip[7];
  if ((frag & 0x3FFFu) != 0) return malformed("IPv4 fragment", std::move(s));
  auto parsed = proto::parse_ipv4(ip);
  if (!parsed) {
    const std::size_t header = std::size_t{ip[0] & 0x0Fu} * 4;
    const std::size_t total = (std::size_t{ip[2]} << 8) | ip[3];
    std::string why = header < kIpv4MinHeader ? "IPv4 header length below 20"
                      : header > total        ? "IPv4 header length beyond total length"
                      : total > ip.size()     ? "IPv4 total length " + std::to_string(total) +
                                                    " beyond the " + std::to_string(ip.size()) +
                                                    " bytes captured"
                                              : "bad IPv4 header";
    return malformed(std::move(why), std::move(s));
  }
  s.packet = *parsed;
  s.kind = IpSplit::Kind::Vrrp;
  return s;
}

IpSplit split_ipv6(std::span<const std::uint8_t> ip) {
  IpSplit s;
  if (ip.size() < kIpv6Header) return malformed("truncated IPv6 header");
  s.addresses_known = true;
  s.packet.ttl = ip[7];  // hop limit
  s.packet.source = IpAddr::from_bytes(Family::Ipv6, ip.subspan(8, 16));
  s.packet.destination = IpAddr::from_bytes(Family::Ipv6, ip.subspan(24, 16));
  const std::size_t payload = (std::size_t{ip[4]} << 8) | ip[5];
  // Payload length 0 means a jumbogram (RFC 2675), which no VRRP advert is.
  if (payload == 0) return malformed("IPv6 payload length 0", std::move(s));
  const std::size_t end = kIpv6Header + payload;
  const bool short_capture = end > ip.size();
  std::uint8_t next = ip[6];
  std::size_t at = kIpv6Header;
  for (std::size_t n = 0;; ++n) {
    if (next == proto::kVrrpProtocol) break;
    const bool generic = next == 0 || next == 43 || next == 60;  // hop-by-hop, routing, dest opts
    if (!(generic || next == 44 || next == 51)) {
      s.protocol = next;
      s.kind = IpSplit::Kind::NotVrrp;
      return s;
    }
    if (n == kMaxExtensionHeaders) return malformed("too many IPv6 extension headers", std::move(s));
    if (at + 8 > std::min(end, ip.size())) return malformed("truncated IPv6 extension header", std::move(s));
    std::size_t len = 0;
    if (next == 44) {
      // Fragment header (RFC 8200 §4.5): only an atomic fragment (offset 0, M clear) is whole.
      const unsigned off_m = (unsigned{ip[at + 2]} << 8) | ip[at + 3];
      if ((off_m & 0xFFF9u) != 0) return malformed("IPv6 fragment", std::move(s));
      len = 8;
    } else if (next == 51) {
      len = (std::size_t{ip[at + 1]} + 2) * 4;  // RFC 4302 §2.2: in 4-octet units, minus 2
    } else {
      len = (std::size_t{ip[at + 1]} + 1) * 8;  // RFC 8200 §4.3: in 8-octet units, minus 1
    }
    next = ip[at];
    at += len;
    if (at > end) return malformed("IPv6 extension header beyond the payload length", std::move(s));
  }
  s.protocol = next;
  if (short_capture) {
    return malformed("IPv6 payload length " + std::to_string(payload) + " beyond the " +
                         std::to_string(ip.size() - kIpv6Header) + " bytes captured",
                     std::move(s));
  }
  s.packet.vrrp = ip.subspan(at, end - at);
  s.kind = IpSplit::Kind::Vrrp;
  return s;
}

}  // namespace

IpSplit split_ip(std::span<const std::uint8_t> ip) {
  if (ip.empty()) return malformed("empty IP packet");
  switch (ip[0] >> 4) {
    case 4: return split_ipv4(ip);
    case 6: return split_ipv6(ip);
    default: return malformed("IP version " + std::to_string(ip[0] >> 4));
  }
}

}  // namespace vrrp::dump
