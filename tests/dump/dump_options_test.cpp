// Command-line parsing: sources, output, the receiver view, and the usage errors.
#include <gtest/gtest.h>

#include "vrrpd/vrrp-dump/dump_options.hpp"

namespace vrrp::dump {
namespace {

TEST(DumpOptions, ReceiverViewFromFlags) {
  const auto o = parse_dump_options({"-r", "x.pcap", "--json", "--vrid=51", "--version", "2", "--auth-pass",
                                     "secretlong", "--advert-int", "0.5", "--vip", "192.0.2.1", "--vip",
                                     "2001:db8::1", "--unicast", "--v3-checksum", "M", "--strict", "--owner"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_EQ(o->read_file, "x.pcap");
  EXPECT_TRUE(o->json);
  const ReceiverView& r = o->receiver;
  EXPECT_EQ(r.vrid, 51);
  EXPECT_EQ(r.version, proto::Version::V2);
  EXPECT_EQ(r.auth_type, proto::AuthType::SimplePassword);
  ASSERT_TRUE(r.auth_pass.has_value());
  EXPECT_EQ(std::string(r.auth_pass->begin(), r.auth_pass->end()), "secretlo");  // 8 octets on the wire
  EXPECT_EQ(r.advert_int_cs, 50);
  ASSERT_EQ(r.vips.size(), 2u);
  EXPECT_EQ(r.vips[1].to_string(), "2001:db8::1");
  EXPECT_EQ(r.unicast, true);
  EXPECT_EQ(r.v3_ipv4_form, proto::ChecksumForm::MessageOnly);
  EXPECT_TRUE(r.strict);
  EXPECT_TRUE(r.owner);
}

TEST(DumpOptions, DefaultsLeaveTheReceiverOpen) {
  const auto o = parse_dump_options({"-i", "eth0", "-c", "3"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_EQ(o->interface, "eth0");
  EXPECT_EQ(o->count, 3u);
  EXPECT_TRUE(o->filter.empty());
  EXPECT_FALSE(o->receiver.vrid || o->receiver.version || o->receiver.auth_type || o->receiver.advert_int_cs ||
               o->receiver.unicast || o->receiver.v3_ipv4_form);
}

TEST(DumpOptions, TrailingWordsAreTheFilter) {
  const auto o = parse_dump_options({"-r", "f", "ip", "proto", "112", "and", "host", "192.0.2.1"});
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->filter, "ip proto 112 and host 192.0.2.1");
  const auto dashed = parse_dump_options({"-r", "f", "--", "not", "-x"});
  ASSERT_TRUE(dashed.has_value());
  EXPECT_EQ(dashed->filter, "not -x");
}

TEST(DumpOptions, AdvertIntervalForms) {
  for (const auto& [text, cs] : {std::pair{"1", 100}, std::pair{"0.5", 50}, std::pair{"2.25", 225},
                                 std::pair{".01", 1}, std::pair{"40.95", 4095}}) {
    const auto o = parse_dump_options({"-r", "f", "--advert-int", text});
    ASSERT_TRUE(o.has_value()) << text;
    EXPECT_EQ(o->receiver.advert_int_cs, cs) << text;
  }
  for (const char* bad : {"0", "0.001", "41", "x", "1.2.3", "-1", ""}) {
    EXPECT_FALSE(parse_dump_options({"-r", "f", "--advert-int", bad}).has_value()) << bad;
  }
}

TEST(DumpOptions, UsageErrors) {
  const std::vector<std::vector<std::string>> bad = {
      {},                                   // no source
      {"-r", "a", "-i", "b"},               // two sources
      {"-r"},                               // missing value
      {"-r", "f", "--vrid", "0"},           // VRID out of range
      {"-r", "f", "--vrid", "256"},
      {"-r", "f", "--version", "4"},
      {"-r", "f", "--vip", "192.0.2.300"},
      {"-r", "f", "-c", "0"},
      {"-r", "f", "--v3-checksum", "X"},
      {"-r", "f", "--json=yes"},
      {"-r", "f", "--frobnicate"},
  };
  for (const auto& args : bad) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_FALSE(parse_dump_options(args).has_value()) << joined;
  }
}

TEST(DumpOptions, HelpAndVersionNeedNoSource) {
  EXPECT_TRUE(parse_dump_options({"--help"})->show_help);
  EXPECT_TRUE(parse_dump_options({"-V"})->show_version);
  EXPECT_NE(dump_usage().find("--auth-pass"), std::string::npos);
}

}  // namespace
}  // namespace vrrp::dump
