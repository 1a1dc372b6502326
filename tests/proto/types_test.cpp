// IpAddr parsing (RFC 4291 §2.2), canonical text (RFC 5952), classification and ordering;
// MacAddr text, virtual MACs and VRRP groups.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "proto/types.hpp"

namespace vrrp::proto {
namespace {

std::string canon(std::string_view text) {
  const auto a = IpAddr::parse(text);
  return a ? a->to_string() : std::string("<invalid>");
}

TEST(IpAddrParse, DottedQuad) {
  const auto a = IpAddr::parse("192.0.2.100");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->family(), Family::Ipv4);
  EXPECT_EQ(a->size(), 4u);
  const std::array<std::uint8_t, 4> want{192, 0, 2, 100};
  EXPECT_TRUE(std::equal(a->bytes().begin(), a->bytes().end(), want.begin(), want.end()));
  EXPECT_EQ(a->to_string(), "192.0.2.100");
  EXPECT_EQ(canon("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(canon("255.255.255.255"), "255.255.255.255");
}

TEST(IpAddrParse, RejectsJunkIpv4) {
  for (const char* bad : {"", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.", ".1.2.3", "1..2.3",
                          "01.2.3.4", "1.2.3.04", "1.2.3.4 ", " 1.2.3.4", "1.2.3.a", "1.2.3.-4", "1234.1.1.1",
                          "1.2.3.4/24", "0x1.2.3.4"}) {
    EXPECT_FALSE(IpAddr::parse(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(IpAddrParse, Ipv6Forms) {
  const auto a = IpAddr::parse("2001:db8::1");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->family(), Family::Ipv6);
  EXPECT_EQ(a->size(), 16u);
  const std::array<std::uint8_t, 16> want{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_TRUE(std::equal(a->bytes().begin(), a->bytes().end(), want.begin(), want.end()));

  EXPECT_EQ(IpAddr::parse("2001:0db8:0000:0000:0000:0000:0000:0001"), a);
  EXPECT_EQ(IpAddr::parse("2001:DB8:0:0:0:0:0:1"), a);
  EXPECT_EQ(IpAddr::parse("2001:db8:0::0:1"), a);
  EXPECT_EQ(canon("::"), "::");
  EXPECT_EQ(canon("::1"), "::1");
  EXPECT_EQ(canon("1::"), "1::");
  EXPECT_EQ(canon("1:2:3:4:5:6:7::"), "1:2:3:4:5:6:7:0");  // "::" may stand for one group
  EXPECT_EQ(canon("::2:3:4:5:6:7:8"), "0:2:3:4:5:6:7:8");
  EXPECT_EQ(canon("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8");
}

TEST(IpAddrParse, EmbeddedIpv4) {
  EXPECT_EQ(canon("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
  EXPECT_EQ(canon("::FFFF:c000:0201"), "::ffff:192.0.2.1");
  EXPECT_EQ(canon("64:ff9b::192.0.2.33"), "64:ff9b::c000:221");
  EXPECT_EQ(canon("1:2:3:4:5:6:1.2.3.4"), "1:2:3:4:5:6:102:304");
  EXPECT_EQ(canon("::1.2.3.4"), "::102:304");
}

TEST(IpAddrParse, RejectsJunkIpv6) {
  for (const char* bad : {":", ":::", "1:2", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::2", "1::2:", "12345::",
                          "g::1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "fe80::1%eth0",
                          "::ffff:1.2.3", "::ffff:1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "::256.1.1.1",
                          "2001:db8::/32", " ::1", "::1 ", "1:2:3:4:5:6:7:8:"}) {
    EXPECT_FALSE(IpAddr::parse(bad).has_value()) << '"' << bad << '"';
  }
}

// RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more zero groups
// compressed (the first one on a tie), a single zero group never compressed.
TEST(IpAddrFormat, Rfc5952Canonical) {
  EXPECT_EQ(canon("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  EXPECT_EQ(canon("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");      // §4.2.3 tie: first
  EXPECT_EQ(canon("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");            // §4.2.3 longest wins
  EXPECT_EQ(canon("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");   // §4.2.2 single zero
  EXPECT_EQ(canon("2001:db8::0:1"), "2001:db8::1");
  EXPECT_EQ(canon("2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001"), "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1");
  EXPECT_EQ(canon("fe80:0:0:0:0:0:0:0"), "fe80::");
  EXPECT_EQ(canon("0:0:1:0:0:0:0:0"), "0:0:1::");
  EXPECT_EQ(canon("ff02::12"), "ff02::12");
  EXPECT_EQ(canon("0:0:0:0:0:0:0:1"), "::1");
  EXPECT_EQ(canon("1:0:0:2:0:0:0:0"), "1:0:0:2::");
  EXPECT_EQ(canon("0:0:0:1:0:0:0:0"), "0:0:0:1::");                  // longer run on the right
  EXPECT_EQ(canon("0:0:0:1:0:0:0:2"), "::1:0:0:0:2");                // tie: leftmost
}

// Property: canonical text parses back to the same address and is a fixed point.
TEST(IpAddrFormat, RoundTripsRandomAddresses) {
  std::mt19937 rng(20261122);
  for (int i = 0; i < 5000; ++i) {
    std::array<std::uint8_t, 16> b{};
    for (std::size_t k = 0; k < 8; ++k) {
      // Zero groups are likely so that runs and ties get exercised.
      const unsigned w = rng() % 3 == 0 ? rng() & 0xFFFF : 0;
      b[2 * k] = static_cast<std::uint8_t>(w >> 8);
      b[2 * k + 1] = static_cast<std::uint8_t>(w);
    }
    const IpAddr a = IpAddr::v6(b);
    const std::string text = a.to_string();
    const auto back = IpAddr::parse(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, a) << text;
    EXPECT_EQ(back->to_string(), text);
    // A zero group next to "::" would mean the compressed run was not maximal.
    EXPECT_EQ(text.find(":0::"), std::string::npos) << text;
    EXPECT_EQ(text.find("::0:"), std::string::npos) << text;
    EXPECT_FALSE(text.starts_with("0::") || text.ends_with("::0")) << text;
    EXPECT_LE(std::count(text.begin(), text.end(), ':'), 7) << text;

    const IpAddr v4 = IpAddr::v4({b[0], b[1], b[2], b[3]});
    EXPECT_EQ(IpAddr::parse(v4.to_string()), v4);
  }
}

TEST(IpAddr, Classification) {
  EXPECT_TRUE(IpAddr().is_unspecified());
  EXPECT_EQ(IpAddr().family(), Family::Ipv4);
  EXPECT_TRUE(IpAddr::parse("::")->is_unspecified());
  EXPECT_FALSE(IpAddr::parse("::1")->is_unspecified());
  EXPECT_FALSE(IpAddr::parse("0.0.0.1")->is_unspecified());

  EXPECT_TRUE(IpAddr::parse("224.0.0.18")->is_multicast());
  EXPECT_TRUE(IpAddr::parse("239.255.255.255")->is_multicast());
  EXPECT_FALSE(IpAddr::parse("223.255.255.255")->is_multicast());
  EXPECT_FALSE(IpAddr::parse("240.0.0.0")->is_multicast());
  EXPECT_TRUE(IpAddr::parse("ff02::12")->is_multicast());
  EXPECT_FALSE(IpAddr::parse("fe80::1")->is_multicast());

  EXPECT_TRUE(IpAddr::parse("fe80::1")->is_link_local());
  EXPECT_TRUE(IpAddr::parse("febf:ffff::1")->is_link_local());
  EXPECT_FALSE(IpAddr::parse("fec0::1")->is_link_local());
  EXPECT_FALSE(IpAddr::parse("2001:db8::1")->is_link_local());
  EXPECT_TRUE(IpAddr::parse("169.254.1.1")->is_link_local());
  EXPECT_FALSE(IpAddr::parse("169.253.1.1")->is_link_local());
}

TEST(IpAddr, FromBytesZeroFillsShortInput) {
  const std::array<std::uint8_t, 2> two{0xfe, 0x80};
  const IpAddr a = IpAddr::from_bytes(Family::Ipv6, two);
  EXPECT_EQ(a.to_string(), "fe80::");
  const std::array<std::uint8_t, 16> sixteen{192, 0, 2, 3, 99, 99};
  EXPECT_EQ(IpAddr::from_bytes(Family::Ipv4, sixteen).to_string(), "192.0.2.3");
  EXPECT_EQ(IpAddr::from_bytes(Family::Ipv4, sixteen), IpAddr::v4({192, 0, 2, 3}));
}

// RFC 5798 §6.4.3 tie-break: addresses compare as unsigned big-endian integers (memcmp).
TEST(IpAddr, OrderingIsMemcmpWithinFamily) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::array<std::uint8_t, 16> x{}, y{};
    for (auto& b : x) b = static_cast<std::uint8_t>(rng());
    y = x;
    y[rng() % 16] = static_cast<std::uint8_t>(rng());  // often differ in one byte only
    for (const Family f : {Family::Ipv4, Family::Ipv6}) {
      const IpAddr a = IpAddr::from_bytes(f, x);
      const IpAddr b = IpAddr::from_bytes(f, y);
      const int m = std::memcmp(a.bytes().data(), b.bytes().data(), a.size());
      EXPECT_EQ(a < b, m < 0);
      EXPECT_EQ(a > b, m > 0);
      EXPECT_EQ(a == b, m == 0);
    }
  }
  EXPECT_LT(*IpAddr::parse("192.0.2.9"), *IpAddr::parse("192.0.2.10"));
  EXPECT_LT(*IpAddr::parse("fe80::2"), *IpAddr::parse("fe80::10"));
  EXPECT_LT(*IpAddr::parse("255.255.255.255"), *IpAddr::parse("::"));  // family first
}

TEST(MacAddr, TextVirtualMacAndGroups) {
  EXPECT_EQ(virtual_mac(Family::Ipv4, 10).to_string(), "00:00:5e:00:01:0a");
  EXPECT_EQ(virtual_mac(Family::Ipv6, 255).to_string(), "00:00:5e:00:02:ff");
  EXPECT_EQ(virtual_mac(Family::Ipv4, 1), (MacAddr{{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01}}));
  const MacAddr mixed{{0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45}};
  EXPECT_EQ(mixed.to_string(), "ab:cd:ef:01:23:45");
  EXPECT_EQ(vrrp_group(Family::Ipv4).to_string(), "224.0.0.18");
  EXPECT_EQ(vrrp_group(Family::Ipv6).to_string(), "ff02::12");
  EXPECT_EQ(vrrp_group(Family::Ipv6).family(), Family::Ipv6);
}

}  // namespace
}  // namespace vrrp::proto
