// The reader as a stream (LineStream): lazy, the same lines and diagnostics as read_config(),
// interned file names, the instance-count hint, and load() parsing straight from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conf-parser/config.hpp"
#include "conf/reader_memory_loader.hpp"

namespace vrrp::conf {
namespace {

using ::testing::ElementsAre;
using testing::brief;
using testing::kMain;
using testing::MemoryLoader;
using testing::render;

/// Counts reads, so a test can see when the stream opens an included file.
class CountingLoader final : public FileLoader {
 public:
  explicit CountingLoader(MemoryLoader& inner) : inner_(inner) {}
  std::optional<std::string> read(const std::string& path) override {
    reads.push_back(path);
    return inner_.read(path);
  }
  std::vector<std::string> glob(const std::string& pattern) override { return inner_.glob(pattern); }
  std::vector<std::string> reads;

 private:
  MemoryLoader& inner_;
};

const char* kIncluding =
    "a 1\n"
    "include /etc/keepalived/x.conf\n"
    "b ${Y}\n"
    "~SEQ(i, 1, 2) c $i\n";

MemoryLoader including_files() {
  MemoryLoader l;
  l.files[kMain] = kIncluding;
  l.files["/etc/keepalived/x.conf"] = "$Y=2\nx 1\n";
  return l;
}

TEST(ReaderStream, SameLinesAndDiagnosticsAsReadConfig) {
  MemoryLoader l = including_files();
  l.files[kMain] = std::string(kIncluding) + "d ${UNDEFINED}\ninclude /nowhere.conf\n";
  std::vector<Diagnostic> whole_diags;
  const auto whole = read_config(kMain, l, {}, whole_diags);
  std::vector<Diagnostic> stream_diags;
  LineStream stream(kMain, l, {}, stream_diags);
  std::vector<Line> streamed;
  while (auto line = stream.next()) streamed.push_back(std::move(*line));
  EXPECT_FALSE(stream.next()) << "stays at the end";
  EXPECT_EQ(render(streamed), render(whole));
  EXPECT_EQ(brief(stream_diags), brief(whole_diags));
  EXPECT_EQ(whole_diags.size(), 2u);
}

TEST(ReaderStream, ReadsOnlyAsFarAsAsked) {
  MemoryLoader inner = including_files();
  CountingLoader l(inner);
  std::vector<Diagnostic> diags;
  LineStream stream(kMain, l, {}, diags);
  EXPECT_THAT(l.reads, ElementsAre(kMain));
  ASSERT_TRUE(stream.next());  // a 1
  EXPECT_THAT(l.reads, ElementsAre(kMain)) << "the include line is not read yet";
  auto x = stream.next();
  ASSERT_TRUE(x);
  EXPECT_EQ(render(*x), "x@/etc/keepalived/x.conf:2:1 1@/etc/keepalived/x.conf:2:3");
  EXPECT_THAT(l.reads, ElementsAre(kMain, "/etc/keepalived/x.conf"));
  std::vector<std::string> rest;
  while (auto line = stream.next()) rest.push_back(render(*line));
  EXPECT_THAT(rest, ElementsAre("b@3:1 2@3:3", "c@4:15 1@4:17", "c@4:15 2@4:17"));
}

TEST(ReaderStream, LocationsShareOneInternedFileName) {
  MemoryLoader l = including_files();
  std::vector<Diagnostic> diags;
  const auto lines = read_config(kMain, l, {}, diags);
  ASSERT_GE(lines.size(), 3u);
  const std::string& a = lines[0].words[0].loc.file;
  const std::string& b = lines[2].words[1].loc.file;
  EXPECT_EQ(&a, &b) << "one copy of the name per file";
  EXPECT_EQ(a, kMain);
  EXPECT_EQ(SourceFile(std::string(kMain)), kMain);
  EXPECT_EQ(&SourceFile(kMain).str(), &a) << "interned: equal names share storage";
  EXPECT_EQ(SourceLocation{}.to_string(), ":0:0");
}

TEST(ReaderStream, CountsLineStartsStillAhead) {
  MemoryLoader l;
  l.files[kMain] =
      "vrrp_instance A {\n}\n  vrrp_instance\tB{\n}\n# vrrp_instance C\nxvrrp_instance D\n"
      "vrrp_instances E\nvrrp_instance{\n}\n";
  std::vector<Diagnostic> diags;
  LineStream stream(kMain, l, {}, diags);
  EXPECT_EQ(stream.count_line_starts("vrrp_instance"), 3u);
  ASSERT_TRUE(stream.next());
  EXPECT_EQ(stream.count_line_starts("vrrp_instance"), 2u) << "the line read is no longer ahead";
}

TEST(ReaderStream, LoadKeepsReaderDiagnosticsFirst) {
  MemoryLoader l;
  // The parser's complaint (line 1) comes after the reader's (line 2), as before streaming.
  l.files[kMain] = "bogus_keyword 1\nx ${UNDEFINED}\n";
  LoadOptions o;
  o.loader = &l;
  o.config_id = "h";
  const auto r = load(kMain, o);
  const auto all = brief(r.diagnostics);
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all[0], "2:3: warning: '${UNDEFINED}' is not defined and is left as is");
  EXPECT_EQ(all[1], "1:1: warning: Unknown keyword 'bogus_keyword'");
  EXPECT_EQ(r.parsed_vrrp_instances, 0u);
}

TEST(ReaderStream, LoadCountsParsedInstancesBeforeValidationDropsAny) {
  MemoryLoader l;
  // VI_2 has no VRID: validation drops it, the parse count keeps it (the daemon's "declared").
  l.files[kMain] =
      "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1\n  virtual_ipaddress {\n    192.0.2.1\n  }\n}\n"
      "vrrp_instance VI_2 {\n  interface eth0\n  virtual_ipaddress {\n    192.0.2.2\n  }\n}\n";
  LoadOptions o;
  o.loader = &l;
  o.config_id = "h";
  const auto r = load(kMain, o);
  EXPECT_EQ(r.parsed_vrrp_instances, 2u);
  EXPECT_EQ(r.model->vrrp_instance.size(), 1u);
}

}  // namespace
}  // namespace vrrp::conf
