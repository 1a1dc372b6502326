// process_scan: /proc/PID/comm and cmdline reads and keepalived's parameter matching modes.
#include "vrrpd/process_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace vrrp::daemon {

namespace {

constexpr std::size_t kCommLen = 15;  // TASK_COMM_LEN - 1

/// Reads a small /proc file; empty on error.
std::string read_small(const std::string& path) {
  std::string out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > 64 * 1024) break;
  }
  ::close(fd);
  return out;
}

std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    out.emplace_back(text, start, end - start);
    start = end + 1;
  }
  return out;
}

}  // namespace

bool process_matches(const ProcessPattern& p, std::string_view comm, const std::vector<std::string>& argv) {
  const bool by_args = p.full_command || !p.parameters.empty();
  if (!by_args) return comm == std::string_view(p.process).substr(0, kCommLen);
  if (argv.empty()) return false;  // kernel threads and zombies have no cmdline
  if (p.full_command ? argv[0] != p.process
                     : comm != std::string_view(p.process).substr(0, kCommLen) && argv[0] != p.process) {
    return false;
  }
  if (p.parameters.empty()) return true;
  const auto args_begin = argv.begin() + 1;
  const auto n_args = static_cast<std::size_t>(argv.end() - args_begin);
  if (p.param_match == "initial") {
    return n_args >= p.parameters.size() && std::equal(p.parameters.begin(), p.parameters.end(), args_begin);
  }
  if (p.param_match == "partial") {
    return std::search(args_begin, argv.end(), p.parameters.begin(), p.parameters.end()) != argv.end();
  }
  return n_args == p.parameters.size() && std::equal(p.parameters.begin(), p.parameters.end(), args_begin);
}

std::vector<unsigned> count_processes(const std::vector<ProcessPattern>& patterns, const std::string& proc_root) {
  std::vector<unsigned> counts(patterns.size(), 0);
  if (patterns.empty()) return counts;
  const bool need_argv = std::any_of(patterns.begin(), patterns.end(),
                                     [](const auto& p) { return p.full_command || !p.parameters.empty(); });
  DIR* dir = ::opendir(proc_root.c_str());
  if (!dir) return counts;
  std::vector<std::string> argv;
  while (const dirent* e = ::readdir(dir)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    const std::string base = proc_root + "/" + e->d_name;
    std::string comm = read_small(base + "/comm");
    if (comm.empty()) continue;  // gone
    if (comm.back() == '\n') comm.pop_back();
    argv.clear();
    if (need_argv) argv = split_nul(read_small(base + "/cmdline"));
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (process_matches(patterns[i], comm, argv)) ++counts[i];
    }
  }
  ::closedir(dir);
  return counts;
}

}  // namespace vrrp::daemon
