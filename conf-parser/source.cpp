// Text forms of SourceLocation and Diagnostic, as printed by `vrrpd -t` and in logs.
#include "conf-parser/source.hpp"

namespace vrrp::conf {

std::string SourceLocation::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
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
