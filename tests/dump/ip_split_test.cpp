// The IP layer: IPv4 protocol/fragment/length checks, and the IPv6 extension-header walk with
// its bounds (RFC 8200 §4), hop limit from the fixed header.
#include <gtest/gtest.h>

#include "dump/dump_fixture.hpp"
#include "vrrpd/vrrp-dump/ip_split.hpp"

namespace vrrp::dump::test {
namespace {

// v3_ipv6_basic from the vectors: fe80::2 > ff02::12, hop limit 255, 40-byte VRRP payload.
const Bytes kIp6 = from_hex(
    "6c000000002870fffe800000000000000000000000000002ff020000000000000000000000000012"
    "310a640200644023fe80000000000000000000000000000120010db8000000000000000000000001");
const Bytes kIp4 = from_hex("45c0002800000000ff701891c0000202e0000012213364010001b865c00002640000000000000000");

// Inserts an extension header of type `type` carrying `body` right after the fixed header.
Bytes with_extension(Bytes ip, std::uint8_t type, Bytes body) {
  body[0] = ip[6];  // its Next Header: what followed the fixed header before
  ip[6] = type;
  ip.insert(ip.begin() + 40, body.begin(), body.end());
  const std::size_t payload = ((std::size_t{ip[4]} << 8) | ip[5]) + body.size();
  ip[4] = static_cast<std::uint8_t>(payload >> 8);
  ip[5] = static_cast<std::uint8_t>(payload);
  return ip;
}

TEST(IpSplit, Ipv4Vrrp) {
  const IpSplit s = split_ip(kIp4);
  ASSERT_EQ(s.kind, IpSplit::Kind::Vrrp);
  EXPECT_EQ(s.packet.vrrp.size(), 20u);
  EXPECT_EQ(s.packet.ttl, 255);
  EXPECT_EQ(s.packet.source.to_string(), "192.0.2.2");
}

TEST(IpSplit, Ipv4OtherProtocolIsNotVrrp) {
  Bytes ip = kIp4;
  ip[9] = 17;
  const IpSplit s = split_ip(ip);
  EXPECT_EQ(s.kind, IpSplit::Kind::NotVrrp);
  EXPECT_EQ(s.protocol, 17);
}

TEST(IpSplit, Ipv4FragmentsAreMalformed) {
  for (const auto& [b6, b7] : {std::pair{0x20, 0x00}, std::pair{0x00, 0x01}}) {
    Bytes ip = kIp4;
    ip[6] = static_cast<std::uint8_t>(b6);
    ip[7] = static_cast<std::uint8_t>(b7);
    const IpSplit s = split_ip(ip);
    EXPECT_EQ(s.kind, IpSplit::Kind::Malformed);
    EXPECT_EQ(s.detail, "IPv4 fragment");
    EXPECT_TRUE(s.addresses_known);
  }
  Bytes df = kIp4;
  df[6] = 0x40;  // Don't Fragment alone is fine
  EXPECT_EQ(split_ip(df).kind, IpSplit::Kind::Vrrp);
}

TEST(IpSplit, Ipv4TotalLengthBeyondCapture) {
  const Bytes cut(kIp4.begin(), kIp4.end() - 1);
  const IpSplit s = split_ip(cut);
  EXPECT_EQ(s.kind, IpSplit::Kind::Malformed);
  EXPECT_EQ(s.drop, proto::DropReason::PacketLength);
  EXPECT_EQ(s.detail, "IPv4 total length 40 beyond the 39 bytes captured");
}

TEST(IpSplit, Ipv6HopLimitAndPayload) {
  Bytes ip = kIp6;
  ip[7] = 7;
  const IpSplit s = split_ip(ip);
  ASSERT_EQ(s.kind, IpSplit::Kind::Vrrp);
  EXPECT_EQ(s.packet.ttl, 7);
  EXPECT_EQ(s.packet.vrrp.size(), 40u);
  EXPECT_EQ(s.packet.destination.to_string(), "ff02::12");
}

TEST(IpSplit, Ipv6ExtensionHeadersAreSkipped) {
  // Hop-by-hop (8 bytes, PadN), destination options (16 bytes), atomic fragment, AH (12 bytes).
  Bytes ip = with_extension(kIp6, 0, {0, 0, 1, 4, 0, 0, 0, 0});
  ip = with_extension(ip, 60, {0, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ip = with_extension(ip, 44, {0, 0, 0, 0, 0, 0, 0, 1});
  ip = with_extension(ip, 51, {0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1});
  const IpSplit s = split_ip(ip);
  ASSERT_EQ(s.kind, IpSplit::Kind::Vrrp) << s.detail;
  ASSERT_EQ(s.packet.vrrp.size(), 40u);
  EXPECT_EQ(s.packet.vrrp[0], 0x31);
  EXPECT_EQ(s.packet.vrrp[1], 10);
}

TEST(IpSplit, Ipv6RealFragmentIsMalformed) {
  const IpSplit s = split_ip(with_extension(kIp6, 44, {0, 0, 0, 1, 0, 0, 0, 1}));  // M set
  EXPECT_EQ(s.kind, IpSplit::Kind::Malformed);
  EXPECT_EQ(s.detail, "IPv6 fragment");
}

TEST(IpSplit, Ipv6ExtensionLongerThanPayloadIsMalformed) {
  Bytes ip = with_extension(kIp6, 0, {0, 0, 1, 4, 0, 0, 0, 0});
  ip[41] = 200;  // claims 1608 bytes
  const IpSplit s = split_ip(ip);
  EXPECT_EQ(s.kind, IpSplit::Kind::Malformed);
  EXPECT_EQ(s.detail, "IPv6 extension header beyond the payload length");
}

TEST(IpSplit, Ipv6OtherNextHeaderIsNotVrrp) {
  Bytes ip = kIp6;
  ip[6] = 58;  // ICMPv6
  const IpSplit s = split_ip(ip);
  EXPECT_EQ(s.kind, IpSplit::Kind::NotVrrp);
  EXPECT_EQ(s.protocol, 58);
}

TEST(IpSplit, Ipv6ShortCaptureAndJumbogram) {
  const Bytes cut(kIp6.begin(), kIp6.end() - 3);
  EXPECT_EQ(split_ip(cut).kind, IpSplit::Kind::Malformed);
  Bytes jumbo = kIp6;
  jumbo[4] = jumbo[5] = 0;
  EXPECT_EQ(split_ip(jumbo).detail, "IPv6 payload length 0");
  EXPECT_EQ(split_ip(Bytes(kIp6.begin(), kIp6.begin() + 39)).detail, "truncated IPv6 header");
}

TEST(IpSplit, Ipv6PaddingAfterPayloadIsIgnored) {
  Bytes ip = kIp6;
  ip.insert(ip.end(), 6, 0);  // Ethernet-style trailer
  const IpSplit s = split_ip(ip);
  ASSERT_EQ(s.kind, IpSplit::Kind::Vrrp);
  EXPECT_EQ(s.packet.vrrp.size(), 40u);
}

}  // namespace
}  // namespace vrrp::dump::test
