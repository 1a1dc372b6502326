// SIGHUP matching rules (keepalived-surface.md §5.10): identity, not names.
#include <gtest/gtest.h>

#include "daemon/daemon_fakes.hpp"
#include "vrrpd/reload_plan.hpp"

namespace vrrp::daemon {
namespace {

using testing::ip;
using testing::make_plan;

TEST(ReloadPlan, SameIdentityDespiteNameAndPriorityChange) {
  auto a = make_plan("VI_1", 51, 100);
  auto b = make_plan("renamed", 51, 200, {"192.0.2.101"});
  b.config.advert_interval = std::chrono::seconds(2);
  EXPECT_TRUE(same_identity(a, b));
}

TEST(ReloadPlan, IdentityFields) {
  const auto base = make_plan("VI_1", 51, 100);
  auto vrid = base;
  vrid.config.vrid = 52;
  EXPECT_FALSE(same_identity(base, vrid));
  auto iface = base;
  iface.interface = "eth1";
  EXPECT_FALSE(same_identity(base, iface));
  auto family = base;
  family.config.family = proto::Family::Ipv6;
  EXPECT_FALSE(same_identity(base, family));
  auto unicast = base;
  unicast.config.unicast_peers = {ip("192.0.2.2")};
  EXPECT_FALSE(same_identity(base, unicast));
  auto group = base;
  group.multicast_group = ip("224.0.0.19");
  EXPECT_FALSE(same_identity(base, group));
  auto vmac = base;
  vmac.use_vmac = true;
  EXPECT_FALSE(same_identity(base, vmac));
}

TEST(ReloadPlan, UnicastSourceCountsOnlyWhenConfigured) {
  auto a = make_plan("VI_1", 51, 100);
  a.config.unicast_peers = {ip("192.0.2.2")};
  auto b = a;
  b.config.unicast_peers = {ip("192.0.2.3")};  // peers may change
  EXPECT_TRUE(same_identity(a, b));
  a.source_configured = b.source_configured = true;
  b.config.source = ip("192.0.2.9");
  EXPECT_FALSE(same_identity(a, b));
  // Multicast instances: a configured source is not part of the identity.
  auto m1 = make_plan("VI_1", 51, 100);
  auto m2 = m1;
  m2.source_configured = true;
  m2.config.source = ip("192.0.2.9");
  EXPECT_TRUE(same_identity(m1, m2));
}

TEST(ReloadPlan, PairsInOrderAndReportsRemovedAndAdded) {
  const std::vector<conf::InstancePlan> old_plans{make_plan("A", 1, 100), make_plan("B", 2, 100),
                                                  make_plan("C", 3, 100)};
  const std::vector<conf::InstancePlan> new_plans{make_plan("C2", 3, 100), make_plan("D", 4, 100),
                                                  make_plan("A", 1, 150)};
  const auto plan = plan_reload(old_plans, new_plans);
  EXPECT_EQ(plan.matched, (std::vector<std::pair<std::size_t, std::size_t>>{{2, 0}, {0, 2}}));
  EXPECT_EQ(plan.removed, (std::vector<std::size_t>{1}));
  EXPECT_EQ(plan.added, (std::vector<std::size_t>{1}));
}

TEST(ReloadPlan, DuplicateIdentitiesPairOneToOne) {
  auto u1 = make_plan("U1", 7, 100);
  u1.config.unicast_peers = {ip("192.0.2.2")};
  auto u2 = u1;
  u2.config.name = "U2";
  const std::vector<conf::InstancePlan> old_plans{u1, u2};
  const std::vector<conf::InstancePlan> new_plans{u1};
  const auto plan = plan_reload(old_plans, new_plans);
  EXPECT_EQ(plan.matched.size(), 1u);
  EXPECT_EQ(plan.removed, (std::vector<std::size_t>{1}));
  EXPECT_TRUE(plan.added.empty());
}

}  // namespace
}  // namespace vrrp::daemon
