// One captured frame judged by the proto/ codec: what it carried (link, IP, VRRP fields), which
// checksum form verified, and the verdict with the drop reason. Pure; the pcap loop feeds it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "proto/advertisement.hpp"
#include "proto/validate.hpp"
#include "vrrpd/vrrp-dump/dump_options.hpp"
#include "vrrpd/vrrp-dump/link_frame.hpp"

namespace vrrp::dump {

/// Which checksum coverage the received checksum matched (vrrp-conformance.md §1.5).
enum class ChecksumVariant : std::uint8_t {
  NotComputed,       // the message did not decode, so its extent is unknown
  None,              // no coverage matches: a bad checksum
  V2,                // v2, message only: correct for v2
  V2PseudoHeader,    // v2 with a v3-style IPv4 pseudo-header: wrong for v2
  V3Ipv4Pseudo,      // v3/IPv4 form P (RFC 5798 as keepalived, FRR read it)
  V3Ipv4MessageOnly, // v3/IPv4 form M (RFC 9568, "v3_checksum_as_v2")
  V3Ipv6,            // v3/IPv6 with the IPv6 pseudo-header: correct
  Ipv6MessageOnly,   // over IPv6 without the pseudo-header: wrong
};
/// "v2", "v3-ipv4-P", ...; "-" for NotComputed.
std::string_view variant_name(ChecksumVariant v);

/// Everything one output line says about a frame.
struct PacketReport {
  enum class Kind { Vrrp, NotVrrp, Malformed } kind = Kind::Malformed;
  std::uint64_t frame = 0;       // 1-based position in the capture
  std::int64_t ts_sec = 0;       // capture time, UTC
  std::int64_t ts_usec = 0;
  std::size_t caplen = 0;
  std::size_t wirelen = 0;
  std::vector<std::uint16_t> vlans;
  std::uint16_t ether_type = 0;

  bool ip_known = false;  // family/src/dst/ttl below are the header's
  proto::Family family = proto::Family::Ipv4;
  proto::IpAddr source;
  proto::IpAddr destination;
  std::uint8_t ttl = 0;
  std::uint8_t protocol = 0;

  bool header_known = false;  // the 8-byte VRRP fixed header was there (fields below)
  bool decoded = false;       // the whole message decoded (addresses, auth, interval below)
  unsigned version = 0;       // the version nibble as sent
  std::uint8_t type = 0;
  std::uint8_t vrid = 0;
  std::uint8_t priority = 0;
  std::uint8_t count = 0;
  std::uint16_t checksum = 0;
  std::uint8_t auth_type = 0;       // v2
  std::uint8_t adver_int_s = 0;     // v2
  std::array<std::uint8_t, 8> auth_data{};  // v2
  std::uint8_t reserved = 0;        // v3
  std::uint16_t max_adver_int_cs = 0;  // v3
  std::vector<proto::IpAddr> addresses;
  ChecksumVariant checksum_variant = ChecksumVariant::NotComputed;
  proto::ChecksumCandidates candidates;  // valid when checksum_variant != NotComputed

  proto::DropReason drop = proto::DropReason::PacketLength;  // None: accepted
  std::uint32_t notes = proto::kNoteNone;
  std::string detail;  // why a malformed frame was dropped; empty otherwise

  bool accepted() const { return kind == Kind::Vrrp && drop == proto::DropReason::None; }
};

/// Capture metadata of one frame, as pcap gives it.
struct FrameInfo {
  std::uint64_t index = 0;
  std::int64_t ts_sec = 0;
  std::int64_t ts_usec = 0;
  std::size_t wirelen = 0;  // original length; the span passed alongside is what was captured
};

/// Decodes and validates one frame. Unset receiver fields are taken from the packet itself,
/// so that only what no configuration can make valid (structure, checksum, TTL on the group,
/// VRID 0, undefined auth types, a zero v3 interval, no addresses) leads to a drop.
PacketReport analyze_frame(LinkType link, const FrameInfo& info, std::span<const std::uint8_t> frame,
                           const ReceiverView& receiver);

}  // namespace vrrp::dump
