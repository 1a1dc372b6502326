// Frame builders against the byte-exact examples of vrrp-conformance.md §3.5.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "netif/frames.hpp"
#include "support/mini_json.hpp"

namespace vrrp::netif {
namespace {

std::vector<std::uint8_t> hex(std::string text) {
  std::erase(text, ' ');
  return test::from_hex(text);
}

proto::IpAddr ip(const char* text) { return *proto::IpAddr::parse(text); }

template <typename Frame>
std::vector<std::uint8_t> bytes(const Frame& f) {
  return {f.begin(), f.end()};
}

TEST(Frames, GarpMatchesSpecExample) {
  const auto frame = build_garp(proto::virtual_mac(proto::Family::Ipv4, 10), ip("192.0.2.100"));
  EXPECT_EQ(bytes(frame),
            hex("ffffffffffff00005e00010a0806 0001 0800 06 04 0001 00005e00010a c0000264 "
                "000000000000 c0000264"));
}

TEST(Frames, GarpUsesGivenSourceMacAndVip) {
  const proto::MacAddr mac{{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}};
  const auto frame = build_garp(mac, ip("198.51.100.7"));
  EXPECT_EQ(bytes(frame),
            hex("ffffffffffff 021122334455 0806 0001 0800 06 04 0001 021122334455 c6336407 "
                "000000000000 c6336407"));
}

TEST(Frames, GarpRejectsIpv6) {
  const auto frame = build_garp(proto::virtual_mac(proto::Family::Ipv4, 10), ip("2001:db8::1"));
  EXPECT_TRUE(std::all_of(frame.begin(), frame.end(), [](auto b) { return b == 0; }));
}

TEST(Frames, NaMatchesSpecExampleWithRouterFlag) {
  const auto frame =
      build_unsolicited_na(proto::virtual_mac(proto::Family::Ipv6, 10), ip("2001:db8::1"), true);
  EXPECT_EQ(
      bytes(frame),
      hex("33330000000100005e00020a86dd 6000000000203aff 20010db8000000000000000000000001 "
          "ff020000000000000000000000000001 88001b21a0000000 20010db8000000000000000000000001 "
          "020100005e00020a"));
}

TEST(Frames, NaWithoutRouterFlagHasOnlyOverrideAndAdjustedChecksum) {
  const auto frame =
      build_unsolicited_na(proto::virtual_mac(proto::Family::Ipv6, 10), ip("2001:db8::1"), false);
  // Clearing R (0x80 in the high byte of the flags word) raises the checksum by 0x8000.
  EXPECT_EQ(
      bytes(frame),
      hex("33330000000100005e00020a86dd 6000000000203aff 20010db8000000000000000000000001 "
          "ff020000000000000000000000000001 88009b2120000000 20010db8000000000000000000000001 "
          "020100005e00020a"));
}

TEST(Frames, NaChecksumVerifiesForOtherAddress) {
  const proto::MacAddr mac{{0x02, 0, 0, 0, 0, 0x09}};
  const auto f = build_unsolicited_na(mac, ip("fe80::1234:5678"), false);
  // Recompute the one's complement sum over pseudo-header + ICMPv6: a correct checksum folds to
  // 0xffff.
  std::uint32_t sum = 0;
  for (std::size_t i = 22; i < 54; i += 2) sum += static_cast<std::uint32_t>(f[i] << 8 | f[i + 1]);
  sum += 32 + 58;
  for (std::size_t i = 54; i < 86; i += 2) sum += static_cast<std::uint32_t>(f[i] << 8 | f[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  EXPECT_EQ(sum, 0xffffu);
  EXPECT_EQ(f[54], 136);
  EXPECT_EQ(f[58], 0x20);
  EXPECT_TRUE(std::equal(mac.bytes.begin(), mac.bytes.end(), f.begin() + 80));
  EXPECT_TRUE(std::equal(mac.bytes.begin(), mac.bytes.end(), f.begin() + 6));
}

TEST(Frames, NaRejectsIpv4) {
  const auto frame = build_unsolicited_na(proto::MacAddr{}, ip("192.0.2.1"), true);
  EXPECT_TRUE(std::all_of(frame.begin(), frame.end(), [](auto b) { return b == 0; }));
}

}  // namespace
}  // namespace vrrp::netif
