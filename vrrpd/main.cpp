// vrrpd entry point: command line, the one-shot modes (-t, --dump-config), then the daemon:
// prepare everything, daemonise (unless -n), write pid files, run.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "conf-parser/config.hpp"
#include "vrrpd/cli.hpp"
#include "vrrpd/config_loader.hpp"
#include "vrrpd/daemon.hpp"
#include "vrrpd/pid_file.hpp"

namespace vd = vrrp::daemon;

namespace {

int config_test(const vd::CliOptions& o) {
  const auto result = vrrp::conf::load(o.config_file, vd::load_options(o));
  std::ofstream file;
  if (!o.config_test_log.empty()) file.open(o.config_test_log, std::ios::app);
  std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cerr;
  for (const auto& d : result.diagnostics) out << d.to_string() << "\n";
  return vrrp::conf::config_test_exit_code(result.diagnostics, o.strict);
}

int dump_config(const vd::CliOptions& o) {
  const auto result = vrrp::conf::load(o.config_file, vd::load_options(o));
  for (const auto& d : result.diagnostics) std::cerr << d.to_string() << "\n";
  std::cout << vrrp::conf::dump_config_json(*result.model);
  return vrrp::conf::config_test_exit_code(result.diagnostics, o.strict);
}

/// Asio's fork example: the parent exits, the child carries on in a new session with stdio
/// on /dev/null. Returns false if fork failed.
bool daemonize(vd::Daemon& daemon) {
  daemon.notify_fork(boost::asio::io_context::fork_prepare);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid > 0) ::_exit(0);  // the parent must not run destructors that release VIPs
  ::setsid();
  if (::chdir("/") != 0) {
    // Not fatal: we hold no relative paths after startup.
  }
  const int null = ::open("/dev/null", O_RDWR);
  if (null >= 0) {
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (null > 2) ::close(null);
  }
  daemon.notify_fork(boost::asio::io_context::fork_child);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const auto outcome = vd::parse_cli({const_cast<const char* const*>(argv), static_cast<std::size_t>(argc)});
  if (!outcome.stdout_text.empty()) std::cout << outcome.stdout_text << std::flush;
  if (!outcome.stderr_text.empty()) std::cerr << outcome.stderr_text << std::flush;
  if (!outcome.options) return outcome.exit_code;
  const auto& options = *outcome.options;
  for (const auto& w : options.warnings) std::cerr << "vrrpd: " << w << "\n";

  if (options.config_test) return config_test(options);
  if (options.dump_config_json) return dump_config(options);

  try {
    if (const auto ec = vd::PidFile::check_not_running(options.pid_file)) {
      std::cerr << "vrrpd: daemon is already running (pid file " << options.pid_file << ")\n";
      return vd::kExitFatal;
    }
    vd::Logger log({!options.no_syslog, options.log_console, options.log_facility, options.log_detail});
    vd::Daemon daemon(options, log);
    if (const int rc = daemon.prepare()) return rc;
    if (!options.dont_fork && !daemonize(daemon)) {
      std::cerr << "vrrpd: fork failed\n";
      return vd::kExitFatal;
    }
    vd::PidFile pid;
    vd::PidFile vrrp_pid;
    if (const auto ec = pid.write(options.pid_file)) {
      log.line(vd::LogLevel::Warning, "cannot write pid file ", options.pid_file, ": ", ec.message());
    }
    if (!options.vrrp_pid_file.empty()) {
      if (const auto ec = vrrp_pid.write(options.vrrp_pid_file)) {
        log.line(vd::LogLevel::Warning, "cannot write pid file ", options.vrrp_pid_file, ": ", ec.message());
      }
    }
    return daemon.run();
  } catch (const std::exception& e) {
    std::cerr << "vrrpd: " << e.what() << "\n";
    return vd::kExitFatal;
  }
}
