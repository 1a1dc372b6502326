// Text forms of SourceLocation and Diagnostic, as printed by `vrrpd -t` and in logs.
#include "conf-parser/source.hpp"

#include <mutex>
#include <ostream>
#include <set>

namespace vrrp::conf {

SourceFile::SourceFile(std::string_view path) {
  // Node-based, so the strings never move; guarded because loads may run on several threads.
  static std::mutex mutex;
  static std::set<std::string, std::less<>> names;
  const std::lock_guard lock(mutex);
  auto it = names.find(path);
  if (it == names.end()) it = names.emplace(path).first;
  path_ = &*it;
}

const std::string& SourceFile::empty() {
  static const std::string none;
  return none;
}

std::ostream& operator<<(std::ostream& os, const SourceFile& f) { return os << f.str(); }

std::string SourceLocation::to_string() const {
  return file.str() + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Notice: return "notice";
  }
  return "error";
}
}  // namespace

std::string Diagnostic::to_string() const {
  std::string out = loc.to_string() + ": " + severity_name(severity) + ": " + message;
  if (!hint.empty()) out += " (hint: " + hint + ")";
  return out;
}

}  // namespace vrrp::conf
