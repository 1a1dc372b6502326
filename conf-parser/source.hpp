// What the keepalived.conf reader hands to the keyword parser: logical lines of words, each
// with the file:line:column it came from, after includes, $definitions, @conditionals and
// ~SEQ/~LST expansion. Diagnostics are collected, never thrown.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vrrp::conf {

struct SourceLocation {
  std::string file;  // as given to the reader (resolved path for included files)
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

}  // namespace vrrp::conf
