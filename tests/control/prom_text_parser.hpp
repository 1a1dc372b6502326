// A strict parser of the Prometheus text exposition format 0.0.4 for tests: it refuses what
// Prometheus would refuse (bad names, escapes, values, duplicate series, split families,
// TYPE after samples) and returns the families so tests can check values.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <expected>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vrrp::control::test {

struct PromSample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;  // values unescaped
  double value = 0;
  std::string label(std::string_view key) const {
    for (const auto& [k, v] : labels) {
      if (k == key) return v;
    }
    return {};
  }
};

struct PromFamily {
  std::string name;
  std::string type;  // "untyped" when no TYPE line
  std::string help;
  bool has_help = false;
  bool has_type = false;
  std::vector<PromSample> samples;
};

namespace prom_detail {

inline bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
inline bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }
inline bool valid_metric_name(std::string_view n) {
  if (n.empty() || !name_start(n[0])) return false;
  for (char c : n) {
    if (!name_char(c)) return false;
  }
  return true;
}
inline bool valid_label_name(std::string_view n) {
  if (n.empty() || n[0] == ':' || !name_start(n[0]) || n.starts_with("__")) return false;
  for (char c : n) {
    if (!name_char(c) || c == ':') return false;
  }
  return true;
}
inline bool parse_value(std::string_view s, double& out) {
  if (s == "+Inf" || s == "Inf") return out = INFINITY, true;
  if (s == "-Inf") return out = -INFINITY, true;
  if (s == "NaN") return out = NAN, true;
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return false;
  }
  const std::string str(s);
  char* end = nullptr;
  out = std::strtod(str.c_str(), &end);
  return end == str.c_str() + str.size();
}

}  // namespace prom_detail

inline std::expected<std::vector<PromFamily>, std::string> parse_prom_text(std::string_view text) {
  using namespace prom_detail;
  std::vector<PromFamily> families;
  std::map<std::string, std::size_t> index;  // family name -> position
  std::set<std::string> series;
  std::string current;                       // family of the previous sample
  std::set<std::string> closed;              // families whose samples ended
  if (!text.empty() && text.back() != '\n') return std::unexpected("missing final newline");
  std::size_t lineno = 0;
  const auto family_of = [&](const std::string& name) -> PromFamily& {
    auto it = index.find(name);
    if (it == index.end()) {
      index[name] = families.size();
      families.push_back(PromFamily{name, "untyped", "", false, false, {}});
      return families.back();
    }
    return families[it->second];
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t eol = text.find('\n', pos);
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++lineno;
    const std::string where = "line " + std::to_string(lineno) + ": ";
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
        const bool help = line[2] == 'H';
        const std::string_view rest = line.substr(7);
        const auto sp = rest.find(' ');
        const std::string name(rest.substr(0, sp));
        if (!valid_metric_name(name)) return std::unexpected(where + "bad metric name in HELP/TYPE");
        if (sp == std::string_view::npos) return std::unexpected(where + "HELP/TYPE without text");
        const std::string_view arg = rest.substr(sp + 1);
        PromFamily& f = family_of(name);
        if (help) {
          if (f.has_help) return std::unexpected(where + "second HELP for " + name);
          for (std::size_t i = 0; i < arg.size(); ++i) {
            if (arg[i] == '\\') {
              if (i + 1 >= arg.size() || (arg[i + 1] != '\\' && arg[i + 1] != 'n')) return std::unexpected(where + "bad escape in HELP");
              f.help += arg[i + 1] == 'n' ? '\n' : '\\';
              ++i;
            } else {
              f.help += arg[i];
            }
          }
          f.has_help = true;
        } else {
          if (f.has_type) return std::unexpected(where + "second TYPE for " + name);
          if (!f.samples.empty()) return std::unexpected(where + "TYPE after samples of " + name);
          if (arg != "counter" && arg != "gauge" && arg != "histogram" && arg != "summary" && arg != "untyped") {
            return std::unexpected(where + "unknown type " + std::string(arg));
          }
          f.type = std::string(arg);
          f.has_type = true;
        }
      }
      continue;  // other comments are allowed
    }
    // A sample.
    std::size_t i = 0;
    while (i < line.size() && name_char(line[i])) ++i;
    PromSample s;
    s.name = std::string(line.substr(0, i));
    if (!valid_metric_name(s.name)) return std::unexpected(where + "bad metric name");
    std::set<std::string> label_names;
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (true) {
        if (i < line.size() && line[i] == '}') {
          ++i;
          break;
        }
        std::size_t start = i;
        while (i < line.size() && name_char(line[i])) ++i;
        const std::string lname(line.substr(start, i - start));
        if (!valid_label_name(lname)) return std::unexpected(where + "bad label name \"" + lname + "\"");
        if (!label_names.insert(lname).second) return std::unexpected(where + "duplicate label " + lname);
        if (line.substr(i, 2) != "=\"") return std::unexpected(where + "expected =\" after label name");
        i += 2;
        std::string value;
        while (true) {
          if (i >= line.size()) return std::unexpected(where + "unterminated label value");
          const char c = line[i++];
          if (c == '"') break;
          if (c == '\\') {
            if (i >= line.size()) return std::unexpected(where + "unterminated escape");
            const char e = line[i++];
            if (e == '\\') value += '\\';
            else if (e == '"') value += '"';
            else if (e == 'n') value += '\n';
            else return std::unexpected(where + "bad escape \\" + std::string(1, e) + " in label value");
          } else {
            value += c;
          }
        }
        s.labels.emplace_back(lname, std::move(value));
        if (i < line.size() && line[i] == ',') {
          ++i;
          continue;
        }
        if (i < line.size() && line[i] == '}') {
          ++i;
          break;
        }
        return std::unexpected(where + "expected , or } in label set");
      }
    }
    if (i >= line.size() || (line[i] != ' ' && line[i] != '\t')) return std::unexpected(where + "expected blank before value");
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::string_view rest = line.substr(i);
    const auto sp = rest.find_first_of(" \t");
    const std::string_view value_text = rest.substr(0, sp);
    if (!parse_value(value_text, s.value)) return std::unexpected(where + "bad value \"" + std::string(value_text) + "\"");
    if (sp != std::string_view::npos) {
      std::string_view ts = rest.substr(sp);
      while (!ts.empty() && (ts[0] == ' ' || ts[0] == '\t')) ts.remove_prefix(1);
      if (ts.empty() || ts.find_first_not_of("-0123456789") != std::string_view::npos) {
        return std::unexpected(where + "bad timestamp");
      }
    }
    // Family grouping: counter/gauge/untyped samples carry the family name itself.
    PromFamily& f = family_of(s.name);
    if (f.type == "counter" && (s.value < 0 || std::isnan(s.value))) return std::unexpected(where + "negative or NaN counter");
    if (s.name != current) {
      if (closed.count(s.name)) return std::unexpected(where + "samples of " + s.name + " are not contiguous");
      if (!current.empty()) closed.insert(current);
      current = s.name;
    }
    std::string key = s.name + "{";
    auto sorted = s.labels;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [k, v] : sorted) key += k + "=" + v + "\x1f";
    if (!series.insert(key).second) return std::unexpected(where + "duplicate series " + std::string(line));
    f.samples.push_back(std::move(s));
  }
  return families;
}

}  // namespace vrrp::control::test
