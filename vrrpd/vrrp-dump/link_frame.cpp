// Link-layer framing: Ethernet II with any number of 802.1Q/802.1ad tags, Linux cooked v1/v2,
// raw IP. Lengths are checked before every read, so truncated frames become Malformed.
#include "vrrpd/vrrp-dump/link_frame.hpp"

namespace vrrp::dump {

namespace {

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kVlanTag = 4;
constexpr std::size_t kSllHeader = 16;   // protocol at offset 14
constexpr std::size_t kSll2Header = 20;  // protocol at offset 0
constexpr std::size_t kMaxVlanTags = 8;  // more than any sane stack; bounds the loop

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

bool is_vlan_tpid(std::uint16_t type) { return type == 0x8100 || type == 0x88A8 || type == 0x9100; }

LinkResult malformed(std::string detail) {
  LinkResult r;
  r.kind = LinkResult::Kind::Malformed;
  r.detail = std::move(detail);
  return r;
}

// `at` is the offset of an EtherType field; follows VLAN tags, then classifies the payload.
LinkResult after_ether_type(std::span<const std::uint8_t> frame, std::size_t at, const char* link) {
  LinkResult r;
  std::uint16_t type = be16(frame, at);
  std::size_t payload = at + 2;
  while (is_vlan_tpid(type)) {
    if (r.vlans.size() == kMaxVlanTags) return malformed("too many VLAN tags");
    if (frame.size() < payload + kVlanTag) return malformed("truncated 802.1Q tag");
    r.vlans.push_back(be16(frame, payload) & 0x0FFFu);
    type = be16(frame, payload + 2);
    payload += kVlanTag;
  }
  r.ether_type = type;
  if (type != kEtherTypeIpv4 && type != kEtherTypeIpv6) {
    r.kind = LinkResult::Kind::NotIp;
    return r;
  }
  if (frame.size() == payload) return malformed(std::string("no IP header after the ") + link + " header");
  r.kind = LinkResult::Kind::Ip;
  r.ip = frame.subspan(payload);
  return r;
}

}  // namespace

std::optional<LinkType> link_type_from_dlt(int dlt) {
  switch (dlt) {
    case 1: return LinkType::Ethernet;
    case 12: case 101: return LinkType::Raw;  // 101: LINKTYPE_RAW as stored in files
    case 14: return LinkType::RawOpenBsd;
    case 113: return LinkType::LinuxSll;
    case 228: return LinkType::Ipv4;
    case 229: return LinkType::Ipv6;
    case 276: return LinkType::LinuxSll2;
    default: return std::nullopt;
  }
}

std::string_view link_type_name(LinkType type) {
  switch (type) {
    case LinkType::Ethernet: return "EN10MB";
    case LinkType::Raw: case LinkType::RawOpenBsd: return "RAW";
    case LinkType::LinuxSll: return "LINUX_SLL";
    case LinkType::Ipv4: return "IPV4";
    case LinkType::Ipv6: return "IPV6";
    case LinkType::LinuxSll2: return "LINUX_SLL2";
  }
  return "?";
}

LinkResult strip_link(LinkType type, std::span<const std::uint8_t> frame) {
  switch (type) {
    case LinkType::Ethernet:
      if (frame.size() < kEthernetHeader) return malformed("truncated Ethernet header");
      return after_ether_type(frame, 12, "Ethernet");
    case LinkType::LinuxSll:
      if (frame.size() < kSllHeader) return malformed("truncated Linux cooked (SLL) header");
      return after_ether_type(frame, 14, "SLL");
    case LinkType::LinuxSll2: {
      if (frame.size() < kSll2Header) return malformed("truncated Linux cooked (SLL2) header");
      // SLL2 carries the protocol first; VLAN tags, if kept, follow the 20-byte header.
      const std::uint16_t proto = be16(frame, 0);
      if (is_vlan_tpid(proto)) {
        if (frame.size() < kSll2Header + kVlanTag) return malformed("truncated 802.1Q tag");
        LinkResult r = after_ether_type(frame, kSll2Header + 2, "SLL2");
        r.vlans.insert(r.vlans.begin(), be16(frame, kSll2Header) & 0x0FFFu);
        return r;
      }
      LinkResult r;
      r.ether_type = proto;
      if (proto != kEtherTypeIpv4 && proto != kEtherTypeIpv6) {
        r.kind = LinkResult::Kind::NotIp;
        return r;
      }
      if (frame.size() == kSll2Header) return malformed("no IP header after the SLL2 header");
      r.kind = LinkResult::Kind::Ip;
      r.ip = frame.subspan(kSll2Header);
      return r;
    }
    case LinkType::Raw:
    case LinkType::RawOpenBsd:
    case LinkType::Ipv4:
    case LinkType::Ipv6: {
      // Raw IP: the version nibble says which family; nothing else to strip.
      if (frame.empty()) return malformed("empty raw IP frame");
      LinkResult r;
      const unsigned version = frame[0] >> 4;
      if (version == 4) {
        r.ether_type = kEtherTypeIpv4;
      } else if (version == 6) {
        r.ether_type = kEtherTypeIpv6;
      } else {
        return malformed("raw frame is neither IPv4 nor IPv6 (version nibble " + std::to_string(version) + ")");
      }
      r.kind = LinkResult::Kind::Ip;
      r.ip = frame;
      return r;
    }
  }
  return malformed("unsupported link type");
}

}  // namespace vrrp::dump
