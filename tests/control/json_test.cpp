// The strict JSON reader/writer behind the control protocol.
#include <gtest/gtest.h>

#include <string>

#include "vrrpd/control/json.hpp"

namespace vrrp::control {
namespace {

TEST(Json, ParsesEveryKindOfValue) {
  auto j = parse_json(R"( {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}} )");
  ASSERT_TRUE(j) << j.error().message;
  const auto* a = j->find("a")->as_array();
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->size(), 5u);
  EXPECT_EQ((*a)[0].as_int(), 1);
  EXPECT_EQ((*a)[1].number_text(), "-2.5e3");
  EXPECT_FALSE((*a)[1].as_int());
  EXPECT_EQ(*(*a)[2].as_bool(), true);
  EXPECT_TRUE((*a)[4].is_null());
  EXPECT_EQ(*j->find("b")->find("c")->as_string(), "d");
}

TEST(Json, KeepsSixtyFourBitCountersExact) {
  auto j = parse_json("18446744073709551615");
  ASSERT_TRUE(j);
  EXPECT_EQ(j->as_uint(), 18446744073709551615ULL);
  EXPECT_FALSE(j->as_int());
  EXPECT_EQ(to_json_text(Json(18446744073709551615ULL)), "18446744073709551615");
}

TEST(Json, DecodesEscapesAndSurrogatePairs) {
  auto j = parse_json(R"("a\"b\\c\/d\n\u00e9\ud83d\ude00")");
  ASSERT_TRUE(j);
  EXPECT_EQ(*j->as_string(), "a\"b\\c/d\n\xC3\xA9\xF0\x9F\x98\x80");
}

struct Bad {
  const char* text;
  const char* message;
};

class JsonRejects : public ::testing::TestWithParam<Bad> {};

TEST_P(JsonRejects, WithAMessage) {
  auto j = parse_json(GetParam().text);
  ASSERT_FALSE(j) << GetParam().text;
  EXPECT_EQ(j.error().message, GetParam().message) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Strict, JsonRejects,
    ::testing::Values(Bad{"", "unexpected end of input"}, Bad{"{", "string key expected"},
                      Bad{"[1,]", "invalid value"}, Bad{"{\"a\":1,}", "string key expected"},
                      Bad{"01", "leading zero in number"}, Bad{"1.", "digit expected after '.'"},
                      Bad{"1e", "digit expected in exponent"}, Bad{"nul", "invalid literal"},
                      Bad{"\"\\x\"", "invalid escape"}, Bad{"\"\\ud800\"", "lone high surrogate"},
                      Bad{"\"\\udc00\"", "lone low surrogate"}, Bad{"\"\\ud800\\u0041\"", "invalid surrogate pair"},
                      Bad{"\"a\tb\"", "control character in string"}, Bad{"\"\xC0\xAF\"", "invalid UTF-8 in string"},
                      Bad{"\"\xED\xA0\x80\"", "invalid UTF-8 in string"}, Bad{"\"abc", "unterminated string"},
                      Bad{"{\"a\":1,\"a\":2}", "duplicate key \"a\""}, Bad{"1 2", "trailing characters after the JSON value"},
                      Bad{"// c\n1", "invalid value"}, Bad{"[1 2]", "',' or ']' expected"},
                      Bad{"{\"a\" 1}", "':' expected"}, Bad{"+1", "invalid value"}));

TEST(Json, LimitsNesting) {
  std::string ok(kJsonMaxDepth, '[');
  ok += std::string(kJsonMaxDepth, ']');
  EXPECT_TRUE(parse_json(ok));
  std::string deep(kJsonMaxDepth + 1, '[');
  deep += std::string(kJsonMaxDepth + 1, ']');
  auto j = parse_json(deep);
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().message, "nesting too deep");
  // Far deeper input must not exhaust the stack either.
  EXPECT_FALSE(parse_json(std::string(1'000'000, '[')));
}

TEST(Json, ErrorsCarryTheOffset) {
  auto j = parse_json("{\"a\": tru}");
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().offset, 6u);
}

TEST(Json, WriterEscapesAndRoundTrips) {
  Json j;
  j.set("s", std::string("q\"b\\n\n\x01\x7F\xC3\xA9"));
  j.set("n", -5);
  j.set("a", JsonArray{Json(true), Json(), Json("x")});
  const std::string text = to_json_text(j);
  EXPECT_EQ(text, R"({"s":"q\"b\\n\n\u0001\u007fé","n":-5,"a":[true,null,"x"]})");
  auto back = parse_json(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, j);
}

TEST(Json, WriterReplacesInvalidUtf8SoOutputStaysValid) {
  const std::string text = to_json_text(Json(std::string("a\xFF" "b")));
  EXPECT_EQ(text, "\"a\\ufffdb\"");
  EXPECT_TRUE(parse_json(text));
}

}  // namespace
}  // namespace vrrp::control
