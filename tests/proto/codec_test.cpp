// Advertisement codec: RFC 1071 checksum helpers, decode/encode edge cases, and a seeded
// round-trip property over generated adverts (encode -> decode -> validate accepts).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "proto/advertisement.hpp"
#include "proto/validate.hpp"

namespace vrrp::proto {
namespace {

std::vector<std::uint8_t> bytes(std::initializer_list<int> v) {
  std::vector<std::uint8_t> out;
  for (int b : v) out.push_back(static_cast<std::uint8_t>(b));
  return out;
}

// RFC 1071 §3 worked example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
TEST(Checksum, Rfc1071Example) {
  const auto data = bytes({0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7});
  EXPECT_EQ(checksum_partial(data), 0xddf2u);
  EXPECT_EQ(checksum_finish(checksum_partial(data)), 0x220d);
}

TEST(Checksum, OddLengthPadsWithZero) {
  EXPECT_EQ(checksum_partial(bytes({0xab})), 0xab00u);
  EXPECT_EQ(checksum_partial(bytes({0x12, 0x34, 0x56})), 0x1234u + 0x5600u);
  EXPECT_EQ(checksum_partial({}), 0u);
  EXPECT_EQ(checksum_finish(0), 0xffff);
}

TEST(Checksum, FinishFoldsCarries) {
  // vrrp-conformance.md §4 worked form-P sum: 0x35e63 -> 0x5e66 -> complement 0xa199.
  EXPECT_EQ(checksum_finish(0x35e63), 0xa199);
  EXPECT_EQ(checksum_finish(0xffff), 0x0000);
  EXPECT_EQ(checksum_finish(0x1fffe), 0x0000);  // 0xfffe + 1 = 0xffff
  EXPECT_EQ(checksum_finish(0xffffffff), 0x0000);
}

// Textbook RFC 1071: big-endian 16-bit words, carries folded as they come.
std::uint16_t reference_checksum(std::span<const std::uint8_t> data) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < data.size(); i += 2) {
    sum += (std::uint32_t{data[i]} << 8) | (i + 1 < data.size() ? data[i + 1] : 0);
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

TEST(Checksum, MatchesReferenceOnRandomData) {
  std::mt19937 rng(1624);
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::uint8_t> data(rng() % 64 + (i % 10 == 0 ? 4000 : 0));
    for (auto& b : data) b = static_cast<std::uint8_t>(rng() % 4 == 0 ? 0xff : rng());
    EXPECT_EQ(checksum_finish(checksum_partial(data)), reference_checksum(data)) << data.size();
  }
  const std::vector<std::uint8_t> ones(4088, 0xff);  // maximal carries
  EXPECT_EQ(checksum_finish(checksum_partial(ones)), reference_checksum(ones));
}

TEST(Checksum, ChainingEqualsWholeForEvenSplits) {
  std::mt19937 rng(1071);
  for (int i = 0; i < 500; ++i) {
    std::vector<std::uint8_t> data(rng() % 4097);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    const std::size_t split = (rng() % (data.size() / 2 + 1)) * 2;
    const std::span<const std::uint8_t> all(data);
    const std::uint32_t chained = checksum_partial(all.subspan(split), checksum_partial(all.first(split)));
    EXPECT_EQ(checksum_finish(chained), checksum_finish(checksum_partial(all)));
    // Verification property: data followed by its checksum sums to 0xffff (for even lengths).
    if (data.size() % 2 == 0) {
      const std::uint16_t c = checksum_finish(checksum_partial(all));
      data.push_back(static_cast<std::uint8_t>(c >> 8));
      data.push_back(static_cast<std::uint8_t>(c));
      EXPECT_EQ(checksum_partial(data), 0xffffu);
    }
  }
}

TEST(Checksum, CandidatesWorkedExample) {
  // v3_ipv4_pseudo_header from the spec: P = 0xa199, M = 0x442b, whatever the field holds.
  auto msg = bytes({0x31, 0x0a, 0xc8, 0x01, 0x00, 0x64, 0x12, 0x34, 0xc0, 0x00, 0x02, 0x64});
  const auto c = checksum_candidates(Version::V3, msg, *IpAddr::parse("192.0.2.2"), *IpAddr::parse("224.0.0.18"));
  EXPECT_EQ(c.pseudo_header, 0xa199);
  EXPECT_EQ(c.message_only, 0x442b);
  // Trailing bytes beyond the count-implied length are not part of the message.
  msg.insert(msg.end(), {0xde, 0xad, 0xbe, 0xef});
  const auto t = checksum_candidates(Version::V3, msg, *IpAddr::parse("192.0.2.2"), *IpAddr::parse("224.0.0.18"));
  EXPECT_EQ(t.pseudo_header, 0xa199);
  EXPECT_EQ(t.message_only, 0x442b);
}

Advertisement sample_v3_ipv4(const std::vector<std::uint8_t>& addrs) {
  Advertisement a;
  a.version = Version::V3;
  a.family = Family::Ipv4;
  a.vrid = 10;
  a.priority = 200;
  a.count = static_cast<std::uint8_t>(addrs.size() / 4);
  a.max_adver_int_cs = 100;
  a.address_bytes = addrs;
  return a;
}

TEST(Encode, MatchesSpecBytesInBothForms) {
  const auto addr = bytes({192, 0, 2, 100});
  const Advertisement a = sample_v3_ipv4(addr);
  std::array<std::uint8_t, 12> out{};
  ChecksumContext ctx{*IpAddr::parse("192.0.2.2"), vrrp_group(Family::Ipv4), ChecksumForm::PseudoHeader};
  ASSERT_EQ(encode(a, ctx, out), 12u);
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin(), out.end()),
            bytes({0x31, 0x0a, 0xc8, 0x01, 0x00, 0x64, 0xa1, 0x99, 0xc0, 0x00, 0x02, 0x64}));
  ctx.v3_ipv4_form = ChecksumForm::MessageOnly;
  ASSERT_EQ(encode(a, ctx, out), 12u);
  EXPECT_EQ(out[6], 0x44);
  EXPECT_EQ(out[7], 0x2b);
}

TEST(Encode, RefusesSmallBufferAndBadAdverts) {
  const auto addr = bytes({192, 0, 2, 100});
  Advertisement a = sample_v3_ipv4(addr);
  const ChecksumContext ctx{*IpAddr::parse("192.0.2.2"), vrrp_group(Family::Ipv4)};
  std::array<std::uint8_t, 64> out{};
  out.fill(0xEE);
  EXPECT_EQ(encode(a, ctx, std::span(out).first(11)), 0u);
  EXPECT_EQ(out[0], 0xEE) << "a refused encode must not write";
  EXPECT_EQ(encode(a, ctx, std::span(out).first(12)), 12u);

  a.version = Version::V2;  // v2 needs 16 + 4n
  EXPECT_EQ(encode(a, ctx, std::span(out).first(19)), 0u);
  EXPECT_EQ(encode(a, ctx, std::span(out).first(20)), 20u);

  a.family = Family::Ipv6;  // v2 over IPv6 does not exist
  EXPECT_EQ(encode(a, ctx, out), 0u);

  a = sample_v3_ipv4(addr);
  a.count = 2;  // address_bytes not count-sized
  EXPECT_EQ(encode(a, ctx, out), 0u);
  a.version = static_cast<Version>(4);
  a.count = 1;
  EXPECT_EQ(encode(a, ctx, out), 0u);
}

TEST(Decode, StructuralErrors) {
  const auto ok = bytes({0x31, 0x0a, 0xc8, 0x01, 0x00, 0x64, 0xa1, 0x99, 0xc0, 0x00, 0x02, 0x64});
  ASSERT_TRUE(decode(Family::Ipv4, ok).has_value());
  for (std::size_t n = 0; n < 8; ++n) {
    EXPECT_EQ(decode(Family::Ipv4, std::span(ok).first(n)).error(), DropReason::PacketLength) << n;
  }
  EXPECT_EQ(decode(Family::Ipv4, std::span(ok).first(11)).error(), DropReason::PacketLength);
  // The same 12 bytes are too short for one IPv6 address.
  EXPECT_EQ(decode(Family::Ipv6, ok).error(), DropReason::PacketLength);
  for (int version : {0, 1, 4, 15}) {
    auto bad = ok;
    bad[0] = static_cast<std::uint8_t>((version << 4) | 1);
    EXPECT_EQ(decode(Family::Ipv4, bad).error(), DropReason::Version) << version;
  }
  auto v2 = bytes({0x21, 0x01, 0x64, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(decode(Family::Ipv4, v2).has_value());  // count 0 is structurally fine
  EXPECT_EQ(decode(Family::Ipv4, v2)->count, 0);
  EXPECT_EQ(decode(Family::Ipv6, v2).error(), DropReason::Version);
}

TEST(Decode, MaximumSizes) {
  for (const auto& [version, family, size] : {std::tuple{Version::V2, Family::Ipv4, 1036u},
                                              std::tuple{Version::V3, Family::Ipv4, 1028u},
                                              std::tuple{Version::V3, Family::Ipv6, 4088u}}) {
    std::vector<std::uint8_t> msg(size, 0x5a);
    msg[0] = static_cast<std::uint8_t>((static_cast<int>(version) << 4) | 1);
    msg[3] = 255;
    const auto a = decode(family, msg);
    ASSERT_TRUE(a.has_value()) << size;
    EXPECT_EQ(a->count, 255);
    EXPECT_EQ(a->wire_size(), size);
    EXPECT_EQ(a->address_bytes.size(), 255 * a->address_size());
    EXPECT_EQ(a->address_bytes.data(), msg.data() + 8) << "decode returns a view, not a copy";
    msg.push_back(0);
    EXPECT_FALSE(decode(family, msg).has_value());
  }
  EXPECT_LE(std::size_t{4088}, kMaxAdvertSize);
}

// Property: any encodable advert decodes to the same fields, carries a checksum that verifies in
// the requested form, and passes validation by a VR configured to match it.
TEST(RoundTrip, GeneratedAdverts) {
  std::mt19937 rng(5798);
  std::array<std::uint8_t, kMaxAdvertSize> out{};
  std::vector<std::uint8_t> addrs;
  for (int i = 0; i < 3000; ++i) {
    Advertisement a;
    a.version = rng() % 2 ? Version::V2 : Version::V3;
    a.family = a.version == Version::V3 && rng() % 2 ? Family::Ipv6 : Family::Ipv4;
    a.vrid = static_cast<std::uint8_t>(1 + rng() % 255);
    a.priority = static_cast<std::uint8_t>(rng());
    a.count = static_cast<std::uint8_t>(1 + (rng() % 8 == 0 ? rng() % 255 : rng() % 4));
    a.auth_type = a.version == Version::V2 ? static_cast<std::uint8_t>(rng() % 2) : 0;
    a.adver_int_s = static_cast<std::uint8_t>(1 + rng() % 255);
    for (auto& b : a.auth_data) b = a.auth_type != 0 ? static_cast<std::uint8_t>(rng()) : 0;
    a.reserved = 0;
    a.max_adver_int_cs = static_cast<std::uint16_t>(1 + rng() % kMaxV3IntervalCs);
    addrs.assign(std::size_t{a.count} * a.address_size(), 0);
    for (auto& b : addrs) b = static_cast<std::uint8_t>(rng());
    if (a.family == Family::Ipv6) addrs[0] = 0xfe, addrs[1] = 0x80;  // RFC 5798 §5.2.9
    a.address_bytes = addrs;

    const IpAddr src = a.family == Family::Ipv4 ? IpAddr::v4({198, 51, 100, static_cast<std::uint8_t>(rng())})
                                                : *IpAddr::parse("fe80::99");
    const ChecksumForm form = rng() % 2 ? ChecksumForm::PseudoHeader : ChecksumForm::MessageOnly;
    const ChecksumContext ctx{src, vrrp_group(a.family), form};
    const std::size_t n = encode(a, ctx, out);
    ASSERT_EQ(n, a.wire_size());
    const std::span<const std::uint8_t> wire(out.data(), n);

    const auto d = decode(a.family, wire);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->version, a.version);
    EXPECT_EQ(d->vrid, a.vrid);
    EXPECT_EQ(d->priority, a.priority);
    EXPECT_EQ(d->count, a.count);
    EXPECT_TRUE(std::equal(d->address_bytes.begin(), d->address_bytes.end(), addrs.begin(), addrs.end()));
    if (a.version == Version::V2) {
      EXPECT_EQ(d->auth_type, a.auth_type);
      EXPECT_EQ(d->adver_int_s, a.adver_int_s);
      EXPECT_EQ(d->auth_data, a.auth_data);
    } else {
      EXPECT_EQ(d->max_adver_int_cs, a.max_adver_int_cs);
      EXPECT_EQ(d->reserved, 0);
    }
    const auto c = checksum_candidates(a.version, wire, ctx.source, ctx.destination);
    const bool pseudo = a.version == Version::V3 && (a.family == Family::Ipv6 || form == ChecksumForm::PseudoHeader);
    EXPECT_EQ(d->checksum, pseudo ? c.pseudo_header : c.message_only);

    ReceivePolicy vr;
    vr.version = a.version;
    vr.family = a.family;
    vr.vrid = a.vrid;
    vr.strict = true;  // strict: only the configured form may verify
    vr.v3_ipv4_form = form;
    vr.auth_type = static_cast<AuthType>(a.auth_type);
    vr.auth_data = a.auth_data;
    vr.adver_int_s = a.adver_int_s;
    vr.adver_int_cs = a.max_adver_int_cs;
    for (std::size_t k = a.count; k-- > 0;) vr.vips.push_back(d->address(k));  // reversed: a set
    const ReceivedPacket packet{src, vrrp_group(a.family), kRequiredTtl, wire};
    const Verdict verdict = validate(packet, &vr);
    EXPECT_EQ(counter_name(verdict.drop), "accepted");
    EXPECT_EQ(verdict.notes, kNoteNone);

    // Any single flipped bit in the message is caught (by checksum or a structural check).
    auto corrupt = std::vector<std::uint8_t>(wire.begin(), wire.end());
    corrupt[rng() % corrupt.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    const Verdict bad = validate(ReceivedPacket{src, vrrp_group(a.family), kRequiredTtl, corrupt}, &vr);
    EXPECT_FALSE(bad.accepted());
  }
}

}  // namespace
}  // namespace vrrp::proto
