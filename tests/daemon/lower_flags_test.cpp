// conf::lower() flags the daemon's startup depends on (proto/instance_config.hpp):
// initial_state_explicit from a `state` line and sync_member from vrrp_sync_group membership.
#include <gtest/gtest.h>

#include "conf-parser/lower.hpp"

namespace vrrp::daemon {
namespace {

conf::VrrpInstance instance(const std::string& name, int vrid) {
  conf::VrrpInstance v;
  v.name = name;
  v.interface = "eth0";
  v.virtual_router_id = vrid;
  return v;
}

TEST(LowerFlags, ExplicitStateAndSyncMembership) {
  conf::Config c;
  auto owner_backup = instance("OWNER_B", 1);
  owner_backup.priority = 255;
  owner_backup.state = conf::WantedState::Backup;
  owner_backup.state_set = true;
  auto owner_silent = instance("OWNER", 2);
  owner_silent.priority = 255;
  auto member = instance("M", 3);
  c.vrrp_instance = {owner_backup, owner_silent, member};
  conf::SyncGroup sg;
  sg.name = "SG";
  sg.group = {"M"};
  c.vrrp_sync_group.push_back(sg);
  const auto plans = conf::lower(c);
  ASSERT_EQ(plans.size(), 3u);
  EXPECT_TRUE(plans[0].config.initial_state_explicit);
  EXPECT_FALSE(plans[0].config.owner_wants_master());  // explicit BACKUP owner starts BACKUP
  EXPECT_FALSE(plans[1].config.initial_state_explicit);
  EXPECT_TRUE(plans[1].config.owner_wants_master());
  EXPECT_FALSE(plans[0].config.sync_member);
  EXPECT_FALSE(plans[1].config.sync_member);
  EXPECT_TRUE(plans[2].config.sync_member);
  EXPECT_EQ(plans[2].sync_group, "SG");
}

}  // namespace
}  // namespace vrrp::daemon
