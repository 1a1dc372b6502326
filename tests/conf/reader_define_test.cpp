// Reader tests for @conditionals, $NAME= definitions (single and multi-line), substitution and
// the predefined ${_...} names (keepalived-surface.md §1, man keepalived.conf "ADVANCED").
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

ReaderOptions with_id(const std::string& id) {
  ReaderOptions o;
  o.config_id = id;
  return o;
}

TEST(ReaderConditional, AtIdKeepsLineOnlyForThatConfigId) {
  const std::string text =
      "@main router_id main_router\n"
      "@backup router_id backup_router\n"
      "@^main\tpeer 192.0.2.1\n"
      "@main\n"
      "state BACKUP\n";
  auto main = read_text(text, with_id("main"));
  EXPECT_THAT(main.diagnostics, IsEmpty());
  EXPECT_THAT(render(main.lines), ElementsAre("router_id@1:7 main_router@1:17", "state@5:1 BACKUP@5:7"));
  EXPECT_EQ(main.lines[0].raw, "router_id main_router");
  EXPECT_EQ(main.lines[0].loc.column, 7);
  auto backup = read_text(text, with_id("backup"));
  EXPECT_THAT(render(backup.lines),
              ElementsAre("router_id@2:9 backup_router@2:19", "peer@3:8 192.0.2.1@3:13", "state@5:1 BACKUP@5:7"));
  auto none = read_text(text);
  EXPECT_THAT(texts(none.lines), ElementsAre("peer 192.0.2.1", "state BACKUP"));
}

TEST(ReaderDefine, SimpleDefinitionAndUseForms) {
  auto r = read_text(
      "$IF=eth0\n"
      "interface $IF\n"
      "track $IF,$IF) ${IF}.10 $IF.10 $IFX x${IF}y\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  // $NAME is replaced only before a blank, ',', ')' or the end; ${NAME} anywhere.
  EXPECT_THAT(render(r.lines), ElementsAre("interface@2:1 eth0@2:11",
                                           "track@3:1 eth0,eth0)@3:7 eth0.10@3:16 $IF.10@3:25 $IFX@3:32 xeth0y@3:37"));
}

TEST(ReaderDefine, SubstitutedWordsPointAtTheUseSite) {
  auto r = read_text("$ADDR=192.0.2.1   dev   eth0\nvirtual_ipaddress { ${ADDR} label x }\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(render(r.lines[0]),
            "virtual_ipaddress@2:1 {@2:19 192.0.2.1@2:21 dev@2:21 eth0@2:21 label@2:29 x@2:35 }@2:37");
  EXPECT_EQ(r.lines[0].raw, "virtual_ipaddress { 192.0.2.1   dev   eth0 label x }");
}

TEST(ReaderDefine, BlanksAfterEqualsSkippedEmptyValueAllowedIndentAllowed) {
  auto r = read_text("   $A=   v1\n$E=\nx${E}y $A\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("xy@3:1 v1@3:8"));
}

TEST(ReaderDefine, RedefinitionReplacesAndBindingIsLate) {
  // The example of man keepalived.conf, "Parameter substitution".
  auto r = read_text(
      "$ADDRESS_BASE=2001:db8:${ADDRESS_BASE_SUB}\n"
      "$ADDRESS_BASE_SUB=0\n"
      "${ADDRESS_BASE}::100/128\n"
      "$ADDRESS_BASE_SUB=10\n"
      "${ADDRESS_BASE}::100/128\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("2001:db8:0::100/128@3:1", "2001:db8:10::100/128@5:1"));
}

TEST(ReaderDefine, SubstitutionWorksInsideDoubleQuotes) {
  auto r = read_text("$S=/usr/bin/x.sh\nnotify \"$S ${S}-2\"\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("notify@2:1 \"/usr/bin/x.sh /usr/bin/x.sh-2\"@2:8"));
}

TEST(ReaderDefine, UndefinedNamesAreLeftVerbatim) {
  auto r = read_text("script \"echo ${HOME} $X\"\nfoo $UNDEF ${UNDEF}\n");
  // Outside quotes the braces of ${UNDEF} become block delimiters, so that one is flagged.
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("2:12: warning: '${UNDEF}' is not defined and is left as is"));
  EXPECT_THAT(render(r.lines),
              ElementsAre("script@1:1 \"echo ${HOME} $X\"@1:8", "foo@2:1 $UNDEF@2:5 $@2:12 {@2:13 UNDEF@2:14 }@2:19"));
}

TEST(ReaderDefine, BadDefinitionsAreErrors) {
  auto r = read_text("$X =1\n  $1X=2\n$=3\n$OK=4\n$OK\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("1:1: error: bad definition of 'X': blank before '='; line ignored",
                          "2:3: error: bad definition: '1X' is not a valid parameter name; line ignored",
                          "3:1: error: bad definition: '' is not a valid parameter name; line ignored"));
  EXPECT_FALSE(r.diagnostics[0].hint.empty());
  EXPECT_THAT(render(r.lines), ElementsAre("4@5:1"));
}

TEST(ReaderDefine, SelfReferenceIsReportedNotLooped) {
  auto r = read_text("$A=${A}x\n$B=$B\nv ${A}\nw $B\nok\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("3:3: error: substitution of '$A' does not end; line dropped",
                                                "4:3: error: substitution of '$B' does not end; line dropped"));
  EXPECT_THAT(render(r.lines), ElementsAre("ok@5:1"));
}

TEST(ReaderDefine, MultiLineDefinitionExpandsToLinesAtTheUseSite) {
  auto r = read_text(
      "$INSTANCE= \\\n"
      "vrrp_instance VI_${NUM} {   \\\n"
      "    # a comment inside\n"
      "   \t\n"
      "    interface eth0.${NUM}\\\n"
      "    @high priority 130 \\\n"
      "}\n"
      "$NUM=0\n"
      "  $INSTANCE\n"
      "$NUM=1\n"
      "$INSTANCE\n",
      with_id("high"));
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("vrrp_instance@9:3 VI_0@9:3 {@9:3", "interface@9:3 eth0.0@9:3",
                                           "priority@9:3 130@9:3", "}@9:3", "vrrp_instance@11:1 VI_1@11:1 {@11:1",
                                           "interface@11:1 eth0.1@11:1", "priority@11:1 130@11:1", "}@11:1"));
}

TEST(ReaderDefine, NestedMultiLineDefinitionsBindInnerDefinitionsInOrder) {
  auto r = read_text(
      "$RS= \\\n"
      "real_server 192.0.2.${RS_NUM} 80 { \\\n"
      "  weight ${RS_NUM} \\\n"
      "}\n"
      "$VS= \\\n"
      "virtual_server ${VS_NUM} { \\\n"
      "  $RS_NUM=1 \\\n"
      "  $RS \\\n"
      "  $RS_NUM=2 \\\n"
      "  $RS \\\n"
      "}\n"
      "$VS_NUM=7\n"
      "$VS\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(texts(r.lines), ElementsAre("virtual_server 7 {", "real_server 192.0.2.1 80 {", "weight 1", "}",
                                          "real_server 192.0.2.2 80 {", "weight 2", "}", "}"));
  for (const auto& l : r.lines) EXPECT_EQ(l.loc.line, 13);
}

TEST(ReaderDefine, EmptyLineEndsAMultiLineDefinition) {
  // Blank-only and comment lines are skipped inside the definition, a truly empty one ends it.
  auto r = read_text("$M=a \\\n  \n# c\nb \\\n\nc\n$M\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("c@6:1", "a@7:1", "b@7:1"));
}

TEST(ReaderDefine, MultiLineExpandsOnlyAtEndOfLine) {
  auto r = read_text("$M=a \\\nb\nx$M\nx $M y\n  ${M}  \n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("4:3: warning: multi-line definition 'M' is only expanded at the end of a line; left as is"));
  EXPECT_THAT(render(r.lines), ElementsAre("xa@3:1", "b@3:2", "x@4:1 $M@4:3 y@4:6", "a@5:3", "b@5:3"));
}

TEST(ReaderDefine, RecursiveMultiLineDefinitionHitsTheDepthLimit) {
  auto r = read_text("$M= \\\nline\\\n$M\n$M\nafter\n");
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(brief(r.diagnostics).front(),
            "4:1: error: expansion nested deeper than 32 levels; line dropped");
  EXPECT_EQ(r.lines.size(), 33u);  // "line" at levels 1..32, then "after"
  EXPECT_EQ(testing::texts(r.lines).back(), "after");
}

TEST(ReaderDefine, MultiLineDefinitionRunningToEndOfFileIsWarned) {
  auto r = read_text("$M= a \\\n b \\\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("1:1: warning: multi-line definition of 'M' runs to the end of the file"));
}

TEST(ReaderDefine, ConditionalDefinitionsAndConditionalValues) {
  const std::string text =
      "@main $PRIORITY=240\n"
      "@backup $PRIORITY=200\n"
      "priority $PRIORITY\n"
      "$IF_MAIN=@main\n"
      "$IF_MAIN advert_int 3\n";
  EXPECT_THAT(render(read_text(text, with_id("main")).lines),
              ElementsAre("priority@3:1 240@3:10", "advert_int@5:10 3@5:21"));
  EXPECT_THAT(render(read_text(text, with_id("backup")).lines), ElementsAre("priority@3:1 200@3:10"));
}

TEST(ReaderDefine, ReservedNamesWarn) {
  auto r = read_text("$_MINE=1\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:1: warning: parameter names starting with '_' are reserved: '_MINE'"));
}

TEST(ReaderPredefined, PwdInstanceHashBangEnv) {
  ReaderOptions o = with_id("lb1");
  o.getenv = [](const std::string& v) -> std::optional<std::string> {
    if (v == "SITE") return "paris";
    return std::nullopt;
  };
  auto r = read_text("x ${_PWD} ${_INSTANCE} a${_HASH}b ${_BANG} ${_ENV SITE} [${_ENV NOPE}]\n", o);
  EXPECT_THAT(r.diagnostics, IsEmpty());
  // _HASH/_BANG give literal characters (the documented intent; 2.2.7 still cut the line).
  EXPECT_THAT(render(r.lines),
              ElementsAre("x@1:1 /etc/keepalived@1:3 lb1@1:11 a#b@1:24 !@1:35 paris@1:44 []@1:57"));
}

TEST(ReaderPredefined, RandomIsSeededAndBounded) {
  ReaderOptions o;
  o.random_seed = 42;
  const std::string text = "a ${_RANDOM} ${_RANDOM 5} ${_RANDOM 10 12} ${_RANDOM 7 7}\n";
  auto r1 = read_text(text, o);
  auto r2 = read_text(text, o);
  EXPECT_THAT(r1.diagnostics, IsEmpty());
  ASSERT_EQ(r1.lines.size(), 1u);
  EXPECT_EQ(texts(r1.lines), texts(r2.lines));
  const auto& w = r1.lines[0].words;
  ASSERT_EQ(w.size(), 5u);
  EXPECT_LE(std::stol(w[1].text), 32767);
  EXPECT_GE(std::stol(w[2].text), 5);
  EXPECT_LE(std::stol(w[2].text), 32767);
  EXPECT_GE(std::stol(w[3].text), 10);
  EXPECT_LE(std::stol(w[3].text), 12);
  EXPECT_EQ(w[4].text, "7");
  // Many draws in a small range reach both ends: the value is really random.
  std::string many;
  for (int i = 0; i < 64; ++i) many += "${_RANDOM 0 1}";
  auto r3 = read_text(many + "\n", o);
  EXPECT_NE(r3.lines[0].words[0].text.find('0'), std::string::npos);
  EXPECT_NE(r3.lines[0].words[0].text.find('1'), std::string::npos);
}

TEST(ReaderPredefined, RandomSeedLineReseeds) {
  auto a = read_text("random_seed 7\nv ${_RANDOM}\n");
  ReaderOptions o;
  o.random_seed = 7;
  auto b = read_text("v ${_RANDOM}\n", o);
  EXPECT_EQ(a.lines[1].words[1].text, b.lines[0].words[1].text);
  EXPECT_EQ(texts(a.lines).front(), "random_seed 7");  // still handed to the parser
}

TEST(ReaderPredefined, BadRandomArgumentsWarn) {
  auto r = read_text("v ${_RANDOM 9 3} ${_RANDOM x}\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:3: warning: bad ${_RANDOM 9 3}; using its minimum",
                                                "1:18: warning: bad ${_RANDOM x}; using its minimum"));
  EXPECT_THAT(texts(r.lines), ElementsAre("v 9 0"));
}

}  // namespace
}  // namespace vrrp::conf
