// What the keepalived.conf reader hands to the keyword parser: logical lines of words, each
// with the file:line:column it came from, after includes, $definitions, @conditionals and
// ~SEQ/~LST expansion. Diagnostics are collected, never thrown.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vrrp::conf {

namespace detail {
class Reader;
}

/// A file name, interned: every location in a file points at one process-wide copy of its
/// name, so a location costs a pointer rather than a copy of the path (large configs hold
/// millions of them) and copying one is free. Reads like the std::string it stands for:
/// converts to `const std::string&`, compares with strings, prints. Interned names live until
/// the process ends (one entry per distinct name ever read; configs name few files).
class SourceFile {
 public:
  SourceFile() = default;
  SourceFile(std::string_view path);                                     // NOLINT: implicit by design
  SourceFile(const std::string& path) : SourceFile(std::string_view(path)) {}  // NOLINT
  SourceFile(const char* path) : SourceFile(std::string_view(path)) {}        // NOLINT

  const std::string& str() const { return path_ ? *path_ : empty(); }
  operator const std::string&() const { return str(); }  // NOLINT: implicit by design

  friend bool operator==(const SourceFile& a, std::string_view b) { return a.str() == b; }
  friend std::ostream& operator<<(std::ostream& os, const SourceFile& f);

 private:
  static const std::string& empty();
  const std::string* path_ = nullptr;  // into the intern table; never freed
};

struct SourceLocation {
  SourceFile file;   // as given to the reader (resolved path for included files)
  int line = 0;      // 1-based
  int column = 0;    // 1-based, of the word's first character in the physical line
  std::string to_string() const;  // "file:line:column"
};

enum class Severity { Error, Warning, Notice };

/// How a diagnostic weighs in the `-t` verdict (keepalived-surface.md §3: the highest class seen
/// wins). Defaults to General: whatever keepalived itself reports makes `keepalived -t` exit 5.
enum class Verdict {
  General,   // keepalived reports it: exit 5
  Fatal,     // keepalived's fatal class (e.g. non-existent interface): exit 4
  Security,  // scripts configured without enable_script_security: exit 6
  Advice,    // ours only (dangerous but accepted by keepalived): exit 0, or 5 with --strict
  Silent,    // keepalived prints it but still exits 0 (e.g. a missing config file)
  MissingFile,  // an include that include_check requires is missing or unreadable: exit 6
};

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation loc;
  std::string message;
  std::string hint;  // may be empty
  std::string to_string() const;  // "file:line:col: error: message (hint: ...)"
  Verdict verdict = Verdict::General;  // ignored for Severity::Notice, which never counts
};

struct Word {
  std::string text;  // quotes removed
  SourceLocation loc;
  bool quoted = false;
};

/// One logical config line. `{` and `}` outside quotes are always separate words.
struct Line {
  std::vector<Word> words;
  std::string raw;  // the line after $substitution, before word splitting (script keywords re-split it)
  SourceLocation loc;  // of the line start
};

/// File system access, injectable so tests use in-memory files.
class FileLoader {
 public:
  virtual ~FileLoader() = default;
  virtual std::optional<std::string> read(const std::string& path) = 0;
  /// Expand a glob pattern (wildcards and {a,b} braces) to existing paths, sorted.
  virtual std::vector<std::string> glob(const std::string& pattern) = 0;
};
std::unique_ptr<FileLoader> make_disk_loader();

/// include_check bits (global_defs `include_check`, CLI `-e` = kIncludeCheckAll).
inline constexpr unsigned kIncludeCheckReadable = 1;       // a match that cannot be read is an error
inline constexpr unsigned kIncludeCheckMatch = 2;          // no match is an error unless wildcarded
inline constexpr unsigned kIncludeCheckWildcardMatch = 4;  // no match is an error even if wildcarded
inline constexpr unsigned kIncludeCheckBraceMatch = 8;     // every {a,b} alternative must match
inline constexpr unsigned kIncludeCheckAll = 15;

struct ReaderOptions {
  std::string config_id;  // -i; default: hostname up to the first '.'
  std::function<std::optional<std::string>(const std::string&)> getenv;  // ${_ENV VAR}; null: none
  unsigned random_seed = 0;  // ${_RANDOM}; a `random_seed N` line in the config re-seeds
  unsigned include_checks = 0;  // initial include_check bits (CLI -e: kIncludeCheckAll)
  /// Expansion budget (bytes processed, ~SEQ/~LST iterations, substitutions): a config that
  /// exceeds it gets one error and the rest is dropped. Keeps hostile input bounded (fuzzing).
  std::size_t max_work = std::size_t{256} << 20;
};

/// Read `path` and everything it includes into logical lines. Never throws on bad input: every
/// problem is appended to `diagnostics`. Lines starting `include*` are consumed here; lines
/// `include_check ...` and `random_seed N` are acted on here *and* passed on to the parser.
std::vector<Line> read_config(const std::string& path, FileLoader& loader, const ReaderOptions& options,
                              std::vector<Diagnostic>& diagnostics);

/// read_config() as a stream: the same lines and diagnostics, produced as next() asks for them,
/// so that a large config is never held whole as lines (conf::load parses from one). Keeps
/// references to `loader` and `diagnostics`, which must outlive it.
class LineStream {
 public:
  LineStream(const std::string& path, FileLoader& loader, const ReaderOptions& options,
             std::vector<Diagnostic>& diagnostics);
  ~LineStream();
  LineStream(const LineStream&) = delete;
  LineStream& operator=(const LineStream&) = delete;
  /// The next logical line, or nullopt at the end (and on every call after it).
  std::optional<Line> next();
  /// How many physical lines not yet read from the files open now start with `word` (then a
  /// blank, `{` or the end of the line), before any expansion: a capacity hint for the parser,
  /// exact for a plain single file. Scans the rest of the open files, so call it rarely.
  std::size_t count_line_starts(std::string_view word) const;

 private:
  std::unique_ptr<detail::Reader> reader_;
};

}  // namespace vrrp::conf
