// Validation and completion of a parsed model: keepalived's derived defaults (priority 255 for
// an implied owner, global defaults, strict mode §5.9), cross-references, the errors keepalived
// reports at `-t`, and our own warnings about dangerous configurations it accepts silently.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "conf-parser/model.hpp"
#include "conf-parser/source.hpp"

namespace vrrp::conf {

struct ValidateOptions {
  /// Whether an interface exists. Null: every interface exists. Never an OS call in here.
  std::function<bool(const std::string&)> interface_exists;
  /// Whether a script's program exists (absolute path or PATH lookup). Null: all exist.
  std::function<bool(const std::string&)> script_exists;
  /// Whether a user exists (getpwnam). Null: every user exists.
  std::function<bool(const std::string&)> user_exists;
};

/// Complete `config` in place (defaults as keepalived applies them, instances keepalived would
/// drop are removed) and append every problem found to `diagnostics`.
void validate(Config& config, const ValidateOptions& options, std::vector<Diagnostic>& diagnostics);

}  // namespace vrrp::conf
