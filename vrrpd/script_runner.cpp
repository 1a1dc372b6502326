// fork/exec of notify scripts; everything that may fail (user lookup) happens before fork.
#include "vrrpd/script_runner.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <vector>

namespace vrrp::daemon {

namespace {

struct RunAs {
  uid_t uid;
  gid_t gid;
};

std::optional<RunAs> lookup(const conf::Script& script, Logger& log) {
  if (script.user.empty()) return RunAs{::getuid(), ::getgid()};
  const passwd* pw = ::getpwnam(script.user.c_str());
  if (!pw) {
    log.line(LogLevel::Error, "notify script ", script.command, ": unknown user ", script.user);
    return std::nullopt;
  }
  RunAs r{pw->pw_uid, pw->pw_gid};
  if (!script.group.empty()) {
    const group* gr = ::getgrnam(script.group.c_str());
    if (!gr) {
      log.line(LogLevel::Error, "notify script ", script.command, ": unknown group ", script.group);
      return std::nullopt;
    }
    r.gid = gr->gr_gid;
  }
  return r;
}

}  // namespace

void ScriptRunner::run(const conf::Script& script, std::span<const std::string> extra_args) {
  (void)spawn(script, extra_args);
}

pid_t ScriptRunner::spawn(const conf::Script& script, std::span<const std::string> extra_args) {
  if (script.argv.empty()) return -1;
  const auto who = lookup(script, log_);
  if (!who) return -1;
  std::vector<std::string> words(script.argv.begin(), script.argv.end());
  words.insert(words.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  const bool search_path = words[0].find('/') == std::string::npos;

  const pid_t pid = ::fork();
  if (pid < 0) {
    log_.line(LogLevel::Error, "cannot start script ", script.command, ": fork failed");
    return -1;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here on.
    ::setpgid(0, 0);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
      if (null > 2) ::close(null);
    }
    if (who->gid != ::getgid()) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(who->gid) != 0) ::_exit(126);
    }
    if (who->uid != ::getuid() && ::setuid(who->uid) != 0) ::_exit(126);
    if (search_path) ::execvp(argv[0], argv.data());
    else ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ++running_;
  log_.line(LogLevel::Debug, "started script ", script.command, " (pid ", pid, ")");
  return pid;
}

std::size_t ScriptRunner::reap() {
  std::size_t n = 0;
  for (;;) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) break;
    ++n;
    if (running_ > 0) --running_;
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      log_.line(LogLevel::Debug, "script pid ", pid, " exited with status ", WEXITSTATUS(status));
    }
    if (on_exit_) on_exit_(pid, status);
  }
  return n;
}

}  // namespace vrrp::daemon
