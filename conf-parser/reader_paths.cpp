// Brace expansion and path resolution for include patterns.
#include "conf-parser/reader_paths.hpp"

#include <filesystem>

namespace vrrp::conf::detail {

namespace {

// Position of the `}` closing the `{` at `open`, or npos.
std::size_t matching_brace(const std::string& s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    if (s[i] == '}' && --depth == 0) return i;
  }
  return std::string::npos;
}

void expand_into(const std::string& s, std::size_t from, std::vector<std::string>& out, std::size_t limit) {
  if (out.size() >= limit) return;
  std::size_t open = s.find('{', from);
  std::size_t close = std::string::npos;
  while (open != std::string::npos && (close = matching_brace(s, open)) == std::string::npos) {
    open = s.find('{', open + 1);
  }
  if (open == std::string::npos) {
    out.push_back(s);
    return;
  }
  // Split the inside at commas of nesting depth 0.
  std::vector<std::string> alts;
  int depth = 0;
  std::size_t start = open + 1;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (s[i] == '{') ++depth;
    if (s[i] == '}') --depth;
    if (s[i] == ',' && depth == 0) {
      alts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  alts.push_back(s.substr(start, close - start));
  const std::string prefix = s.substr(0, open);
  const std::string suffix = s.substr(close + 1);
  for (const auto& alt : alts) {
    if (out.size() >= limit) return;
    // Continue after the prefix and the inserted alternative: earlier text is brace-free.
    expand_into(prefix + alt + suffix, prefix.size(), out, limit);
  }
}

}  // namespace

std::vector<std::string> brace_expand(const std::string& pattern, std::size_t limit) {
  std::vector<std::string> out;
  expand_into(pattern, 0, out, limit);
  return out;
}

bool has_wildcard(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

std::string directory_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string resolve_relative(const std::string& dir, const std::string& path) {
  std::filesystem::path p(path);
  if (!p.is_absolute() && !dir.empty()) p = std::filesystem::path(dir) / p;
  std::string s = p.lexically_normal().string();
  return s.empty() ? path : s;
}

}  // namespace vrrp::conf::detail
