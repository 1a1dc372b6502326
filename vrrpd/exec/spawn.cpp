// clone(CLONE_VM|CLONE_VFORK) child start. The child shares our memory until execve, so it
// must only make raw system calls: no allocation, no locks, no glibc setuid wrappers (those
// broadcast to every thread of the *parent*), and it reports failure through shared memory.
#include "vrrpd/exec/spawn.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <memory>

namespace vrrp::daemon::exec {

namespace {

constexpr std::size_t kChildStack = 128 * 1024;

struct ChildContext {
  const SpawnRequest* request;
  volatile int error;
  const char* volatile stage;
};

[[noreturn]] void fail(ChildContext& ctx, const char* stage, int code) {
  ctx.error = errno;
  ctx.stage = stage;
  ::syscall(SYS_exit, code);
  __builtin_unreachable();
}

int child_main(void* arg) {
  auto& ctx = *static_cast<ChildContext*>(arg);
  const SpawnRequest& req = *ctx.request;
  if (::syscall(SYS_setpgid, 0, 0) != 0) fail(ctx, "setpgid", 126);
  // The parent keeps these descriptors >= 3, so dup3 never sees oldfd == newfd.
  if (::syscall(SYS_dup3, req.stdin_fd, 0, 0) < 0) fail(ctx, "dup3", 126);
  if (::syscall(SYS_dup3, req.stdout_fd, 1, 0) < 0) fail(ctx, "dup3", 126);
  if (::syscall(SYS_dup3, req.stderr_fd, 2, 0) < 0) fail(ctx, "dup3", 126);
  // Nothing of the daemon's (sockets, netlink, the FIFO) leaks into scripts. Best effort:
  // our own descriptors are O_CLOEXEC anyway.
  ::syscall(SYS_close_range, 3U, ~0U, 0U);
  if (const RunAs* who = req.run_as) {
    if (who->gid || !who->groups.empty()) {
      if (::syscall(SYS_setgroups, who->groups.size(), who->groups.data()) != 0) {
        fail(ctx, "setgroups", 126);
      }
    }
    if (who->gid && ::syscall(SYS_setresgid, *who->gid, *who->gid, *who->gid) != 0) {
      fail(ctx, "setgid", 126);
    }
    if (who->uid && ::syscall(SYS_setresuid, *who->uid, *who->uid, *who->uid) != 0) {
      fail(ctx, "setuid", 126);
    }
  }
  // After the uid change, which clears it: a script outliving a crashed daemon gets SIGTERM.
  ::syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
  // The daemon ignores SIGPIPE and Asio may have handlers installed; the script starts clean.
  // Our signal table is a copy (no CLONE_SIGHAND), so this does not touch the parent.
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(sig, &dfl, nullptr);  // EINVAL for libc-reserved signals: fine
  }
  sigset_t none;
  sigemptyset(&none);
  ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, nullptr, NSIG / 8);
  ::execve(req.path, req.argv, req.envp);
  // No "#!" line: run it with the shell like execvp(3) does (keepalived builds with libmagic
  // do the same for scripts without an interpreter line).
  if (errno == ENOEXEC && req.shell_argv) ::execve("/bin/sh", req.shell_argv, req.envp);
  fail(ctx, "execve", 127);
}

}  // namespace

Spawned spawn_process(const SpawnRequest& request) {
  // Heap stack: the parent is suspended (CLONE_VFORK) until the child execs, so one buffer per
  // call is plenty and nothing else runs on it.
  const auto stack = std::make_unique<std::max_align_t[]>(kChildStack / sizeof(std::max_align_t));
  char* top = reinterpret_cast<char*>(stack.get()) + kChildStack;

  ChildContext ctx{&request, 0, ""};
  // No signal handler of ours may run on the child's stack between clone and execve.
  sigset_t all;
  sigset_t old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  const pid_t pid = ::clone(child_main, top, CLONE_VM | CLONE_VFORK | SIGCHLD, &ctx);
  const int clone_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);

  Spawned result;
  if (pid < 0) {
    result.error = clone_errno;
    result.stage = "clone";
    return result;
  }
  if (ctx.error != 0) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.error = ctx.error;
    result.stage = ctx.stage;
    return result;
  }
  result.pid = pid;
  return result;
}

}  // namespace vrrp::daemon::exec
