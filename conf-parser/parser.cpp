// The statement stream, value readers and root-level keyword table of the keyword parser.
// Messages follow keepalived's wording where one exists, so operators can search for them.
#include "conf-parser/parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

namespace vrrp::conf {
namespace detail {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string describe_range(long min, long max) {
  return "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
}

/// Cut the comment keepalived would strip: `#` or `!` outside double quotes (\# and \! escape).
std::string_view strip_comment(std::string_view raw) {
  bool in_quotes = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\\' && !in_quotes && i + 1 < raw.size()) {
      ++i;
      continue;
    }
    if (c == '"') in_quotes = !in_quotes;
    if (!in_quotes && (c == '#' || c == '!')) return raw.substr(0, i);
  }
  return raw;
}

/// Split honouring both quote characters (script keywords): quotes group and are removed.
std::vector<std::pair<std::string, bool>> split_script_line(std::string_view text) {
  std::vector<std::pair<std::string, bool>> out;  // (word, quoted)
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_blank(text[i])) ++i;
    if (i >= text.size()) break;
    if (text[i] == '"' || text[i] == '\'') {
      const char q = text[i++];
      const std::size_t start = i;
      while (i < text.size() && text[i] != q) ++i;
      out.emplace_back(std::string(text.substr(start, i - start)), true);
      if (i < text.size()) ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && !is_blank(text[i]) && text[i] != '"' && text[i] != '\'') ++i;
    out.emplace_back(std::string(text.substr(start, i - start)), false);
  }
  return out;
}

}  // namespace

std::string Stmt::rest(std::size_t from) const {
  std::string out;
  for (std::size_t i = from; i < size(); ++i) {
    if (!out.empty()) out += ' ';
    out += text(i);
  }
  return out;
}

std::vector<std::string> split_command(std::string_view command) {
  std::vector<std::string> argv;
  std::string cur;
  bool have = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
        continue;
      }
      if (quote == '"' && c == '\\' && i + 1 < command.size() &&
          (command[i + 1] == '"' || command[i + 1] == '\\')) {
        cur += command[++i];
        continue;
      }
      cur += c;
      continue;
    }
    if (is_blank(c)) {
      if (have) argv.push_back(std::move(cur));
      cur.clear();
      have = false;
      continue;
    }
    have = true;
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    if (c != '\\' || i + 1 >= command.size()) {
      cur += c;
      continue;
    }
    const char e = command[++i];
    switch (e) {
      case 'a': cur += '\a'; break;
      case 'b': cur += '\b'; break;
      case 'E': cur += '\x1b'; break;
      case 'f': cur += '\f'; break;
      case 'n': cur += '\n'; break;
      case 'r': cur += '\r'; break;
      case 't': cur += '\t'; break;
      case 'v': cur += '\v'; break;
      case 'c':
        if (i + 1 < command.size()) cur += static_cast<char>(command[++i] & 0x1f);
        break;
      case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i + 1 < command.size() && std::isxdigit(static_cast<unsigned char>(command[i + 1]))) {
          const char h = command[++i];
          v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          ++n;
        }
        cur += static_cast<char>(v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0', n = 1;
          while (n < 3 && i + 1 < command.size() && command[i + 1] >= '0' && command[i + 1] <= '7') {
            v = v * 8 + (command[++i] - '0');
            ++n;
          }
          cur += static_cast<char>(v);
        } else {
          cur += e;
        }
    }
  }
  if (have) argv.push_back(std::move(cur));
  return argv;
}

Parser::Parser(const std::vector<Line>& lines, std::vector<Diagnostic>& diagnostics)
    : lines_(&lines), diagnostics_(diagnostics) {}

Parser::Parser(LineStream& lines, std::vector<Diagnostic>& diagnostics) : stream_(&lines), diagnostics_(diagnostics) {}

const Line* Parser::next_line() {
  if (stream_) {
    std::optional<Line> l = stream_->next();
    if (!l) return nullptr;
    ++line_index_;
    streamed_.push_back(std::move(*l));  // a deque: earlier lines stay where Stmts point
    return &streamed_.back();
  }
  if (line_index_ >= lines_->size()) return nullptr;
  return &(*lines_)[line_index_++];
}

VrrpInstance& Parser::new_vrrp_instance() {
  auto& all = config_.vrrp_instance;
  if (stream_ && all.size() == all.capacity()) {
    // This one and the `vrrp_instance` lines still ahead in the open files; never less than
    // doubling, so a low hint (later includes, ~SEQ) still grows the vector geometrically.
    all.reserve(std::max(all.size() + 1 + stream_->count_line_starts("vrrp_instance"), 2 * all.size()));
  }
  return all.emplace_back();
}

Config Parser::take_config() { return std::move(config_); }

void Parser::fill() {
  while (pending_pos_ >= pending_.size()) {
    const Line* next = next_line();
    if (!next) break;
    pending_.clear();
    pending_pos_ = 0;
    const Line& line = *next;
    std::uint32_t start = 0;
    const auto n = static_cast<std::uint32_t>(line.words.size());
    for (std::uint32_t i = 0; i < n; ++i) {
      const Word& w = line.words[i];
      if (w.quoted || w.text.size() != 1 || (w.text[0] != '{' && w.text[0] != '}')) continue;
      if (w.text[0] == '{') {
        open_braces_.push_back(w.loc);
        pending_.push_back(Stmt{&line, start, i, true, false, &w.loc});
      } else {
        if (!open_braces_.empty()) open_braces_.pop_back();
        if (start < i) pending_.push_back(Stmt{&line, start, i, false, false, &w.loc});
        pending_.push_back(Stmt{&line, i, i, false, true, &w.loc});
      }
      start = i + 1;
    }
    if (start < n) pending_.push_back(Stmt{&line, start, n, false, false, &line.words[start].loc});
  }
}

void Parser::check_braces_balanced() {
  if (open_braces_.empty()) return;
  error(open_braces_.back(), "There are " + std::to_string(open_braces_.size()) + " missing '}'s or extra '{'s",
        "every '{' needs a matching '}'; this is the last unmatched '{'");
}

void Parser::release_consumed() {
  if (stream_) {
    // The last line read may still hold statements not yet returned.
    const std::size_t keep = pending_pos_ < pending_.size() ? 1 : 0;
    while (streamed_.size() > keep) streamed_.pop_front();
    return;
  }
  if (!owned_) return;
  // The last filled line may still hold statements not yet returned.
  const std::size_t end = pending_pos_ < pending_.size() ? line_index_ - 1 : line_index_;
  for (; released_ < end; ++released_) (*owned_)[released_] = Line{};
}

std::optional<Stmt> Parser::next() {
  fill();
  if (pending_pos_ >= pending_.size()) return std::nullopt;
  return pending_[pending_pos_++];
}

const Stmt* Parser::peek() {
  fill();
  if (pending_pos_ >= pending_.size()) return nullptr;
  return &pending_[pending_pos_];
}

void Parser::open_block(const Stmt& keyword) {
  ++depth_;
  if (keyword.opens) return;
  if (const Stmt* n = peek(); n && n->opens && n->size() == 0) {
    next();
    return;
  }
  error(keyword.loc(), "Missing '{' at beginning of configuration block",
        "put '{' after '" + keyword.text(0) + "' (on the same line or alone on the next)");
}

void Parser::reject_brace(const Stmt& s) {
  error(s.brace_loc(), "Unexpected '{' - ignoring",
        "only block keywords open a block; the matching '}' now closes the enclosing block");
}

void Parser::error(const SourceLocation& loc, std::string message, std::string hint, Verdict verdict) {
  diagnostics_.push_back(Diagnostic{Severity::Error, loc, std::move(message), std::move(hint), verdict});
}

void Parser::warning(const SourceLocation& loc, std::string message, std::string hint, Verdict verdict) {
  diagnostics_.push_back(Diagnostic{Severity::Warning, loc, std::move(message), std::move(hint), verdict});
}

void Parser::notice(const SourceLocation& loc, std::string message) {
  diagnostics_.push_back(Diagnostic{Severity::Notice, loc, std::move(message), {}, Verdict::Silent});
}

const Word* Parser::value(const Stmt& s, std::size_t index) {
  if (index < s.size()) return &s.word(index);
  error(s.loc(), "Missing value for '" + s.text(0) + "'", "'" + s.text(0) + "' needs an argument");
  return nullptr;
}

std::optional<long> Parser::integer(const Stmt& s, std::size_t index, long min, long max) {
  const Word* w = value(s, index);
  if (!w) return std::nullopt;
  long v = 0;
  const char* b = w->text.data();
  const char* e = b + w->text.size();
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && ptr == e && (v < min || v > max))) {
    error(w->loc, "number '" + w->text + "' outside range " + describe_range(min, max),
          "'" + s.text(0) + "' takes an integer in " + describe_range(min, max));
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != e) {
    error(w->loc, "invalid number '" + w->text + "'",
          "'" + s.text(0) + "' takes a decimal integer in " + describe_range(min, max));
    return std::nullopt;
  }
  return v;
}

std::optional<Duration> Parser::duration(const Stmt& s, std::size_t index, Duration min, Duration max) {
  const Word* w = value(s, index);
  if (!w) return std::nullopt;
  const std::string& t = w->text;
  std::size_t i = 0;
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  bool digits = false, ok = true;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9' && whole < 1'000'000'000) {
    whole = whole * 10 + (t[i++] - '0');
    digits = true;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      if (frac_digits < 6) {
        frac = frac * 10 + (t[i] - '0');
        ++frac_digits;
      } else {
        ok = false;  // more than microsecond resolution
      }
      ++i;
      digits = true;
    }
  }
  auto to_text = [](Duration d) {
    std::string out = std::to_string(d.count() / 1'000'000);
    if (auto us = d.count() % 1'000'000) {
      std::string f = std::to_string(us);
      f.insert(0, 6 - f.size(), '0');
      while (!f.empty() && f.back() == '0') f.pop_back();
      out += "." + f;
    }
    return out;
  };
  if (!digits || i != t.size() || !ok) {
    error(w->loc, "invalid time value '" + t + "'",
          "'" + s.text(0) + "' takes seconds as a decimal number with at most 6 fractional digits");
    return std::nullopt;
  }
  while (frac_digits < 6) {
    frac *= 10;
    ++frac_digits;
  }
  const Duration d{whole * 1'000'000 + frac};
  if (d < min || d > max) {
    error(w->loc, "time value '" + t + "' outside range [" + to_text(min) + ", " + to_text(max) + "]",
          "'" + s.text(0) + "' takes seconds in [" + to_text(min) + ", " + to_text(max) + "]");
    return std::nullopt;
  }
  return d;
}

std::optional<bool> Parser::boolean(const Stmt& s, std::size_t index) {
  if (index >= s.size()) return true;
  const std::string& t = s.text(index);
  if (t == "on" || t == "true" || t == "yes") return true;
  if (t == "off" || t == "false" || t == "no") return false;
  error(s.word(index).loc, "Invalid boolean '" + t + "' for '" + s.text(0) + "'",
        "use on|off|true|false|yes|no (lower case), or the bare keyword for on");
  return std::nullopt;
}

std::optional<IpAddr> Parser::address(const Stmt& s, std::size_t index) {
  const Word* w = value(s, index);
  if (!w) return std::nullopt;
  if (auto a = IpAddr::parse(w->text)) return a;
  error(w->loc, "invalid IP address '" + w->text + "' for '" + s.text(0) + "'",
        "write a plain IPv4 dotted quad or IPv6 address, without a prefix");
  return std::nullopt;
}

std::optional<Script> Parser::script(const Stmt& s) {
  Script out;
  out.loc = s.loc();
  std::vector<std::pair<std::string, bool>> tokens;
  bool found = false;
  if (!s.line->raw.empty()) {
    tokens = split_script_line(strip_comment(s.line->raw));
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!tokens[i].second && tokens[i].first == s.text(0)) {
        tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        found = true;
        break;
      }
    }
  }
  if (!found) {  // no raw text: fall back to the ordinary words
    tokens.clear();
    for (std::size_t i = 1; i < s.size(); ++i) tokens.emplace_back(s.text(i), s.word(i).quoted);
  }
  if (!tokens.empty() && !tokens.back().second && tokens.back().first == "{") tokens.pop_back();
  if (tokens.empty() || tokens[0].first.empty()) {
    error(s.loc(), "No script specified for '" + s.text(0) + "'",
          "give the command line, quoted if it has arguments: " + s.text(0) + " \"/path/cmd arg\"");
    return std::nullopt;
  }
  out.command = tokens[0].first;
  out.argv = split_command(out.command);
  if (tokens.size() > 1) out.user = tokens[1].first;
  if (tokens.size() > 2) out.group = tokens[2].first;
  if (tokens.size() > 3) {
    error(s.loc(), "Too many words after the command of '" + s.text(0) + "'",
          "quote the whole command line: " + s.text(0) + " \"" + s.rest(1) + "\"");
  } else if (tokens.size() > 1 && !tokens[0].second) {
    // keepalived reads the 2nd word as a run-as user: `script /bin/echo a` runs /bin/echo as "a".
    warning(s.loc(), "'" + tokens[1].first + "' after the unquoted command of '" + s.text(0) +
                         "' is taken as the user to run it as, not as an argument",
            "quote the command line if these are arguments: " + s.text(0) + " \"" + s.rest(1) + "\"",
            Verdict::Advice);
  }
  return out;
}

bool Parser::first_definition(const std::string& what, const std::string& name, const SourceLocation& loc) {
  auto [it, inserted] = seen_[what].try_emplace(name, loc);
  if (inserted) return true;
  error(loc, what + " " + name + " already defined - ignoring this one",
        "first defined at " + it->second.file.str() + ":" + std::to_string(it->second.line) + ":" +
            std::to_string(it->second.column) + "; names must be unique");
  return false;
}

void Parser::skip_block() {
  int nested = 0;
  while (auto s = next()) {
    if (s->opens) {
      ++nested;
    } else if (s->closes) {
      if (nested == 0) {
        --depth_;
        return;
      }
      --nested;
    }
  }
}

void skip_block_contents(Parser& p) { p.skip_block(); }

namespace {

void root_keyword_other(Parser&, const Stmt& s, Config& c) { c.other.emplace_back(s.text(0), s.rest(1)); }

void root_skipped_block(Parser& p, const Stmt& s, Config& c) {
  p.open_block(s);
  p.notice(s.loc(), "'" + s.text(0) + "' block accepted but not implemented by vrrpd; ignoring its contents");
  c.other.emplace_back(s.text(0), s.rest(1));
  p.skip_block();
}

const KeywordTable<Config>& root_table() {
  static const KeywordTable<Config> table = {
      {"global_defs", {parse_global_defs, true}},
      {"vrrp_instance", {parse_vrrp_instance, true}},
      {"vrrp_script", {parse_vrrp_script, true}},
      {"vrrp_sync_group", {parse_vrrp_sync_group, true}},
      {"track_file", {parse_track_file, true}},
      {"vrrp_track_file", {parse_track_file, true}},
      {"vrrp_track_process", {parse_track_process, true}},
      {"static_ipaddress", {parse_static_ipaddress, true}},
      {"static_routes", {parse_static_routes, true}},
      {"static_rules", {parse_static_rules, true}},
      {"virtual_server", {parse_lvs_block, true}},
      {"virtual_server_group", {parse_lvs_block, true}},
      {"SSL", {parse_lvs_block, true}},
      {"bfd_instance", {root_skipped_block, true}},
      {"track_group", {root_skipped_block, true}},
      {"garp_group", {root_skipped_block, true}},
      {"linkbeat_interfaces", {root_skipped_block, true}},
      {"interface_up_down_delays", {root_skipped_block, true}},
      {"net_namespace", {root_keyword_other, false}},
      {"net_namespace_ipvs", {root_keyword_other, false}},
      {"namespace_with_ipsets", {root_keyword_other, false}},
      {"instance", {root_keyword_other, false}},
      {"use_pid_dir", {root_keyword_other, false}},
      {"child_wait_time", {root_keyword_other, false}},
      {"linkbeat_use_polling", {root_keyword_other, false}},
  };
  return table;
}

}  // namespace
}  // namespace detail

namespace {

Config parse_with(detail::Parser& p) {
  const auto& table = detail::root_table();
  while (auto s = p.next()) {
    if (s->closes) {
      p.error(s->loc(), "Extra '}' found", "this '}' closes no block; remove it or add the missing '{'");
      continue;
    }
    if (s->size() == 0) {
      p.reject_brace(*s);
      continue;
    }
    auto it = table.find(s->text(0));
    if (it == table.end()) {
      p.warning(s->loc(), "Unknown keyword '" + s->text(0) + "'",
              "keywords are case-sensitive; check the spelling and the enclosing block");
      if (s->opens) p.reject_brace(*s);
      continue;
    }
    if (!it->second.block && s->opens) p.reject_brace(*s);
    it->second.handler(p, *s, p.config());
    p.release_consumed();
  }
  p.check_braces_balanced();
  return p.take_config();
}

Config parse_lines(const std::vector<Line>& lines, std::vector<Line>* owned, std::vector<Diagnostic>& diagnostics) {
  detail::Parser p(lines, diagnostics);
  p.own(owned);
  std::size_t instances = 0;
  for (const Line& line : lines) {
    if (!line.words.empty() && line.words[0].text == "vrrp_instance") ++instances;
  }
  p.config().vrrp_instance.reserve(instances);  // no doubling of 2 KiB elements on big configs
  return parse_with(p);
}

}  // namespace

Config parse(const std::vector<Line>& lines, std::vector<Diagnostic>& diagnostics) {
  return parse_lines(lines, nullptr, diagnostics);
}

Config parse(std::vector<Line>&& lines, std::vector<Diagnostic>& diagnostics) {
  Config c = parse_lines(lines, &lines, diagnostics);
  std::vector<Line>().swap(lines);
  return c;
}

Config parse(LineStream& lines, std::vector<Diagnostic>& diagnostics) {
  detail::Parser p(lines, diagnostics);
  return parse_with(p);
}

}  // namespace vrrp::conf
