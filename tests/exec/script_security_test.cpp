// check_script_security: world/group-writable directories and files, non-root owners, PATH
// resolution and symlinks, with the exact messages.
#include "vrrpd/exec/script_security.hpp"

#include <gtest/gtest.h>
#include <pwd.h>

#include "exec/exec_test_util.hpp"

namespace vrrp::daemon::exec {
namespace {

using test::TempDir;

struct ScriptSecurityTest : ::testing::Test {
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to own the test files";
    // The temp dir's parents must themselves be safe for a clean baseline (/tmp is sticky).
    ::chown(dir.path().c_str(), 0, 0);
    ::chmod(dir.path().c_str(), 0755);
  }
  TempDir dir;
};

TEST_F(ScriptSecurityTest, SafeScriptPasses) {
  const auto s = dir.script("ok.sh", "exit 0");
  EXPECT_EQ(check_script_security(s), std::nullopt);
  EXPECT_EQ(check_script_security("/bin/true"), std::nullopt);  // /bin -> usr/bin symlink
}

TEST_F(ScriptSecurityTest, WorldWritableDirectoryOnPathRefused) {
  const std::string sub = dir.file("open");
  ASSERT_EQ(::mkdir(sub.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(sub.c_str(), 0777), 0);
  ASSERT_EQ(::mkdir((sub + "/inner").c_str(), 0755), 0);
  std::ofstream(sub + "/inner/s.sh") << "#!/bin/sh\n";
  ::chmod((sub + "/inner/s.sh").c_str(), 0755);
  EXPECT_EQ(check_script_security(sub + "/inner/s.sh"),
            "unsafe script " + sub + "/inner/s.sh: " + sub + " is world-writable (mode 0777)");
  // Sticky (like /tmp): only owners may replace entries, so it is accepted.
  ASSERT_EQ(::chmod(sub.c_str(), 01777), 0);
  EXPECT_EQ(check_script_security(sub + "/inner/s.sh"), std::nullopt);
}

TEST_F(ScriptSecurityTest, FileOwnedByNobodyRefused) {
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  const auto s = dir.script("nobody.sh", "exit 0");
  ASSERT_EQ(::chown(s.c_str(), nobody->pw_uid, nobody->pw_gid), 0);
  EXPECT_EQ(check_script_security(s), "unsafe script " + s + ": " + s + " is owned by uid " +
                                          std::to_string(nobody->pw_uid) + " (nobody), not root");
}

TEST_F(ScriptSecurityTest, WritableFileRefused) {
  const auto s = dir.script("ww.sh", "exit 0", 0757);
  EXPECT_EQ(check_script_security(s), "unsafe script " + s + ": " + s + " is world-writable (mode 0757)");
  ASSERT_EQ(::chmod(s.c_str(), 0775), 0);
  EXPECT_EQ(check_script_security(s), std::nullopt);  // group root may write
  ASSERT_EQ(::chown(s.c_str(), 0, 65534), 0);
  EXPECT_EQ(check_script_security(s), "unsafe script " + s + ": " + s + " is writable by group 65534 (" +
                                          test::group_name(65534) + ") (mode 0775)");
}

TEST_F(ScriptSecurityTest, MissingScriptReported) {
  const std::string s = dir.file("none.sh");
  EXPECT_EQ(check_script_security(s), "unsafe script " + s + ": " + s + " not found");
  EXPECT_EQ(check_script_security("no-such-command-vrrp", "/nonexistent"),
            "unsafe script no-such-command-vrrp: not found in PATH");
}

TEST_F(ScriptSecurityTest, BareNameResolvedViaPath) {
  const std::string bin = dir.file("bin");
  ASSERT_EQ(::mkdir(bin.c_str(), 0755), 0);
  const std::string s = bin + "/mycheck";
  std::ofstream(s) << "#!/bin/sh\n";
  ::chmod(s.c_str(), 0755);
  EXPECT_EQ(check_script_security("mycheck", "/nonexistent:" + bin), std::nullopt);
  ASSERT_EQ(::chmod(bin.c_str(), 0777), 0);
  EXPECT_EQ(check_script_security("mycheck", "/nonexistent:" + bin),
            "unsafe script " + s + ": " + bin + " is world-writable (mode 0777)");
}

TEST_F(ScriptSecurityTest, SymlinkTargetIsCheckedToo) {
  const std::string open = dir.file("open");
  ASSERT_EQ(::mkdir(open.c_str(), 0777), 0);
  ASSERT_EQ(::chmod(open.c_str(), 0777), 0);
  const std::string target = open + "/real.sh";
  std::ofstream(target) << "#!/bin/sh\n";
  ::chmod(target.c_str(), 0755);
  const std::string link = dir.file("link.sh");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(check_script_security(link),
            "unsafe script " + link + ": " + open + " is world-writable (mode 0777)");
}

TEST(ScriptSecurityApplies, OnlyForRootOrSetIdRoot) {
  TempDir dir;
  const auto s = dir.script("s.sh", "exit 0");
  ::chown(s.c_str(), 0, 0);
  EXPECT_TRUE(script_security_applies(s, 0, 1000));
  EXPECT_TRUE(script_security_applies(s, 1000, 0));
  EXPECT_FALSE(script_security_applies(s, 1000, 1000));
  if (::geteuid() == 0) {
    ASSERT_EQ(::chmod(s.c_str(), 04755), 0);
    EXPECT_TRUE(script_security_applies(s, 1000, 1000));
  }
}

}  // namespace
}  // namespace vrrp::daemon::exec
