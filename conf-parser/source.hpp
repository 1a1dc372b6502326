// What the keepalived.conf reader hands to the keyword parser: logical lines of words, each
// with the file:line:column it came from, after includes, $definitions, @conditionals and
// ~SEQ/~LST expansion. Diagnostics are collected, never thrown.
#pragma once

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

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation loc;
  std::string message;
  std::string hint;  // may be empty
  std::string to_string() const;  // "file:line:col: error: message (hint: ...)"
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

struct ReaderOptions {
  std::string config_id;  // -i; default: hostname up to the first '.'
  std::function<std::optional<std::string>(const std::string&)> getenv;  // ${_ENV VAR}; null: none
  unsigned random_seed = 0;
};

/// Read `path` and everything it includes into logical lines.
std::vector<Line> read_config(const std::string& path, FileLoader& loader, const ReaderOptions& options,
                              std::vector<Diagnostic>& diagnostics);

}  // namespace vrrp::conf
