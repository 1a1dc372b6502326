// Table-driven keyword tests: for each keyword a value, its default when absent, and a bad value
// with the exact line:column of the error. The keyword under test is always line 4, column 3
// of an otherwise valid instance (conf_test_util.hpp: instance()).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "conf/conf_test_util.hpp"

namespace vrrp::conf::testing {
namespace {

using Get = std::function<std::string(const VrrpInstance&)>;

std::string us(Duration d) { return std::to_string(d.count()); }
std::string b(bool v) { return v ? "true" : "false"; }

struct InstanceCase {
  const char* keyword_line;  // placed at line 4 of the instance
  Get get;
  const char* expected;      // value after parsing
  const char* default_value; // value when the keyword is absent
};

std::ostream& operator<<(std::ostream& os, const InstanceCase& c) { return os << c.keyword_line; }

class InstanceKeyword : public ::testing::TestWithParam<InstanceCase> {};

TEST_P(InstanceKeyword, ValueAndDefault) {
  const auto& c = GetParam();
  auto with = load_text(instance(std::string("  ") + c.keyword_line + "\n"));
  ASSERT_EQ(with.model().vrrp_instance.size(), 1u) << ::testing::PrintToString(with.diags());
  for (const auto& d : with.result.diagnostics) {
    EXPECT_NE(d.severity, Severity::Error) << d.to_string();
  }
  EXPECT_EQ(c.get(with.model().vrrp_instance[0]), c.expected);
  auto without = load_text(instance(""));
  ASSERT_EQ(without.model().vrrp_instance.size(), 1u);
  EXPECT_EQ(c.get(without.model().vrrp_instance[0]), c.default_value);
}

INSTANTIATE_TEST_SUITE_P(
    Keywords, InstanceKeyword,
    ::testing::Values(
        InstanceCase{"state MASTER", [](auto& v) { return std::string(v.state == WantedState::Master ? "M" : "B"); },
                     "M", "B"},
        InstanceCase{"priority 150", [](auto& v) { return std::to_string(v.priority); }, "150", "100"},
        InstanceCase{"state MASTER", [](auto& v) { return std::to_string(v.priority); }, "255", "100"},
        InstanceCase{"advert_int 3", [](auto& v) { return us(v.advert_int); }, "3000000", "1000000"},
        InstanceCase{"version 3", [](auto& v) { return std::to_string(v.version); }, "3", "2"},
        InstanceCase{"nopreempt", [](auto& v) { return b(v.nopreempt); }, "true", "false"},
        InstanceCase{"preempt_delay 2.5", [](auto& v) { return us(v.preempt_delay); }, "2500000", "0"},
        InstanceCase{"no_accept", [](auto& v) { return b(v.accept); }, "false", "true"},
        InstanceCase{"dont_track_primary", [](auto& v) { return b(v.dont_track_primary); }, "true", "false"},
        InstanceCase{"unicast_src_ip 192.0.2.9",
                     [](auto& v) { return v.unicast_src_ip ? v.unicast_src_ip->to_string() : "-"; }, "192.0.2.9",
                     "-"},
        InstanceCase{"mcast_src_ip 192.0.2.8",
                     [](auto& v) { return v.mcast_src_ip ? v.mcast_src_ip->to_string() : "-"; }, "192.0.2.8", "-"},
        InstanceCase{"check_unicast_src", [](auto& v) { return b(v.check_unicast_src); }, "true", "false"},
        InstanceCase{"garp_master_delay 7", [](auto& v) { return us(v.garp_master_delay); }, "7000000", "5000000"},
        InstanceCase{"garp_master_repeat 2", [](auto& v) { return std::to_string(v.garp_master_repeat); }, "2",
                     "5"},
        InstanceCase{"garp_master_refresh 60", [](auto& v) { return us(v.garp_master_refresh); }, "60000000", "0"},
        InstanceCase{"garp_master_refresh_repeat 2",
                     [](auto& v) { return std::to_string(v.garp_master_refresh_repeat); }, "2", "1"},
        InstanceCase{"down_timer_adverts 5", [](auto& v) { return std::to_string(v.down_timer_adverts); }, "5",
                     "3"},
        InstanceCase{"lower_prio_no_advert", [](auto& v) { return b(v.lower_prio_no_advert); }, "true", "false"},
        InstanceCase{"higher_prio_send_advert off", [](auto& v) { return b(v.higher_prio_send_advert); }, "false",
                     "false"},
        InstanceCase{"skip_check_adv_addr on", [](auto& v) { return b(v.skip_check_adv_addr); }, "true", "false"},
        InstanceCase{"strict_mode", [](auto& v) { return b(v.strict_mode); }, "true", "false"},
        InstanceCase{"smtp_alert yes", [](auto& v) { return b(v.smtp_alert); }, "true", "false"},
        InstanceCase{"v3_checksum_as_v2", [](auto& v) { return b(v.v3_checksum_as_v2); }, "true", "false"},
        InstanceCase{"promote_secondaries", [](auto& v) { return b(v.promote_secondaries); }, "true", "false"},
        InstanceCase{"use_vmac vrrp51", [](auto& v) { return v.use_vmac_set ? v.use_vmac.at(0) : "-"; }, "vrrp51",
                     "-"},
        InstanceCase{"notify_master \"/bin/echo 'a b' c\"",
                     [](auto& v) {
                       if (!v.notifies.notify_master) return std::string("-");
                       std::string out;
                       for (const auto& a : v.notifies.notify_master->argv) out += "[" + a + "]";
                       return out;
                     },
                     "[/bin/echo][a b][c]", "-"},
        InstanceCase{"notify /x.sh root",
                     [](auto& v) { return v.notifies.notify ? v.notifies.notify->command + "|" + v.notifies.notify->user : "-"; },
                     "/x.sh|root", "-"},
        InstanceCase{"timer_expired_backup", [](auto& v) { return std::to_string(v.timer_expired_backup.value_or(0)); },
                     "254", "0"}));

struct BadValue {
  const char* keyword_line;  // line 4
  const char* diagnostic;    // "line:col: severity: message"
};
std::ostream& operator<<(std::ostream& os, const BadValue& c) { return os << c.keyword_line; }

class InstanceBadValue : public ::testing::TestWithParam<BadValue> {};

TEST_P(InstanceBadValue, ReportedAtTheValue) {
  auto r = load_text(instance(std::string("  ") + GetParam().keyword_line + "\n"));
  EXPECT_THAT(r.problems(), ::testing::Contains(GetParam().diagnostic));
  EXPECT_EQ(r.exit_code(), 5);
}

INSTANTIATE_TEST_SUITE_P(
    Keywords, InstanceBadValue,
    ::testing::Values(
        BadValue{"priority 256", "4:12: error: number '256' outside range [1, 255]"},
        BadValue{"priority 0", "4:12: error: number '0' outside range [1, 255]"},
        BadValue{"priority 1x", "4:12: error: invalid number '1x'"},
        BadValue{"state master", "4:9: error: (VI_1) unknown state 'master', defaulting to BACKUP"},
        BadValue{"advert_int 0", "4:14: error: time value '0' outside range [0.01, 255]"},
        BadValue{"advert_int 1s", "4:14: error: invalid time value '1s'"},
        BadValue{"version 4", "4:11: error: number '4' outside range [2, 3]"},
        BadValue{"preempt_delay 1001", "4:17: error: time value '1001' outside range [0, 1000]"},
        BadValue{"down_timer_adverts 0", "4:22: error: number '0' outside range [1, 100]"},
        BadValue{"unicast_ttl 256", "4:15: error: number '256' outside range [1, 255]"},
        BadValue{"mcast_src_ip 192.0.2", "4:16: error: invalid IP address '192.0.2' for 'mcast_src_ip'"},
        BadValue{"smtp_alert On", "4:14: error: Invalid boolean 'On' for 'smtp_alert'"},
        BadValue{"nopreempt now", "4:13: error: 'nopreempt' takes no argument"},
        BadValue{"interface lo", "4:13: error: (VI_1) cannot use a loopback interface (lo) for vrrp - ignoring"},
        BadValue{"Priority 100", "4:3: warning: Unknown keyword 'Priority'"},
        BadValue{"notify_master", "4:3: error: No script specified for 'notify_master'"},
        BadValue{"garp_master_delay x", "4:21: error: invalid number 'x'"},
        BadValue{"garp_master_repeat 0", "4:22: error: garp_master_repeat must be greater than 0, setting to 1"},
        BadValue{"preempt_delay 3\n  nopreempt",
                 "4:3: error: (VI_1) preempt_delay is incompatible with nopreempt mode - resetting"},
        BadValue{"track_interface {\n    eth1 weight 254\n  }",
                 "5:5: error: (VI_1) weight for eth1 cannot be +/-254. Setting to +/-253"}));

// --- global_defs ------------------------------------------------------------------------------

struct GlobalCase {
  const char* keyword_line;  // line 2 of global_defs
  std::function<std::string(const Config&)> get;
  const char* expected;
  const char* default_value;
};
std::ostream& operator<<(std::ostream& os, const GlobalCase& c) { return os << c.keyword_line; }

class GlobalKeyword : public ::testing::TestWithParam<GlobalCase> {};

TEST_P(GlobalKeyword, ValueAndDefault) {
  const auto& c = GetParam();
  auto with = load_text(std::string("global_defs {\n  ") + c.keyword_line + "\n}\n" + instance(""));
  for (const auto& d : with.result.diagnostics) {
    EXPECT_NE(d.severity, Severity::Error) << d.to_string();
  }
  EXPECT_EQ(c.get(with.model()), c.expected);
  EXPECT_EQ(c.get(load_text(instance("")).model()), c.default_value);
}

INSTANTIATE_TEST_SUITE_P(
    Keywords, GlobalKeyword,
    ::testing::Values(
        GlobalCase{"router_id r1", [](auto& c) { return c.global_defs.router_id; }, "r1", ""},
        GlobalCase{"vrrp_version 3", [](auto& c) { return std::to_string(c.vrrp_instance[0].version); }, "3", "2"},
        GlobalCase{"vrrp_mcast_group4 224.0.0.19",
                   [](auto& c) { return c.global_defs.vrrp_mcast_group4.to_string(); }, "224.0.0.19", "224.0.0.18"},
        GlobalCase{"vrrp_mcast_group6 ff02::13", [](auto& c) { return c.global_defs.vrrp_mcast_group6.to_string(); },
                   "ff02::13", "ff02::12"},
        GlobalCase{"vrrp_garp_master_delay 10",
                   [](auto& c) { return us(c.vrrp_instance[0].garp_master_delay); }, "10000000", "5000000"},
        GlobalCase{"vrrp_garp_master_repeat 3",
                   [](auto& c) {
                     return std::to_string(c.vrrp_instance[0].garp_master_repeat) + "/" +
                            std::to_string(c.vrrp_instance[0].garp_lower_prio_repeat);
                   },
                   "3/3", "5/5"},
        GlobalCase{"vrrp_garp_master_refresh 30", [](auto& c) { return us(c.vrrp_instance[0].garp_master_refresh); },
                   "30000000", "0"},
        GlobalCase{"vrrp_garp_interval 0.001", [](auto& c) { return us(c.global_defs.vrrp_garp_interval); }, "1000",
                   "0"},
        GlobalCase{"vrrp_gna_interval 0.002", [](auto& c) { return us(c.global_defs.vrrp_gna_interval); }, "2000",
                   "0"},
        GlobalCase{"vrrp_check_unicast_src", [](auto& c) { return b(c.vrrp_instance[0].check_unicast_src); }, "true",
                   "false"},
        GlobalCase{"vrrp_skip_check_adv_addr", [](auto& c) { return b(c.vrrp_instance[0].skip_check_adv_addr); },
                   "true", "false"},
        GlobalCase{"vrrp_lower_prio_no_advert true",
                   [](auto& c) { return b(c.vrrp_instance[0].lower_prio_no_advert); }, "true", "false"},
        GlobalCase{"vrrp_down_timer_adverts 4",
                   [](auto& c) { return std::to_string(c.vrrp_instance[0].down_timer_adverts); }, "4", "3"},
        GlobalCase{"script_user nobody nogroup",
                   [](auto& c) { return c.global_defs.script_user + ":" + c.global_defs.script_group; },
                   "nobody:nogroup", ":"},
        GlobalCase{"enable_script_security", [](auto& c) { return b(c.global_defs.enable_script_security); }, "true",
                   "false"},
        GlobalCase{"notify_fifo /run/k.fifo", [](auto& c) {
                     return c.global_defs.notify_fifo ? c.global_defs.notify_fifo->path : "-"; },
                   "/run/k.fifo", "-"},
        GlobalCase{"dynamic_interfaces allow_if_changes",
                   [](auto& c) { return b(c.global_defs.dynamic_interfaces_allow_if_changes); }, "true", "false"},
        GlobalCase{"vmac_prefix vr", [](auto& c) { return c.global_defs.vmac_prefix; }, "vr", "vrrp"},
        GlobalCase{"smtp_server 192.0.2.25 2525",
                   [](auto& c) {
                     return c.global_defs.smtp_server + ":" + std::to_string(c.global_defs.smtp_server_port.value_or(0));
                   },
                   "192.0.2.25:2525", ":0"},
        GlobalCase{"enable_snmp_vrrp", [](auto& c) { return std::to_string(c.global_defs.other.size()); }, "1",
                   "0"}));

class GlobalBadValue : public ::testing::TestWithParam<BadValue> {};

TEST_P(GlobalBadValue, ReportedAtTheValue) {
  auto r = load_text(std::string("global_defs {\n  ") + GetParam().keyword_line + "\n}\n" + instance(""));
  EXPECT_THAT(r.problems(), ::testing::Contains(GetParam().diagnostic));
  EXPECT_EQ(r.exit_code(), 5);
}

INSTANTIATE_TEST_SUITE_P(
    Keywords, GlobalBadValue,
    ::testing::Values(
        BadValue{"vrrp_version 1", "2:16: error: number '1' outside range [2, 3]"},
        BadValue{"vrrp_garp_interval 0", "2:22: error: time value '0' outside range [0.000001, 4294.967295]"},
        BadValue{"vrrp_mcast_group4 192.0.2.1",
                 "2:21: error: 'vrrp_mcast_group4' 192.0.2.1 is not a valid IPv4 multicast address"},
        BadValue{"vrrp_strict maybe", "2:15: error: Invalid boolean 'maybe' for 'vrrp_strict'"},
        BadValue{"net_namespace blue", "2:3: warning: Unknown keyword 'net_namespace'"}));

// --- vrrp_script ------------------------------------------------------------------------------

TEST(VrrpScriptKeywords, ValuesAndDefaults) {
  auto r = load_text(
      "vrrp_script chk {\n  script \"/usr/bin/test -f '/tmp/a b'\"\n  interval 2\n  timeout 3\n  weight -20 reverse\n"
      "  rise 2\n  fall 3\n  user nobody\n  init_fail\n}\n"
      "vrrp_script dflt {\n  script /bin/true\n  interval 4\n}\n" +
      instance("  track_script {\n    chk\n    dflt weight 5\n  }\n"));
  ASSERT_EQ(r.model().vrrp_script.size(), 2u) << ::testing::PrintToString(r.diags());
  const auto& s = r.model().vrrp_script[0];
  ASSERT_TRUE(s.script);
  EXPECT_EQ(s.script->argv, (std::vector<std::string>{"/usr/bin/test", "-f", "/tmp/a b"}));
  EXPECT_EQ(s.interval, std::chrono::seconds(2));
  EXPECT_EQ(s.timeout, std::chrono::seconds(3));
  EXPECT_EQ(s.weight, -20);
  EXPECT_TRUE(s.weight_reverse);
  EXPECT_EQ(s.rise, 2);
  EXPECT_EQ(s.fall, 3);
  EXPECT_EQ(s.user, "nobody");
  EXPECT_TRUE(s.init_fail);
  const auto& d = r.model().vrrp_script[1];
  EXPECT_EQ(d.timeout, std::chrono::seconds(4)) << "timeout defaults to interval";
  EXPECT_EQ(d.weight, 0);
  EXPECT_EQ(d.rise, 1);
  EXPECT_EQ(d.fall, 1);
  EXPECT_FALSE(d.init_fail);
}

TEST(VrrpScriptKeywords, BadValues) {
  auto r = load_text("vrrp_script chk {\n  script /bin/true\n  weight 254\n  rise 0\n  interval x\n}\n" + instance(""));
  EXPECT_THAT(r.problems(), ::testing::IsSupersetOf({"3:10: error: number '254' outside range [-253, 253]",
                                                     "4:8: error: number '0' outside range [1, 2147483647]",
                                                     "5:12: error: invalid time value 'x'"}));
}

TEST(VrrpScriptKeywords, NotFoundIsDisabled) {
  auto r = load_text("vrrp_script chk {\n  script \"/nonexistent/check x\"\n}\n" + instance(""));
  ASSERT_EQ(r.model().vrrp_script.size(), 1u);
  EXPECT_TRUE(r.model().vrrp_script[0].disabled);
  EXPECT_THAT(r.problems(), ::testing::Contains("2:3: error: Disabling track script chk since not found/accessible"));
}

TEST(ScriptKeywords, UnquotedArgumentsAreTakenAsUser) {
  auto r = load_text(instance("  notify_master /bin/echo a b\n"));
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u);
  const auto& n = r.model().vrrp_instance[0].notifies.notify_master;
  ASSERT_TRUE(n);
  EXPECT_EQ(n->argv, std::vector<std::string>{"/bin/echo"});
  EXPECT_EQ(n->user, "a");
  EXPECT_EQ(n->group, "b");
  EXPECT_THAT(r.problems(), ::testing::Contains(::testing::HasSubstr("4:3: warning: 'a' after the unquoted command")));
  EXPECT_EQ(r.exit_code(), 0) << "our own advice does not change -t";
  EXPECT_EQ(r.exit_code(true), 5) << "--strict makes it count";
}

// --- address specs ----------------------------------------------------------------------------

TEST(AddressSpec, AllOptions) {
  auto r = load_text(
      "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  virtual_ipaddress {\n"
      "    192.0.2.10/24 dev eth1 brd + scope link label eth1:vip no_track\n"
      "    192.0.2.11 peer 192.0.2.99 home\n"
      "    192.0.2.12/28 brd 192.0.2.15 preferred_lft forever use_vmac\n"
      "  }\n  virtual_ipaddress_excluded {\n    2001:db8::5/64 -nodad noprefixroute\n  }\n}\n");
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u) << ::testing::PrintToString(r.diags());
  const auto& v = r.model().vrrp_instance[0];
  ASSERT_EQ(v.virtual_ipaddress.size(), 3u);
  const auto& a = v.virtual_ipaddress[0];
  EXPECT_EQ(a.address.to_string(), "192.0.2.10");
  EXPECT_EQ(a.prefix, 24);
  EXPECT_EQ(a.dev, "eth1");
  EXPECT_EQ(a.brd, AddressSpec::Broadcast::HostBitsSet);
  EXPECT_EQ(a.scope, "link");
  EXPECT_EQ(a.label, "eth1:vip");
  EXPECT_TRUE(a.no_track);
  EXPECT_EQ(v.virtual_ipaddress[1].prefix, 32);
  EXPECT_EQ(v.virtual_ipaddress[1].peer->to_string(), "192.0.2.99");
  EXPECT_TRUE(v.virtual_ipaddress[1].home);
  EXPECT_EQ(v.virtual_ipaddress[2].brd, AddressSpec::Broadcast::Explicit);
  EXPECT_EQ(v.virtual_ipaddress[2].broadcast.to_string(), "192.0.2.15");
  EXPECT_EQ(v.virtual_ipaddress[2].preferred_lft, 0xffffffffu);
  EXPECT_TRUE(v.virtual_ipaddress[2].use_vmac);
  ASSERT_EQ(v.virtual_ipaddress_excluded.size(), 1u);
  EXPECT_EQ(v.virtual_ipaddress_excluded[0].prefix, 64);
  EXPECT_TRUE(v.virtual_ipaddress_excluded[0].nodad);
  EXPECT_TRUE(v.virtual_ipaddress_excluded[0].noprefixroute);
  EXPECT_EQ(r.exit_code(), 0) << ::testing::PrintToString(r.diags());
}

struct AddressError {
  const char* item;  // line 5, starting at column 5
  const char* diagnostic;
  std::size_t vips;  // addresses kept (the first line's 192.0.2.1 included)
};
std::ostream& operator<<(std::ostream& os, const AddressError& c) { return os << c.item; }
class AddressBad : public ::testing::TestWithParam<AddressError> {};

TEST_P(AddressBad, ReportedWithLocation) {
  auto r = load_text(std::string("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  virtual_ipaddress {\n"
                                 "    ") + GetParam().item + "\n    192.0.2.1\n  }\n}\n");
  EXPECT_THAT(r.problems(), ::testing::Contains(GetParam().diagnostic));
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u);
  EXPECT_EQ(r.model().vrrp_instance[0].virtual_ipaddress.size(), GetParam().vips);
}

INSTANTIATE_TEST_SUITE_P(
    Keywords, AddressBad,
    ::testing::Values(
        AddressError{"192.0.2.300", "5:5: error: VRRP parsed invalid IP 192.0.2.300. skipping IP...", 1},
        AddressError{"192.0.2.2 192.0.2.3",
                     "5:15: error: Unknown configuration entry '192.0.2.3' for ip address - ignoring", 2},
        AddressError{"192.0.2.2/33", "5:5: error: Invalid address prefix in '192.0.2.2/33' - using /32", 2},
        AddressError{"192.0.2.2 dev", "5:15: error: Missing value for 'dev' in address 192.0.2.2 - address dropped", 1},
        AddressError{"192.0.2.2 label abcdefghijklmnop",
                     "5:21: error: label 'abcdefghijklmnop' is longer than 15 characters - address dropped", 1},
        // The first address fixes the family; the IPv4 one on line 6 is then the odd one out.
        AddressError{"2001:db8::1", "6:5: error: (VI_1): address family must match VRRP instance [192.0.2.1] - ignoring",
                     1},
        AddressError{"192.0.2.2 scope galaxy", "5:21: error: Invalid scope 'galaxy' - ignoring", 2}));

TEST(UnicastPeer, PeersWithTtlBounds) {
  auto r = load_text(instance("  unicast_src_ip 192.0.2.2\n  unicast_peer {\n    192.0.2.3 min_ttl 250 max_ttl 255\n"
                              "    192.0.2.4\n  }\n"));
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u);
  const auto& peers = r.model().vrrp_instance[0].unicast_peer;
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[0].min_ttl, 250);
  EXPECT_EQ(peers[0].max_ttl, 255);
  EXPECT_FALSE(peers[1].min_ttl);
  EXPECT_EQ(r.exit_code(), 0) << ::testing::PrintToString(r.diags());
}

TEST(Authentication, PassIsTruncatedToEightBytes) {
  auto r = load_text(instance("  authentication {\n    auth_type PASS\n    auth_pass 123456789\n  }\n"));
  ASSERT_EQ(r.model().vrrp_instance.size(), 1u);
  EXPECT_EQ(r.model().vrrp_instance[0].authentication.auth_type, "PASS");
  EXPECT_EQ(r.model().vrrp_instance[0].authentication.auth_pass, "12345678");
  EXPECT_THAT(r.problems(), ::testing::Contains("6:15: warning: Truncating auth_pass to 8 characters"));
}

TEST(SyncGroup, MembersTrackersAndNotifies) {
  auto r = load_text("vrrp_sync_group G1 {\n  group {\n    VI_1 VI_2\n  }\n  notify_master \"/bin/n m\"\n"
                     "  track_interface {\n    eth1 weight 10\n  }\n  sync_group_tracking_weight\n}\n" +
                     instance("") + "vrrp_instance VI_2 {\n  interface eth1\n  virtual_router_id 52\n"
                                    "  virtual_ipaddress {\n    192.0.2.2\n  }\n}\n");
  ASSERT_EQ(r.model().vrrp_sync_group.size(), 1u) << ::testing::PrintToString(r.diags());
  const auto& g = r.model().vrrp_sync_group[0];
  EXPECT_EQ(g.group, (std::vector<std::string>{"VI_1", "VI_2"}));
  EXPECT_EQ(g.notifies.notify_master->argv, (std::vector<std::string>{"/bin/n", "m"}));
  ASSERT_EQ(g.trackers.track_interface.size(), 1u);
  EXPECT_EQ(g.trackers.track_interface[0].weight, 10);
  EXPECT_TRUE(g.sync_group_tracking_weight);
  EXPECT_EQ(r.exit_code(), 0) << ::testing::PrintToString(r.diags());
}

TEST(TrackFileAndProcess, Definitions) {
  auto r = load_text("track_file tf {\n  file \"/run/w\"\n  weight -5 reverse\n  init_file 3 overwrite\n}\n"
                     "vrrp_track_process tp {\n  process haproxy -f x\n  quorum 2\n  quorum_max 4\n  delay 1.5\n"
                     "  param_match partial\n  weight 7\n}\n" +
                     instance("  track_file {\n    tf weight 2\n  }\n  track_process {\n    tp\n  }\n"));
  ASSERT_EQ(r.model().track_file.size(), 1u) << ::testing::PrintToString(r.diags());
  const auto& f = r.model().track_file[0];
  EXPECT_EQ(f.file, "/run/w");
  EXPECT_EQ(f.weight, -5);
  EXPECT_TRUE(f.weight_reverse);
  EXPECT_EQ(f.init_file, 3);
  EXPECT_TRUE(f.init_file_overwrite);
  ASSERT_EQ(r.model().track_process.size(), 1u);
  const auto& p = r.model().track_process[0];
  EXPECT_EQ(p.process, "haproxy");
  EXPECT_EQ(p.parameters, (std::vector<std::string>{"-f", "x"}));
  EXPECT_EQ(p.quorum, 2);
  EXPECT_EQ(p.quorum_max, 4);
  EXPECT_EQ(p.fork_delay, std::chrono::milliseconds(1500));
  EXPECT_EQ(p.param_match, "partial");
  EXPECT_EQ(r.exit_code(), 0) << ::testing::PrintToString(r.diags());
}

TEST(StaticBlocks, AddressesRoutesRules) {
  auto r = load_text("static_ipaddress {\n  192.0.2.50/24 dev eth1 track_group TG\n}\n"
                     "static_routes {\n  198.51.100.0/24 via 192.0.2.254 dev eth1\n}\n"
                     "static_rules {\n  from 192.0.2.0/24 table 7 preference 100\n}\n" + instance(""));
  ASSERT_EQ(r.model().static_ipaddress.size(), 1u) << ::testing::PrintToString(r.diags());
  EXPECT_EQ(r.model().static_ipaddress[0].track_group, "TG");
  ASSERT_EQ(r.model().static_routes.size(), 1u);
  EXPECT_EQ(r.model().static_routes[0].words.size(), 5u);
  ASSERT_EQ(r.model().static_rules.size(), 1u);
  EXPECT_EQ(r.exit_code(), 0) << ::testing::PrintToString(r.diags());
}

}  // namespace
}  // namespace vrrp::conf::testing
