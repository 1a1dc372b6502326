// Reader tests for include and its variants, include_check, relative resolution, cycles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conf/reader_memory_loader.hpp"

namespace vrrp::conf {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::brief;
using testing::MemoryLoader;
using testing::read_text;
using testing::render;
using testing::texts;

TEST(ReaderInclude, RelativeToIncludingFileSortedAndInPlace) {
  MemoryLoader l;
  l.files["/etc/keepalived/conf.d/b.conf"] = "state BACKUP\n";
  l.files["/etc/keepalived/conf.d/a.conf"] = "\n  priority 100\ninclude sub/x.conf\n";
  l.files["/etc/keepalived/conf.d/sub/x.conf"] = "advert_int 2\n";
  l.files["/etc/keepalived/conf.d/skip.txt"] = "nope\n";
  auto r = read_text(l, "vrrp_instance A {\n  include conf.d/*.conf\n}\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(render(r.lines),
              ElementsAre("vrrp_instance@1:1 A@1:15 {@1:17", "priority@/etc/keepalived/conf.d/a.conf:2:3 100@/etc/keepalived/conf.d/a.conf:2:12",
                          "advert_int@/etc/keepalived/conf.d/sub/x.conf:1:1 2@/etc/keepalived/conf.d/sub/x.conf:1:12",
                          "state@/etc/keepalived/conf.d/b.conf:1:1 BACKUP@/etc/keepalived/conf.d/b.conf:1:7", "}@3:1"));
}

TEST(ReaderInclude, BraceAlternativesInTheirOrder) {
  MemoryLoader l;
  l.files["/etc/keepalived/a.conf"] = "a\n";
  l.files["/etc/keepalived/b.conf"] = "b\n";
  l.files["/etc/other/c.conf"] = "c\n";
  auto r = read_text(l, "include {b,a,../other/c}.conf\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(texts(r.lines), ElementsAre("b", "a", "c"));
  EXPECT_THAT(l.globbed, ElementsAre("/etc/keepalived/b.conf", "/etc/keepalived/a.conf", "/etc/other/c.conf"));
}

TEST(ReaderInclude, PlainIncludeNeverErrs) {
  MemoryLoader l;
  l.files["/etc/keepalived/locked.conf"] = std::nullopt;
  auto r = read_text(l, "include nothing.conf\ninclude   locked.conf\ninclude none/*.conf\nok\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("1:9: notice: 'include nothing.conf' matches no file",
                          "2:11: notice: 'include': cannot read '/etc/keepalived/locked.conf'",
                          "3:9: notice: 'include none/*.conf' matches no file"));
  EXPECT_THAT(texts(r.lines), ElementsAre("ok"));
}

TEST(ReaderInclude, IncludemErrsOnNoMatchUnlessWildcard) {
  auto r = read_text("includem nothing.conf\nincludem none/*.conf\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:10: error: 'includem nothing.conf' matches no file",
                                                "2:10: notice: 'includem none/*.conf' matches no file"));
  EXPECT_EQ(r.diagnostics[0].hint, "relative paths are resolved from '/etc/keepalived'");
}

TEST(ReaderInclude, IncludewErrsEvenWithWildcard) {
  auto r = read_text("includew none/*.conf\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:10: error: 'includew none/*.conf' matches no file"));
}

TEST(ReaderInclude, IncluderErrsOnUnreadableMatch) {
  MemoryLoader l;
  l.files["/etc/keepalived/locked.conf"] = std::nullopt;
  auto r = read_text(l, "includer locked.conf\nincluder missing.conf\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:10: error: 'includer': cannot read '/etc/keepalived/locked.conf'",
                                                "2:10: notice: 'includer missing.conf' matches no file"));
}

TEST(ReaderInclude, IncludebErrsPerUnmatchedBraceAlternative) {
  MemoryLoader l;
  l.files["/etc/keepalived/a.conf"] = "a\n";
  auto r = read_text(l, "includeb {a,b}.conf\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:10: error: 'includeb': brace alternative 'b.conf' matches no file"));
  EXPECT_THAT(texts(r.lines), ElementsAre("a"));
}

TEST(ReaderInclude, IncludeaAppliesEveryCheck) {
  auto r = read_text("includea x/*.conf\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:10: error: 'includea x/*.conf' matches no file"));
}

TEST(ReaderInclude, IncludeCheckKeywordSetsDefaultsPerFile) {
  MemoryLoader l;
  l.files["/etc/keepalived/inner.conf"] = "include_check -match\ninclude gone1.conf\n";
  auto r = read_text(l,
                     "global_defs {\n include_check match\n}\ninclude gone0.conf\ninclude inner.conf\n"
                     "include gone2.conf\ninclude_check -match\ninclude gone3.conf\n");
  // inner.conf's own include_check ends with inner.conf; gone2 is checked again.
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("4:9: error: 'include gone0.conf' matches no file",
                          "/etc/keepalived/inner.conf:2:9: notice: 'include gone1.conf' matches no file",
                          "6:9: error: 'include gone2.conf' matches no file",
                          "8:9: notice: 'include gone3.conf' matches no file"));
  // The keyword itself is also handed to the parser.
  EXPECT_THAT(texts(r.lines), ElementsAre("global_defs {", "include_check match", "}", "include_check -match",
                                          "include_check -match"));
}

TEST(ReaderInclude, IncludeCheckWithoutOptionsMeansAllAndUnknownOptionWarns) {
  auto r = read_text("include_check\ninclude x/*.conf\ninclude_check +bogus\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("2:9: error: 'include x/*.conf' matches no file",
                                                "3:15: warning: include_check: unknown option '+bogus'"));
}

TEST(ReaderInclude, CliAllChecksOption) {
  ReaderOptions o;
  o.include_checks = kIncludeCheckAll;
  auto r = read_text("include x.conf\n", o);
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:9: error: 'include x.conf' matches no file"));
}

TEST(ReaderInclude, CycleIsReportedAndBroken) {
  MemoryLoader l;
  l.files["/etc/keepalived/a.conf"] = "in_a\ninclude b.conf\n";
  l.files["/etc/keepalived/b.conf"] = "in_b\n\ninclude a.conf\n";
  auto r = read_text(l, "include a.conf\ninclude keepalived.conf\nend\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("/etc/keepalived/b.conf:3:9: error: include cycle: /etc/keepalived/keepalived.conf -> "
                          "/etc/keepalived/a.conf -> /etc/keepalived/b.conf -> /etc/keepalived/a.conf; not included again",
                          "2:9: error: include cycle: /etc/keepalived/keepalived.conf -> "
                          "/etc/keepalived/keepalived.conf; not included again"));
  EXPECT_THAT(texts(r.lines), ElementsAre("in_a", "in_b", "end"));
}

TEST(ReaderInclude, DepthIsLimited) {
  MemoryLoader l;
  for (int i = 0; i < 40; ++i) {
    l.files["/etc/keepalived/f" + std::to_string(i) + ".conf"] = "include f" + std::to_string(i + 1) + ".conf\n";
  }
  auto r = read_text(l, "include f0.conf\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("/etc/keepalived/f30.conf:1:9: error: includes nested deeper than 32 files; "
                          "'/etc/keepalived/f31.conf' not read"));
}

TEST(ReaderInclude, SameFileTwiceIsNotACycle) {
  MemoryLoader l;
  l.files["/etc/keepalived/x.conf"] = "x\n";
  auto r = read_text(l, "include x.conf\ninclude x.conf\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(texts(r.lines), ElementsAre("x", "x"));
}

TEST(ReaderInclude, ConditionalIncludeIsRejected) {
  MemoryLoader l;
  l.files["/etc/keepalived/x.conf"] = "x\n";
  auto r = read_text(l, "@main include x.conf\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:1: error: 'include' cannot be conditional"));
  EXPECT_THAT(r.lines, IsEmpty());
}

TEST(ReaderInclude, IncludeFromAnExpansionIsRejected) {
  MemoryLoader l;
  l.files["/etc/keepalived/x.conf"] = "x\n";
  auto r = read_text(l, "$INC=include x.conf\n$INC\n~LST(f, x.conf) include $f\n");
  EXPECT_THAT(brief(r.diagnostics),
              ElementsAre("2:1: error: 'include' produced by $substitution, ~SEQ or ~LST is not supported; line ignored",
                          "3:17: error: 'include' produced by $substitution, ~SEQ or ~LST is not supported; line ignored"));
  EXPECT_THAT(r.lines, IsEmpty());
}

TEST(ReaderInclude, MissingPatternAndExtraWords) {
  MemoryLoader l;
  l.files["/etc/keepalived/x.conf"] = "x\n";
  auto r = read_text(l, "include\ninclude x.conf y.conf\n");
  EXPECT_THAT(brief(r.diagnostics), ElementsAre("1:1: error: 'include' needs a file name or pattern",
                                                "2:16: warning: extra words after 'include x.conf' ignored"));
  EXPECT_THAT(texts(r.lines), ElementsAre("x"));
}

TEST(ReaderInclude, PwdFollowsTheCurrentFileAndDefinitionsAreGlobal) {
  MemoryLoader l;
  l.files["/srv/k/sub/defs.conf"] = "$WHERE=${_PWD}\nhere ${_PWD}\n";
  auto r = read_text(l, "include /srv/k/sub/defs.conf\nthere ${_PWD} $WHERE\n");
  EXPECT_THAT(r.diagnostics, IsEmpty());
  EXPECT_THAT(texts(r.lines), ElementsAre("here /srv/k/sub", "there /etc/keepalived /etc/keepalived"));
}

}  // namespace
}  // namespace vrrp::conf
