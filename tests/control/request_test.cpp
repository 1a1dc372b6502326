// Protocol version 1 requests: what parses, and the exact reply every bad request gets.
#include <gtest/gtest.h>

#include "fake_provider.hpp"
#include "vrrpd/control/dispatcher.hpp"
#include "vrrpd/control/request.hpp"

namespace vrrp::control {
namespace {

TEST(Request, ParsesEachCommand) {
  auto r = parse_request(R"({"version":1,"command":"status"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->command, Command::Status);
  EXPECT_FALSE(r->id);

  r = parse_request(R"({"version":1,"command":"priority","instance":"VI_1","priority":200,"id":7})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->command, Command::Priority);
  EXPECT_EQ(r->instance, "VI_1");
  EXPECT_EQ(r->priority, 200);
  EXPECT_FALSE(r->reset);
  EXPECT_EQ(r->id->as_int(), 7);

  r = parse_request(R"({"command":"priority","version":1,"instance":"VI_1","priority":"reset"})");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->reset);
  EXPECT_FALSE(r->priority);

  r = parse_request("{\"version\":1,\"command\":\"stats\"}\r");  // CRLF clients
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->instance.empty());
}

TEST(Request, EncodeParsesBack) {
  Request req;
  req.command = Command::Priority;
  req.instance = "VI \"odd\"";
  req.priority = 42;
  req.id = Json("abc");
  auto back = parse_request(encode_request(req));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->command, Command::Priority);
  EXPECT_EQ(back->instance, req.instance);
  EXPECT_EQ(back->priority, 42);
  EXPECT_EQ(*back->id->as_string(), "abc");
}

struct BadCase {
  const char* line;
  const char* reply;
};

class BadRequest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadRequest, GetsThisExactReply) {
  test::FakeProvider provider;
  Dispatcher d(provider);
  EXPECT_EQ(d.handle(GetParam().line), GetParam().reply);
  EXPECT_TRUE(provider.priority_calls.empty());
  EXPECT_TRUE(provider.releases.empty());
  EXPECT_EQ(provider.reloads, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Exact, BadRequest,
    ::testing::Values(
        BadCase{"", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"invalid JSON at byte 0: unexpected end of input"}})"},
        BadCase{"status", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"invalid JSON at byte 0: invalid value"}})"},
        BadCase{"[1]", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"request must be a JSON object"}})"},
        BadCase{R"({"command":"status"})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"missing \"version\""}})"},
        BadCase{R"({"version":"1","command":"status"})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"\"version\" must be an integer"}})"},
        BadCase{R"({"version":2,"command":"status","id":"x"})", R"({"version":1,"id":"x","ok":false,"error":{"code":"bad_request","message":"unsupported protocol version 2; this server speaks 1"}})"},
        BadCase{R"({"version":1})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"missing \"command\""}})"},
        BadCase{R"({"version":1,"command":"shutdown","id":3})", R"({"version":1,"id":3,"ok":false,"error":{"code":"unknown_command","message":"unknown command \"shutdown\""}})"},
        BadCase{R"({"version":1,"command":"explain"})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"command \"explain\" needs \"instance\""}})"},
        BadCase{R"({"version":1,"command":"explain","instance":""})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"\"instance\" must be a non-empty string"}})"},
        BadCase{R"({"version":1,"command":"status","instance":"VI_1"})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"unexpected field \"instance\" for command \"status\""}})"},
        BadCase{R"({"version":1,"command":"priority","instance":"VI_1","priority":255})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"\"priority\" must be an integer 1..254 or \"reset\""}})"},
        BadCase{R"({"version":1,"command":"priority","instance":"VI_1","priority":0})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"\"priority\" must be an integer 1..254 or \"reset\""}})"},
        BadCase{R"({"version":1,"command":"priority","instance":"VI_1","priority":1.5})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"\"priority\" must be an integer 1..254 or \"reset\""}})"},
        BadCase{R"({"version":1,"command":"priority","instance":"VI_1"})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"command \"priority\" needs \"priority\""}})"},
        BadCase{R"({"version":1,"command":"release","instance":"nope"})", R"({"version":1,"ok":false,"error":{"code":"unknown_instance","message":"no instance named \"nope\""}})"},
        BadCase{R"({"version":1,"command":"stats","instance":"nope"})", R"({"version":1,"ok":false,"error":{"code":"unknown_instance","message":"no instance named \"nope\""}})"},
        BadCase{R"({"version":1,"command":"status","id":[1]})", R"({"version":1,"ok":false,"error":{"code":"bad_request","message":"\"id\" must be a string or an integer"}})"}));

}  // namespace
}  // namespace vrrp::control
