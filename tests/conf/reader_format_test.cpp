// Reader tests for the lexical rules of keepalived.conf (keepalived-surface.md §1): comments,
// blanks, CR/LF, long lines, NULs, braces, quotes and what is *not* a continuation.
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

TEST(ReaderFormat, CommentsStartAtHashOrBangOutsideQuotes) {
  auto r = read_text(
      "auth_pass ab!cd\n"
      "router_id x # trailing\n"
      "notify \"/bin/a # b ! c\"\n"
      "auth_pass a\\#b\\!c\n"
      "! whole line\n"
      "   # indented whole line\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("auth_pass@1:1 ab@1:11", "router_id@2:1 x@2:11",
                                           "notify@3:1 \"/bin/a # b ! c\"@3:8", "auth_pass@4:1 a#b!c@4:11"));
}

TEST(ReaderFormat, BlanksAndCrLfAreStripped) {
  auto r = read_text("  \t state   MASTER  \r\n\r\n\t\n  \r\nvrrp_instance\tVI_1\r\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("state@1:5 MASTER@1:13", "vrrp_instance@5:1 VI_1@5:15"));
  EXPECT_EQ(r.lines[0].raw, "state   MASTER");
  EXPECT_EQ(r.lines[0].loc.to_string(), std::string(testing::kMain) + ":1:5");
}

TEST(ReaderFormat, LineLongerThan1023BytesIsAnErrorAndIgnored) {
  const std::string ok = "x " + std::string(1021, 'a');   // 1023 bytes: accepted
  const std::string bad = "y " + std::string(1022, 'b');  // 1024 bytes: rejected
  auto r = read_text(ok + "\n" + bad + "\nstate BACKUP\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("2:1: error: line is 1024 bytes long, the limit is 1023; line ignored"));
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].words[1].text.size(), 1021u);
  EXPECT_EQ(render(r.lines[1]), "state@3:1 BACKUP@3:7");
}

TEST(ReaderFormat, CrOfCrLfDoesNotCountTowardsTheLimit) {
  auto r = read_text("x " + std::string(1021, 'a') + "\r\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_EQ(r.lines.size(), 1u);
}

TEST(ReaderFormat, NulEndsTheLine) {
  using namespace std::string_literals;
  auto r = read_text("state MAS\0TER x\npriority 100\n\0\n"s);
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:10: warning: NUL byte in line; the rest of the line is ignored",
                                                "3:1: warning: NUL byte in line; the rest of the line is ignored"));
  EXPECT_THAT(render(r.lines), ElementsAre("state@1:1 MAS@1:7", "priority@2:1 100@2:10"));
}

TEST(ReaderFormat, BracesOutsideQuotesAreSeparateWords) {
  auto r = read_text("vrrp_instance X{\n virtual_ipaddress { 192.0.2.1 }\n}}\n{\"{a}\"}\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines),
              ElementsAre("vrrp_instance@1:1 X@1:15 {@1:16", "virtual_ipaddress@2:2 {@2:20 192.0.2.1@2:22 }@2:32",
                          "}@3:1 }@3:2", "{@4:1 \"{a}\"@4:2 }@4:7"));
  // Only split, never matched: unbalanced braces are the parser's business.
  auto unbalanced = read_text("}\n{{\n");
  EXPECT_THAT(unbalanced.diagnostics, IsEmpty());
  EXPECT_THAT(render(unbalanced.lines), ElementsAre("}@1:1", "{@2:1 {@2:2"));
}

TEST(ReaderFormat, OnlyDoubleQuotesGroup) {
  auto r = read_text("a \"b c\" 'd e' \"abc\"def x\"y z\" \"\"\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines),
              ElementsAre("a@1:1 \"b c\"@1:3 'd@1:9 e'@1:12 \"abc\"@1:15 def@1:20 x@1:24 \"y z\"@1:25 \"\"@1:31"));
}

TEST(ReaderFormat, UnbalancedQuoteRunsToEndOfLine) {
  auto r = read_text("auth_pass \"abc # def\nstate MASTER\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:11: warning: unbalanced double quote"));
  EXPECT_THAT(render(r.lines), ElementsAre("auth_pass@1:1 \"abc # def\"@1:11", "state@2:1 MASTER@2:7"));
  EXPECT_FALSE(r.diagnostics[0].hint.empty());
}

TEST(ReaderFormat, TrailingBackslashIsNotAContinuation) {
  auto r = read_text("auth_pass abc\\\nstate MASTER \\\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines), ElementsAre("auth_pass@1:1 abc\\@1:11", "state@2:1 MASTER@2:7 \\@2:14"));
}

TEST(ReaderFormat, RawKeepsSingleQuotesForScriptKeywords) {
  auto r = read_text("  notify_master \"/x.sh 'a b'\" root  # run it\n");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].raw, "notify_master \"/x.sh 'a b'\" root");
  EXPECT_EQ(render(r.lines[0]), "notify_master@1:3 \"/x.sh 'a b'\"@1:17 root@1:31");
}

TEST(ReaderFormat, MissingMainFileIsAnError) {
  testing::MemoryLoader loader;
  std::vector<Diagnostic> diags;
  auto lines = read_config("/nonexistent.conf", loader, {}, diags);
  EXPECT_THAT(lines, IsEmpty());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].to_string(),
            "/nonexistent.conf:0:0: error: cannot read configuration file '/nonexistent.conf' (hint: check that "
            "the file exists and is a readable regular file)");
}

TEST(ReaderFormat, ToStringFormats) {
  SourceLocation loc{"k.conf", 3, 7};
  EXPECT_EQ(loc.to_string(), "k.conf:3:7");
  EXPECT_EQ((Diagnostic{Severity::Warning, loc, "odd", ""}.to_string()), "k.conf:3:7: warning: odd");
  EXPECT_EQ((Diagnostic{Severity::Notice, loc, "fyi", "do x"}.to_string()), "k.conf:3:7: notice: fyi (hint: do x)");
  EXPECT_EQ((Diagnostic{Severity::Error, loc, "bad", "fix"}.to_string()), "k.conf:3:7: error: bad (hint: fix)");
}

TEST(ReaderFormat, FileWithoutFinalNewlineAndEmptyFile) {
  EXPECT_THAT(render(read_text("state MASTER").lines), ElementsAre("state@1:1 MASTER@1:7"));
  auto empty = read_text("");
  EXPECT_THAT(empty.lines, IsEmpty());
  EXPECT_THAT(empty.diagnostics, IsEmpty());
}

}  // namespace
}  // namespace vrrp::conf
