// Expansion of one logical line: @conditionals, $NAME= definitions and ${NAME}/$NAME
// substitution (keepalived-surface.md §1); ~SEQ/~LST are in reader_repeat.cpp.
#include <cstdint>

#include "conf-parser/reader.hpp"

namespace vrrp::conf::detail {

namespace {

struct Use {
  std::string name;
  std::string args;  // after the name inside ${...}, e.g. "1 6" of ${_RANDOM 1 6}
  std::size_t end = 0;
  bool braced = false;
};

// A parameter use at s[i] == '$': `${NAME[ args]}` anywhere, `$NAME` only when followed by a
// blank, ',', ')' or the end of the line.
std::optional<Use> parse_use(const std::string& s, std::size_t i) {
  Use u;
  if (i + 1 < s.size() && s[i + 1] == '{') {
    std::size_t close = s.find('}', i + 2);
    if (close == std::string::npos) return std::nullopt;
    std::size_t e = i + 2;
    if (e >= close || !is_ident_start(s[e])) return std::nullopt;
    while (e < close && is_ident_char(s[e])) ++e;
    if (e < close && !is_blank(s[e])) return std::nullopt;
    u.name = s.substr(i + 2, e - i - 2);
    while (e < close && is_blank(s[e])) ++e;
    std::size_t a_end = close;
    while (a_end > e && is_blank(s[a_end - 1])) --a_end;
    u.args = s.substr(e, a_end - e);
    u.end = close + 1;
    u.braced = true;
    return u;
  }
  std::size_t e = i + 1;
  if (e >= s.size() || !is_ident_start(s[e])) return std::nullopt;
  while (e < s.size() && is_ident_char(s[e])) ++e;
  if (e < s.size() && !is_blank(s[e]) && s[e] != ',' && s[e] != ')') return std::nullopt;
  u.name = s.substr(i + 1, e - i - 1);
  u.end = e;
  return u;
}

}  // namespace

void Reader::process(MappedText t, int line, int depth) {
  if (!spend(t.size() + 1)) return;
  if (depth > kMaxExpansionDepth) {
    diag(Severity::Error, line, t.col_at(0),
         "expansion nested deeper than " + std::to_string(kMaxExpansionDepth) + " levels; line dropped",
         "a multi-line $definition probably uses itself");
    return;
  }
  t = trim(std::move(t));
  if (t.empty() || !keep_conditional(t) || t.empty()) return;
  if (try_definition(t, line, depth) || try_repeat(t, line, depth)) return;

  Substitution s = substitute(t, line);
  if (s.failed || exhausted_) return;
  if (s.multi) {
    // Each line of the definition becomes a config line of its own, processed in turn so that
    // definitions inside it bind late (man keepalived.conf, "Multiline definitions").
    const Definition& def = definitions_[s.multi->name];
    std::vector<std::string> body = def.lines;  // copy: processing may redefine the name
    MappedText prefix = t.substr(0, s.multi->begin);
    MappedText suffix = t.substr(s.multi->end);
    const int col = s.multi->col;
    if (body.empty()) body.emplace_back();
    for (std::size_t i = 0; i < body.size(); ++i) {
      MappedText piece = i == 0 ? prefix : MappedText{};
      piece.append(body[i], col);
      if (i + 1 == body.size()) piece.append(suffix);
      process(std::move(piece), line, depth + 1);
      if (exhausted_) return;
    }
    return;
  }
  if (s.changed) {
    // A substituted value may itself start with "@id" (man keepalived.conf: $IF_MAIN=@main).
    t = trim(std::move(t));
    if (t.empty() || !keep_conditional(t) || t.empty()) return;
    if (try_definition(t, line, depth)) return;
  }
  emit(std::move(t), line);
}

bool Reader::keep_conditional(MappedText& t) const {
  if (t.empty() || t.text[0] != '@') return true;
  std::size_t e = 1;
  while (e < t.size() && !is_blank(t.text[e])) ++e;
  std::string id = t.text.substr(1, e - 1);
  bool negate = false;
  if (id.starts_with('^')) {
    negate = true;
    id.erase(0, 1);
  }
  if ((id == options_.config_id) == negate) return false;
  t = trim(t.substr(e));
  return true;
}

bool Reader::try_definition(const MappedText& t, int line, int depth) {
  if (t.size() < 2 || t.text[0] != '$' || t.text[1] == '{') return false;
  std::size_t word_end = 0;
  while (word_end < t.size() && !is_blank(t.text[word_end])) ++word_end;
  const std::string word = t.text.substr(0, word_end);
  const std::size_t eq = word.find('=');
  const int col = t.col_at(0);
  if (eq == std::string::npos) {
    std::size_t next = word_end;
    while (next < t.size() && is_blank(t.text[next])) ++next;
    if (valid_name(std::string_view(word).substr(1)) && next < t.size() && t.text[next] == '=') {
      diag(Severity::Error, line, col, "bad definition of '" + word.substr(1) + "': blank before '='; line ignored",
           "write " + word + "=VALUE with no blank before '='");
      return true;
    }
    return false;
  }
  const std::string name = word.substr(1, eq - 1);
  if (!valid_name(name)) {
    diag(Severity::Error, line, col, "bad definition: '" + name + "' is not a valid parameter name; line ignored",
         "names are letters, digits and '_' and do not start with a digit");
    return true;
  }
  if (name.starts_with('_')) {
    diag(Severity::Warning, line, col, "parameter names starting with '_' are reserved: '" + name + "'",
         "predefined names such as _PWD keep their built-in meaning");
  }
  MappedText value = trim(t.substr(eq + 1));
  if (depth == 0 && !value.empty() && value.text.back() == '\\') {
    pending_ = PendingDefinition{name, {}, line, col};
    MappedText first = trim(value.substr(0, value.size() - 1));
    if (!first.empty()) pending_->lines.push_back(first.text);
    return true;
  }
  definitions_[name] = Definition{{value.text}, false};
  return true;
}

Reader::Substitution Reader::substitute(MappedText& t, int line) {
  Substitution r;
  bool quoted = false;
  int count = 0;
  std::size_t i = 0;
  while (i < t.size()) {
    const char c = t.text[i];
    if (c == '"') quoted = !quoted;
    if (c != '$') {
      ++i;
      continue;
    }
    std::optional<Use> use = parse_use(t.text, i);
    if (!use) {
      ++i;
      continue;
    }
    const int col = t.col_at(i);
    if (std::optional<std::string> v = predefined(use->name, use->args, line, col)) {
      // Predefined values are literal: ${_HASH} gives a '#' that no longer starts a comment.
      t.replace(i, use->end - i, *v, col);
      i += v->size();
      r.changed = true;
      if (!spend(t.size() + 1)) return r;  // a replace costs the whole line, so charge that
      continue;
    }
    auto it = definitions_.find(use->name);
    if (it == definitions_.end() || !use->args.empty()) {
      if (use->braced && !quoted && warned_undefined_.emplace(file_, line, col).second) {
        diag(Severity::Warning, line, col, "'${" + use->name + "}' is not defined and is left as is",
             "define it with $" + use->name + "=VALUE before this line, or quote the text");
      }
      i = use->end;
      continue;
    }
    if (it->second.multi) {
      // As in 2.2.7, a multi-line definition is expanded only at the end of a line [verified].
      std::size_t rest = use->end;
      while (rest < t.size() && is_blank(t.text[rest])) ++rest;
      if (rest == t.size()) {
        r.multi = MultiUse{i, use->end, use->name, col};
        return r;
      }
      diag(Severity::Warning, line, col,
           "multi-line definition '" + use->name + "' is only expanded at the end of a line; left as is",
           "move the text after it onto a line of its own");
      i = use->end;
      continue;
    }
    const std::string& value = it->second.lines.front();
    if (++count > kMaxSubstitutions || t.size() - (use->end - i) + value.size() > kMaxExpandedLine) {
      diag(Severity::Error, line, col, "substitution of '$" + use->name + "' does not end; line dropped",
           "a $definition probably refers to itself");
      r.failed = true;
      return r;
    }
    if (!spend(t.size() + value.size() + 1)) {
      r.failed = true;
      return r;
    }
    // The value is scanned again from here: substitution is recursive and binds late.
    t.replace(i, use->end - i, value, col);
    r.changed = true;
  }
  return r;
}

std::optional<std::string> Reader::predefined(const std::string& name, const std::string& args, int line,
                                              int col) {
  if (!name.starts_with('_')) return std::nullopt;
  if (name == "_RANDOM") {
    std::int64_t bounds[2] = {0, 32767};
    std::size_t n = 0;
    std::size_t i = 0;
    bool ok = true;
    while (ok && i < args.size()) {
      std::size_t e = i;
      while (e < args.size() && !is_blank(args[e])) ++e;
      auto v = parse_int(args.substr(i, e - i));
      if (!v || *v < 0 || n >= 2) {
        ok = false;
      } else {
        bounds[n++] = *v;
      }
      i = e;
      while (i < args.size() && is_blank(args[i])) ++i;
    }
    if (!ok || bounds[0] > bounds[1]) {
      diag(Severity::Warning, line, col, "bad ${_RANDOM " + args + "}; using its minimum",
           "write ${_RANDOM [MIN [MAX]]} with 0 <= MIN <= MAX");
      return std::to_string(ok ? bounds[0] : 0);
    }
    std::uniform_int_distribution<std::int64_t> dist(bounds[0], bounds[1]);
    return std::to_string(dist(random_));
  }
  if (name == "_ENV") {
    if (args.empty() || !options_.getenv) return std::string();
    return options_.getenv(args).value_or(std::string());
  }
  if (!args.empty()) return std::nullopt;
  if (name == "_PWD") return pwd_;
  if (name == "_INSTANCE") return options_.config_id;
  if (name == "_HASH") return std::string("#");
  if (name == "_BANG") return std::string("!");
  return std::nullopt;
}

}  // namespace vrrp::conf::detail
