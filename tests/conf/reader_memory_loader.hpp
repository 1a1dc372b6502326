// Test support for the keepalived.conf reader: an in-memory FileLoader and compact renderings
// of lines and diagnostics so tests can assert exact words and exact locations.
#pragma once

#include <fnmatch.h>

#include <map>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "conf-parser/source.hpp"

namespace vrrp::conf::testing {

/// Files keyed by absolute path; a std::nullopt entry exists but cannot be read.
class MemoryLoader final : public FileLoader {
 public:
  std::map<std::string, std::optional<std::string>> files;
  std::vector<std::string> globbed;  // patterns seen, in order

  std::optional<std::string> read(const std::string& path) override {
    auto it = files.find(path);
    return it == files.end() ? std::nullopt : it->second;
  }
  // Wildcards only: the reader expands {a,b} itself before asking.
  std::vector<std::string> glob(const std::string& pattern) override {
    globbed.push_back(pattern);
    std::vector<std::string> out;
    for (const auto& [path, content] : files) {
      if (::fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) out.push_back(path);
    }
    return out;
  }
};

struct ReadResult {
  std::vector<Line> lines;
  std::vector<Diagnostic> diagnostics;
};

inline constexpr const char* kMain = "/etc/keepalived/keepalived.conf";

inline ReadResult read_text(MemoryLoader& loader, const std::string& main_text, const ReaderOptions& options = {}) {
  loader.files[kMain] = main_text;
  ReadResult r;
  r.lines = read_config(kMain, loader, options, r.diagnostics);
  return r;
}

inline ReadResult read_text(const std::string& main_text, const ReaderOptions& options = {}) {
  MemoryLoader loader;
  return read_text(loader, main_text, options);
}

/// "word@line:col word2@line:col"; quoted words in double quotes; the file is shown only when
/// it is not the main file.
inline std::string render(const Line& l) {
  std::string out;
  for (const auto& w : l.words) {
    if (!out.empty()) out += ' ';
    out += w.quoted ? "\"" + w.text + "\"" : w.text;
    out += '@';
    if (w.loc.file != kMain) out += w.loc.file.str() + ":";
    out += std::to_string(w.loc.line) + ":" + std::to_string(w.loc.column);
  }
  return out;
}

inline std::vector<std::string> render(const std::vector<Line>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(render(l));
  return out;
}

/// Just the words of each line, joined by single blanks.
inline std::vector<std::string> texts(const std::vector<Line>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    std::string s;
    for (const auto& w : l.words) s += (s.empty() ? "" : " ") + w.text;
    out.push_back(s);
  }
  return out;
}

inline std::vector<std::string> render(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) out.push_back(d.to_string());
  return out;
}

}  // namespace vrrp::conf::testing

namespace vrrp::conf::testing {

/// "line:col: severity: message" (the file only when not the main file), hints left out.
inline std::vector<std::string> brief(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) {
    Diagnostic copy = d;
    copy.hint.clear();
    std::string s = copy.to_string();
    if (d.loc.file == kMain) s.erase(0, std::string(kMain).size() + 1);
    out.push_back(s);
  }
  return out;
}

}  // namespace vrrp::conf::testing

namespace vrrp::conf {
// Readable gtest failure output.
inline void PrintTo(const Diagnostic& d, std::ostream* os) { *os << d.to_string(); }
}  // namespace vrrp::conf
