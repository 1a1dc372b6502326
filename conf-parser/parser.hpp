// Recursive-descent keyword parser over the reader's logical lines: one function per block,
// one keyword table (keyword -> handler) per block kind. Builds the raw model; derived
// defaults and cross-checks come afterwards in validate.hpp.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "conf-parser/model.hpp"
#include "conf-parser/source.hpp"

namespace vrrp::conf {

/// Parse `lines` into a model. Every problem goes to `diagnostics` (file:line:column, hint);
/// parsing always continues with keepalived's recovery behaviour (keepalived-surface.md §1).
Config parse(const std::vector<Line>& lines, std::vector<Diagnostic>& diagnostics);
/// The same, releasing each top-level block's lines once parsed, so that the lines and the model
/// are never both whole in memory (large configs). `lines` is left with empty Lines.
Config parse(std::vector<Line>&& lines, std::vector<Diagnostic>& diagnostics);
/// The same, pulling lines from the reader as it goes: only the current top-level block's
/// lines are ever held (conf::load; the reader's own diagnostics stay in its vector).
Config parse(LineStream& lines, std::vector<Diagnostic>& diagnostics);

namespace detail {

/// A statement: the words of a line between block braces. `vrrp_instance X {` is one
/// statement that opens a block; `}` is a statement of its own.
struct Stmt {
  const Line* line = nullptr;
  std::uint32_t first = 0;  // word range [first, last) of line->words, braces excluded
  std::uint32_t last = 0;
  bool opens = false;       // ended with an unquoted `{`
  bool closes = false;      // an unquoted `}`
  const SourceLocation* brace = nullptr;  // of the `{` or `}` (points into the line)

  const SourceLocation& brace_loc() const { return *brace; }
  std::size_t size() const { return last - first; }
  const Word& word(std::size_t i) const { return line->words[first + i]; }
  const std::string& text(std::size_t i) const { return word(i).text; }
  const SourceLocation& loc() const { return size() ? word(0).loc : *brace; }
  /// Words from `from` on joined by single blanks.
  std::string rest(std::size_t from) const;
};

class Parser;

template <class T>
struct KeywordEntry {
  void (*handler)(Parser&, const Stmt&, T&);
  bool block = false;  // the keyword opens a `{ ... }` block (handled by the handler)
};
template <class T>
using KeywordTable = std::unordered_map<std::string_view, KeywordEntry<T>>;

class Parser {
 public:
  Parser(const std::vector<Line>& lines, std::vector<Diagnostic>& diagnostics);
  Parser(LineStream& lines, std::vector<Diagnostic>& diagnostics);

  /// At the end: report unmatched `{` (keepalived counts them over the whole file).
  void check_braces_balanced();
  /// Allow release_consumed() to free lines (the parser was given ownership of them).
  void own(std::vector<Line>* lines) { owned_ = lines; }
  /// Free the lines no statement can refer to any more. Call only between top-level statements.
  void release_consumed();

  /// Next statement, or nullopt at the end of input.
  std::optional<Stmt> next();
  /// The statement next() would return, without consuming it.
  const Stmt* peek();

  /// After a block keyword: accept its `{` (on the same line or alone on the next), or report
  /// "Missing '{'" and carry on as if it were there (keepalived does).
  void open_block(const Stmt& keyword);
  /// Parse statements with `table` until the matching `}` (or EOF). Unknown keywords are warnings
  /// (they still make `-t` exit 5, as in keepalived);
  /// their own `{` is reported and ignored, so their `}` closes this block (as keepalived).
  template <class T>
  void parse_block(const KeywordTable<T>& table, T& target);
  /// Parse list items (one per statement) until the matching `}`.
  template <class F>
  void parse_list(F&& item);
  /// A block's `}` was consumed by a caller that scans statements itself.
  void close_block() { --depth_; }
  /// Consume everything up to and including the `}` closing the block just opened.
  void skip_block();
  /// Report an unexpected `{` on a non-block statement.
  void reject_brace(const Stmt& s);

  void error(const SourceLocation& loc, std::string message, std::string hint = {},
             Verdict verdict = Verdict::General);
  void warning(const SourceLocation& loc, std::string message, std::string hint = {},
               Verdict verdict = Verdict::General);
  void notice(const SourceLocation& loc, std::string message);

  // Value readers: report a precise error and return nullopt on a bad or missing value.
  std::optional<long> integer(const Stmt& s, std::size_t index, long min, long max);
  std::optional<Duration> duration(const Stmt& s, std::size_t index, Duration min, Duration max);
  /// Bare keyword = true; otherwise on|off|true|false|yes|no.
  std::optional<bool> boolean(const Stmt& s, std::size_t index);
  std::optional<IpAddr> address(const Stmt& s, std::size_t index);
  /// The value word at `index`, or an error "missing value".
  const Word* value(const Stmt& s, std::size_t index);
  /// A script keyword's value, re-split from Line::raw honouring ' and " (§1).
  std::optional<Script> script(const Stmt& s);

  /// Track named blocks of kind `what`; false (with an error) if `name` was already defined.
  bool first_definition(const std::string& what, const std::string& name, const SourceLocation& loc);

  Config& config() { return config_; }
  int depth() const { return depth_; }
  /// A new vrrp_instance at the end of config().vrrp_instance, to be parsed in place (a 2 KiB
  /// element: no temporary to move, and no geometric regrowth, which on 10,000 instances
  /// costs as much as the parse: vector input counts them first, streamed input asks the
  /// reader for a hint whenever the vector is full).
  VrrpInstance& new_vrrp_instance();
  /// The finished model (call once, at the end).
  Config take_config();

 private:
  void fill();
  /// The next line of input, or null at the end; stays valid until release_consumed().
  const Line* next_line();

  const std::vector<Line>* lines_ = nullptr;  // vector input, or
  LineStream* stream_ = nullptr;              // streamed input, kept in streamed_ while in use
  std::deque<Line> streamed_;
  std::vector<Line>* owned_ = nullptr;
  std::vector<SourceLocation> open_braces_;  // unmatched `{` so far (copies: lines get released)
  std::size_t released_ = 0;
  std::vector<Diagnostic>& diagnostics_;
  std::size_t line_index_ = 0;
  std::vector<Stmt> pending_;  // statements of the current line not yet consumed
  std::size_t pending_pos_ = 0;
  int depth_ = 0;
  Config config_;
  std::unordered_map<std::string, std::unordered_map<std::string, SourceLocation>> seen_;
};

template <class T>
void Parser::parse_block(const KeywordTable<T>& table, T& target) {
  while (auto s = next()) {
    if (s->closes) {
      --depth_;
      return;
    }
    if (s->size() == 0) {  // a bare `{`
      reject_brace(*s);
      continue;
    }
    auto it = table.find(s->text(0));
    if (it == table.end()) {
      warning(s->loc(), "Unknown keyword '" + s->text(0) + "'",
            "keywords are case-sensitive; check the spelling and the enclosing block");
      if (s->opens) reject_brace(*s);
      continue;
    }
    if (!it->second.block && s->opens) reject_brace(*s);
    it->second.handler(*this, *s, target);
  }
}

template <class F>
void Parser::parse_list(F&& item) {
  while (auto s = next()) {
    if (s->closes) {
      --depth_;
      return;
    }
    if (s->size() == 0) {
      reject_brace(*s);
      continue;
    }
    if (s->opens) reject_brace(*s);
    item(*s);
  }
}

// Block parsers, one per block kind (parse_*.cpp).
void parse_global_defs(Parser& p, const Stmt& s, Config& c);
void parse_vrrp_instance(Parser& p, const Stmt& s, Config& c);
void parse_vrrp_sync_group(Parser& p, const Stmt& s, Config& c);
void parse_vrrp_script(Parser& p, const Stmt& s, Config& c);
void parse_track_file(Parser& p, const Stmt& s, Config& c);
void parse_track_process(Parser& p, const Stmt& s, Config& c);
void parse_static_ipaddress(Parser& p, const Stmt& s, Config& c);
void parse_static_routes(Parser& p, const Stmt& s, Config& c);
void parse_static_rules(Parser& p, const Stmt& s, Config& c);
void parse_lvs_block(Parser& p, const Stmt& s, Config& c);
/// Skip a P2 block we accept but do not model: its contents are consumed without checks.
void skip_block_contents(Parser& p);

/// One ADDR-SPEC statement; nullopt if the address was dropped (errors reported).
std::optional<AddressSpec> parse_address_spec(Parser& p, const Stmt& s, bool is_static);
RouteSpec parse_route_spec(Parser& p, const Stmt& s);
/// `NAME [weight W [reverse|noreverse]]` with W in [min_weight, max_weight].
std::optional<TrackRef> parse_track_ref(Parser& p, const Stmt& s, int min_weight, int max_weight);
/// Shared instance / sync-group keywords: trackers and notify scripts.
void parse_trackers_block(Parser& p, const Stmt& s, std::vector<TrackRef>& out, int min_weight, int max_weight);
void set_script(Parser& p, const Stmt& s, std::optional<Script>& slot);

/// Shell-like split of a command line with keepalived's escapes (§1).
std::vector<std::string> split_command(std::string_view command);

}  // namespace detail
}  // namespace vrrp::conf
