// Receive validation beyond the vectors: IPv4 header parsing (check 1), unicast/multicast mode,
// TTL ranges, checksum forms, v2 authentication, address-list rules, owner and strict mode, notes,
// and the order of checks 3-16 (vrrp-conformance.md §2.1).
#include <gtest/gtest.h>

#include <vector>

#include "proto/advertisement.hpp"
#include "proto/validate.hpp"

namespace vrrp::proto {
namespace {

IpAddr addr(const char* text) { return *IpAddr::parse(text); }

// Builds a correct advert for `vr` (its VRID, version, family, interval, auth, VIPs in order)
// and lets a test change one thing at a time.
struct Builder {
  Advertisement advert;
  std::vector<std::uint8_t> addrs;
  IpAddr source;
  IpAddr destination;
  std::uint8_t ttl = kRequiredTtl;
  ChecksumForm form = ChecksumForm::PseudoHeader;
  std::vector<std::uint8_t> wire;

  explicit Builder(const ReceivePolicy& vr) {
    advert.version = vr.version;
    advert.family = vr.family;
    advert.vrid = vr.vrid;
    advert.priority = 100;
    advert.auth_type = static_cast<std::uint8_t>(vr.auth_type);
    advert.auth_data = vr.auth_data;
    advert.adver_int_s = vr.adver_int_s;
    advert.max_adver_int_cs = vr.adver_int_cs;
    form = vr.v3_ipv4_form;
    set_addresses(vr.vips);
    source = vr.family == Family::Ipv4 ? addr("192.0.2.2") : addr("fe80::2");
    destination = vrrp_group(vr.family);
  }
  void set_addresses(const std::vector<IpAddr>& list) {
    addrs.clear();
    for (const IpAddr& a : list) addrs.insert(addrs.end(), a.bytes().begin(), a.bytes().end());
    advert.count = static_cast<std::uint8_t>(list.size());
  }
  ReceivedPacket packet() {
    advert.address_bytes = addrs;
    wire.assign(advert.wire_size(), 0);
    EXPECT_EQ(encode(advert, ChecksumContext{source, destination, form}, wire), wire.size());
    return ReceivedPacket{source, destination, ttl, wire};
  }
};

ReceivePolicy v2_policy() {
  ReceivePolicy vr;
  vr.version = Version::V2;
  vr.vrid = 51;
  vr.vips = {addr("192.0.2.100"), addr("192.0.2.101")};
  return vr;
}

ReceivePolicy v3_ipv4_policy() {
  ReceivePolicy vr;
  vr.vrid = 10;
  vr.vips = {addr("192.0.2.100")};
  return vr;
}

ReceivePolicy v3_ipv6_policy() {
  ReceivePolicy vr;
  vr.family = Family::Ipv6;
  vr.vrid = 10;
  vr.vips = {addr("fe80::1"), addr("2001:db8::1")};
  return vr;
}

std::string verdict_of(const ReceivedPacket& p, const ReceivePolicy* vr) {
  return std::string(counter_name(validate(p, vr).drop));
}

TEST(ParseIpv4, TakesHeaderApart) {
  std::vector<std::uint8_t> ip = {0x45, 0xc0, 0x00, 0x20, 0, 0, 0, 0, 0xff, 0x70, 0, 0,
                                  192, 0, 2, 2, 224, 0, 0, 18, 0x31, 0x0a, 0xc8, 0x01,
                                  0x00, 0x64, 0xa1, 0x99, 0xc0, 0x00, 0x02, 0x64};
  auto p = parse_ipv4(ip);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->source, addr("192.0.2.2"));
  EXPECT_EQ(p->destination, addr("224.0.0.18"));
  EXPECT_EQ(p->ttl, 255);
  EXPECT_EQ(p->vrrp.size(), 12u);
  EXPECT_EQ(p->vrrp.data(), ip.data() + 20);

  // Link-layer padding beyond the IP total length is not part of the payload.
  ip.insert(ip.end(), 6, 0);
  p = parse_ipv4(ip);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->vrrp.size(), 12u);
}

TEST(ParseIpv4, RejectsMalformedHeaders) {
  const std::vector<std::uint8_t> good = {0x45, 0, 0x00, 0x18, 0, 0, 0, 0, 0xff, 0x70, 0, 0,
                                          192, 0, 2, 2, 224, 0, 0, 18, 1, 2, 3, 4};
  ASSERT_TRUE(parse_ipv4(good).has_value());
  EXPECT_EQ(parse_ipv4(std::span(good).first(19)).error(), DropReason::PacketLength);
  auto bad = good;
  bad[0] = 0x44;  // IHL 4
  EXPECT_EQ(parse_ipv4(bad).error(), DropReason::PacketLength);
  bad = good;
  bad[0] = 0x47;  // IHL 7 = 28 bytes > total length 24
  EXPECT_EQ(parse_ipv4(bad).error(), DropReason::PacketLength);
  bad = good;
  bad[3] = 0x19;  // total length 25 > 24 bytes read
  EXPECT_EQ(parse_ipv4(bad).error(), DropReason::PacketLength);
  bad = good;
  bad[3] = 0x13;  // total length 19 < header
  EXPECT_EQ(parse_ipv4(bad).error(), DropReason::PacketLength);
  bad = good;
  bad[0] = 0x65;  // not IPv4
  EXPECT_EQ(parse_ipv4(bad).error(), DropReason::PacketLength);
  bad = good;
  bad[0] = 0x46;  // one option word: payload starts at 24, empty
  bad[3] = 0x18;
  auto p = parse_ipv4(bad);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->vrrp.empty());
}

TEST(Validate, AcceptsCleanAdvertsWithoutNotes) {
  for (const ReceivePolicy& vr : {v2_policy(), v3_ipv4_policy(), v3_ipv6_policy()}) {
    Builder b(vr);
    const Verdict v = validate(b.packet(), &vr);
    EXPECT_TRUE(v.accepted()) << counter_name(v.drop);
    EXPECT_EQ(v.notes, kNoteNone);
    EXPECT_EQ(v.advert.vrid, vr.vrid);
    EXPECT_EQ(v.advert.count, vr.vips.size());
  }
}

TEST(Validate, TtlOnlyOnTheGroup) {
  ReceivePolicy vr = v3_ipv4_policy();
  Builder b(vr);
  b.ttl = 254;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "ip_ttl_errors");
  EXPECT_EQ(verdict_of(b.packet(), nullptr), "ip_ttl_errors");  // before the VRID lookup

  // Unicast mode: a unicast destination skips the TTL check unless a range is configured.
  vr.unicast = true;
  b.destination = addr("192.0.2.3");
  b.ttl = 1;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "accepted");
  vr.ttl_range = std::pair<std::uint8_t, std::uint8_t>{250, 255};
  EXPECT_EQ(verdict_of(b.packet(), &vr), "ip_ttl_errors");
  b.ttl = 250;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "accepted");
  vr.ttl_range = std::pair<std::uint8_t, std::uint8_t>{1, 64};
  b.ttl = 65;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "ip_ttl_errors");
}

TEST(Validate, ModeMismatch) {
  ReceivePolicy multicast = v3_ipv4_policy();
  Builder b(multicast);
  b.destination = addr("192.0.2.3");
  EXPECT_EQ(verdict_of(b.packet(), &multicast), "mode_mismatch_errors");

  ReceivePolicy unicast = v3_ipv4_policy();
  unicast.unicast = true;
  Builder g(unicast);
  EXPECT_EQ(verdict_of(g.packet(), &unicast), "mode_mismatch_errors");
  g.ttl = 7;  // the group TTL rule comes first
  EXPECT_EQ(verdict_of(g.packet(), &unicast), "ip_ttl_errors");
}

TEST(Validate, UnicastPseudoHeaderUsesRealDestination) {
  ReceivePolicy vr = v3_ipv4_policy();
  vr.unicast = true;
  vr.strict = true;
  Builder b(vr);
  b.destination = addr("192.0.2.3");
  ReceivedPacket p = b.packet();
  EXPECT_EQ(verdict_of(p, &vr), "accepted");
  // The same bytes delivered as if addressed to another peer no longer verify.
  p.destination = addr("192.0.2.4");
  EXPECT_EQ(verdict_of(p, &vr), "checksum_errors");
}

TEST(Validate, V3Ipv4ChecksumForms) {
  for (const ChecksumForm sent : {ChecksumForm::PseudoHeader, ChecksumForm::MessageOnly}) {
    for (const ChecksumForm configured : {ChecksumForm::PseudoHeader, ChecksumForm::MessageOnly}) {
      ReceivePolicy vr = v3_ipv4_policy();
      vr.v3_ipv4_form = configured;
      Builder b(vr);
      b.form = sent;
      const ReceivedPacket p = b.packet();
      const Verdict lenient = validate(p, &vr);
      EXPECT_TRUE(lenient.accepted());
      EXPECT_EQ((lenient.notes & kNoteChecksumOtherForm) != 0, sent != configured);
      vr.strict = true;
      EXPECT_EQ(verdict_of(p, &vr), sent == configured ? "accepted" : "checksum_errors");
      // Unattributable packets: any form verifies, the VRID check decides.
      EXPECT_EQ(verdict_of(p, nullptr), "vrid_errors");
    }
  }
  ReceivePolicy vr = v3_ipv4_policy();
  Builder b(vr);
  ReceivedPacket p = b.packet();
  b.wire[7] ^= 0x01;
  EXPECT_EQ(verdict_of(p, &vr), "checksum_errors");
  EXPECT_EQ(verdict_of(p, nullptr), "checksum_errors");
}

TEST(Validate, Ipv6AlwaysUsesPseudoHeaderAndV2Never) {
  ReceivePolicy v6 = v3_ipv6_policy();
  Builder b(v6);
  b.form = ChecksumForm::MessageOnly;  // ignored for IPv6: encode still uses the pseudo-header
  EXPECT_EQ(verdict_of(b.packet(), &v6), "accepted");
  ReceivedPacket p = b.packet();
  p.source = addr("fe80::3");  // a different pseudo-header
  EXPECT_EQ(verdict_of(p, &v6), "checksum_errors");

  ReceivePolicy v2 = v2_policy();
  Builder c(v2);
  p = c.packet();
  p.source = addr("198.51.100.77");  // irrelevant to a v2 checksum
  EXPECT_EQ(verdict_of(p, &v2), "accepted");
}

TEST(Validate, VridVersionAndFamilyOfTheVr) {
  ReceivePolicy vr = v3_ipv4_policy();
  Builder b(vr);
  ReceivePolicy other = vr;
  other.vrid = 11;
  EXPECT_EQ(verdict_of(b.packet(), &other), "vrid_errors");
  other = vr;
  other.version = Version::V2;
  EXPECT_EQ(verdict_of(b.packet(), &other), "version_errors");
  other = vr;
  other.family = Family::Ipv6;
  EXPECT_EQ(verdict_of(b.packet(), &other), "vrid_errors");
}

TEST(Validate, V2Authentication) {
  ReceivePolicy vr = v2_policy();
  vr.auth_type = AuthType::SimplePassword;
  vr.auth_data = {'s', 'e', 'c', 'r', 'e', 't', 0, 0};
  Builder b(vr);
  EXPECT_EQ(verdict_of(b.packet(), &vr), "accepted");
  b.advert.auth_data[7] = 'x';  // differs only in the padding: every octet counts
  EXPECT_EQ(verdict_of(b.packet(), &vr), "auth_failures");
  b.advert.auth_data = vr.auth_data;
  b.advert.auth_type = 0;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "auth_type_mismatch");
  b.advert.auth_type = 2;  // AH never arrives on protocol 112
  EXPECT_EQ(verdict_of(b.packet(), &vr), "auth_type_mismatch");
  vr.auth_type = AuthType::IpAh;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "auth_type_mismatch");
  b.advert.auth_type = 254;  // Cisco MD5
  EXPECT_EQ(verdict_of(b.packet(), &vr), "invalid_auth_type");

  // Type 0: the auth data is ignored on receipt (RFC 3768 §5.3.10).
  ReceivePolicy none = v2_policy();
  Builder n(none);
  n.advert.auth_data = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(verdict_of(n.packet(), &none), "accepted");
}

TEST(Validate, Intervals) {
  ReceivePolicy v2 = v2_policy();
  Builder b(v2);
  b.advert.adver_int_s = 3;
  EXPECT_EQ(verdict_of(b.packet(), &v2), "adv_interval_errors");

  ReceivePolicy v3 = v3_ipv4_policy();
  Builder c(v3);
  c.advert.max_adver_int_cs = 0;
  EXPECT_EQ(verdict_of(c.packet(), &v3), "adv_interval_errors");
  c.advert.max_adver_int_cs = 4095;
  const Verdict v = validate(c.packet(), &v3);
  EXPECT_TRUE(v.accepted());
  EXPECT_EQ(v.notes, kNoteIntervalDiffers);
  EXPECT_EQ(v.advert.max_adver_int_cs, 4095);
}

TEST(Validate, CountZero) {
  ReceivePolicy v3 = v3_ipv4_policy();
  Builder b(v3);
  b.set_addresses({});
  EXPECT_EQ(verdict_of(b.packet(), &v3), "address_list_errors");

  ReceivePolicy v2 = v2_policy();
  Builder c(v2);
  c.set_addresses({});
  EXPECT_EQ(verdict_of(c.packet(), &v2), "address_list_errors");
  v2.vips.clear();  // a zero-VIP v2 VR accepts zero-VIP peers, outside strict mode
  EXPECT_EQ(verdict_of(c.packet(), &v2), "accepted");
  v2.strict = true;
  EXPECT_EQ(verdict_of(c.packet(), &v2), "address_list_errors");
}

TEST(Validate, Ipv6FirstAddressLinkLocal) {
  ReceivePolicy vr = v3_ipv6_policy();
  vr.vips = {addr("2001:db8::1"), addr("fe80::1")};
  Builder b(vr);
  const Verdict lenient = validate(b.packet(), &vr);
  EXPECT_TRUE(lenient.accepted());
  EXPECT_EQ(lenient.notes, kNoteFirstNotLinkLocal);
  vr.strict = true;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "address_list_errors");
}

TEST(Validate, AddressListAsSet) {
  ReceivePolicy v3 = v3_ipv6_policy();
  Builder b(v3);
  b.set_addresses({addr("fe80::1"), addr("2001:db8::1")});
  v3.vips = {addr("2001:db8::1"), addr("fe80::1")};  // order is not significant
  Verdict v = validate(b.packet(), &v3);
  EXPECT_TRUE(v.accepted());
  EXPECT_EQ(v.notes, kNoteNone);

  b.set_addresses({addr("fe80::1"), addr("2001:db8::2")});
  v = validate(b.packet(), &v3);
  EXPECT_TRUE(v.accepted());  // v3: log only
  EXPECT_EQ(v.notes, kNoteAddressListDiffers);
  b.set_addresses({addr("fe80::1")});  // a subset is a mismatch too
  EXPECT_EQ(validate(b.packet(), &v3).notes, kNoteAddressListDiffers);

  ReceivePolicy v2 = v2_policy();
  Builder c(v2);
  c.set_addresses({addr("192.0.2.101"), addr("192.0.2.100")});
  EXPECT_EQ(verdict_of(c.packet(), &v2), "accepted");
  c.set_addresses({addr("192.0.2.100"), addr("192.0.2.102")});
  EXPECT_EQ(verdict_of(c.packet(), &v2), "address_list_errors");
  c.set_addresses({addr("192.0.2.100"), addr("192.0.2.101"), addr("192.0.2.102")});
  EXPECT_EQ(verdict_of(c.packet(), &v2), "address_list_errors");
  c.advert.priority = kOwnerPriority;  // RFC 3768 §7.1: the owner's list wins, logged
  v = validate(c.packet(), &v2);
  EXPECT_TRUE(v.accepted());
  EXPECT_EQ(v.notes, kNoteAddressListDiffers);
}

TEST(Validate, OwnerReceivingAdverts) {
  ReceivePolicy vr = v3_ipv4_policy();
  vr.owner = true;
  Builder b(vr);
  const Verdict v = validate(b.packet(), &vr);
  EXPECT_TRUE(v.accepted());
  EXPECT_EQ(v.notes, kNoteOwnerConflict);
  vr.strict = true;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "owner_ignored_adverts");
}

TEST(Validate, NotesAccumulate) {
  ReceivePolicy vr = v3_ipv4_policy();
  vr.owner = true;
  Builder b(vr);
  b.form = ChecksumForm::MessageOnly;
  b.advert.max_adver_int_cs = 50;
  b.set_addresses({addr("192.0.2.200")});
  const Verdict v = validate(b.packet(), &vr);
  EXPECT_TRUE(v.accepted());
  EXPECT_EQ(v.notes, kNoteChecksumOtherForm | kNoteAddressListDiffers | kNoteOwnerConflict | kNoteIntervalDiffers);
}

TEST(Validate, DropsCarryNoNotes) {
  ReceivePolicy vr = v3_ipv4_policy();
  vr.owner = true;
  Builder b(vr);
  b.form = ChecksumForm::MessageOnly;  // would note kNoteChecksumOtherForm if accepted
  b.advert.max_adver_int_cs = 50;
  ReceivePolicy v2 = vr;
  v2.version = Version::V2;
  const Verdict v = validate(b.packet(), &v2);
  EXPECT_EQ(counter_name(v.drop), "version_errors");
  EXPECT_EQ(v.notes, kNoteNone);
}

// With several defects, the earliest check in §2.1 order decides the counter.
TEST(Validate, FirstFailingCheckWins) {
  ReceivePolicy vr = v2_policy();
  vr.auth_type = AuthType::SimplePassword;
  vr.auth_data = {'p', 'w'};
  Builder b(vr);
  b.advert.type = 2;
  b.advert.auth_type = 7;
  b.advert.adver_int_s = 9;
  b.set_addresses({});
  b.ttl = 1;
  ReceivedPacket p = b.packet();
  EXPECT_EQ(verdict_of(p, &vr), "ip_ttl_errors");
  b.ttl = kRequiredTtl;
  p = b.packet();
  b.wire[6] ^= 0xff;
  EXPECT_EQ(verdict_of(p, &vr), "checksum_errors");
  p = b.packet();
  EXPECT_EQ(verdict_of(p, &vr), "invalid_type_rcvd");
  EXPECT_EQ(verdict_of(p, nullptr), "invalid_type_rcvd");
  b.advert.type = 1;
  EXPECT_EQ(verdict_of(b.packet(), nullptr), "vrid_errors");
  EXPECT_EQ(verdict_of(b.packet(), &vr), "invalid_auth_type");
  b.advert.auth_type = 0;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "auth_type_mismatch");
  b.advert.auth_type = 1;
  b.advert.auth_data = {'p', 'x'};
  EXPECT_EQ(verdict_of(b.packet(), &vr), "auth_failures");
  b.advert.auth_data = vr.auth_data;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "adv_interval_errors");
  b.advert.adver_int_s = vr.adver_int_s;
  EXPECT_EQ(verdict_of(b.packet(), &vr), "address_list_errors");
  b.set_addresses(vr.vips);
  EXPECT_EQ(verdict_of(b.packet(), &vr), "accepted");
}

}  // namespace
}  // namespace vrrp::proto
