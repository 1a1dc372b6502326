// The libpcap-compiled VRRP filter run in user space (bpf_filter) over the spec's vector packets,
// exactly as each family's raw socket delivers them, and over traffic it must reject.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "netif/bpf_filter.hpp"
#include "support/mini_json.hpp"

namespace vrrp::netif {
namespace {

const test::Json& vectors() {
  static const test::Json doc =
      test::Json::parse_file(std::string(VRRP_TEST_DATA_DIR) + "/vrrp-vectors.json");
  return doc["vectors"];
}

BpfProgram compile(proto::Family family, std::vector<std::uint8_t> vrids) {
  auto prog = compile_vrrp_filter(family, vrids);
  EXPECT_TRUE(prog.has_value()) << (prog ? "" : prog.error().message());
  return prog ? *prog : BpfProgram{};
}

// Every vector, as the socket would see it: IPv4 with its IP header, IPv6 the payload only.
void check_vectors(const std::set<std::uint8_t>& vrids) {
  const std::vector<std::uint8_t> list(vrids.begin(), vrids.end());
  const BpfProgram v4 = compile(proto::Family::Ipv4, list);
  const BpfProgram v6 = compile(proto::Family::Ipv6, list);
  int passed = 0, failed = 0;
  for (const auto& v : vectors().array()) {
    const bool ipv6 = v["family"].str() == "ipv6";
    const auto vrrp = test::from_hex(v["vrrp_hex"].str());
    const auto packet = ipv6 ? vrrp : test::from_hex(v["ip_hex"].str());
    const bool expected =
        vrrp.size() >= 2 && vrids.count(vrrp[1]) > 0 && (!ipv6 || vrrp.size() >= 8);
    const bool got = (ipv6 ? v6 : v4).matches(packet);
    EXPECT_EQ(got, expected) << v["name"].str();
    (got ? passed : failed)++;
  }
  // The test is only meaningful if both outcomes occur.
  EXPECT_GT(passed, 0);
  if (vrids.size() < 5) {
    EXPECT_GT(failed, 0);
  }
}

TEST(BpfFilter, VectorsPassOnlyForOurVrids) { check_vectors({10}); }
TEST(BpfFilter, VectorsWithSeveralVrids) { check_vectors({1, 10, 51, 255}); }
TEST(BpfFilter, VectorsWithAllVectorVrids) {
  std::set<std::uint8_t> all;
  for (const auto& v : vectors().array()) {
    const auto vrrp = test::from_hex(v["vrrp_hex"].str());
    if (vrrp.size() >= 2) all.insert(vrrp[1]);
  }
  check_vectors(all);
}

TEST(BpfFilter, EmptyVridSetRejectsEverything) {
  const BpfProgram v4 = compile(proto::Family::Ipv4, {});
  const BpfProgram v6 = compile(proto::Family::Ipv6, {});
  for (const auto& v : vectors().array()) {
    EXPECT_FALSE(v4.matches(test::from_hex(v["ip_hex"].str())));
    EXPECT_FALSE(v6.matches(test::from_hex(v["vrrp_hex"].str())));
  }
}

// v3_ipv4_pseudo_header, VRID 10: 192.0.2.2 -> 224.0.0.18.
const char* kV3Ipv4 = "45c0002000000000ff701899c0000202e0000012310ac8010064a199c0000264";

TEST(BpfFilter, Ipv4OtherProtocolsFail) {
  const BpfProgram v4 = compile(proto::Family::Ipv4, {10});
  auto packet = test::from_hex(kV3Ipv4);
  ASSERT_TRUE(v4.matches(packet));
  packet[9] = 17;  // UDP with the same bytes behind the header
  EXPECT_FALSE(v4.matches(packet));
  packet[9] = 1;  // ICMP
  EXPECT_FALSE(v4.matches(packet));
  packet[9] = 112;
  packet[0] = 0x65;  // not IPv4
  EXPECT_FALSE(v4.matches(packet));
}

TEST(BpfFilter, Ipv4NonFirstFragmentFails) {
  const BpfProgram v4 = compile(proto::Family::Ipv4, {10});
  auto packet = test::from_hex(kV3Ipv4);
  packet[7] = 0x01;  // fragment offset 8 bytes
  EXPECT_FALSE(v4.matches(packet));
  packet[7] = 0;
  packet[6] = 0x20;  // MF set but offset 0: first fragment still carries the header
  EXPECT_TRUE(v4.matches(packet));
}

TEST(BpfFilter, Ipv4FindsVridBehindOptions) {
  const BpfProgram v4 = compile(proto::Family::Ipv4, {10});
  // IHL 6 (4 bytes of options, NOP x3 + EOL); the byte at offset 21 would be VRID 10 without IHL.
  auto packet =
      test::from_hex("46c0002400000000ff700000c0000202e000001201010100310bc8010064a199c0000264");
  EXPECT_FALSE(v4.matches(packet)) << "VRID 11 behind options must not match via a fixed offset";
  packet[25] = 10;
  EXPECT_TRUE(v4.matches(packet));
}

TEST(BpfFilter, Ipv6ShortPayloadFails) {
  const BpfProgram v6 = compile(proto::Family::Ipv6, {10});
  EXPECT_TRUE(v6.matches(test::from_hex("310a640200644023")));
  EXPECT_FALSE(v6.matches(test::from_hex("310a6402006440")));
  EXPECT_FALSE(v6.matches(test::from_hex("310b640200644023")));
}

TEST(BpfFilter, ExpressionIsReported) {
  const BpfProgram v4 = compile(proto::Family::Ipv4, {7, 7, 9});
  EXPECT_NE(v4.expression().find("= 7"), std::string::npos);
  EXPECT_NE(v4.expression().find("= 9"), std::string::npos);
  EXPECT_FALSE(v4.instructions().empty());
}

}  // namespace
}  // namespace vrrp::netif
