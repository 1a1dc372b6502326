// The keepalived.conf reader behind read_config(): physical lines → logical lines, with
// includes, $definitions, @conditionals and ~SEQ/~LST repetition (keepalived-surface.md §1).
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "conf-parser/reader_text.hpp"
#include "conf-parser/source.hpp"

namespace vrrp::conf::detail {

inline constexpr std::size_t kMaxPhysicalLine = 1023;  // longer lines are an error, as in keepalived
inline constexpr std::size_t kMaxIncludeDepth = 32;
inline constexpr int kMaxExpansionDepth = 32;          // nested multi-line uses and ~SEQ/~LST
inline constexpr int kMaxSubstitutions = 10000;        // per logical line
inline constexpr std::size_t kMaxExpandedLine = 65536;

class Reader {
 public:
  Reader(FileLoader& loader, ReaderOptions options, std::vector<Diagnostic>& diagnostics);
  /// Start reading `path` (once, before the first next()).
  void open(const std::string& path);
  /// The next logical line, or nullopt once every file is read. Reads only as far as needed:
  /// one physical line at a time (all the lines one ~SEQ/$definition expands to at once).
  std::optional<Line> next();
  std::size_t count_line_starts(std::string_view word) const;  // LineStream::count_line_starts

 private:
  /// A file being read; files it includes are stacked above it.
  struct Frame {
    SourceFile file;
    std::string content;
    std::size_t pos = 0;  // start of the next physical line
    int line = 0;         // physical lines read so far
    // Restored when the file ends: include_check and ${_PWD} are per file.
    SourceFile saved_file;
    std::string saved_pwd;
    unsigned saved_checks = 0;
    int saved_line = 0;
    /// Matches of an include line of this file still to be read, in order, before this
    /// file's next line.
    struct Include {
      std::string keyword;
      std::string path;
      int line = 0;
      int col = 0;
      unsigned checks = 0;
    };
    std::deque<Include> includes;
  };

  struct Definition {
    std::vector<std::string> lines;  // one for a single-line definition
    bool multi = false;
  };
  struct PendingDefinition {  // a `$NAME=...\` being collected
    std::string name;
    std::vector<std::string> lines;
    int line = 0;
    int col = 0;
  };
  struct MultiUse {  // a use of a multi-line definition ending its line
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string name;
    int col = 0;
  };
  struct Substitution {
    bool failed = false;
    bool changed = false;
    std::optional<MultiUse> multi;
  };

  // reader.cpp: files, includes, emission.
  void push_file(const std::string& path, std::string content);
  void end_file();
  void open_include(const Frame::Include& inc);
  void read_physical(std::string_view raw, int line);
  void continue_definition(const MappedText& t);
  void finish_definition();
  bool try_include(const MappedText& t, int line);
  void include(const Word& keyword, const Word& pattern, unsigned checks);
  void emit(MappedText t, int line);
  void apply_include_check(const Line& l);
  void diag(Severity s, int line, int col, std::string message, std::string hint = {},
            Verdict verdict = Verdict::General);
  bool spend(std::size_t n);

  // reader_expand.cpp: conditionals, definitions, substitution.
  void process(MappedText t, int line, int depth);
  bool keep_conditional(MappedText& t) const;
  bool try_definition(const MappedText& t, int line, int depth);
  // reader_repeat.cpp: ~SEQ / ~SEQx / ~LST.
  bool try_repeat(const MappedText& t, int line, int depth);
  Substitution substitute(MappedText& t, int line);
  std::optional<std::string> predefined(const std::string& name, const std::string& args, int line, int col);

  FileLoader& loader_;
  const ReaderOptions options_;
  std::vector<Diagnostic>& diagnostics_;
  std::deque<Line> lines_;                  // read but not yet handed out
  std::deque<Frame> frames_;                // innermost last
  std::map<std::string, Definition> definitions_;
  std::optional<PendingDefinition> pending_;
  SourceFile file_;                         // file being read
  std::string pwd_;                         // ${_PWD}
  int line_ = 0;                            // physical line being read, for budget errors
  unsigned include_checks_ = 0;
  std::mt19937 random_;
  std::size_t work_ = 0;
  bool exhausted_ = false;
  std::set<std::tuple<std::string, int, int>> warned_undefined_;
};

}  // namespace vrrp::conf::detail
