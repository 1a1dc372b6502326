// Helpers for the keyword parser tests: load a config text from an in-memory file and look at
// the diagnostics as compact "line:col: severity: message" strings.
#pragma once

#include <string>
#include <vector>

#include "conf-parser/config.hpp"
#include "conf-parser/lower.hpp"
#include "conf/reader_memory_loader.hpp"

namespace vrrp::conf::testing {

inline constexpr const char* kConf = "/etc/keepalived/keepalived.conf";

struct Loaded {
  LoadResult result;
  const Config& model() const { return *result.model; }
  /// "line:col: error|warning|notice: message" for each diagnostic (file omitted: always kConf).
  std::vector<std::string> diags() const {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) {
      const char* sev = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "notice";
      out.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " + sev + ": " + d.message);
    }
    return out;
  }
  /// Diagnostics that are not notices.
  std::vector<std::string> problems() const {
    std::vector<std::string> out;
    auto all = diags();
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (result.diagnostics[i].severity != Severity::Notice) out.push_back(all[i]);
    }
    return out;
  }
  int exit_code(bool strict = false) const { return config_test_exit_code(result.diagnostics, strict); }
};

/// Every interface in `existing` exists; default {eth0, eth1}.
inline Loaded load_text(const std::string& text, std::vector<std::string> existing = {"eth0", "eth1"},
                        LoadOptions options = {}) {
  MemoryLoader loader;
  loader.files[kConf] = text;
  options.loader = &loader;
  if (!options.interface_exists) {
    options.interface_exists = [existing](const std::string& name) {
      for (const auto& e : existing) {
        if (e == name) return true;
      }
      return false;
    };
  }
  if (!options.script_exists) options.script_exists = [](const std::string&) { return false; };
  if (!options.user_exists) {
    options.user_exists = [](const std::string& u) { return u == "root" || u == "nobody"; };
  }
  if (options.config_id.empty()) options.config_id = "testhost";
  return Loaded{load(kConf, options)};
}

/// A minimal valid instance body around `extra` lines.
inline std::string instance(const std::string& extra, const std::string& name = "VI_1") {
  return "vrrp_instance " + name + " {\n  interface eth0\n  virtual_router_id 51\n" + extra +
         "  virtual_ipaddress {\n    192.0.2.1\n  }\n}\n";
}

}  // namespace vrrp::conf::testing
