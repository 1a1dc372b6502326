// Every entry of tests/data/vrrp-vectors.json as its own test (vrrp-conformance.md §4): decode,
// re-encode, checksum candidates, and the validation verdict in lenient and strict mode with the
// v3/IPv4 transmit form set to P and to M.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "proto/advertisement.hpp"
#include "proto/validate.hpp"
#include "support/mini_json.hpp"

namespace vrrp::proto {
namespace {

using test::from_hex;
using test::Json;

struct VectorCase {
  std::string name;
  Json json;          // the vector object
  std::string error;  // set when the file could not be loaded
};

// gtest prints parameters on failure: the name says it all.
void PrintTo(const VectorCase& c, std::ostream* os) { *os << c.name; }

std::vector<VectorCase> load_vectors() {
  try {
    const Json doc = Json::parse_file(std::string(VRRP_TEST_DATA_DIR) + "/vrrp-vectors.json");
    std::vector<VectorCase> out;
    for (const Json& v : doc["vectors"].array()) out.push_back({v["name"].str(), v, {}});
    return out;
  } catch (const std::exception& e) {
    return {{"load_error", {}, e.what()}};
  }
}

IpAddr ip(const Json& j) {
  const auto a = IpAddr::parse(j.str());
  if (!a) throw std::runtime_error("bad address in vector: " + j.str());
  return *a;
}

std::uint16_t hex16(const Json& j) { return static_cast<std::uint16_t>(std::stoul(j.str(), nullptr, 16)); }

ReceivePolicy policy_from(const Json& r, bool strict, ChecksumForm form) {
  ReceivePolicy p;
  p.version = r["version"].integer() == 2 ? Version::V2 : Version::V3;
  p.family = r.has("family") && r["family"].str() == "ipv6" ? Family::Ipv6 : Family::Ipv4;
  p.vrid = static_cast<std::uint8_t>(r["vrid"].integer());
  p.strict = strict;
  p.unicast = r["mode"].str() == "unicast";
  p.v3_ipv4_form = form;
  if (r.has("auth_type")) p.auth_type = static_cast<AuthType>(r["auth_type"].integer());
  if (r.has("auth_pass")) {
    const std::string& pass = r["auth_pass"].str();
    std::copy_n(pass.begin(), std::min<std::size_t>(pass.size(), 8), p.auth_data.begin());
  }
  if (r.has("advert_int_s")) p.adver_int_s = static_cast<std::uint8_t>(r["advert_int_s"].integer());
  if (r.has("advert_int_cs")) p.adver_int_cs = static_cast<std::uint16_t>(r["advert_int_cs"].integer());
  for (const Json& a : r["vips"].array()) p.vips.push_back(ip(a));
  return p;
}

// The IPv6 header is not ours to parse in production (the kernel strips it on a raw socket and
// hands the hop limit over as ancillary data), so the test takes it apart itself.
ReceivedPacket parse_ipv6_for_test(std::span<const std::uint8_t> ip6) {
  EXPECT_GE(ip6.size(), 40u);
  EXPECT_EQ(ip6[0] >> 4, 6);
  EXPECT_EQ(ip6[6], kVrrpProtocol);
  const std::size_t payload = (std::size_t{ip6[4]} << 8) | ip6[5];
  EXPECT_EQ(ip6.size(), 40 + payload);
  ReceivedPacket p;
  p.ttl = ip6[7];
  p.source = IpAddr::from_bytes(Family::Ipv6, ip6.subspan(8, 16));
  p.destination = IpAddr::from_bytes(Family::Ipv6, ip6.subspan(24, 16));
  p.vrrp = ip6.subspan(40, std::min(payload, ip6.size() - 40));
  return p;
}

// Counters of the checks that run before the checksum (vrrp-conformance.md §2.1 checks 1-5).
// Everything later is preceded by check 6, so a strict receiver configured for the other v3/IPv4
// form stops at the checksum first.
bool precedes_checksum(const std::string& counter) {
  return counter == "packet_length_errors" || counter == "ip_ttl_errors" || counter == "version_errors";
}

void expect_fields(const Advertisement& a, const Json& e, Family family) {
  EXPECT_EQ(static_cast<int>(a.version), e["version"].integer());
  EXPECT_EQ(a.family, family);
  EXPECT_EQ(a.type, e["type"].integer());
  EXPECT_EQ(a.vrid, e["vrid"].integer());
  EXPECT_EQ(a.priority, e["priority"].integer());
  EXPECT_EQ(a.count, e["count"].integer());
  EXPECT_EQ(a.checksum, hex16(e["checksum"]));
  const auto& addrs = e["addresses"].array();
  ASSERT_EQ(addrs.size(), a.count);
  EXPECT_EQ(a.address_bytes.size(), a.count * a.address_size());
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    EXPECT_EQ(a.address(i), ip(addrs[i])) << "address " << i;
    EXPECT_EQ(a.address(i).to_string(), addrs[i].str()) << "address " << i;
  }
  if (a.version == Version::V2) {
    EXPECT_EQ(a.auth_type, e["auth_type"].integer());
    EXPECT_EQ(a.adver_int_s, e["adver_int_s"].integer());
    const auto auth = from_hex(e["auth_data_hex"].str());
    EXPECT_TRUE(std::equal(auth.begin(), auth.end(), a.auth_data.begin(), a.auth_data.end()));
  } else {
    EXPECT_EQ(a.reserved, e["reserved"].integer());
    EXPECT_EQ(a.max_adver_int_cs, e["max_adver_int_cs"].integer());
  }
}

class VrrpVectorTest : public ::testing::TestWithParam<VectorCase> {};

TEST_P(VrrpVectorTest, Conforms) {
  const VectorCase& c = GetParam();
  ASSERT_TRUE(c.error.empty()) << c.error;
  const Json& v = c.json;
  const Family family = v["family"].str() == "ipv6" ? Family::Ipv6 : Family::Ipv4;
  const bool valid = v["valid"].boolean();
  const auto ip_packet = from_hex(v["ip_hex"].str());
  const auto vrrp = from_hex(v["vrrp_hex"].str());
  const IpAddr src = ip(v["src"]);
  const IpAddr dst = ip(v["dst"]);

  // Check 1 (IPv4) / the test's own IPv6 split must find exactly vrrp_hex.
  ReceivedPacket packet;
  if (family == Family::Ipv4) {
    auto parsed = parse_ipv4(ip_packet);
    ASSERT_TRUE(parsed.has_value()) << counter_name(parsed.error());
    packet = *parsed;
  } else {
    packet = parse_ipv6_for_test(ip_packet);
  }
  EXPECT_EQ(packet.source, src);
  EXPECT_EQ(packet.destination, dst);
  EXPECT_EQ(packet.ttl, v["ttl_or_hop_limit"].integer());
  ASSERT_TRUE(std::equal(packet.vrrp.begin(), packet.vrrp.end(), vrrp.begin(), vrrp.end()));

  // Decode: fields as encoded whenever the structure allows decoding at all.
  const auto decoded = decode(family, vrrp);
  if (decoded) {
    expect_fields(*decoded, v["expected"], family);
  } else {
    ASSERT_FALSE(valid) << "valid vector failed to decode: " << counter_name(decoded.error());
    EXPECT_EQ(counter_name(decoded.error()), v["drop_counter"].str());
  }

  // Checksum candidates over the bytes actually sent (skip a truncated fixed header: its
  // candidates describe the untruncated message).
  if (vrrp.size() >= 8) {
    const Version version = v["version"].integer() == 2 ? Version::V2 : Version::V3;
    const auto cand = checksum_candidates(version, vrrp, src, dst);
    const Json& want = v["checksum_candidates"];
    EXPECT_EQ(cand.message_only, hex16(want["message_only"]));
    const char* key = family == Family::Ipv4 ? "ipv4_pseudo_header" : "ipv6_pseudo_header";
    EXPECT_EQ(cand.pseudo_header, hex16(want[key]));
  }

  // The form this vector's checksum was computed in (meaningful for v3/IPv4 only).
  const std::string variant = v["checksum_variant"].str();
  const bool v3_ipv4 = decoded && decoded->version == Version::V3 && family == Family::Ipv4;
  const ChecksumForm sent_form =
      variant == "v3_ipv4_message_only" ? ChecksumForm::MessageOnly : ChecksumForm::PseudoHeader;

  // Re-encode a valid advert with the same fields and form: the same bytes.
  if (valid) {
    ASSERT_TRUE(decoded.has_value());
    std::array<std::uint8_t, kMaxAdvertSize> out{};
    const std::size_t n = encode(*decoded, ChecksumContext{src, dst, sent_form}, out);
    ASSERT_EQ(n, vrrp.size());
    EXPECT_TRUE(std::equal(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), vrrp.begin()));
    EXPECT_EQ(decoded->wire_size(), vrrp.size());
  }

  const bool lenient_accept = v.has("lenient_accept") && v["lenient_accept"].boolean();
  for (const bool strict : {false, true}) {
    for (const ChecksumForm form : {ChecksumForm::PseudoHeader, ChecksumForm::MessageOnly}) {
      SCOPED_TRACE(std::string(strict ? "strict" : "lenient") + ", tx form " +
                   (form == ChecksumForm::PseudoHeader ? "P" : "M"));
      const ReceivePolicy policy = policy_from(v["receiver"], strict, form);
      // Demultiplex as the shell does: the VR configured for the packet's VRID, if any.
      const ReceivePolicy* vr = vrrp.size() >= 2 && vrrp[1] == policy.vrid ? &policy : nullptr;
      const Verdict verdict = validate(packet, vr);

      const bool other_form = v3_ipv4 && vr != nullptr && form != sent_form;
      std::string want;
      if (valid) {
        want = strict && other_form ? "checksum_errors" : "accepted";
      } else if (lenient_accept && !strict) {
        want = "accepted";
      } else {
        want = v["drop_counter"].str();
        if (strict && other_form && !precedes_checksum(want)) want = "checksum_errors";
      }
      EXPECT_EQ(counter_name(verdict.drop), want);

      if (verdict.accepted()) {
        expect_fields(verdict.advert, v["expected"], family);
        EXPECT_EQ((verdict.notes & kNoteChecksumOtherForm) != 0, other_form);
        if (lenient_accept) {
          EXPECT_NE(verdict.notes, kNoteNone) << "a lenient accept must be noted";
        }
      }
    }
  }
}

std::string vector_name(const ::testing::TestParamInfo<VectorCase>& info) {
  std::string n = info.param.name;
  for (char& ch : n) {
    if (std::isalnum(static_cast<unsigned char>(ch)) == 0) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Vectors, VrrpVectorTest, ::testing::ValuesIn(load_vectors()), vector_name);

// Guards against a silently shrunken or duplicated vector file: the spec promises 41 vectors,
// 15 valid, each with a unique name.
TEST(VrrpVectorFile, HasAllVectorsWithUniqueNames) {
  const auto cases = load_vectors();
  ASSERT_TRUE(cases.front().error.empty()) << cases.front().error;
  std::set<std::string> names;
  int valid = 0;
  for (const auto& c : cases) {
    names.insert(c.name);
    valid += c.json["valid"].boolean() ? 1 : 0;
  }
  EXPECT_EQ(cases.size(), 41u);
  EXPECT_EQ(names.size(), cases.size());
  EXPECT_EQ(valid, 15);
}

}  // namespace
}  // namespace vrrp::proto
