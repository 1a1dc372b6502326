// Every vector of tests/data/vrrp-vectors.json written into pcap files (raw IP, Ethernet,
// 802.1Q, Linux cooked v1/v2), read back through run_dump(), and every JSON line checked:
// decoded fields, checksum variant, and the verdict both structurally and for the vector's
// receiver (lenient and strict).
#include <cstdio>
#include <string>
#include <vector>

#include "dump/dump_fixture.hpp"

namespace vrrp::dump::test {
namespace {

struct LinkVariant {
  const char* name;
  int dlt;
  Bytes (*wrap)(const Bytes&);
};

// gtest prints parameters on failure: the name says it all.
void PrintTo(const LinkVariant& l, std::ostream* os) { *os << l.name; }

Bytes raw(const Bytes& ip) { return ip; }
Bytes ether(const Bytes& ip) { return ethernet_frame(ip); }
Bytes ether_qinq(const Bytes& ip) { return ethernet_frame(ip, {100, 7}); }

const LinkVariant kLinks[] = {
    {"raw", DLT_RAW, raw},
    {"ethernet", DLT_EN10MB, ether},
    {"ethernet_qinq", DLT_EN10MB, ether_qinq},
    {"sll", DLT_LINUX_SLL, sll_frame},
    {"sll2", DLT_LINUX_SLL2, sll2_frame},
};

std::vector<Bytes> vector_frames(const LinkVariant& link) {
  std::vector<Bytes> frames;
  for (const Json& v : vectors()) frames.push_back(link.wrap(from_hex(v["ip_hex"].str())));
  return frames;
}

const std::vector<std::string> kKeyOrder = {
    "frame", "time", "caplen", "len", "vlans", "family", "src", "dst", "ttl", "protocol",
    "version", "type", "vrid", "priority", "count", "checksum", "checksum_variant",
    "checksum_message_only", "checksum_pseudo_header", "auth_type", "auth_data", "adver_int_s",
    "reserved", "max_adver_int_cs", "addresses", "verdict", "drop_reason", "detail", "notes"};

void expect_key_order(const Json& o) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : o.object()) keys.push_back(k);
  EXPECT_EQ(keys, kKeyOrder);
}

bool decodes(const Json& v) {
  // The counters the codec's decode() itself returns: the structure is unreadable.
  if (!v.has("drop_counter")) return true;
  const std::string c = v["drop_counter"].str();
  if (c == "packet_length_errors") return false;
  // A version error is structural when the nibble cannot be carried at all (not 2 or 3, or v2
  // inside IPv6, RFC 5798 §5.1); a v2 packet sent to a v3 receiver decodes fine.
  const long long version = v["expected"]["version"].integer();
  const bool carriable = version == 3 || (version == 2 && v["family"].str() == "ipv4");
  return !(c == "version_errors" && !carriable);
}

// What a receiver without configuration must still drop: faults no configuration can make valid.
std::string structural_verdict(const Json& v) {
  if (v["valid"].boolean() || (v.has("lenient_accept") && v["lenient_accept"].boolean())) return "accepted";
  const std::string c = v["drop_counter"].str();
  const Json& e = v["expected"];
  if (c == "packet_length_errors" || c == "ip_ttl_errors" || c == "checksum_errors" ||
      c == "invalid_type_rcvd" || c == "invalid_auth_type") {
    return c;
  }
  if (c == "version_errors" && !decodes(v)) return c;
  if (c == "adv_interval_errors" && e["version"].integer() == 3) return c;  // zero Max Adver Int
  if (c == "address_list_errors" && e["count"].integer() == 0) return c;
  if (c == "vrid_errors" && e["vrid"].integer() == 0) return c;
  return "accepted";  // depends on the receiver's VRID, version, auth, interval or VIPs
}

// The label of the coverage that verifies the vector's checksum (derived from the vector's
// independently computed candidates, not from the code under test).
std::string expected_variant(const Json& v) {
  const Json& e = v["expected"];
  const Json& cand = v["checksum_candidates"];
  const bool ipv6 = v["family"].str() == "ipv6";
  const std::string cs = e["checksum"].str();
  const bool p = cand[ipv6 ? "ipv6_pseudo_header" : "ipv4_pseudo_header"].str() == cs;
  const bool m = cand["message_only"].str() == cs;
  if (ipv6) return p ? "v3-ipv6" : m ? "ipv6-message-only" : "none";
  if (e["version"].integer() == 2) return m ? "v2" : p ? "v2-pseudo-header" : "none";
  return p ? "v3-ipv4-P" : m ? "v3-ipv4-M" : "none";
}

void expect_fields(const Json& line, const Json& v, std::size_t index) {
  SCOPED_TRACE(v["name"].str());
  const Json& e = v["expected"];
  const Bytes vrrp = from_hex(v["vrrp_hex"].str());
  expect_key_order(line);
  EXPECT_EQ(line["frame"].integer(), static_cast<long long>(index + 1));
  char want_time[64];
  std::snprintf(want_time, sizeof want_time, "2023-11-14T22:%02zu:%02zu.%06zuZ", 13 + (20 + index) / 60,
                (20 + index) % 60, index);
  EXPECT_EQ(line["time"].str(), want_time);
  EXPECT_EQ(line["family"].str(), v["family"].str());
  EXPECT_EQ(line["src"].str(), v["src"].str());
  EXPECT_EQ(line["dst"].str(), v["dst"].str());
  EXPECT_EQ(line["ttl"].integer(), v["ttl_or_hop_limit"].integer());
  EXPECT_EQ(line["protocol"].integer(), 112);
  if (vrrp.size() < 8) {
    EXPECT_TRUE(line["vrid"].is_null());
    EXPECT_TRUE(line["checksum"].is_null());
  } else {
    EXPECT_EQ(line["version"].integer(), e["version"].integer());
    EXPECT_EQ(line["type"].integer(), e["type"].integer());
    EXPECT_EQ(line["vrid"].integer(), e["vrid"].integer());
    EXPECT_EQ(line["priority"].integer(), e["priority"].integer());
    EXPECT_EQ(line["count"].integer(), e["count"].integer());
    EXPECT_EQ(line["checksum"].str(), e["checksum"].str());
  }
  if (!decodes(v)) {
    EXPECT_TRUE(line["addresses"].is_null());
    EXPECT_TRUE(line["checksum_variant"].is_null());
    return;
  }
  ASSERT_TRUE(line["addresses"].is_array());
  const auto& got = line["addresses"].array();
  const auto& want = e["addresses"].array();
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].str(), want[i].str());
  EXPECT_EQ(line["checksum_variant"].str(), expected_variant(v));
  EXPECT_EQ(line["checksum_message_only"].str(), v["checksum_candidates"]["message_only"].str());
  if (e["version"].integer() == 2) {
    EXPECT_EQ(line["auth_type"].integer(), e["auth_type"].integer());
    EXPECT_EQ(line["adver_int_s"].integer(), e["adver_int_s"].integer());
    EXPECT_EQ(line["auth_data"].str(), e["auth_data_hex"].str());
    EXPECT_TRUE(line["max_adver_int_cs"].is_null());
  } else {
    EXPECT_EQ(line["reserved"].integer(), e["reserved"].integer());
    EXPECT_EQ(line["max_adver_int_cs"].integer(), e["max_adver_int_cs"].integer());
    EXPECT_TRUE(line["auth_type"].is_null());
  }
}

void expect_verdict(const Json& line, const std::string& want) {
  if (want == "accepted") {
    EXPECT_EQ(line["verdict"].str(), "accepted");
    EXPECT_TRUE(line["drop_reason"].is_null());
  } else {
    EXPECT_EQ(line["verdict"].str(), "dropped");
    ASSERT_TRUE(line["drop_reason"].is_string());
    EXPECT_EQ(line["drop_reason"].str(), want);
  }
}

// The vector's receiver as command-line options, through the real option parser.
DumpOptions receiver_options(const Json& r, bool strict) {
  std::vector<std::string> args = {"-r", "placeholder", "--json", "--version",
                                    std::to_string(r["version"].integer()), "--vrid",
                                    std::to_string(r["vrid"].integer())};
  if (r.has("advert_int_s")) {
    args.insert(args.end(), {"--advert-int", std::to_string(r["advert_int_s"].integer())});
  } else {
    const long long cs = r["advert_int_cs"].integer();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", cs / 100, cs % 100);
    args.insert(args.end(), {"--advert-int", buf});
  }
  if (r.has("auth_pass")) {
    args.insert(args.end(), {"--auth-pass", r["auth_pass"].str()});
  } else if (r.has("auth_type")) {
    args.push_back("--no-auth");
  }
  for (const Json& a : r["vips"].array()) args.insert(args.end(), {"--vip", a.str()});
  if (r["mode"].str() == "unicast") args.push_back("--unicast");
  if (strict) args.push_back("--strict");
  auto o = parse_dump_options(args);
  EXPECT_TRUE(o.has_value()) << o.error();
  return o.value_or(DumpOptions{});
}

class VectorPcapTest : public ::testing::TestWithParam<LinkVariant> {};

TEST_P(VectorPcapTest, StructuralVerdictAndFields) {
  const PcapFile file(GetParam().dlt, vector_frames(GetParam()), GetParam().name);
  DumpOptions o;
  o.json = true;
  const DumpRun run = run_on(file.path(), o);
  ASSERT_EQ(run.status, 0) << run.err;
  ASSERT_EQ(run.lines.size(), vectors().size());
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < vectors().size(); ++i) {
    const Json& v = vectors()[i];
    const Json line = Json::parse(run.lines[i]);
    expect_fields(line, v, i);
    const std::string want = structural_verdict(v);
    SCOPED_TRACE(v["name"].str());
    expect_verdict(line, want);
    accepted += want == "accepted";
    if (GetParam().dlt == DLT_EN10MB && std::string(GetParam().name) == "ethernet_qinq") {
      ASSERT_EQ(line["vlans"].array().size(), 2u);
      EXPECT_EQ(line["vlans"].array()[0].integer(), 100);
      EXPECT_EQ(line["vlans"].array()[1].integer(), 7);
    }
  }
  EXPECT_EQ(run.totals.accepted, accepted);
  EXPECT_EQ(run.totals.dropped, vectors().size() - accepted);
  EXPECT_EQ(run.totals.frames, vectors().size());
}

TEST_P(VectorPcapTest, ReceiverVerdictLenientAndStrict) {
  const PcapFile file(GetParam().dlt, vector_frames(GetParam()), GetParam().name);
  for (std::size_t i = 0; i < vectors().size(); ++i) {
    const Json& v = vectors()[i];
    for (const bool strict : {false, true}) {
      SCOPED_TRACE(v["name"].str() + (strict ? " strict" : " lenient"));
      const DumpRun run = run_on(file.path(), receiver_options(v["receiver"], strict));
      ASSERT_EQ(run.status, 0) << run.err;
      ASSERT_EQ(run.lines.size(), vectors().size());
      const Json line = Json::parse(run.lines[i]);
      const bool lenient_accept = v.has("lenient_accept") && v["lenient_accept"].boolean();
      const std::string want = v["valid"].boolean() || (lenient_accept && !strict) ? "accepted" : v["drop_counter"].str();
      expect_verdict(line, want);
      if (lenient_accept && !strict) {
        ASSERT_EQ(line["notes"].array().size(), 1u);
        EXPECT_EQ(line["notes"].array()[0].str(), "first_address_not_link_local");
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Links, VectorPcapTest, ::testing::ValuesIn(kLinks),
                         [](const auto& info) { return std::string(info.param.name); });

// The vector whose advertised list differs from the receiver's VIPs is accepted with a note.
TEST(VectorPcapNotes, AddressListDiffersIsNoted) {
  for (std::size_t i = 0; i < vectors().size(); ++i) {
    const Json& v = vectors()[i];
    if (v["name"].str() != "v3_ipv4_vip_list_differs_from_config") continue;
    const PcapFile file(DLT_RAW, {from_hex(v["ip_hex"].str())}, "notes");
    const DumpRun run = run_on(file.path(), receiver_options(v["receiver"], false));
    ASSERT_EQ(run.lines.size(), 1u);
    const Json line = Json::parse(run.lines[0]);
    expect_verdict(line, "accepted");
    ASSERT_EQ(line["notes"].array().size(), 1u);
    EXPECT_EQ(line["notes"].array()[0].str(), "address_list_differs");
    return;
  }
  FAIL() << "vector v3_ipv4_vip_list_differs_from_config not found";
}

// Human output: one line per packet naming the source, VRID, checksum form and verdict.
TEST(VectorPcapText, OneLinePerPacketWithVerdict) {
  const PcapFile file(DLT_RAW, vector_frames(kLinks[0]), "text");
  const DumpRun run = run_on(file.path(), DumpOptions{});
  ASSERT_EQ(run.status, 0);
  ASSERT_EQ(run.lines.size(), vectors().size());
  for (std::size_t i = 0; i < vectors().size(); ++i) {
    const Json& v = vectors()[i];
    const std::string& line = run.lines[i];
    SCOPED_TRACE(line);
    EXPECT_NE(line.find(" " + v["src"].str() + " > " + v["dst"].str() + " "), std::string::npos);
    if (from_hex(v["vrrp_hex"].str()).size() >= 8) {
      EXPECT_NE(line.find(" vrid " + std::to_string(v["expected"]["vrid"].integer()) + " "), std::string::npos);
    }
    if (decodes(v)) {
      const std::string cksum = " cksum " + v["expected"]["checksum"].str() + " " + expected_variant(v);
      EXPECT_NE(line.find(cksum), std::string::npos) << cksum;
    }
    const std::string want = structural_verdict(v);
    EXPECT_NE(line.find(want == "accepted" ? ": accepted" : ": dropped " + want), std::string::npos);
  }
  EXPECT_NE(run.err.find(std::to_string(vectors().size()) + " frames"), std::string::npos);
}

}  // namespace
}  // namespace vrrp::dump::test
