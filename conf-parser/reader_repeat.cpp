// ~SEQ(var, start, step, end), ~SEQx(...) and ~LST(...) line repetition (man keepalived.conf,
// "Sequence blocks" and "List blocks"): the rest of the line is processed once per value.
#include <algorithm>
#include <charconv>
#include <cstdint>

#include "conf-parser/reader.hpp"

namespace vrrp::conf::detail {

namespace {

std::string format_int(std::int64_t v, bool hex) {
  if (!hex) return std::to_string(v);
  std::uint64_t m = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, m, 16);
  (void)ec;
  return (v < 0 ? "-" : "") + std::string(buf, p);
}

}  // namespace

bool Reader::try_repeat(const MappedText& t, int line, int depth) {
  bool hex = false;
  bool list = false;
  std::size_t open = 0;
  if (t.text.starts_with("~SEQx(")) {
    hex = true;
    open = 5;
  } else if (t.text.starts_with("~SEQ(")) {
    open = 4;
  } else if (t.text.starts_with("~LST(")) {
    list = true;
    open = 4;
  } else {
    return false;
  }
  const int col = t.col_at(0);
  const std::string kind = t.text.substr(0, open);
  std::size_t close = std::string::npos;
  int braces = 0;
  for (std::size_t i = open + 1; i < t.size(); ++i) {
    if (t.text[i] == '{') ++braces;
    if (t.text[i] == '}') --braces;
    if (t.text[i] == ')' && (!list || braces == 0)) {
      close = i;
      break;
    }
  }
  if (close == std::string::npos) {
    diag(Severity::Error, line, col, "'" + kind + "(' without closing ')'; line ignored");
    return true;
  }
  MappedText header = t.substr(open + 1, close - open - 1);
  Substitution s = substitute(header, line);
  if (s.failed) return true;
  if (s.multi) {
    diag(Severity::Error, line, col, "multi-line definition used inside " + kind + "(...); line ignored");
    return true;
  }
  const MappedText rest = trim(t.substr(close + 1));

  std::vector<std::string> vars;
  std::vector<std::vector<std::string>> rows;
  if (!list) {
    std::vector<std::string> args = split_commas(header.text);
    std::vector<std::int64_t> n;
    for (std::size_t i = 1; i < args.size(); ++i) {
      auto v = parse_int(args[i]);
      if (!v) {
        diag(Severity::Error, line, col, kind + ": '" + args[i] + "' is not an integer; line ignored");
        return true;
      }
      n.push_back(*v);
    }
    if (args.size() < 2 || args.size() > 4 || !valid_name(args[0])) {
      diag(Severity::Error, line, col, "bad " + kind + "(...); line ignored", "write " + kind + "(var, start, step, end)");
      return true;
    }
    std::int64_t end = n.back();
    // 2.2.7 starts at 1 for ~SEQ(v, 0) as well, giving 1 then 0 [verified].
    std::int64_t start = n.size() >= 2 ? n[0] : (end < 0 ? -1 : 1);
    std::int64_t step = n.size() == 3 ? n[1] : (end >= start ? 1 : -1);
    if (hex && (start < 0 || end < 0)) {
      diag(Severity::Error, line, col, "~SEQx is only valid for non-negative numbers; line ignored",
           "use ~SEQ for negative values");
      return true;
    }
    if (step == 0) {
      diag(Severity::Error, line, col, kind + ": step 0 never ends; line ignored");
      return true;
    }
    for (std::int64_t v = start; step > 0 ? v <= end : v >= end;) {
      if (!spend(1)) return true;
      definitions_[args[0]] = Definition{{format_int(v, hex)}, false};
      process(rest, line, depth + 1);
      if (exhausted_ || __builtin_add_overflow(v, step, &v)) break;
    }
    return true;
  }

  // ~LST(var, v1, v2...) or ~LST({a, b}, {1, 2}, {3, 4}...)
  const std::string h = trim_str(header.text);
  bool ok = true;
  if (h.starts_with('{')) {
    std::size_t i = 0;
    while (ok && i < h.size()) {
      while (i < h.size() && is_blank(h[i])) ++i;
      std::size_t e = h.find('}', i);
      if (i >= h.size() || h[i] != '{' || e == std::string::npos) {
        ok = false;
        break;
      }
      rows.push_back(split_commas(std::string_view(h).substr(i + 1, e - i - 1)));
      i = e + 1;
      while (i < h.size() && is_blank(h[i])) ++i;
      if (i < h.size() && h[i] != ',') ok = false;
      ++i;
    }
    if (ok && !rows.empty()) {
      vars = rows.front();
      rows.erase(rows.begin());
    }
  } else {
    std::vector<std::string> items = split_commas(h);
    vars.push_back(items.front());
    for (std::size_t i = 1; i < items.size(); ++i) rows.push_back({items[i]});
  }
  for (const auto& v : vars) ok = ok && valid_name(v);
  for (const auto& r : rows) {
    ok = ok && r.size() == vars.size();
    for (const auto& v : r) ok = ok && std::none_of(v.begin(), v.end(), is_blank);  // as 2.2.7
  }
  if (!ok || vars.empty() || rows.empty()) {
    diag(Severity::Error, line, col, "bad ~LST(...); line ignored",
         "write ~LST(var, v1, v2) or ~LST({a, b}, {1, 2}, {3, 4}) with as many values as names");
    return true;
  }
  for (const auto& row : rows) {
    if (!spend(1)) return true;
    for (std::size_t k = 0; k < vars.size(); ++k) definitions_[vars[k]] = Definition{{row[k]}, false};
    process(rest, line, depth + 1);
    if (exhausted_) break;
  }
  return true;
}

}  // namespace vrrp::conf::detail
