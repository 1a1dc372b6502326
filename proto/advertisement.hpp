// VRRP ADVERTISEMENT codec: RFC 3768 (v2, IPv4) and RFC 5798 (v3, IPv4 and IPv6).
// Pure functions over byte spans. Never throws, never allocates: decode() returns a view
// into the caller's buffer, encode() writes into the caller's buffer.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Version| Type  | Virtual Rtr ID|   Priority    | Count IPvX Addr|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  v3: |(rsvd)|  Max Adver Int (cs) |          Checksum             |
//  v2: |  Auth Type  | Adver Int (s)|          Checksum             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                 IPvX Address(es): 4 or 16 bytes each            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |        v2 only: Authentication Data (8 bytes)                   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>

#include "proto/drop_reason.hpp"
#include "proto/types.hpp"

namespace vrrp::proto {

enum class AuthType : std::uint8_t { None = 0, SimplePassword = 1, IpAh = 2 };

/// How a v3 advert over IPv4 is checksummed (vrrp-conformance.md §1.5). v2 never uses a
/// pseudo-header and v3/IPv6 always does, whatever this says.
enum class ChecksumForm : std::uint8_t {
  PseudoHeader,  // form P: RFC 5798 as most open-source peers read it (keepalived, FRR)
  MessageOnly,   // form M: RFC 9568, Cisco/Juniper/Arista ("v3_checksum_as_v2")
};

inline constexpr std::uint8_t kAdvertisementType = 1;
inline constexpr std::size_t kMaxAddresses = 255;
inline constexpr std::size_t kMaxAdvertSize = 8 + 16 * kMaxAddresses;  // v3/IPv6, 4088
inline constexpr std::uint16_t kMaxV3IntervalCs = 4095;

struct Advertisement {
  Version version = Version::V3;
  Family family = Family::Ipv4;  // of the carrying packet; implies the address size
  std::uint8_t type = kAdvertisementType;
  std::uint8_t vrid = 0;
  std::uint8_t priority = kDefaultPriority;
  std::uint8_t count = 0;
  // v2 only
  std::uint8_t auth_type = 0;
  std::uint8_t adver_int_s = 1;
  std::array<std::uint8_t, 8> auth_data{};
  // v3 only
  std::uint8_t reserved = 0;
  std::uint16_t max_adver_int_cs = 100;
  /// As read from the wire by decode(); ignored and recomputed by encode().
  std::uint16_t checksum = 0;
  /// count * (4 or 16) bytes, network order. After decode(): a view into the input buffer.
  std::span<const std::uint8_t> address_bytes;

  std::size_t address_size() const { return family == Family::Ipv4 ? 4 : 16; }
  IpAddr address(std::size_t i) const;  // i < count
  /// Length implied by version, family and count: 16+4n (v2), 8+4n (v3/IPv4), 8+16n (v3/IPv6).
  std::size_t wire_size() const;
};

/// What the checksum covers besides the message: the carrying packet's addresses.
struct ChecksumContext {
  IpAddr source;
  IpAddr destination;  // the actual IP destination (group or unicast peer)
  ChecksumForm v3_ipv4_form = ChecksumForm::PseudoHeader;
};

/// Structural decode of the VRRP message (the IP payload): checks 4 and 5 of
/// vrrp-conformance.md §2.1 (minimum length, version nibble, exact length for the count).
/// Does not verify the checksum, type, VRID or anything configuration-dependent.
std::expected<Advertisement, DropReason> decode(Family family, std::span<const std::uint8_t> vrrp);

/// Writes the message with its checksum into `out`. Returns the bytes written, or 0 if `out`
/// is too small or the advert is not encodable (v2 over IPv6, address_bytes not count-sized).
std::size_t encode(const Advertisement& advert, const ChecksumContext& ctx, std::span<std::uint8_t> out);

/// Checksum the message would carry in each form (the checksum field taken as zero). Covers
/// `vrrp` up to the length its count implies for `version` and the source family (bytes beyond
/// it are not part of the message); a shorter buffer is summed as it is.
struct ChecksumCandidates {
  std::uint16_t message_only = 0;
  std::uint16_t pseudo_header = 0;  // IPv4 or IPv6 pseudo-header, per the source family
};
ChecksumCandidates checksum_candidates(Version version, std::span<const std::uint8_t> vrrp,
                                       const IpAddr& source, const IpAddr& destination);

/// RFC 1071 internet checksum of `data` (odd length padded with a zero byte), not complemented.
std::uint32_t checksum_partial(std::span<const std::uint8_t> data, std::uint32_t sum = 0);
std::uint16_t checksum_finish(std::uint32_t sum);  // fold carries and complement

}  // namespace vrrp::proto
