// --dump-config JSON (stable key order, byte-identical for equal models) and lower() results.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conf/conf_test_util.hpp"

namespace vrrp::conf::testing {
namespace {

using ::testing::HasSubstr;

const std::string kConfig =
    "global_defs {\n  router_id r1\n  vrrp_garp_master_delay 2\n}\n"
    "vrrp_script chk {\n  script \"/usr/bin/check a\"\n  weight -15\n}\n"
    "vrrp_sync_group G {\n  group {\n    VI_1 VI_6\n  }\n  track_script {\n    chk weight -5\n  }\n}\n"
    "vrrp_instance VI_1 {\n  state MASTER\n  interface eth0\n  virtual_router_id 51\n  priority 150\n"
    "  advert_int 2\n  nopreempt\n  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n"
    "  virtual_ipaddress {\n    192.0.2.10/24 dev eth1 label eth1:a\n    192.0.2.11\n  }\n"
    "  virtual_ipaddress_excluded {\n    2001:db8::10\n  }\n"
    "  track_script {\n    chk\n  }\n  track_interface {\n    eth1 weight 20\n  }\n"
    "  notify_master \"/bin/m x\"\n  unicast_src_ip 192.0.2.2\n  unicast_peer {\n    192.0.2.3\n  }\n}\n"
    "vrrp_instance VI_6 {\n  interface eth1\n  virtual_router_id 6\n  version 3\n  advert_int 0.5\n"
    "  virtual_ipaddress {\n    fe80::6\n    2001:db8::6\n  }\n}\n";

TEST(DumpConfig, StableAndByteIdenticalForEqualModels) {
  auto a = load_text(kConfig);
  // Same model written differently: comments, blank lines, braces on their own lines.
  std::string other = "# comment\n\n" + kConfig;
  other.replace(other.find("vrrp_instance VI_6 {"), 20, "vrrp_instance VI_6\n{   ! another comment");
  auto b = load_text(other);
  const std::string ja = dump_config_json(a.model());
  EXPECT_EQ(ja, dump_config_json(a.model())) << "same model, same bytes";
  EXPECT_EQ(ja, dump_config_json(b.model())) << "equal models, same bytes";
  EXPECT_EQ(ja.back(), '\n');
}

TEST(DumpConfig, KeyOrderFollowsTheModel) {
  const std::string j = dump_config_json(load_text(kConfig).model());
  const char* order[] = {"\"global_defs\"", "\"vrrp_script\"", "\"track_file\"", "\"track_process\"",
                         "\"vrrp_sync_group\"", "\"vrrp_instance\"", "\"static_ipaddress\"", "\"static_routes\"",
                         "\"static_rules\"", "\"skipped\""};
  std::size_t last = 0;
  for (const char* k : order) {
    const auto at = j.find(std::string("\n  ") + k);
    ASSERT_NE(at, std::string::npos) << k;
    EXPECT_GT(at, last) << k;
    last = at;
  }
  // Inside an instance: name, state, interface, virtual_router_id, priority, advert_int...
  const auto vi = j.find("\"name\": \"VI_1\"");
  ASSERT_NE(vi, std::string::npos);
  std::size_t prev = vi;
  for (const char* k : {"\"state\": \"MASTER\"", "\"interface\": \"eth0\"", "\"virtual_router_id\": 51",
                        "\"priority\": 150", "\"advert_int\": 2", "\"version\": 2", "\"family\": \"inet\""}) {
    const auto at = j.find(k, vi);
    ASSERT_NE(at, std::string::npos) << k;
    EXPECT_GT(at, prev) << k;
    prev = at;
  }
}

TEST(DumpConfig, ValuesAsUnderstood) {
  const std::string j = dump_config_json(load_text(kConfig).model());
  EXPECT_THAT(j, HasSubstr("\"advert_int\": 0.5"));
  EXPECT_THAT(j, HasSubstr("\"garp_master_delay\": 2,"));
  EXPECT_THAT(j, HasSubstr("\"auth_pass\": \"********\"")) << "secrets are not printed";
  EXPECT_THAT(j, ::testing::Not(HasSubstr("secret")));
  EXPECT_THAT(j, HasSubstr("\"argv\": [\n          \"/bin/m\",\n          \"x\"\n        ]"));
  EXPECT_THAT(j, HasSubstr("\"label\": \"eth1:a\""));
}

TEST(DumpConfig, EscapesStrings) {
  auto r = load_text("global_defs {\n  router_id \"a\\b\tc\"\n}\n" + instance(""));
  EXPECT_THAT(dump_config_json(r.model()), HasSubstr("\"router_id\": \"a\\\\b\\tc\""));
}

TEST(Lower, MapsKeywordsToRfcVocabulary) {
  auto r = load_text(kConfig);
  auto plans = lower(r.model());
  ASSERT_EQ(plans.size(), 2u) << ::testing::PrintToString(r.diags());
  const auto& p = plans[0];
  const auto& c = p.config;
  EXPECT_EQ(c.name, "VI_1");
  EXPECT_EQ(c.interface, "eth0");
  EXPECT_EQ(c.vrid, 51);
  EXPECT_EQ(c.version, proto::Version::V2);
  EXPECT_EQ(c.family, proto::Family::Ipv4);
  EXPECT_EQ(c.priority, 150);
  EXPECT_EQ(c.advert_interval, std::chrono::seconds(2));
  EXPECT_TRUE(c.preempt) << "nopreempt is cleared by state MASTER (keepalived warns)";
  EXPECT_EQ(c.initial_state, proto::InitialState::Master);
  ASSERT_EQ(c.vips.size(), 2u);
  EXPECT_EQ(c.vips[0].to_string(), "192.0.2.10");
  EXPECT_EQ(c.auth_type, proto::AuthType::SimplePassword);
  EXPECT_EQ(std::string(c.auth_data.begin(), c.auth_data.begin() + 6), "secret");
  EXPECT_EQ(c.auth_data[6], 0);
  EXPECT_TRUE(p.source_configured);
  EXPECT_EQ(c.source.to_string(), "192.0.2.2");
  ASSERT_EQ(c.unicast_peers.size(), 1u);
  EXPECT_TRUE(c.unicast());
  EXPECT_EQ(c.announce.master_delay, std::chrono::seconds(2)) << "global vrrp_garp_master_delay";
  EXPECT_EQ(c.announce.lower_prio_delay, std::chrono::seconds(2));
  EXPECT_EQ(c.announce.master_repeat, 5u);
  EXPECT_EQ(c.down_timer_adverts, 3u);
  // Daemon-side extras.
  EXPECT_EQ(p.interface, "eth0");
  EXPECT_EQ(p.virtual_ipaddress[0].dev, "eth1");
  ASSERT_EQ(p.virtual_ipaddress_excluded.size(), 1u);
  EXPECT_EQ(p.sync_group, "G");
  // A sync-group member's own weighted script is ignored (keepalived-surface.md §4.3); the
  // group's reference applies, with its own weight overriding the script's -15.
  ASSERT_EQ(p.track_script.size(), 1u);
  EXPECT_EQ(p.track_script[0].name, "chk");
  EXPECT_EQ(p.track_script[0].weight, -5);
  EXPECT_THAT(r.problems(), ::testing::Contains(HasSubstr("(VI_1) is in sync group G: weighted track_script chk "
                                                          "is ignored")));
  ASSERT_EQ(p.track_interface.size(), 1u);
  EXPECT_EQ(p.track_interface[0].weight, 0) << "sync-group member: weighted track_interface is zeroed";
  ASSERT_TRUE(p.notifies.notify_master);
  EXPECT_EQ(p.notifies.notify_master->argv[0], "/bin/m");
  EXPECT_EQ(p.multicast_group.to_string(), "224.0.0.18");
}

TEST(Lower, Ipv6Version3AndDefaults) {
  auto plans = lower(load_text(kConfig).model());
  ASSERT_EQ(plans.size(), 2u);
  const auto& c = plans[1].config;
  EXPECT_EQ(c.version, proto::Version::V3);
  EXPECT_EQ(c.family, proto::Family::Ipv6);
  EXPECT_EQ(c.advert_interval, std::chrono::milliseconds(500));
  EXPECT_EQ(c.priority, 100);
  EXPECT_EQ(c.initial_state, proto::InitialState::Backup);
  EXPECT_TRUE(c.accept);
  EXPECT_FALSE(plans[1].source_configured);
  EXPECT_EQ(c.source.family(), proto::Family::Ipv6) << "unspecified, but of the instance's family";
  EXPECT_EQ(plans[1].multicast_group.to_string(), "ff02::12");
  EXPECT_EQ(c.auth_type, proto::AuthType::None);
}

TEST(Lower, StateMasterWithoutPriorityIsTheOwner) {
  auto plans = lower(load_text(instance("  state MASTER\n")).model());
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].config.priority, 255);
  EXPECT_TRUE(plans[0].config.owner());
  EXPECT_TRUE(plans[0].config.accept);
}

TEST(Lower, StrictModeAndChecksumForm) {
  auto plans = lower(load_text("global_defs {\n  vrrp_strict\n  v3_checksum_as_v2\n}\n" +
                               instance("  version 3\n  priority 200\n"))
                         .model());
  ASSERT_EQ(plans.size(), 1u);
  const auto& c = plans[0].config;
  EXPECT_TRUE(c.strict);
  EXPECT_FALSE(c.accept);
  EXPECT_TRUE(c.lower_prio_no_advert);
  EXPECT_EQ(c.announce.lower_prio_repeat, 0u);
  EXPECT_EQ(c.v3_ipv4_checksum, proto::ChecksumForm::MessageOnly);
}

TEST(Lower, DroppedInstancesAreNotLowered) {
  auto r = load_text(instance("") + "vrrp_instance BAD {\n  interface eth0\n}\n");
  EXPECT_EQ(lower(r.model()).size(), 1u);
}

}  // namespace
}  // namespace vrrp::conf::testing
