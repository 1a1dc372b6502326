// conf::load() wired to the host, and the daemon's verdict on the result.
#include "vrrpd/config_loader.hpp"

#include <net/if.h>
#include <unistd.h>

#include <cstdlib>

#include "conf-parser/parser.hpp"
#include "conf-parser/source.hpp"

namespace vrrp::daemon {

namespace {

bool program_exists(const std::string& program) {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), F_OK) == 0;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const auto end = dirs.find(':', start);
    const auto dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), F_OK) == 0) return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace

conf::LoadOptions load_options(const CliOptions& cli) {
  conf::LoadOptions o;
  o.config_id = cli.config_id;
  o.strict = cli.strict;
  o.include_checks = cli.all_config ? conf::kIncludeCheckAll : 0;  // -e/--all-config
  o.interface_exists = [](const std::string& name) { return ::if_nametoindex(name.c_str()) != 0; };
  o.script_exists = [](const std::string& program) { return program_exists(program); };
  o.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  return o;
}

bool config_file_missing(const std::string& path) {
  if (path.find_first_of("*?[{") != std::string::npos) return false;
  return ::access(path.c_str(), R_OK) != 0;
}

int daemon_verdict(const conf::LoadResult& result, std::size_t declared, std::size_t plans, bool strict) {
  for (const auto& d : result.diagnostics) {
    if (d.severity == conf::Severity::Error && d.verdict == conf::Verdict::Fatal) return kExitConfig;
  }
  if (plans < declared) return kExitConfig;
  if (strict && result.has_errors()) return kExitConfig;
  return kExitOk;
}

LoadedConfig load_for_daemon(const CliOptions& cli) {
  LoadedConfig loaded;
  if (config_file_missing(cli.config_file)) {
    loaded.exit_code = kExitNoConfig;
    return loaded;
  }
  // One streaming load; parsed_vrrp_instances counts the blocks as written, since validation
  // drops the ones keepalived's VRRP process would die on (e.g. no VRID).
  loaded.result = conf::load(cli.config_file, load_options(cli));
  const auto declared = loaded.result.parsed_vrrp_instances;
  loaded.plans = conf::lower(*loaded.result.model);
  loaded.exit_code = daemon_verdict(loaded.result, declared, loaded.plans.size(), cli.strict);
  return loaded;
}

}  // namespace vrrp::daemon
