// proto::Router: demultiplexing by (ifindex, family, VRID) and the router-wide counters.
#include <gtest/gtest.h>

#include "instance_test_util.hpp"
#include "proto/router.hpp"

namespace vrrp::proto::test {
namespace {

const TimePoint kT0{std::chrono::seconds(1000)};

TEST(Router, AddRejectsDuplicateKeys) {
  Router r;
  EXPECT_NE(r.add(2, v3_config()), nullptr);
  EXPECT_EQ(r.add(2, v3_config()), nullptr);
  EXPECT_NE(r.add(3, v3_config()), nullptr);                       // other interface
  EXPECT_NE(r.add(2, v3_config(100, Family::Ipv6)), nullptr);      // other family
  EXPECT_EQ(r.instances().size(), 3u);
  EXPECT_TRUE(r.remove({2, Family::Ipv4, 10}));
  EXPECT_FALSE(r.remove({2, Family::Ipv4, 10}));
}

TEST(Router, DeliversToTheMatchingInstanceOnly) {
  Router r;
  Instance* a = r.add(2, v3_config());
  InstanceConfig other = v3_config();
  other.vrid = 20;
  Instance* b = r.add(2, other);
  a->handle(kT0, Startup{});
  b->handle(kT0, Startup{});
  PeerAdvert peer;
  peer.priority = 200;
  const auto bytes = peer.bytes();
  const ReceivedPacket pkt{peer.source, peer.destination, 255, bytes};
  EXPECT_EQ(r.deliver(kT0 + std::chrono::seconds(1), 2, pkt), a);
  EXPECT_EQ(a->counters().adverts_rcvd, 1u);
  EXPECT_EQ(b->counters().adverts_rcvd, 0u);
  EXPECT_EQ(a->master_address(), peer.source);
  // Same VRID on another interface: nobody there.
  EXPECT_EQ(r.deliver(kT0, 7, pkt), nullptr);
  EXPECT_EQ(r.counters().vrid_errors, 1u);
}

TEST(Router, CountsRouterWideErrorsWhenNoVrTakesThePacket) {
  Router r;
  r.add(2, v3_config())->handle(kT0, Startup{});
  PeerAdvert unknown;
  unknown.vrid = 99;
  auto bytes = unknown.bytes();
  EXPECT_EQ(r.deliver(kT0, 2, {unknown.source, unknown.destination, 255, bytes}), nullptr);
  bytes[6] ^= 0xff;  // break the checksum
  EXPECT_EQ(r.deliver(kT0, 2, {unknown.source, unknown.destination, 255, bytes}), nullptr);
  const std::vector<std::uint8_t> runt{0x31};
  EXPECT_EQ(r.deliver(kT0, 2, {unknown.source, unknown.destination, 255, runt}), nullptr);
  std::vector<std::uint8_t> v4 = unknown.bytes();
  v4[0] = 0x41;  // version 4
  EXPECT_EQ(r.deliver(kT0, 2, {unknown.source, unknown.destination, 255, v4}), nullptr);
  EXPECT_EQ(r.counters().vrid_errors, 1u);
  EXPECT_EQ(r.counters().checksum_errors, 1u);
  EXPECT_EQ(r.counters().packet_length_errors, 1u);
  EXPECT_EQ(r.counters().version_errors, 1u);
}

TEST(Router, VersionAndChecksumErrorsSeenByAnInstanceAreAlsoRouterWide) {
  Router r;
  Instance* a = r.add(2, v3_config());
  a->handle(kT0, Startup{});
  PeerAdvert v2;
  v2.version = Version::V2;
  const auto b2 = v2.bytes();
  EXPECT_EQ(r.deliver(kT0, 2, {v2.source, v2.destination, 255, b2}), a);
  EXPECT_EQ(r.counters().version_errors, 1u);
  EXPECT_EQ(a->counters().dropped(DropReason::Version), 1u);
  PeerAdvert v3;
  auto b3 = v3.bytes();
  b3[7] ^= 0x01;
  EXPECT_EQ(r.deliver(kT0, 2, {v3.source, v3.destination, 255, b3}), a);
  EXPECT_EQ(r.counters().checksum_errors, 1u);
  EXPECT_EQ(a->counters().dropped(DropReason::Checksum), 1u);
}

TEST(Router, TimeoutsFireOnlyDueInstances) {
  Router r;
  Instance* owner = r.add(2, v3_config(255));
  InstanceConfig backup_cfg = v3_config();
  backup_cfg.vrid = 20;
  Instance* backup = r.add(2, backup_cfg);
  owner->handle(kT0, Startup{});
  backup->handle(kT0, Startup{});
  while (owner->poll_output()) {}
  while (backup->poll_output()) {}
  EXPECT_EQ(r.poll_timeout(), kT0 + std::chrono::seconds(1));
  std::vector<RouterKey> fired;
  r.handle_timeouts(kT0 + std::chrono::seconds(1), [&](const RouterKey& k, Instance&) { fired.push_back(k); });
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].vrid, 10);
  EXPECT_EQ(owner->counters().adverts_sent, 2u);
  EXPECT_EQ(backup->state(), State::Backup);
}

}  // namespace
}  // namespace vrrp::proto::test
