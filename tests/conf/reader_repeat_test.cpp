// Reader tests for ~SEQ, ~SEQx and ~LST line repetition and the expansion budget.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conf/reader_memory_loader.hpp"

namespace vrrp::conf {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::brief;
using testing::read_text;
using testing::render;
using testing::texts;

TEST(ReaderRepeat, SeqRepeatsTheRestOfTheLine) {
  auto r = read_text("  ~SEQ(SUBNET, 0, 3) ip_address 2001:db8:${SUBNET}::1\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("ip_address@1:22 2001:db8:0::1@1:33", "ip_address@1:22 2001:db8:1::1@1:33",
                                           "ip_address@1:22 2001:db8:2::1@1:33", "ip_address@1:22 2001:db8:3::1@1:33"));
}

TEST(ReaderRepeat, SeqxFormatsHexAndAcceptsHexBounds) {
  const char* want[] = {"ip fe80::20:90:1", "ip fe80::20:a0:1", "ip fe80::20:b0:1", "ip fe80::20:c0:1"};
  auto dec = read_text("~SEQx(S, 144, 16, 192) ip fe80::20:${S}:1\n");
  auto hex = read_text("~SEQx(S, 0x90, 0x10, 0xc0) ip fe80::20:${S}:1\n");
  EXPECT_THAT(texts(dec.lines), ElementsAre(want[0], want[1], want[2], want[3]));
  EXPECT_THAT(texts(hex.lines), ElementsAre(want[0], want[1], want[2], want[3]));
}

TEST(ReaderRepeat, ChainedSeqNestsLeftToRight) {
  auto r = read_text("~SEQx(AD2, 0x90, 0x10, 0xa0) ~SEQx(AD1, 0x12, -1, 0x11) fe81::10:${AD2}:${AD1}\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(texts(r.lines), ElementsAre("fe81::10:90:12", "fe81::10:90:11", "fe81::10:a0:12", "fe81::10:a0:11"));
}

TEST(ReaderRepeat, SeqDefaults) {
  EXPECT_THAT(texts(read_text("~SEQ(v, 3) n $v\n").lines), ElementsAre("n 1", "n 2", "n 3"));
  EXPECT_THAT(texts(read_text("~SEQ(v, -2) n $v\n").lines), ElementsAre("n -1", "n -2"));
  EXPECT_THAT(texts(read_text("~SEQ(v, 3, 1) n $v\n").lines), ElementsAre("n 3", "n 2", "n 1"));
  EXPECT_THAT(texts(read_text("~SEQ(v, 0) n $v\n").lines), ElementsAre("n 1", "n 0"));  // as 2.2.7
  EXPECT_THAT(texts(read_text("~SEQ(v, -17, 16, 0) n $v\n").lines), ElementsAre("n -17", "n -1"));
  EXPECT_THAT(texts(read_text("~SEQ(v, 5, 1, 4) n $v\n").lines), IsEmpty());
}

TEST(ReaderRepeat, SeqBoundsMayUseDefinitions) {
  EXPECT_THAT(texts(read_text("$MAX=2\n~SEQ(i, 1, $MAX) id ${i}\n").lines), ElementsAre("id 1", "id 2"));
}

TEST(ReaderRepeat, SeqWithMultiLineDefinition) {
  auto r = read_text("$VI= \\\nvrrp_instance v${ID} { \\\n virtual_router_id ${ID} \\\n}\n~SEQ(ID,1,2) $VI\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(texts(r.lines), ElementsAre("vrrp_instance v1 {", "virtual_router_id 1", "}", "vrrp_instance v2 {",
                                          "virtual_router_id 2", "}"));
}

TEST(ReaderRepeat, ListSingleAndGrouped) {
  EXPECT_THAT(texts(read_text("~LST(IP, 1, 2) ~LST(IP1, 5,6) 192.0.${IP}.${IP1}\n").lines),
              ElementsAre("192.0.1.5", "192.0.1.6", "192.0.2.5", "192.0.2.6"));
  auto r = read_text("~LST({IP,   IP1},  {10,1},{20,4}) ~SEQ(IP2,168,2,170)  2001:db8:${IP2}:${IP}::${IP1}\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(texts(r.lines), ElementsAre("2001:db8:168:10::1", "2001:db8:170:10::1", "2001:db8:168:20::4", "2001:db8:170:20::4"));
}

TEST(ReaderRepeat, ConditionalAndRepeatCombine) {
  ReaderOptions o;
  o.config_id = "a";
  EXPECT_THAT(texts(read_text("@a ~LST(x, p, q) w $x\n@b ~LST(x, p) z $x\n", o).lines), ElementsAre("w p", "w q"));
}

TEST(ReaderRepeat, MalformedHeadersAreErrors) {
  auto r = read_text(
      "~SEQ(i, 0, 0, 5) a\n"
      "~SEQ(i, 0, x) b\n"
      "~SEQ(i, 1\n"
      "~SEQ(9i, 1) c\n"
      "~LST(a) d\n"
      "~LST({a,b},{1}) e\n"
      "~LST(v, a b, c) e\n"
      "~SEQx(h, -17, 16, 0) g\n"
      "  ~SEQ(i, 010) f ${i}\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("1:1: error: ~SEQ: step 0 never ends; line ignored",
                          "2:1: error: ~SEQ: 'x' is not an integer; line ignored",
                          "3:1: error: '~SEQ(' without closing ')'; line ignored",
                          "4:1: error: bad ~SEQ(...); line ignored", "5:1: error: bad ~LST(...); line ignored",
                          "6:1: error: bad ~LST(...); line ignored", "7:1: error: bad ~LST(...); line ignored",
                          "8:1: error: ~SEQx is only valid for non-negative numbers; line ignored"));
  // A leading zero means octal, as with strtol() in keepalived 2.2.7.
  EXPECT_THAT(texts(r.lines), ElementsAre("f 1", "f 2", "f 3", "f 4", "f 5", "f 6", "f 7", "f 8"));
}

TEST(ReaderRepeat, RunawayExpansionHitsTheBudgetOnce) {
  ReaderOptions o;
  o.max_work = 100000;
  auto r = read_text("~SEQ(i, 0, 1, 9000000000000000000) x $i\nnot reached\n", o);
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("1:1: error: configuration expands beyond the reader's limit; the rest is ignored"));
  EXPECT_GT(r.lines.size(), 1000u);
  EXPECT_LT(r.lines.size(), 100000u);
  EXPECT_EQ(texts(r.lines).front(), "x 0");
}

TEST(ReaderRepeat, SeqWithoutOutputIsStillBounded) {
  ReaderOptions o;
  o.max_work = 2000;  // ~800 iterations cost more
  auto r = read_text("~SEQ(i, 9223372036854775000, 9223372036854775807) $X=1\n", o);
  EXPECT_THAT(r.lines, IsEmpty());
  EXPECT_EQ(r.diagnostics.size(), 1u);
  // Near INT64_MAX the loop stops at the end value instead of overflowing.
  auto s = read_text("~SEQ(i, 9223372036854775806, 9223372036854775807) v $i\n");
  EXPECT_THAT(texts(s.lines), ElementsAre("v 9223372036854775806", "v 9223372036854775807"));
}

}  // namespace
}  // namespace vrrp::conf
