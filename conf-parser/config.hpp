// Public entry points of conf-parser for vrrpd's main: load a keepalived.conf, judge it like
// `keepalived -t`, print the understood model (--dump-config). Lowering to proto:: lives in
// lower.hpp. Nothing here touches the OS except through the injected callbacks.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conf-parser/model.hpp"
#include "conf-parser/source.hpp"

namespace vrrp::conf {

struct LoadOptions {
  /// -i/--config-id: the id `@ID` conditionals match. Empty: the reader's default (hostname up
  /// to the first '.').
  std::string config_id;
  /// --strict: our own "dangerous but accepted" warnings (Verdict::Advice) count as errors.
  bool strict = false;
  /// Whether a network interface exists now (the daemon asks the kernel). Null: all exist.
  std::function<bool(const std::string&)> interface_exists;
  /// Whether a script's program (argv[0]; absolute, or looked up in PATH) exists. keepalived
  /// drops scripts it cannot find silently, and only found scripts trigger the `-t` exit 6
  /// SECURITY VIOLATION. Null: all exist.
  std::function<bool(const std::string&)> script_exists;
  /// Whether a user exists (getpwnam): run-as users of scripts, and enable_script_security's
  /// default user `keepalived_script`. Null: every user exists.
  std::function<bool(const std::string&)> user_exists;
  /// ${_ENV VAR} lookups for the reader. Null: none.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  /// File access (tests pass an in-memory loader). Null: the disk.
  FileLoader* loader = nullptr;
  unsigned random_seed = 0;
  /// Initial include_check bits (CLI -e: kIncludeCheckAll); global_defs include_check adds.
  unsigned include_checks = 0;
  /// Bound on the reader's expansion work (~SEQ, includes); 0: the reader's default.
  std::size_t max_work = 0;
};

struct LoadResult {
  /// The understood model; never null (an unreadable file gives an empty Config).
  std::shared_ptr<const Config> model;
  /// Everything the reader, parser and validator found, in that order; each phase reports
  /// every problem it finds, not only the first.
  std::vector<Diagnostic> diagnostics;
  /// vrrp_instance blocks the parser kept, before validation dropped the ones keepalived's VRRP
  /// process would die on (the daemon's "declared" count; no second parse needed).
  std::size_t parsed_vrrp_instances = 0;
  /// True if any Error-severity diagnostic counts (Advice errors only with options.strict).
  bool has_errors() const;
};

/// Read, parse and validate `path` (keepalived-surface.md §1-§2, §5.9). Never throws on bad
/// input; every problem becomes a Diagnostic with file:line:column and, where useful, a hint.
LoadResult load(const std::string& path, const LoadOptions& options);

/// The same for lines that were already read (tests, benchmarks). `reader_diagnostics` are
/// copied in front of the parser's.
LoadResult load_lines(const std::vector<Line>& lines, const LoadOptions& options,
                      std::vector<Diagnostic> reader_diagnostics = {});

/// keepalived's `-t` exit code for these diagnostics (keepalived-surface.md §3): 0 nothing
/// counted, 4 fatal only, 5 any other error or keepalived warning, 6 scripts without
/// enable_script_security; the highest class seen wins. Notices and Verdict::Silent never
/// count; Verdict::Advice counts as 5 only when `strict`.
int config_test_exit_code(const std::vector<Diagnostic>& diagnostics, bool strict = false);

/// The model as JSON (--dump-config): objects with a fixed key order (model order, which is
/// keyword order in model.hpp), two-space indent, trailing newline. Equal models give equal
/// bytes; durations are in seconds as decimal numbers.
std::string dump_config_json(const Config& config);

}  // namespace vrrp::conf
