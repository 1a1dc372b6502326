// analyze_frame(): link layer, IP layer, decode, checksum coverage, then proto::validate() with
// a ReceivePolicy built from the receiver view completed by the packet's own fields.
#include "vrrpd/vrrp-dump/packet_report.hpp"

#include "vrrpd/vrrp-dump/ip_split.hpp"

namespace vrrp::dump {

namespace {

using proto::ChecksumForm;
using proto::DropReason;
using proto::Family;
using proto::Version;

constexpr std::size_t kVrrpHeader = 8;

ChecksumVariant classify_checksum(const PacketReport& r) {
  const bool m = r.candidates.message_only == r.checksum;
  const bool p = r.candidates.pseudo_header == r.checksum;
  if (r.family == Family::Ipv6) return p ? ChecksumVariant::V3Ipv6 : m ? ChecksumVariant::Ipv6MessageOnly : ChecksumVariant::None;
  if (r.version == 2) return m ? ChecksumVariant::V2 : p ? ChecksumVariant::V2PseudoHeader : ChecksumVariant::None;
  return p ? ChecksumVariant::V3Ipv4Pseudo : m ? ChecksumVariant::V3Ipv4MessageOnly : ChecksumVariant::None;
}

// The receiver's policy: what the options say, the packet's own values for the rest.
proto::ReceivePolicy build_policy(const PacketReport& r, const ReceiverView& view) {
  proto::ReceivePolicy p;
  p.family = r.family;
  p.vrid = view.vrid.value_or(r.vrid);
  p.version = view.version.value_or(r.version == 2 ? Version::V2 : Version::V3);
  p.strict = view.strict;
  p.owner = view.owner;
  p.unicast = view.unicast.value_or(!r.destination.is_multicast());
  // Unset: the form that verified, so lenient and strict agree on a good checksum.
  p.v3_ipv4_form = view.v3_ipv4_form.value_or(
      r.checksum_variant == ChecksumVariant::V3Ipv4MessageOnly ? ChecksumForm::MessageOnly : ChecksumForm::PseudoHeader);
  if (view.auth_type) {
    p.auth_type = *view.auth_type;
  } else if (r.auth_type <= static_cast<std::uint8_t>(proto::AuthType::IpAh)) {
    p.auth_type = static_cast<proto::AuthType>(r.auth_type);  // an undefined type stays a drop
  }
  p.auth_data = view.auth_pass.value_or(r.auth_data);
  if (view.advert_int_cs) {
    // v2 carries whole seconds: a sub-second receiver interval can never match (check 10).
    p.adver_int_s = *view.advert_int_cs % 100 == 0 ? static_cast<std::uint8_t>(*view.advert_int_cs / 100) : 0;
    p.adver_int_cs = *view.advert_int_cs;
  } else {
    p.adver_int_s = r.adver_int_s;
    p.adver_int_cs = r.max_adver_int_cs;
  }
  p.vips = view.vips.empty() ? r.addresses : view.vips;
  return p;
}

// A few words on the drops whose cause is not obvious from the printed fields.
std::string explain(const PacketReport& r, std::size_t size, const proto::ReceivePolicy& policy,
                    const ReceiverView& view) {
  if (r.drop == DropReason::PacketLength) {
    if (!r.header_known) return "VRRP message of " + std::to_string(size) + " bytes, below the 8-byte header";
    const std::size_t per = r.family == Family::Ipv4 ? 4 : 16;
    const std::size_t want = r.version == 2 ? 16 + 4 * std::size_t{r.count} : 8 + per * r.count;
    return "count " + std::to_string(r.count) + " implies " + std::to_string(want) + " bytes, message has " +
           std::to_string(size);
  }
  if (r.drop == DropReason::IpTtl) {
    return (r.family == Family::Ipv4 ? "TTL " : "hop limit ") + std::to_string(r.ttl) + ", must be 255";
  }
  if (r.drop == DropReason::Version && r.header_known) {
    if (r.decoded) return "receiver speaks VRRPv" + std::to_string(static_cast<int>(policy.version));
    return r.family == Family::Ipv6 && r.version == 2 ? "VRRPv2 is IPv4-only" : "version " + std::to_string(r.version);
  }
  if (r.drop == DropReason::VridNotConfigured && r.header_known) {
    return view.vrid ? "receiver is VRID " + std::to_string(*view.vrid) : std::string("VRID 0 is never valid");
  }
  return {};
}

}  // namespace

std::string_view variant_name(ChecksumVariant v) {
  switch (v) {
    case ChecksumVariant::NotComputed: return "-";
    case ChecksumVariant::None: return "none";
    case ChecksumVariant::V2: return "v2";
    case ChecksumVariant::V2PseudoHeader: return "v2-pseudo-header";
    case ChecksumVariant::V3Ipv4Pseudo: return "v3-ipv4-P";
    case ChecksumVariant::V3Ipv4MessageOnly: return "v3-ipv4-M";
    case ChecksumVariant::V3Ipv6: return "v3-ipv6";
    case ChecksumVariant::Ipv6MessageOnly: return "ipv6-message-only";
  }
  return "?";
}

PacketReport analyze_frame(LinkType link, const FrameInfo& info, std::span<const std::uint8_t> frame,
                           const ReceiverView& receiver) {
  PacketReport r;
  r.frame = info.index;
  r.ts_sec = info.ts_sec;
  r.ts_usec = info.ts_usec;
  r.caplen = frame.size();
  r.wirelen = info.wirelen;

  LinkResult l = strip_link(link, frame);
  r.vlans = std::move(l.vlans);
  r.ether_type = l.ether_type;
  if (l.kind == LinkResult::Kind::NotIp) {
    r.kind = PacketReport::Kind::NotVrrp;
    return r;
  }
  // A snap length that cut the frame is the likely cause of any truncation: say so.
  auto cut_note = [&r] {
    return r.caplen < r.wirelen ? " (capture cut at " + std::to_string(r.caplen) + " bytes)" : std::string();
  };
  if (l.kind == LinkResult::Kind::Malformed) {
    r.detail = std::move(l.detail) + cut_note();
    return r;
  }

  IpSplit ip = split_ip(l.ip);
  if (ip.addresses_known) {
    r.ip_known = true;
    r.family = ip.packet.source.family();
    r.source = ip.packet.source;
    r.destination = ip.packet.destination;
    r.ttl = ip.packet.ttl;
  }
  r.protocol = ip.protocol;
  if (ip.kind == IpSplit::Kind::NotVrrp) {
    r.kind = PacketReport::Kind::NotVrrp;
    return r;
  }
  if (ip.kind == IpSplit::Kind::Malformed) {
    r.drop = ip.drop;
    r.detail = std::move(ip.detail) + cut_note();
    return r;
  }
  r.kind = PacketReport::Kind::Vrrp;
  const std::span<const std::uint8_t> msg = ip.packet.vrrp;

  // The fixed header is shown even when the rest does not decode: it says what was meant.
  if (msg.size() >= kVrrpHeader) {
    r.header_known = true;
    r.version = msg[0] >> 4;
    r.type = msg[0] & 0x0F;
    r.vrid = msg[1];
    r.priority = msg[2];
    r.count = msg[3];
    r.checksum = static_cast<std::uint16_t>((msg[6] << 8) | msg[7]);
  }
  const auto decoded = proto::decode(r.family, msg);
  if (decoded) {
    r.decoded = true;
    const proto::Advertisement& a = *decoded;
    r.auth_type = a.auth_type;
    r.adver_int_s = a.adver_int_s;
    r.auth_data = a.auth_data;
    r.reserved = a.reserved;
    r.max_adver_int_cs = a.max_adver_int_cs;
    r.addresses.reserve(a.count);
    for (std::size_t i = 0; i < a.count; ++i) r.addresses.push_back(a.address(i));
    r.candidates = proto::checksum_candidates(a.version, msg, r.source, r.destination);
    r.checksum_variant = classify_checksum(r);
  }

  // VRID 0 can never be configured (RFC 3768 §5.3.3, RFC 5798 §5.2.3): without --vrid it is
  // the one VRID judged structurally, through validate()'s own check 8.
  const proto::ReceivePolicy policy = build_policy(r, receiver);
  const bool vr_matches = r.header_known && r.vrid == policy.vrid && (receiver.vrid || r.vrid != 0);
  const proto::Verdict verdict = proto::validate(ip.packet, vr_matches ? &policy : nullptr);
  r.drop = verdict.drop;
  r.notes = verdict.notes;
  r.detail = explain(r, msg.size(), policy, receiver);
  return r;
}

}  // namespace vrrp::dump
