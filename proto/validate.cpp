// Receive validation, vrrp-conformance.md §2.1: IPv4 header parsing (check 1) and checks 3-16
// in the spec's order, so the first failure decides the counter. Allocation-free.
#include "proto/validate.hpp"

#include <cstring>

namespace vrrp::proto {

namespace {

constexpr std::size_t kIpv4MinHeader = 20;

// Constant sizes let the compiler turn each compare into one or two loads.
bool same_bytes(const IpAddr& a, const std::uint8_t* b, std::size_t size) {
  return size == 4 ? std::memcmp(a.bytes().data(), b, 4) == 0 : std::memcmp(a.bytes().data(), b, 16) == 0;
}

// Check 14: the advertised addresses and the configured VIPs are equal as sets. The common case
// (same order, as every implementation sends them) is one linear pass; otherwise both
// inclusions are checked with nested loops, which stay allocation-free for n <= 255.
bool same_address_set(const Advertisement& a, const std::vector<IpAddr>& vips) {
  const std::size_t size = a.address_size();
  const std::uint8_t* bytes = a.address_bytes.data();
  for (const IpAddr& vip : vips) {
    if (vip.family() != a.family) return false;
  }
  if (vips.size() == a.count) {
    bool in_order = true;
    for (std::size_t i = 0; i < a.count && in_order; ++i) in_order = same_bytes(vips[i], bytes + i * size, size);
    if (in_order) return true;
  }
  for (std::size_t i = 0; i < a.count; ++i) {
    bool found = false;
    for (const IpAddr& vip : vips) {
      if (same_bytes(vip, bytes + i * size, size)) { found = true; break; }
    }
    if (!found) return false;
  }
  for (const IpAddr& vip : vips) {
    bool found = false;
    for (std::size_t i = 0; i < a.count && !found; ++i) found = same_bytes(vip, bytes + i * size, size);
    if (!found) return false;
  }
  return true;
}

// RFC 2338 simple password: all 8 octets, without an early exit, so timing does not reveal
// how much of a guess was right.
bool constant_time_equal(const std::array<std::uint8_t, 8>& a, const std::array<std::uint8_t, 8>& b) {
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned>(a[i] ^ b[i]);
  return diff == 0;
}

// Notes describe accepted adverts only; a later drop discards what earlier checks noted.
Verdict drop(DropReason reason, Verdict v) {
  v.drop = reason;
  v.notes = kNoteNone;
  return v;
}

}  // namespace

std::expected<ReceivedPacket, DropReason> parse_ipv4(std::span<const std::uint8_t> ip) {
  if (ip.size() < kIpv4MinHeader || (ip[0] >> 4) != 4) return std::unexpected(DropReason::PacketLength);
  const std::size_t header = std::size_t{ip[0] & 0x0Fu} * 4;
  const std::size_t total = (std::size_t{ip[2]} << 8) | ip[3];
  // Options are tolerated: the VRRP message starts at IHL*4 (vector v3_ipv4_ip_options_router_alert).
  if (header < kIpv4MinHeader || header > total || total > ip.size()) {
    return std::unexpected(DropReason::PacketLength);
  }
  ReceivedPacket p;
  p.ttl = ip[8];
  p.source = IpAddr::from_bytes(Family::Ipv4, ip.subspan(12, 4));
  p.destination = IpAddr::from_bytes(Family::Ipv4, ip.subspan(16, 4));
  p.vrrp = ip.subspan(header, total - header);
  return p;
}

Verdict validate(const ReceivedPacket& packet, const ReceivePolicy* vr) {
  Verdict v;
  const Family family = packet.source.family();

  // Check 3: TTL/Hop Limit 255 on the group (RFC 3768 §7.1, RFC 5798 §7.1). Unicast adverts go
  // only to unicast-mode VRs, whose TTL is checked only against a configured range.
  if (packet.destination.is_multicast()) {
    if (packet.ttl != kRequiredTtl) return drop(DropReason::IpTtl, v);
    if (vr != nullptr && vr->unicast) return drop(DropReason::ModeMismatch, v);
  } else if (vr != nullptr) {
    if (!vr->unicast) return drop(DropReason::ModeMismatch, v);
    if (vr->ttl_range && (packet.ttl < vr->ttl_range->first || packet.ttl > vr->ttl_range->second)) {
      return drop(DropReason::IpTtl, v);
    }
  }

  // Checks 4 and 5: structure and exact length.
  auto decoded = decode(family, packet.vrrp);
  if (!decoded) return drop(decoded.error(), v);
  v.advert = *decoded;
  const Advertisement& a = v.advert;

  // Check 6: checksum in the form(s) of vrrp-conformance.md §1.5; L is the message length,
  // which check 5 made equal to the payload length.
  {
    const std::span<const std::uint8_t> msg = packet.vrrp;
    if (a.version == Version::V2) {
      // RFC 3768 §5.3.8: no pseudo-header, ever (vector v2_checksum_with_pseudo_header).
      const std::uint32_t sum = checksum_partial(msg.first(6), checksum_partial(msg.subspan(8)));
      if (checksum_finish(sum) != a.checksum) return drop(DropReason::Checksum, v);
    } else {
      const ChecksumCandidates c = checksum_candidates(a.version, msg, packet.source, packet.destination);
      if (family == Family::Ipv6) {
        if (c.pseudo_header != a.checksum) return drop(DropReason::Checksum, v);
      } else {
        const bool p_ok = c.pseudo_header == a.checksum;
        const bool m_ok = c.message_only == a.checksum;
        if (vr == nullptr) {
          // Unattributable: check 8 drops it anyway; count it as a checksum error only if no
          // form verifies.
          if (!p_ok && !m_ok) return drop(DropReason::Checksum, v);
        } else {
          const bool configured_ok = vr->v3_ipv4_form == ChecksumForm::PseudoHeader ? p_ok : m_ok;
          if (!configured_ok) {
            if (vr->strict || !(p_ok || m_ok)) return drop(DropReason::Checksum, v);
            v.notes |= kNoteChecksumOtherForm;
          }
        }
      }
    }
  }

  // Check 7: only ADVERTISEMENT is defined (RFC 3768 §5.3.2, RFC 5798 §5.2.2).
  if (a.type != kAdvertisementType) return drop(DropReason::InvalidType, v);

  // Check 8: a VR for this VRID and family, speaking this version (no RFC 5798 §8.4 mixed mode).
  if (vr == nullptr || vr->vrid != a.vrid || vr->family != family) {
    return drop(DropReason::VridNotConfigured, v);
  }
  if (vr->version != a.version) return drop(DropReason::Version, v);

  if (a.version == Version::V2) {
    // Check 9 (RFC 3768 §7.1, RFC 2338 §5.3.6): known type, our type, then the password.
    if (a.auth_type > static_cast<std::uint8_t>(AuthType::IpAh)) return drop(DropReason::InvalidAuthType, v);
    // Type 2 (AH) never reaches a protocol-112 socket legitimately: always a mismatch.
    if (a.auth_type != static_cast<std::uint8_t>(vr->auth_type) ||
        a.auth_type == static_cast<std::uint8_t>(AuthType::IpAh)) {
      return drop(DropReason::AuthTypeMismatch, v);
    }
    if (a.auth_type == static_cast<std::uint8_t>(AuthType::SimplePassword) &&
        !constant_time_equal(a.auth_data, vr->auth_data)) {
      return drop(DropReason::AuthFailure, v);
    }
    // Check 10: v2 intervals must match exactly; a Backup never learns one.
    if (a.adver_int_s != vr->adver_int_s) return drop(DropReason::AdvInterval, v);
  } else if (a.max_adver_int_cs == 0) {
    // Check 11 (erratum 8301): a zero interval would make every Backup time out at once.
    return drop(DropReason::AdvInterval, v);
  }

  // Check 12 (RFC 5798 §5.2.5, erratum 8299): no addresses. A v2 VR with no VIPs of its own
  // (keepalived allows it outside strict mode) accepts the same from its peers.
  if (a.count == 0) {
    const bool v2_zero_vip_peer = a.version == Version::V2 && vr->vips.empty() && !vr->strict;
    if (!v2_zero_vip_peer) return drop(DropReason::AddressList, v);
  }

  // Check 13 (erratum 8300): the first IPv6 address is the VR's link-local.
  if (family == Family::Ipv6 && a.count > 0 && !a.address(0).is_link_local()) {
    if (vr->strict) return drop(DropReason::AddressList, v);
    v.notes |= kNoteFirstNotLinkLocal;
  }

  // Check 14 (RFC 3768 §7.1, RFC 5798 §7.1): the address list as a set. v2 drops a mismatch
  // unless the sender is the owner; v3 only logs it.
  if (!same_address_set(a, vr->vips)) {
    if (a.version == Version::V2 && a.priority != kOwnerPriority) return drop(DropReason::AddressList, v);
    v.notes |= kNoteAddressListDiffers;
  }

  // Check 15 (RFC 9568 §7.1, erratum 8298): another router claims a VRID we own. Log and let
  // the election converge; keepalived's strict mode ignores adverts while owner.
  if (vr->owner) {
    if (vr->strict) return drop(DropReason::OwnerIgnoresAdverts, v);
    v.notes |= kNoteOwnerConflict;
  }

  // Check 16: a differing v3 interval is learned by the state machine, only noted here.
  if (a.version == Version::V3 && a.max_adver_int_cs != vr->adver_int_cs) v.notes |= kNoteIntervalDiffers;

  return v;
}

}  // namespace vrrp::proto
