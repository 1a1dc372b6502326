// The reader with the real disk loader: every sample shipped with Debian's keepalived, and a
// temporary tree exercising glob(3) wildcards, braces and unreadable matches.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conf/reader_memory_loader.hpp"

namespace vrrp::conf {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::texts;

constexpr const char* kSamples = "/usr/share/doc/keepalived/samples";

TEST(ReaderDisk, EveryShippedSampleReadsWithoutDiagnostics) {
  if (!fs::is_directory(kSamples)) GTEST_SKIP() << kSamples << " missing (keepalived not installed)";
  auto loader = make_disk_loader();
  int configs = 0;
  for (const auto& entry : fs::directory_iterator(kSamples)) {
    const std::string path = entry.path().string();
    const std::string name = entry.path().filename().string();
    std::vector<Diagnostic> diags;
    ReaderOptions options;
    options.config_id = "high";
    auto lines = read_config(path, *loader, options, diags);
    if (name.starts_with("keepalived.conf")) {
      ++configs;
      EXPECT_THAT(diags, IsEmpty()) << path;
      EXPECT_GT(lines.size(), 5u) << path;
      for (const auto& l : lines) {
        for (const auto& w : l.words) {
          EXPECT_EQ(w.loc.file, path);
          EXPECT_GE(w.loc.line, 1);
          EXPECT_GE(w.loc.column, 1);
        }
      }
    } else if (name.ends_with(".gz")) {
      // Justified: compressed binary data has NULs, so the reader must flag and drop lines.
      EXPECT_FALSE(diags.empty()) << path;
    } else {
      // Justified: a shell script, not a config; whatever it yields must be well-formed.
      for (const auto& d : diags) EXPECT_NE(d.severity, Severity::Error) << d.to_string();
    }
  }
  EXPECT_EQ(configs, 25);
}

TEST(ReaderDisk, ConditionalSampleFollowsConfigId) {
  const std::string path = std::string(kSamples) + "/keepalived.conf.conditional_conf";
  if (!fs::exists(path)) GTEST_SKIP();
  auto loader = make_disk_loader();
  std::vector<Diagnostic> diags;
  ReaderOptions options;
  options.config_id = "low";
  auto lines = read_config(path, *loader, options, diags);
  EXPECT_THAT(diags, IsEmpty());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(texts(lines).front(), "net_namespace low");
  EXPECT_EQ(lines.front().loc.to_string(), path + ":4:6");
}

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("vrrp-reader-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "conf.d" / "dir.conf");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }
  fs::path root_;
};

TEST_F(TempTree, GlobBracesRelativePathsAndUnreadableMatches) {
  write("keepalived.conf", "top\ninclude conf.d/*.conf\nincluder conf.d/{z,y}.conf\ninclude extra.{inc,x}\n");
  write("conf.d/b.conf", "b ${_PWD}\n");
  write("conf.d/a.conf", "a\n");
  write("conf.d/y.conf", "y\n");
  write("conf.d/z.conf", "z\n");
  write("extra.inc", "extra\n");
  auto loader = make_disk_loader();
  std::vector<Diagnostic> diags;
  const std::string main = (root_ / "keepalived.conf").string();
  auto lines = read_config(main, *loader, {}, diags);
  // conf.d/dir.conf is a directory: matched by the wildcard but not a readable file.
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Severity::Notice);
  EXPECT_EQ(diags[0].loc.to_string(), main + ":2:9");
  EXPECT_THAT(texts(lines), ElementsAre("top", "a", "b " + (root_ / "conf.d").string(), "y", "z", "z", "y", "extra"));
  EXPECT_EQ(lines[2].loc.file, (root_ / "conf.d" / "b.conf").string());
}

TEST_F(TempTree, MissingFileIsAnErrorWithIncluder) {
  write("keepalived.conf", "includer conf.d/dir.conf\n");
  auto loader = make_disk_loader();
  std::vector<Diagnostic> diags;
  read_config((root_ / "keepalived.conf").string(), *loader, {}, diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Severity::Error);
  EXPECT_EQ(diags[0].message, "'includer': cannot read '" + (root_ / "conf.d" / "dir.conf").string() + "'");
}

}  // namespace
}  // namespace vrrp::conf
