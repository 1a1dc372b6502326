// Receive validation: vrrp-conformance.md §2.1 checks 1-16, in order; the first failure
// decides the drop reason. Pure and allocation-free.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "proto/advertisement.hpp"
#include "proto/drop_reason.hpp"
#include "proto/types.hpp"

namespace vrrp::proto {

/// A received VRRP packet with its IP header already taken apart.
struct ReceivedPacket {
  IpAddr source;
  IpAddr destination;
  std::uint8_t ttl = 0;  // TTL or hop limit
  std::span<const std::uint8_t> vrrp;  // the IP payload
};

/// Check 1: take an IPv4 packet apart (IHL, total length, options tolerated).
std::expected<ReceivedPacket, DropReason> parse_ipv4(std::span<const std::uint8_t> ip_packet);

/// What one virtual router expects of the adverts it receives. Built once from its config.
struct ReceivePolicy {
  Version version = Version::V3;
  Family family = Family::Ipv4;
  std::uint8_t vrid = 0;
  bool strict = false;  // keepalived vrrp_strict: the lenient accepts of §5 become drops
  bool owner = false;   // we are the address owner (priority 255)
  bool unicast = false; // unicast_peer mode: takes only unicast-destined adverts
  std::optional<std::pair<std::uint8_t, std::uint8_t>> ttl_range;  // unicast min_ttl/max_ttl
  ChecksumForm v3_ipv4_form = ChecksumForm::PseudoHeader;
  AuthType auth_type = AuthType::None;
  std::array<std::uint8_t, 8> auth_data{};  // v2 PASS, zero padded
  std::uint8_t adver_int_s = 1;             // v2: must match exactly
  std::uint16_t adver_int_cs = 100;         // v3: a different Max Adver Int is only noted (check 16)
  std::vector<IpAddr> vips;                 // configured VIPs, compared as a set (check 14)
};

/// Facts about an accepted advert that the shell logs (rate-limited) and counts.
enum Note : std::uint32_t {
  kNoteNone = 0,
  kNoteChecksumOtherForm = 1u << 0,    // verified only in the form we do not send
  kNoteAddressListDiffers = 1u << 1,   // check 14 mismatch, accepted
  kNoteFirstNotLinkLocal = 1u << 2,    // check 13, accepted in lenient mode
  kNoteIntervalDiffers = 1u << 3,      // check 16: v3 interval differs from ours
  kNoteOwnerConflict = 1u << 4,        // check 15: someone advertises our VRID while we own it
};

struct Verdict {
  DropReason drop = DropReason::None;  // None: accepted
  std::uint32_t notes = kNoteNone;    // Note bits; always kNoteNone when dropped
  Advertisement advert;  // fully decoded when accepted; partially (or default) when dropped
  bool accepted() const { return drop == DropReason::None; }
};

/// Checks 3-16. `vr` is the VR configured for (interface, family, packet VRID), or nullptr.
/// Check 2 (own source address) is the caller's: only the shell knows the interface addresses.
Verdict validate(const ReceivedPacket& packet, const ReceivePolicy* vr);

}  // namespace vrrp::proto
