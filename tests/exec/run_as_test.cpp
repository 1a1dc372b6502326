// lookup_identity / default_identity: user and group names to uid/gid/groups.
#include "vrrpd/exec/run_as.hpp"

#include <gtest/gtest.h>
#include <pwd.h>

namespace vrrp::daemon::exec {
namespace {

TEST(RunAs, UserWithPrimaryGroup) {
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  const auto id = lookup_identity("nobody");
  ASSERT_TRUE(id.has_value()) << id.error();
  EXPECT_EQ(id->run_as.uid, nobody->pw_uid);
  EXPECT_EQ(id->run_as.gid, nobody->pw_gid);
  EXPECT_TRUE(id->run_as.groups.empty());
  EXPECT_FALSE(id->root);
}

TEST(RunAs, ExplicitGroupAndRoot) {
  const auto id = lookup_identity("nobody", "root");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->run_as.gid, 0u);
  EXPECT_TRUE(id->root);  // gid 0 still needs the security checks
}

TEST(RunAs, ColonGroupInstallsSupplementaryGroups) {
  const auto id = lookup_identity("root", ":root");
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(id->run_as.groups.empty());
  EXPECT_EQ(id->run_as.groups.front(), 0u);
}

TEST(RunAs, UnknownNamesAreErrors) {
  EXPECT_EQ(lookup_identity("no-such-user-vrrp").error(), "unknown user no-such-user-vrrp");
  EXPECT_EQ(lookup_identity("nobody", "no-such-group-vrrp").error(), "unknown group no-such-group-vrrp");
  EXPECT_EQ(default_identity("no-such-user-vrrp").error(), "unknown user no-such-user-vrrp");
}

TEST(RunAs, DefaultIdentity) {
  const auto configured = default_identity("nobody");
  ASSERT_TRUE(configured.has_value());
  EXPECT_FALSE(configured->fell_back_to_daemon);
  EXPECT_EQ(configured->identity.run_as.uid, ::getpwnam("nobody")->pw_uid);
  const auto fallback = default_identity("");
  ASSERT_TRUE(fallback.has_value());
  if (::getpwnam("keepalived_script") == nullptr) {
    EXPECT_TRUE(fallback->fell_back_to_daemon);
    EXPECT_FALSE(fallback->identity.run_as.uid.has_value());
    EXPECT_EQ(fallback->identity.root, ::geteuid() == 0);
  } else {
    EXPECT_FALSE(fallback->fell_back_to_daemon);
  }
}

}  // namespace
}  // namespace vrrp::daemon::exec
