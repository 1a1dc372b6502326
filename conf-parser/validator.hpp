// Internal state shared by the validation passes (validate*.cpp).
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "conf-parser/model.hpp"
#include "conf-parser/validate.hpp"

namespace vrrp::conf::detail {

class Validator {
 public:
  Validator(Config& config, const ValidateOptions& options, std::vector<Diagnostic>& diagnostics)
      : c_(config), opt_(options), diags_(diagnostics) {}

  void run();

 private:
  // validate_instance.cpp
  bool instance(VrrpInstance& v);  // false: keepalived drops the instance
  void instance_defaults(VrrpInstance& v);
  void instance_addresses(VrrpInstance& v);
  void instance_trackers(VrrpInstance& v);
  void instance_advice(const VrrpInstance& v);
  // validate.cpp
  void scripts();
  void duplicate_vrids();
  void sync_groups();
  void routes(const std::vector<RouteSpec>& routes, bool is_virtual, const std::string& owner);
  std::vector<RouteSpec> rules(std::vector<RouteSpec> rules);
  void security();

  bool interface_exists(const std::string& name, const SourceLocation& loc, const std::string& message);
  void error(const SourceLocation& loc, std::string message, std::string hint = {},
             Verdict verdict = Verdict::General);
  void warning(const SourceLocation& loc, std::string message, std::string hint = {},
               Verdict verdict = Verdict::General);
  /// Our own warning about something keepalived accepts silently.
  void advice(const SourceLocation& loc, std::string message, std::string hint);

  Config& c_;
  const ValidateOptions& opt_;
  std::vector<Diagnostic>& diags_;
  bool missing_interface_ = false;
  SourceLocation first_missing_interface_;
  int next_rule_preference_ = 16384;
  // Name indexes, built once in run() (validation is linear in the number of instances).
  std::unordered_map<std::string, const VrrpScript*> scripts_;
  std::unordered_set<std::string> track_files_;
  std::unordered_set<std::string> track_processes_;
};

std::string where(const SourceLocation& loc);  // "file:line:column"

}  // namespace vrrp::conf::detail
