// Boost.Program_options table for keepalived's command line, and its checks.
#include "vrrpd/cli.hpp"

#include <signal.h>
#include <syslog.h>

#include <boost/program_options.hpp>
#include <sstream>

#include "vrrpd/version.hpp"

namespace vrrp::daemon {
namespace po = boost::program_options;

namespace {

std::optional<int> parse_facility(const std::string& text) {
  if (text.size() == 1 && text[0] >= '0' && text[0] <= '7') {
    static constexpr int kLocal[] = {LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
                                     LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7};
    return kLocal[text[0] - '0'];
  }
  if (text.size() == 6 && text.starts_with("local")) return parse_facility(text.substr(5));
  if (text == "user") return LOG_USER;
  if (text == "daemon") return LOG_DAEMON;
  return std::nullopt;
}

po::options_description make_options() {
  po::options_description d("Options");
  // clang-format off
  d.add_options()
    ("use-file,f", po::value<std::string>(), "use the specified configuration file")
    ("dont-fork,n", "don't fork the daemon process")
    ("log-console,l", "log messages to the local console")
    ("log-detail,D", "detailed log messages (twice: more)")
    ("log-facility,S", po::value<std::string>(), "syslog facility: 0-7 (local0-7), localN, user, daemon")
    ("no-syslog,G", "don't log via syslog")
    ("pid,p", po::value<std::string>(), "pid file (default /run/vrrpd.pid)")
    ("vrrp_pid,r", po::value<std::string>(), "VRRP pid file (same pid: vrrpd is one process)")
    ("checkers_pid,c", po::value<std::string>(), "accepted and ignored (no checker subsystem)")
    ("bfd_pid,b", po::value<std::string>(), "accepted and ignored (no BFD subsystem)")
    ("config-test,t", po::value<std::string>()->implicit_value(""), "check the configuration and exit")
    ("vrrp,P", "only run the VRRP subsystem (always the case)")
    ("check,C", "accepted and ignored: vrrpd has no checker subsystem")
    ("no_bfd,B", "accepted (vrrpd has no BFD subsystem)")
    ("all", "accepted: run all subsystems vrrpd has")
    ("config-id,i", po::value<std::string>(), "config id for @ conditional lines")
    ("all-config,e", "treat missing include files as errors")
    ("dump-conf,d", "log the parsed configuration at start")
    ("dump-config", "print the parsed configuration as JSON and exit")
    ("strict", "treat vrrpd's own advice warnings (dangerous but accepted settings) as errors")
    ("dont-respawn,R", "accepted (vrrpd has no child processes to respawn)")
    ("dont-release-vrrp,V", "leave VIPs in place and send no priority 0 on stop")
    ("release-vips,X", "remove VIPs on transitions even if not believed set")
    ("control-socket", po::value<std::string>(), "control socket for vrrpctl (default /run/vrrpd/vrrpd.sock)")
    ("no-control-socket", "do not open the control socket")
    ("metrics-listen", po::value<std::string>(), "serve Prometheus metrics on ADDR:PORT (off by default)")
    ("signum", po::value<std::string>(), "print the number of STOP|RELOAD|DATA|STATS|STATS_CLEAR|JSON and exit")
    ("version,v", "display the version and exit")
    ("help,h", "display this help and exit");
  // clang-format on
  return d;
}

std::string usage(const po::options_description& d) {
  std::ostringstream out;
  out << "Usage: vrrpd [OPTION...]\n" << d;
  return out.str();
}

std::string version_text() {
  return std::string("vrrpd ") + kVersion +
         " (keepalived-compatible VRRPv2/v3 daemon)\n";
}

}  // namespace

std::optional<int> signal_number(const std::string& name) {
  if (name == "STOP") return SIGTERM;
  if (name == "RELOAD") return SIGHUP;
  if (name == "DATA") return SIGUSR1;
  if (name == "STATS") return SIGUSR2;
  if (name == "STATS_CLEAR") return SIGRTMAX - 1;
  if (name == "JSON") return SIGRTMIN + 2;
  return std::nullopt;
}

CliOutcome parse_cli(std::span<const char* const> argv) {
  CliOutcome outcome;
  const auto desc = make_options();
  po::positional_options_description no_positionals;
  po::variables_map vm;
  int detail = 0;
  std::vector<std::string> stray;
  try {
    auto parsed = po::command_line_parser(static_cast<int>(argv.size()), argv.data())
                      .options(desc)
                      .allow_unregistered()
                      .run();
    std::vector<po::option> kept;
    for (const auto& opt : parsed.options) {
      if (opt.position_key >= 0) {
        // Bare words are only reported, as keepalived does ("Unexpected argument(s)").
        for (const auto& t : opt.original_tokens) stray.push_back(t);
        for (const auto& v : opt.value) {
          if (opt.original_tokens.empty()) stray.push_back(v);
        }
        continue;
      }
      if (opt.unregistered) {
        outcome.exit_code = 1;
        outcome.stderr_text = "Unknown option " +
                              (opt.original_tokens.empty() ? opt.string_key : opt.original_tokens[0]) +
                              "\nTry 'vrrpd --help' for more information.\n";
        return outcome;
      }
      if (opt.string_key == "log-detail") {
        // -D counts (keepalived: "twice = extra"); Program_options refuses repeats, so keep one.
        if (++detail > 1) continue;
      }
      kept.push_back(opt);
    }
    parsed.options = std::move(kept);
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    outcome.exit_code = 1;
    outcome.stderr_text = std::string("vrrpd: ") + e.what() +
                          "\nTry 'vrrpd --help' for more information.\n";
    return outcome;
  }

  if (vm.count("help")) {
    outcome.stderr_text = usage(desc);
    return outcome;
  }
  if (vm.count("version")) {
    outcome.stderr_text = version_text();
    return outcome;
  }
  if (vm.count("signum")) {
    const auto& name = vm["signum"].as<std::string>();
    if (auto n = signal_number(name)) {
      outcome.stdout_text = std::to_string(*n) + "\n";
      return outcome;
    }
    outcome.exit_code = 1;
    outcome.stderr_text = "vrrpd: unknown signal name '" + name + "'\n";
    return outcome;
  }

  CliOptions o;
  // keepalived treats `--opt=` like a missing argument.
  for (const char* key : {"use-file", "log-facility", "pid", "vrrp_pid", "config-id",
                          "checkers_pid", "bfd_pid", "control-socket", "metrics-listen"}) {
    if (vm.count(key) && vm[key].as<std::string>().empty()) {
      outcome.exit_code = 1;
      outcome.stderr_text = std::string("vrrpd: option '--") + key + "' requires an argument\n";
      return outcome;
    }
  }
  if (vm.count("use-file")) o.config_file = vm["use-file"].as<std::string>();
  o.dont_fork = vm.count("dont-fork") > 0;
  o.log_console = vm.count("log-console") > 0;
  o.log_detail = detail;
  o.no_syslog = vm.count("no-syslog") > 0;
  if (vm.count("log-facility")) {
    const auto& text = vm["log-facility"].as<std::string>();
    auto f = parse_facility(text);
    if (!f) {
      outcome.exit_code = 1;
      outcome.stderr_text = "vrrpd: invalid log facility '" + text + "'\n";
      return outcome;
    }
    o.log_facility = *f;
  }
  if (vm.count("pid")) o.pid_file = vm["pid"].as<std::string>();
  if (vm.count("vrrp_pid")) o.vrrp_pid_file = vm["vrrp_pid"].as<std::string>();
  if (vm.count("config-test")) {
    o.config_test = true;
    o.config_test_log = vm["config-test"].as<std::string>();
    o.dont_fork = true;  // -t implies -n and no syslog
    o.no_syslog = true;
  }
  if (vm.count("config-id")) o.config_id = vm["config-id"].as<std::string>();
  o.dump_config_json = vm.count("dump-config") > 0;
  o.dump_conf_log = vm.count("dump-conf") > 0;
  o.strict = vm.count("strict") > 0;
  o.dont_release_vrrp = vm.count("dont-release-vrrp") > 0;
  o.release_vips = vm.count("release-vips") > 0;
  o.all_config = vm.count("all-config") > 0;
  if (vm.count("control-socket")) o.control_socket = vm["control-socket"].as<std::string>();
  if (vm.count("no-control-socket")) o.control_socket.clear();
  if (vm.count("metrics-listen")) o.metrics_listen = vm["metrics-listen"].as<std::string>();
  if (vm.count("check")) o.warnings.push_back("-C/--check ignored: vrrpd has no checker subsystem");
  if (vm.count("checkers_pid")) o.warnings.push_back("-c/--checkers_pid ignored: no checker subsystem");
  if (vm.count("bfd_pid")) o.warnings.push_back("-b/--bfd_pid ignored: no BFD subsystem");
  if (!stray.empty()) {
    std::string line = "Unexpected argument(s):";
    for (const auto& s : stray) line += " " + s;
    o.warnings.push_back(line);
  }
  outcome.options = std::move(o);
  return outcome;
}

}  // namespace vrrp::daemon
