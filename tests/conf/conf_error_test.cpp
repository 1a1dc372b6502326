// One test per error path: the exact line:column, the -t exit code, that every problem is
// reported (not only the first), and keepalived's brace-recovery behaviour.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conf/conf_test_util.hpp"

namespace vrrp::conf::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

const char* kVip = "  virtual_ipaddress {\n    192.0.2.1\n  }\n";

TEST(Errors, MissingVridDropsTheInstance) {
  auto r = load_text(std::string("vrrp_instance VI_1 {\n  interface eth0\n") + kVip + "}\n");
  EXPECT_THAT(r.problems(), Contains("1:1: error: (VI_1) the virtual router id must be set"));
  EXPECT_TRUE(r.model().vrrp_instance.empty());
  EXPECT_EQ(r.exit_code(), 5);
}

TEST(Errors, FileLineColumnAndHintInText) {
  auto r = load_text(instance("  priority 300\n"));
  ASSERT_FALSE(r.result.diagnostics.empty());
  const auto& d = r.result.diagnostics[0];
  EXPECT_EQ(d.loc.file, kConf);
  EXPECT_EQ(d.loc.line, 4);
  EXPECT_EQ(d.loc.column, 12);
  EXPECT_FALSE(d.hint.empty());
  EXPECT_EQ(d.to_string(), std::string(kConf) + ":4:12: error: number '300' outside range [1, 255] (hint: " + d.hint + ")");
}

TEST(Errors, AdvertIntMustFitVersion2) {
  auto r = load_text(instance("  advert_int 0.5\n"));
  EXPECT_THAT(r.problems(),
              Contains("4:14: error: (VI_1) VRRPv2 advertisement interval 0.500000s must be an integer. rounding"));
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u);
  EXPECT_EQ(r.model().vrrp_instance[0].advert_int, std::chrono::seconds(1));
}

TEST(Errors, AdvertIntMustFitVersion3) {
  auto r = load_text(instance("  version 3\n  advert_int 0.015\n"));
  EXPECT_THAT(r.problems(),
              Contains("5:14: error: (VI_1) VRRPv3 advertisement interval 0.015000s must be in units of 10ms - rounding"));
  EXPECT_EQ(r.model().vrrp_instance.at(0).advert_int, std::chrono::milliseconds(20));
  auto big = load_text(instance("  version 3\n  advert_int 41\n"));
  EXPECT_THAT(big.problems(), Contains(HasSubstr("5:14: error: (VI_1) VRRPv3 advertisement interval 41.000000s is above")));
  EXPECT_EQ(big.model().vrrp_instance.at(0).advert_int, std::chrono::milliseconds(40950));
}

TEST(Errors, DuplicateVridOnOneInterfaceAndFamily) {
  auto r = load_text(instance("") + instance("", "VI_2"));
  EXPECT_THAT(r.problems(), Contains("10:21: error: VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0"));
  EXPECT_EQ(r.exit_code(), 5);
  // Another interface, or disjoint unicast peer sets, may reuse the VRID.
  auto other_if = load_text(instance("") + "vrrp_instance VI_2 {\n  interface eth1\n  virtual_router_id 51\n" + kVip + "}\n");
  EXPECT_EQ(other_if.exit_code(), 0) << ::testing::PrintToString(other_if.diags());
  auto unicast = load_text(instance("  unicast_peer {\n    192.0.2.7\n  }\n") +
                           instance("  unicast_peer {\n    192.0.2.8\n  }\n", "VI_2"));
  EXPECT_EQ(unicast.exit_code(), 0) << ::testing::PrintToString(unicast.diags());
}

TEST(Errors, DuplicateVridNamesTheEarliestClashingInstance) {
  auto peers = [](const std::string& list) { return "  unicast_peer {\n" + list + "  }\n"; };
  auto r = load_text(instance(peers("    192.0.2.7\n")) +                                    // VI_1
                     instance(peers("    192.0.2.8\n"), "VI_2") +                            // disjoint: fine
                     instance("", "VI_3") +                                                 // multicast: fine
                     instance(peers("    192.0.2.8\n    192.0.2.7\n"), "VI_4") +            // shares with both
                     instance("  unicast_src_ip 192.0.2.50\n" + peers("    192.0.2.7\n"), "VI_5") +  // other source
                     instance("", "VI_6"));                                                 // second multicast
  EXPECT_THAT(r.problems(), ::testing::ElementsAre(
                                "30:21: error: VI_1 and VI_4 both use VRID 51 with IPv4 on interface eth0",
                                "52:21: error: VI_3 and VI_6 both use VRID 51 with IPv4 on interface eth0"));
}

TEST(Errors, MissingInterfaceIsReportedWhereNamed) {
  auto r = load_text(instance(""), {"eth1"});
  EXPECT_THAT(r.problems(), IsSupersetOf({"2:13: warning: WARNING - interface eth0 for vrrp_instance VI_1 doesn't exist",
                                          "2:13: error: Non-existent interface specified in configuration"}));
  EXPECT_EQ(r.exit_code(), 5) << "keepalived: the general warning masks the fatal class";
  // Only the fatal class alone gives 4.
  std::vector<Diagnostic> fatal_only{r.result.diagnostics.back()};
  EXPECT_EQ(fatal_only[0].verdict, Verdict::Fatal);
  EXPECT_EQ(config_test_exit_code(fatal_only), 4);
}

TEST(Errors, NoInterfaceKeyword) {
  auto r = load_text(std::string("vrrp_instance VI_1 {\n  virtual_router_id 5\n") + kVip + "}\n");
  EXPECT_THAT(r.problems(), Contains("1:1: error: (VI_1) Unknown interface!"));
  EXPECT_TRUE(r.model().vrrp_instance.empty());
  // Unicast with a source address needs no interface (§5.8).
  auto u = load_text(std::string("vrrp_instance VI_1 {\n  virtual_router_id 5\n  unicast_src_ip 192.0.2.2\n"
                                 "  unicast_peer {\n    192.0.2.3\n  }\n") + kVip + "}\n");
  EXPECT_EQ(u.exit_code(), 0) << ::testing::PrintToString(u.diags());
}

TEST(Errors, UnknownTrackScriptReference) {
  auto r = load_text(instance("  track_script {\n    chk_missing\n  }\n"));
  EXPECT_THAT(r.problems(), Contains("5:5: error: (VI_1) track script chk_missing not found, ignoring..."));
  EXPECT_TRUE(r.model().vrrp_instance.at(0).trackers.track_script.empty());
}

TEST(Errors, ScriptBlockWithoutScriptIsRemoved) {
  auto r = load_text("vrrp_script chk {\n  interval 2\n}\n" + instance("  track_script {\n    chk\n  }\n"));
  EXPECT_THAT(r.problems(), IsSupersetOf({"1:1: error: No script set for vrrp_script chk - removing",
                                          "8:5: error: (VI_1) track script chk not found, ignoring..."}));
}

TEST(Errors, DuplicateInstanceName) {
  auto r = load_text(instance("") + "vrrp_instance VI_1 {\n  interface eth1\n  virtual_router_id 9\n" + kVip + "}\n");
  EXPECT_THAT(r.problems(), Contains("8:1: error: vrrp_instance VI_1 already defined - ignoring this one"));
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u);
  EXPECT_EQ(r.model().vrrp_instance[0].virtual_router_id, 51);
}

TEST(Errors, AllProblemsAreReportedNotOnlyTheFirst) {
  auto r = load_text(
      std::string("vrrp_instance A {\n  interface eth0\n  virtual_router_id 0\n  priority 999\n  bogus 1\n  advert_int x\n}\n") +
      "vrrp_instance B {\n  interface eth9\n  virtual_router_id 7\n  track_script {\n    nope\n  }\n" + kVip + "}\n");
  EXPECT_THAT(r.problems(), IsSupersetOf({
                                "3:21: error: number '0' outside range [1, 255]",
                                "4:12: error: number '999' outside range [1, 255]",
                                "5:3: warning: Unknown keyword 'bogus'",
                                "6:14: error: invalid time value 'x'",
                                "1:1: error: (A) the virtual router id must be set",
                                "9:13: warning: WARNING - interface eth9 for vrrp_instance B doesn't exist",
                                "12:5: error: (B) track script nope not found, ignoring...",
                            }));
}

// --- brace handling (keepalived-surface.md §1) ---------------------------------------------------

TEST(Braces, BraceOnNextLineAndInlineBlocks) {
  auto r = load_text("vrrp_instance VI_1\n{\n  interface eth0\n  virtual_router_id 51\n"
                     "  virtual_ipaddress { 192.0.2.1 }\n}}\n");
  EXPECT_THAT(r.problems(), Contains("6:2: error: Extra '}' found"));
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u);
  EXPECT_EQ(r.model().vrrp_instance[0].virtual_ipaddress.size(), 1u);
}

TEST(Braces, MissingOpeningBrace) {
  auto r = load_text("vrrp_instance VI_1\n  interface eth0\n  virtual_router_id 51\n" + std::string(kVip) + "}\n");
  EXPECT_THAT(r.problems(), Contains("1:1: error: Missing '{' at beginning of configuration block"));
  // keepalived carries on as if the brace were there.
  EXPECT_EQ(r.model().vrrp_instance.size(), 1u);
}

TEST(Braces, UnknownKeywordBlockIsNotSkipped) {
  // The unknown block's '}' closes the instance: virtual_ipaddress then lands at the root.
  auto r = load_text("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  foo {\n    x 1\n  }\n" +
                     std::string(kVip) + "}\n");
  EXPECT_THAT(r.problems(), IsSupersetOf({"4:3: warning: Unknown keyword 'foo'", "4:7: error: Unexpected '{' - ignoring",
                                          "5:5: warning: Unknown keyword 'x'",
                                          "7:3: warning: Unknown keyword 'virtual_ipaddress'",
                                          "10:1: error: Extra '}' found",
                                          "1:1: warning: (VI_1) No VIP specified; at least one is sensible"}));
}

TEST(Braces, MissingClosingBraceAtEndOfFile) {
  auto r = load_text("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n" + std::string(kVip));
  EXPECT_THAT(r.problems(), Contains("1:20: error: There are 1 missing '}'s or extra '{'s"));
  EXPECT_EQ(r.model().vrrp_instance.size(), 1u);
}

TEST(Braces, KeywordsAreCaseSensitive) {
  auto r = load_text(instance("  State MASTER\n"));
  EXPECT_THAT(r.problems(), Contains("4:3: warning: Unknown keyword 'State'"));
}

// --- keepalived's own warnings and ours ----------------------------------------------------------

TEST(Warnings, NopreemptWithStateMaster) {
  auto r = load_text(instance("  state MASTER\n  priority 100\n  nopreempt\n"));
  EXPECT_THAT(r.problems(),
              Contains("6:3: warning: (VI_1) Warning - nopreempt will not work with initial state MASTER - clearing"));
  EXPECT_FALSE(r.model().vrrp_instance.at(0).nopreempt);
  EXPECT_EQ(r.exit_code(), 5);
  auto owner = load_text(instance("  state MASTER\n  nopreempt\n"));
  EXPECT_THAT(owner.problems(),
              Contains("5:3: error: (VI_1) nopreempt is incompatible with priority 255. resetting nopreempt"));
}

TEST(Warnings, UnicastWithEmptyPeerList) {
  auto r = load_text(instance("  unicast_peer {\n  }\n"));
  EXPECT_THAT(r.problems(), Contains(HasSubstr("4:3: warning: (VI_1) A unicast keyword has been specified without "
                                               "any unicast peers. Defaulting to multicast.")));
  EXPECT_EQ(r.exit_code(), 5);
  EXPECT_TRUE(r.model().vrrp_instance.at(0).unicast_peer.empty());
}

TEST(Warnings, WeightThatCannotChangeTheElectionIsOurAdvice) {
  auto r = load_text(instance("  nopreempt\n  track_interface {\n    eth1 weight -20\n  }\n"));
  EXPECT_THAT(r.problems(), Contains("6:5: warning: (VI_1) the weight of tracked eth1 can never change the election: "
                                     "nopreempt is set"));
  EXPECT_EQ(r.exit_code(), 0) << "keepalived accepts this silently";
  EXPECT_EQ(r.exit_code(true), 5) << "--strict";
  auto clamped = load_text(instance("  priority 254\n  track_interface {\n    eth1 weight 10\n  }\n"));
  EXPECT_THAT(clamped.problems(),
              Contains("6:5: warning: (VI_1) the weight 10 of tracked eth1 can never change the priority 254"));
  EXPECT_EQ(clamped.exit_code(), 0);
}

TEST(Warnings, StrictLoadOptionTurnsAdviceIntoErrors) {
  LoadOptions o;
  o.strict = true;
  auto r = load_text(instance("  nopreempt\n  track_interface {\n    eth1 weight -20\n  }\n"), {"eth0", "eth1"}, o);
  EXPECT_THAT(r.problems(), Contains(HasSubstr("6:5: error: (VI_1) the weight of tracked eth1")));
  EXPECT_TRUE(r.result.has_errors()) << "--strict: our advice is an error";
  EXPECT_FALSE(load_text(instance("  nopreempt\n  track_interface {\n    eth1 weight -20\n  }\n")).result.has_errors());
}

TEST(Warnings, OwnerIgnoresWeightedTrackers) {
  auto r = load_text("vrrp_script s {\n  script /bin/true\n  weight 10\n}\n" +
                     instance("  priority 255\n  track_script {\n    s\n  }\n"));
  EXPECT_THAT(r.problems(), Contains("10:5: error: (VI_1) ignoring tracked script s with weights due to address_owner"));
  EXPECT_TRUE(r.model().vrrp_instance.at(0).trackers.track_script.empty());
}

// --- strict mode (keepalived-surface.md §5.9) -------------------------------------------------

TEST(StrictMode, RulesApplied) {
  auto r = load_text("global_defs {\n  vrrp_strict\n}\n" +
                     instance("  state MASTER\n  priority 100\n  preempt_delay 5\n  authentication {\n"
                              "    auth_type PASS\n    auth_pass x\n  }\n"));
  EXPECT_THAT(r.problems(), IsSupersetOf({"7:3: error: (VI_1) State MASTER must match being address owner",
                                          "9:3: error: (VI_1) preempt_delay is incompatible with strict mode - resetting",
                                          "11:5: error: (VI_1) Strict mode does not support authentication. Ignoring."}));
  const auto& v = r.model().vrrp_instance.at(0);
  EXPECT_EQ(v.state, WantedState::Backup);
  EXPECT_TRUE(v.strict_mode);
  EXPECT_FALSE(v.accept);
  EXPECT_TRUE(v.lower_prio_no_advert);
  EXPECT_EQ(v.preempt_delay.count(), 0);
  EXPECT_TRUE(v.authentication.auth_type.empty());
}

TEST(StrictMode, UnicastIsFatal) {
  auto r = load_text(instance("  strict_mode\n  unicast_peer {\n    192.0.2.9\n  }\n"));
  EXPECT_THAT(r.problems(), Contains("5:3: error: (VI_1) Strict mode does not support unicast"));
  EXPECT_TRUE(r.model().vrrp_instance.empty());
}

TEST(StrictMode, Version3NeedsAVip) {
  auto r = load_text("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 5\n  version 3\n}\n");
  EXPECT_THAT(r.problems(), Contains("1:1: error: (VI_1) No VIP specified; at least one is required"));
  EXPECT_TRUE(r.model().vrrp_instance.empty());
}

// --- LVS blocks -----------------------------------------------------------------------------

TEST(Lvs, CleanBlockIsSkippedWithOneNotice) {
  auto r = load_text(instance("") +
                     "virtual_server 192.0.2.100 80 {\n  delay_loop 6\n  lb_algo rr\n  protocol TCP\n"
                     "  real_server 192.0.2.101 80 {\n    weight 1\n    HTTP_GET {\n      url {\n        path /\n"
                     "        status_code 200\n      }\n      connect_timeout 3\n    }\n  }\n}\n");
  EXPECT_THAT(r.problems(), ::testing::IsEmpty());
  EXPECT_THAT(r.diags(), Contains(HasSubstr("8:1: notice: 'virtual_server 192.0.2.100 80' is LVS configuration")));
  EXPECT_EQ(r.exit_code(), 0);
  ASSERT_EQ(r.model().skipped.size(), 1u);
  EXPECT_EQ(r.model().skipped[0].keyword, "virtual_server");
}

TEST(Lvs, TypoInCheckerIsReported) {
  auto r = load_text("virtual_server 192.0.2.100 80 {\n  real_server 192.0.2.101 80 {\n    TCP_CHECK {\n"
                     "      conect_timeout 3\n    }\n  }\n}\n" + instance(""));
  EXPECT_THAT(r.problems(), Contains("4:7: warning: Unknown keyword 'conect_timeout'"));
  EXPECT_EQ(r.exit_code(), 5);
  EXPECT_EQ(r.model().vrrp_instance.size(), 1u) << "parsing continues after the LVS block";
}

// --- scripts and security ---------------------------------------------------------------------

TEST(Security, ExistingScriptWithoutScriptSecurityExits6) {
  LoadOptions o;
  o.script_exists = [](const std::string& p) { return p == "/bin/true"; };
  auto r = load_text(instance("  notify_master \"/bin/true x\"\n"), {"eth0"}, o);
  EXPECT_THAT(r.problems(),
              Contains("4:3: error: SECURITY VIOLATION - scripts are being executed but script_security not enabled."));
  EXPECT_EQ(r.exit_code(), 6);
  auto missing = load_text(instance("  notify_master \"/nonexistent/x\"\n"), {"eth0"}, o);
  EXPECT_EQ(missing.exit_code(), 0) << "keepalived drops scripts it cannot find, silently";
  auto secure = load_text("global_defs {\n  enable_script_security\n  script_user root\n}\n" +
                              instance("  notify_master \"/bin/true x\"\n"),
                          {"eth0"}, o);
  EXPECT_EQ(secure.exit_code(), 0) << ::testing::PrintToString(secure.diags());
  auto no_user = load_text("global_defs {\n  enable_script_security\n}\n" + instance("  notify_master /bin/true\n"),
                           {"eth0"}, o);
  EXPECT_THAT(no_user.problems(), Contains("7:3: error: Unable to set default user keepalived_script for script"));
}

TEST(Scripts, QuotesAndEscapesInCommandLines) {
  // Both quote characters group on script lines; the command line is then split shell-like.
  auto r = load_text(instance("  notify \"/bin/sh -c 'echo a b'\" nobody nogroup  # comment\n"
                              "  notify_backup '/bin/echo \"x y\"'\n  notify_fault \"/bin/printf a\\tb\"\n"));
  const auto& n = r.model().vrrp_instance.at(0).notifies;
  ASSERT_TRUE(n.notify && n.notify_backup && n.notify_fault) << ::testing::PrintToString(r.diags());
  EXPECT_EQ(n.notify->argv, (std::vector<std::string>{"/bin/sh", "-c", "echo a b"}));
  EXPECT_EQ(n.notify->user, "nobody");
  EXPECT_EQ(n.notify->group, "nogroup");
  EXPECT_EQ(n.notify_backup->argv, (std::vector<std::string>{"/bin/echo", "x y"}));
  EXPECT_EQ(n.notify_fault->argv, (std::vector<std::string>{"/bin/printf", "a\tb"}));
}

TEST(Scripts, OneShotKeywordGivenTwiceKeepsTheFirst) {
  auto r = load_text(instance("  notify_master /a\n  notify_master /b\n"));
  EXPECT_THAT(r.problems(), Contains("5:3: error: 'notify_master' given twice - ignoring this one"));
  EXPECT_EQ(r.model().vrrp_instance.at(0).notifies.notify_master->command, "/a");
}

TEST(SyncGroups, MembershipProblems) {
  auto r = load_text("vrrp_sync_group G {\n  group {\n    VI_1 VI_X\n  }\n}\nvrrp_sync_group H {\n  group {\n"
                     "    VI_1\n  }\n}\n" + instance(""));
  EXPECT_THAT(r.problems(),
              IsSupersetOf({"3:10: warning: Virtual router VI_X specified in sync group G doesn't exist - ignoring",
                            "1:1: warning: Sync group G has only 1 virtual router(s) - this probably isn't what you want",
                            "8:5: error: Virtual router VI_1 cannot exist in more than one sync group; ignoring H",
                            "6:1: error: Sync group H, no matching virtual router found in group declaration - removing"}));
  EXPECT_EQ(r.model().vrrp_sync_group.size(), 1u);
}

TEST(Notices, DoNotChangeTheExitCode) {
  auto r = load_text("bfd_instance b1 {\n  neighbor_ip 192.0.2.5\n}\n" + instance("  auth_hmac {\n    key 1 x\n  }\n"));
  EXPECT_THAT(r.problems(), ::testing::IsEmpty());
  EXPECT_THAT(r.diags(), Contains(HasSubstr("1:1: notice: 'bfd_instance' block accepted")));
  EXPECT_EQ(r.exit_code(), 0);
}

}  // namespace
}  // namespace vrrp::conf::testing

namespace vrrp::conf::testing {
namespace {

TEST(Security, MissingInterfaceEndsTheCheckBeforeTheSecurityPass) {
  LoadOptions o;
  o.script_exists = [](const std::string&) { return true; };
  auto r = load_text(instance("  notify_master /bin/true\n"), {"eth1"}, o);
  EXPECT_EQ(r.exit_code(), 5) << "keepalived 2.2.7 reports the interface, not the SECURITY VIOLATION";
  EXPECT_THAT(r.problems(), ::testing::Not(::testing::Contains(::testing::HasSubstr("SECURITY VIOLATION"))));
}

}  // namespace
}  // namespace vrrp::conf::testing
