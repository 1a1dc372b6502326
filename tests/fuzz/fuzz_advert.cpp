// libFuzzer target for the receive path: parse_ipv4 (check 1), decode and validate (checks 3-16)
// under a policy picked by the input, plus IpAddr text parsing. Beyond "no crash, no UB" it
// asserts invariants: an accepted advert re-encodes to exactly the received bytes.
//
// Input layout: byte 0 = flags, byte 1 = more flags, then the packet.
//   flags bit0: 0 = rest is a whole IPv4 packet, 1 = rest is a VRRP payload over IPv6
//   bit1 strict, bit2 tx form M, bit3 unicast-mode VR, bit4 owner, bit5 VR is v2 (else v3),
//   bit6 VIPs = the advert's own addresses (else a fixed set), bit7 no VR configured (nullptr)
//   more bit0: v2 PASS auth "secret", bit1: unicast TTL range 250-255, bits2-7: v2 interval (0 -> 1)
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "proto/advertisement.hpp"
#include "proto/validate.hpp"

namespace {

using namespace vrrp::proto;

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_text(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size > 64 ? 64 : size);
  if (const auto a = IpAddr::parse(text)) {
    const auto again = IpAddr::parse(a->to_string());
    check(again.has_value() && *again == *a && again->to_string() == a->to_string());
  }
}

void fuzz_packet(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return;
  const std::uint8_t flags = data[0];
  const std::uint8_t more = data[1];
  const std::span<const std::uint8_t> rest(data + 2, size - 2);
  const Family family = (flags & 1) != 0 ? Family::Ipv6 : Family::Ipv4;

  ReceivedPacket packet;
  if (family == Family::Ipv4) {
    const auto parsed = parse_ipv4(rest);
    if (!parsed) {
      check(parsed.error() == DropReason::PacketLength);
      return;
    }
    packet = *parsed;
    check(packet.vrrp.data() >= rest.data() && packet.vrrp.data() + packet.vrrp.size() <= rest.data() + rest.size());
  } else {
    packet.source = *IpAddr::parse("fe80::2");
    packet.destination = vrrp_group(Family::Ipv6);
    packet.ttl = kRequiredTtl;
    packet.vrrp = rest;
  }

  ReceivePolicy vr;
  vr.family = family;
  vr.version = (flags & 0x20) != 0 ? Version::V2 : Version::V3;
  vr.vrid = packet.vrrp.size() >= 2 ? packet.vrrp[1] : 1;
  vr.strict = (flags & 0x02) != 0;
  vr.v3_ipv4_form = (flags & 0x04) != 0 ? ChecksumForm::MessageOnly : ChecksumForm::PseudoHeader;
  vr.unicast = (flags & 0x08) != 0;
  vr.owner = (flags & 0x10) != 0;
  if ((more & 1) != 0) {
    vr.auth_type = AuthType::SimplePassword;
    vr.auth_data = {'s', 'e', 'c', 'r', 'e', 't', 0, 0};
  }
  if ((more & 2) != 0) vr.ttl_range = std::pair<std::uint8_t, std::uint8_t>{250, 255};
  vr.adver_int_s = static_cast<std::uint8_t>((more >> 2) == 0 ? 1 : (more >> 2));
  const auto decoded = decode(family, packet.vrrp);
  if ((flags & 0x40) != 0 && decoded) {
    for (std::size_t i = 0; i < decoded->count; ++i) vr.vips.push_back(decoded->address(i));
  } else if (family == Family::Ipv4) {
    vr.vips = {IpAddr::v4({192, 0, 2, 100})};
  } else {
    vr.vips = {*IpAddr::parse("fe80::1"), *IpAddr::parse("2001:db8::1")};
  }
  const ReceivePolicy* policy = (flags & 0x80) != 0 ? nullptr : &vr;

  const Verdict v = validate(packet, policy);
  check(v.drop < DropReason::kCount && v.drop != DropReason::FromSelf);
  check(counter_name(v.drop) != "unknown");
  check((v.notes & ~std::uint32_t{0x1F}) == 0);
  if (!v.accepted()) {
    check(v.notes == kNoteNone);
    return;
  }

  // Accepted: structurally sound, attributable, and re-encodes to the very same bytes.
  check(policy != nullptr && decoded.has_value());
  const Advertisement& a = v.advert;
  check(a.vrid == vr.vrid && a.version == vr.version && a.type == kAdvertisementType);
  check(a.wire_size() == packet.vrrp.size());
  check(a.count > 0 || (a.version == Version::V2 && vr.vips.empty() && !vr.strict));
  check(a.address_bytes.size() == std::size_t{a.count} * a.address_size());
  check(a.version == Version::V2 || a.max_adver_int_cs != 0);
  ChecksumForm form = vr.v3_ipv4_form;
  if ((v.notes & kNoteChecksumOtherForm) != 0) {
    check(!vr.strict);
    form = form == ChecksumForm::PseudoHeader ? ChecksumForm::MessageOnly : ChecksumForm::PseudoHeader;
  }
  std::array<std::uint8_t, kMaxAdvertSize> out{};
  const std::size_t n = encode(a, ChecksumContext{packet.source, packet.destination, form}, out);
  check(n == packet.vrrp.size());
  check(std::memcmp(out.data(), packet.vrrp.data(), n) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz_packet(data, size);
  fuzz_text(data, size);
  return 0;
}
