// conf::load(): reader -> parser -> validator, and the `-t` verdict over the diagnostics.
#include <algorithm>
#include <iterator>

#include "conf-parser/config.hpp"
#include "conf-parser/parser.hpp"
#include "conf-parser/validate.hpp"

namespace vrrp::conf {
namespace {

bool counts(const Diagnostic& d, bool strict) {
  if (d.severity == Severity::Notice || d.verdict == Verdict::Silent) return false;
  return d.verdict != Verdict::Advice || strict;
}

}  // namespace

bool LoadResult::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    // Advice is a warning unless --strict made it an error (load_lines/finish).
    return d.severity == Severity::Error && d.verdict != Verdict::Silent;
  });
}

namespace {

LoadResult finish(Config config, const LoadOptions& options, std::vector<Diagnostic> diagnostics) {
  LoadResult result;
  result.diagnostics = std::move(diagnostics);
  result.parsed_vrrp_instances = config.vrrp_instance.size();
  ValidateOptions v{options.interface_exists, options.script_exists, options.user_exists};
  validate(config, v, result.diagnostics);
  if (options.strict) {
    // --strict: our own warnings are errors too.
    for (auto& d : result.diagnostics) {
      if (d.verdict == Verdict::Advice) d.severity = Severity::Error;
    }
  }
  result.model = std::make_shared<const Config>(std::move(config));
  return result;
}

}  // namespace

LoadResult load_lines(const std::vector<Line>& lines, const LoadOptions& options,
                      std::vector<Diagnostic> reader_diagnostics) {
  Config config = parse(lines, reader_diagnostics);
  return finish(std::move(config), options, std::move(reader_diagnostics));
}

LoadResult load(const std::string& path, const LoadOptions& options) {
  std::unique_ptr<FileLoader> disk;
  FileLoader* loader = options.loader;
  if (!loader) {
    disk = make_disk_loader();
    loader = disk.get();
  }
  ReaderOptions ro;
  ro.config_id = options.config_id;
  ro.getenv = options.getenv;
  ro.random_seed = options.random_seed;
  if (options.max_work != 0) ro.max_work = options.max_work;
  ro.include_checks = options.include_checks;
  // The parser pulls lines from the reader, so only one top-level block is ever held as lines.
  // Each keeps its own diagnostics: the reader's come first, as from load_lines().
  std::vector<Diagnostic> diagnostics;
  std::vector<Diagnostic> parser_diagnostics;
  Config config;
  {
    LineStream lines(path, *loader, ro, diagnostics);
    config = parse(lines, parser_diagnostics);
  }
  for (auto& d : diagnostics) {
    // A config file that cannot be read at all (line 0): keepalived 2.2.7 prints
    // "Config files missing" and `-t` still exits 0 (keepalived-surface.md §3).
    if (d.loc.line == 0 && d.verdict == Verdict::General) d.verdict = Verdict::Silent;
  }
  diagnostics.insert(diagnostics.end(), std::make_move_iterator(parser_diagnostics.begin()),
                     std::make_move_iterator(parser_diagnostics.end()));
  return finish(std::move(config), options, std::move(diagnostics));
}

int config_test_exit_code(const std::vector<Diagnostic>& diagnostics, bool strict) {
  int code = 0;
  for (const auto& d : diagnostics) {
    if (!counts(d, strict)) continue;
    switch (d.verdict) {
      case Verdict::Security:
      case Verdict::MissingFile: code = std::max(code, 6); break;
      case Verdict::Fatal: code = std::max(code, 4); break;
      default: code = std::max(code, 5); break;
    }
  }
  return code;
}

}  // namespace vrrp::conf
