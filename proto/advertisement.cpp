// VRRP ADVERTISEMENT decode/encode and the RFC 1071 checksum in its three coverages
// (vrrp-conformance.md §1.1 and §1.4). No allocation: spans in, spans out.
#include "proto/advertisement.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace vrrp::proto {

namespace {

constexpr std::size_t kHeaderSize = 8;
constexpr std::size_t kAuthDataSize = 8;
constexpr std::size_t kChecksumOffset = 6;

// 16+4n (v2), 8+4n (v3/IPv4), 8+16n (v3/IPv6). The v2 layout with IPv6-sized addresses is never
// valid but still has a size, which checksum_candidates() reports on.
std::size_t expected_size(Version version, Family family, std::size_t count) {
  const std::size_t trailer = version == Version::V2 ? kAuthDataSize : 0;
  return kHeaderSize + (family == Family::Ipv4 ? 4 : 16) * count + trailer;
}

// The pseudo-header part of the sum: RFC 8200 §8.1 for IPv6; for IPv4 the layout of form P
// (src, dst, zero, protocol, 16-bit length), vrrp-conformance.md §1.4.
std::uint32_t pseudo_header_sum(const IpAddr& source, const IpAddr& destination, std::size_t length) {
  std::uint32_t sum = checksum_partial(source.bytes());
  sum = checksum_partial(destination.bytes(), sum);
  if (source.family() == Family::Ipv6) {
    sum += static_cast<std::uint32_t>(length >> 16) + static_cast<std::uint32_t>(length & 0xFFFF);
  } else {
    sum += static_cast<std::uint32_t>(length & 0xFFFF);
  }
  return sum + kVrrpProtocol;  // the zero octet(s) precede the protocol in both layouts
}

// Sum of the message with its checksum field read as zero.
std::uint32_t message_sum(std::span<const std::uint8_t> vrrp) {
  if (vrrp.size() <= kChecksumOffset) return checksum_partial(vrrp);
  const std::uint32_t sum = checksum_partial(vrrp.first(kChecksumOffset));
  if (vrrp.size() <= kChecksumOffset + 2) return sum;
  return checksum_partial(vrrp.subspan(kChecksumOffset + 2), sum);
}

}  // namespace

std::uint32_t checksum_partial(std::span<const std::uint8_t> data, std::uint32_t sum) {
  // RFC 1071 §2: the one's complement sum does not depend on byte order, so native-order 32-bit
  // loads are summed into a 64-bit accumulator (deferred carries) and the folded result is
  // swapped back to network order once at the end.
  std::uint64_t acc = 0;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n >= 4) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    acc += w;
    p += 4;
    n -= 4;
  }
  if (n >= 2) {
    std::uint16_t w;
    std::memcpy(&w, p, 2);
    acc += w;
    p += 2;
    n -= 2;
  }
  if (n == 1) {
    // The zero pad byte follows the last byte: in native order that is the low (little endian)
    // or high (big endian) half of the 16-bit word.
    acc += std::endian::native == std::endian::little ? std::uint64_t{p[0]} : std::uint64_t{p[0]} << 8;
  }
  while (acc >> 16) acc = (acc & 0xFFFF) + (acc >> 16);
  auto folded = static_cast<std::uint32_t>(acc);
  if constexpr (std::endian::native == std::endian::little) folded = ((folded & 0xFF) << 8) | (folded >> 8);
  std::uint64_t total = std::uint64_t{folded} + sum;
  while (total >> 16) total = (total & 0xFFFF) + (total >> 16);
  return static_cast<std::uint32_t>(total);
}

std::uint16_t checksum_finish(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

ChecksumCandidates checksum_candidates(Version version, std::span<const std::uint8_t> vrrp,
                                       const IpAddr& source, const IpAddr& destination) {
  // §1.4: the sum covers the length implied by the count, never trailing bytes beyond it.
  if (vrrp.size() >= kHeaderSize) {
    vrrp = vrrp.first(std::min(vrrp.size(), expected_size(version, source.family(), vrrp[3])));
  }
  const std::uint32_t msg = message_sum(vrrp);
  ChecksumCandidates c;
  c.message_only = checksum_finish(msg);
  c.pseudo_header = checksum_finish(msg + pseudo_header_sum(source, destination, vrrp.size()));
  return c;
}

IpAddr Advertisement::address(std::size_t i) const {
  const std::size_t size = address_size();
  if ((i + 1) * size > address_bytes.size()) return IpAddr::from_bytes(family, {});
  return IpAddr::from_bytes(family, address_bytes.subspan(i * size, size));
}

std::size_t Advertisement::wire_size() const { return expected_size(version, family, count); }

std::expected<Advertisement, DropReason> decode(Family family, std::span<const std::uint8_t> vrrp) {
  // Check 4: the fixed header must be there before the version nibble means anything.
  if (vrrp.size() < kHeaderSize) return std::unexpected(DropReason::PacketLength);
  const std::uint8_t version = vrrp[0] >> 4;
  // RFC 5798 §5.1: v2 is IPv4-only, so a v2 nibble inside IPv6 is a version error.
  if (!(version == 3 || (version == 2 && family == Family::Ipv4))) {
    return std::unexpected(DropReason::Version);
  }

  Advertisement a;
  a.version = static_cast<Version>(version);
  a.family = family;
  a.type = vrrp[0] & 0x0F;
  a.vrid = vrrp[1];
  a.priority = vrrp[2];
  a.count = vrrp[3];
  a.checksum = static_cast<std::uint16_t>((vrrp[6] << 8) | vrrp[7]);

  // Check 5: exactly the length implied by the count; short and long are both errors.
  if (vrrp.size() != expected_size(a.version, family, a.count)) {
    return std::unexpected(DropReason::PacketLength);
  }
  const std::size_t addr_len = a.count * a.address_size();
  a.address_bytes = vrrp.subspan(kHeaderSize, addr_len);
  if (a.version == Version::V2) {
    a.auth_type = vrrp[4];
    a.adver_int_s = vrrp[5];
    std::copy_n(vrrp.begin() + static_cast<std::ptrdiff_t>(kHeaderSize + addr_len), kAuthDataSize,
                a.auth_data.begin());
  } else {
    a.reserved = vrrp[4] >> 4;
    a.max_adver_int_cs = static_cast<std::uint16_t>(((vrrp[4] & 0x0F) << 8) | vrrp[5]);
  }
  return a;
}

std::size_t encode(const Advertisement& advert, const ChecksumContext& ctx, std::span<std::uint8_t> out) {
  const bool v2 = advert.version == Version::V2;
  if (!v2 && advert.version != Version::V3) return 0;
  if (v2 && advert.family == Family::Ipv6) return 0;
  const std::size_t addr_len = std::size_t{advert.count} * advert.address_size();
  if (advert.address_bytes.size() != addr_len) return 0;
  const std::size_t size = advert.wire_size();
  if (out.size() < size) return 0;

  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>((static_cast<unsigned>(advert.version) << 4) | (advert.type & 0x0F));
  p[1] = advert.vrid;
  p[2] = advert.priority;
  p[3] = advert.count;
  if (v2) {
    p[4] = advert.auth_type;
    p[5] = advert.adver_int_s;
  } else {
    p[4] = static_cast<std::uint8_t>(((advert.reserved & 0x0F) << 4) | ((advert.max_adver_int_cs >> 8) & 0x0F));
    p[5] = static_cast<std::uint8_t>(advert.max_adver_int_cs & 0xFF);
  }
  p[6] = 0;
  p[7] = 0;
  if (addr_len != 0) std::memcpy(p + kHeaderSize, advert.address_bytes.data(), addr_len);
  if (v2) std::memcpy(p + kHeaderSize + addr_len, advert.auth_data.data(), kAuthDataSize);

  const std::span<const std::uint8_t> msg(p, size);
  std::uint32_t sum = checksum_partial(msg);
  // RFC 3768 §5.3.8: v2 covers the message only. v3/IPv6 always takes the pseudo-header;
  // v3/IPv4 takes it in form P only (vrrp-conformance.md §1.5).
  const bool pseudo = !v2 && (advert.family == Family::Ipv6 || ctx.v3_ipv4_form == ChecksumForm::PseudoHeader);
  if (pseudo) sum += pseudo_header_sum(ctx.source, ctx.destination, size);
  const std::uint16_t checksum = checksum_finish(sum);
  p[6] = static_cast<std::uint8_t>(checksum >> 8);
  p[7] = static_cast<std::uint8_t>(checksum & 0xFF);
  return size;
}

}  // namespace vrrp::proto
