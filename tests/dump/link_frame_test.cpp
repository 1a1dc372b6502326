// Link-layer framing: Ethernet with and without tags, Linux cooked v1/v2, raw IP, and the
// truncations that must come out as Malformed rather than reads past the end.
#include <gtest/gtest.h>

#include "dump/dump_fixture.hpp"
#include "vrrpd/vrrp-dump/link_frame.hpp"

namespace vrrp::dump::test {
namespace {

const Bytes kIp4 = from_hex("45c0002800000000ff701891c0000202e0000012213364010001b865c00002640000000000000000");

TEST(LinkFrame, DltNumbersMapToLinkTypes) {
  EXPECT_EQ(link_type_from_dlt(DLT_EN10MB), LinkType::Ethernet);
  EXPECT_EQ(link_type_from_dlt(DLT_RAW), LinkType::Raw);
  EXPECT_EQ(link_type_from_dlt(101), LinkType::Raw);  // LINKTYPE_RAW as stored in files
  EXPECT_EQ(link_type_from_dlt(DLT_LINUX_SLL), LinkType::LinuxSll);
  EXPECT_EQ(link_type_from_dlt(DLT_LINUX_SLL2), LinkType::LinuxSll2);
  EXPECT_EQ(link_type_from_dlt(DLT_IPV6), LinkType::Ipv6);
  EXPECT_FALSE(link_type_from_dlt(DLT_IEEE802_11).has_value());
}

TEST(LinkFrame, EthernetPaddingIsLeftToTheIpLayer) {
  const Bytes f = ethernet_frame(from_hex("45c0001a00000000ff70189fc0000202e0000012310a64010064"));
  ASSERT_EQ(f.size(), 60u);
  const LinkResult r = strip_link(LinkType::Ethernet, f);
  ASSERT_EQ(r.kind, LinkResult::Kind::Ip);
  EXPECT_EQ(r.ip.size(), 46u);
  EXPECT_EQ(r.ether_type, kEtherTypeIpv4);
  EXPECT_TRUE(r.vlans.empty());
}

TEST(LinkFrame, StackedVlanTagsAreReadOutermostFirst) {
  Bytes f = ethernet_frame(kIp4, {0xFFF, 1});
  f[12] = 0x88;  // outer tag as 802.1ad (QinQ), inner 802.1Q
  f[13] = 0xa8;
  f[14] |= 0xE0;  // priority bits are not part of the VLAN ID
  const LinkResult r = strip_link(LinkType::Ethernet, f);
  ASSERT_EQ(r.kind, LinkResult::Kind::Ip);
  EXPECT_EQ(r.vlans, (std::vector<std::uint16_t>{0xFFF, 1}));
  EXPECT_EQ(r.ip.size(), kIp4.size());
  EXPECT_EQ(r.ip[0], 0x45);
}

TEST(LinkFrame, NonIpEtherTypeIsNotIp) {
  Bytes f = ethernet_frame(kIp4);
  f[12] = 0x08;
  f[13] = 0x06;  // ARP
  const LinkResult r = strip_link(LinkType::Ethernet, f);
  EXPECT_EQ(r.kind, LinkResult::Kind::NotIp);
  EXPECT_EQ(r.ether_type, 0x0806);
}

TEST(LinkFrame, CookedHeadersBothVersions) {
  for (const auto& [type, frame] : {std::pair{LinkType::LinuxSll, sll_frame(kIp4)}, std::pair{LinkType::LinuxSll2, sll2_frame(kIp4)}}) {
    const LinkResult r = strip_link(type, frame);
    ASSERT_EQ(r.kind, LinkResult::Kind::Ip) << link_type_name(type);
    EXPECT_EQ(r.ip.size(), kIp4.size());
    EXPECT_EQ(r.ip[0], 0x45);
  }
}

TEST(LinkFrame, Sll2WithVlanTag) {
  Bytes f = sll2_frame(kIp4);
  f[0] = 0x81;
  f[1] = 0x00;
  f.insert(f.begin() + 20, {0x00, 0x2a, 0x08, 0x00});
  const LinkResult r = strip_link(LinkType::LinuxSll2, f);
  ASSERT_EQ(r.kind, LinkResult::Kind::Ip);
  EXPECT_EQ(r.vlans, (std::vector<std::uint16_t>{42}));
  EXPECT_EQ(r.ip.size(), kIp4.size());
}

TEST(LinkFrame, RawByVersionNibble) {
  EXPECT_EQ(strip_link(LinkType::Raw, kIp4).ether_type, kEtherTypeIpv4);
  const Bytes six = {0x60, 0, 0, 0};
  EXPECT_EQ(strip_link(LinkType::Raw, six).ether_type, kEtherTypeIpv6);
  const Bytes five = {0x50, 0, 0, 0};
  EXPECT_EQ(strip_link(LinkType::Raw, five).kind, LinkResult::Kind::Malformed);
  EXPECT_EQ(strip_link(LinkType::Raw, {}).kind, LinkResult::Kind::Malformed);
}

TEST(LinkFrame, EveryTruncationOfEveryHeaderIsMalformed) {
  const std::pair<LinkType, Bytes> cases[] = {
      {LinkType::Ethernet, ethernet_frame(kIp4)},
      {LinkType::Ethernet, ethernet_frame(kIp4, {5, 6})},
      {LinkType::LinuxSll, sll_frame(kIp4)},
      {LinkType::LinuxSll2, sll2_frame(kIp4)},
  };
  for (const auto& [type, frame] : cases) {
    // Cut anywhere inside the link header (and right after it): never Ip.
    const std::size_t ip_at = type == LinkType::LinuxSll ? 16 : type == LinkType::LinuxSll2 ? 20
                             : frame[12] == 0x81 ? 22 : 14;
    for (std::size_t n = 0; n <= ip_at; ++n) {
      const LinkResult r = strip_link(type, std::span(frame).first(n));
      EXPECT_EQ(r.kind, LinkResult::Kind::Malformed) << link_type_name(type) << " cut at " << n;
      EXPECT_FALSE(r.detail.empty());
    }
    EXPECT_EQ(strip_link(type, std::span(frame).first(ip_at + 1)).kind, LinkResult::Kind::Ip);
  }
}

TEST(LinkFrame, EndlessVlanTagsAreBounded) {
  Bytes f(14 + 4 * 64, 0);
  for (std::size_t at = 12; at + 2 <= f.size(); at += 4) {
    f[at] = 0x81;
    f[at + 1] = 0x00;
  }
  const LinkResult r = strip_link(LinkType::Ethernet, f);
  EXPECT_EQ(r.kind, LinkResult::Kind::Malformed);
  EXPECT_EQ(r.detail, "too many VLAN tags");
}

}  // namespace
}  // namespace vrrp::dump::test
