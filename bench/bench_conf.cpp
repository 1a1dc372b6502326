// keepalived.conf loading at scale: a generated config with 10,000 vrrp_instances. Measures the
// full load (read + parse + validate + lower; target <= 100 ms) and its peak RSS (target
// <= 64 MiB), both in fresh processes, and `keepalived -t -f` on the same file (run in a private
// network namespace holding the config's interface) as a time ratio.
//   bench_conf                      fresh-process figures, Google Benchmark runs, keepalived ratio
//   bench_conf --one-shot FILE      load FILE once, print "cpu_ms wall_ms" of the load, exit
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "conf-parser/config.hpp"
#include "conf-parser/lower.hpp"
#include "conf-parser/parser.hpp"
#include "conf-parser/validate.hpp"

namespace {

constexpr int kInstances = 10'000;
constexpr int kFreshRuns = 5;
constexpr double kTargetMs = 100;
constexpr double kTargetMiB = 64;

/// IPv6/VRRPv3 unicast instances on eth0: VRIDs repeat every 255 instances, but each instance
/// has its own peer, so no two clash (keepalived-surface.md §5.8). Documentation prefixes only.
std::string generate_config() {
  std::string out =
      "global_defs {\n  router_id bench\n  vrrp_version 3\n  enable_script_security\n  script_user root\n}\n"
      "vrrp_script chk {\n  script \"/bin/true\"\n  interval 2\n  weight -10\n}\n";
  char buf[640];
  for (int i = 0; i < kInstances; ++i) {
    std::snprintf(buf, sizeof buf,
                  "vrrp_instance VI_%d {\n  state BACKUP\n  interface eth0\n  virtual_router_id %d\n"
                  "  priority %d\n  advert_int 1\n  unicast_peer {\n    2001:db8::%x:1\n  }\n"
                  "  virtual_ipaddress {\n    2001:db8:1::%x/64 dev eth0\n  }\n"
                  "  track_script {\n    chk\n  }\n  notify \"/usr/local/bin/notify.sh %d\"\n}\n",
                  i, i % 255 + 1, 50 + i % 150, i + 1, i + 1, i);
    out += buf;
  }
  return out;
}

const std::string& config_path() {
  static const std::string path = [] {
    std::string p = "/tmp/vrrpd-bench-conf-" + std::to_string(::getpid()) + ".conf";
    std::ofstream(p) << generate_config();
    return p;
  }();
  return path;
}

vrrp::conf::LoadOptions options() {
  vrrp::conf::LoadOptions o;
  o.config_id = "bench";
  o.interface_exists = [](const std::string& name) { return name == "eth0"; };
  o.script_exists = [](const std::string&) { return true; };
  return o;
}

/// What the daemon keeps of a load: the model and its lowered plans.
struct Loaded {
  vrrp::conf::LoadResult result;
  std::vector<vrrp::conf::InstancePlan> plans;
};

Loaded load_and_lower(const std::string& path) {
  Loaded l{vrrp::conf::load(path, options()), {}};
  l.plans = vrrp::conf::lower(*l.result.model);
  return l;
}

std::size_t load_once(const std::string& path) { return load_and_lower(path).plans.size(); }

void BM_LoadValidateLower10k(benchmark::State& state) {
  const std::string& path = config_path();
  std::size_t n = 0;
  for (auto _ : state) {
    n = load_once(path);
    benchmark::DoNotOptimize(n);
  }
  if (n != kInstances) state.SkipWithError("not every instance was lowered");
  state.counters["instances"] = static_cast<double>(n);
}
BENCHMARK(BM_LoadValidateLower10k)->Unit(benchmark::kMillisecond)->MinTime(2.0);

/// The keyword parser's own share: the reader's lines are read once, outside the loop.
void BM_ParseValidateLower10k(benchmark::State& state) {
  auto loader = vrrp::conf::make_disk_loader();
  std::vector<vrrp::conf::Diagnostic> reader_diags;
  const auto lines = vrrp::conf::read_config(config_path(), *loader, {"bench", {}, 0}, reader_diags);
  const auto o = options();
  std::size_t n = 0;
  for (auto _ : state) {
    std::vector<vrrp::conf::Diagnostic> diags;
    auto config = vrrp::conf::parse(lines, diags);
    vrrp::conf::validate(config, {o.interface_exists, o.script_exists, o.user_exists}, diags);
    n = vrrp::conf::lower(config).size();
    benchmark::DoNotOptimize(n);
  }
  if (n != kInstances) state.SkipWithError("not every instance was lowered");
}
BENCHMARK(BM_ParseValidateLower10k)->Unit(benchmark::kMillisecond)->MinTime(2.0);

double cpu_ms_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double ms_of(const rusage& u) {
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/// --one-shot: the load of a fresh process, timed from inside: from nothing to the model and
/// plans the daemon keeps (process start-up and the final frees excluded).
int one_shot(const char* path) {
  const double cpu0 = cpu_ms_now();
  const auto t0 = std::chrono::steady_clock::now();
  const Loaded l = load_and_lower(path);
  const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%.3f %.3f\n", cpu_ms_now() - cpu0, wall);
  return l.plans.size() == kInstances ? 0 : 1;
}

struct Run {
  bool ok = false;
  double wall_ms = 0;     // of the whole child
  double cpu_ms = 0;      // of the whole child (user + system)
  long max_rss_kib = 0;   // the child's peak RSS
  std::string out;        // its stdout
};

/// Run `argv` as a fresh process (exec'd: nothing inherited from this one's heap) and collect
/// its peak RSS and times from wait4.
Run run_child(const std::vector<std::string>& argv) {
  Run r;
  int fds[2];
  if (::pipe(fds) != 0) return r;
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    return r;
  }
  char buf[256];
  for (ssize_t k; (k = ::read(fds[0], buf, sizeof buf)) > 0;) r.out.append(buf, static_cast<std::size_t>(k));
  ::close(fds[0]);
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) return r;
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_ms = ms_of(usage);
  r.max_rss_kib = usage.ru_maxrss;
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

/// `keepalived -t -f FILE` in a network namespace of its own that holds the one interface the
/// config names (eth0, one end of a veth pair), so nothing outside is looked at or touched; the namespace and
/// the link vanish with the process (the trap removes the link first anyway). The same wrapper
/// around `true` is timed too and subtracted.
Run keepalived_check(const std::string& file, bool baseline) {
  const std::string script =
      "trap 'ip link del eth0 2>/dev/null' EXIT; ip link add eth0 type veth peer name eth0p && ip link set eth0 up && " +
      std::string(baseline ? "true" : "keepalived -t -f '" + file + "' >/dev/null 2>&1; test $? -lt 128");
  return run_child({"unshare", "--net", "sh", "-c", script});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--one-shot") return one_shot(argv[2]);

  // Fresh processes first: a child's ru_maxrss would include what it shares with this one at
  // fork, so this process must still be small (the benchmarks below grow its heap).
  std::vector<double> load_cpu, load_wall;
  long rss_kib = 0;
  bool fresh_ok = true;
  for (int i = 0; i < kFreshRuns; ++i) {
    const Run r = run_child({argv[0], "--one-shot", config_path()});
    double cpu = 0, wall = 0;
    fresh_ok = fresh_ok && r.ok && std::sscanf(r.out.c_str(), "%lf %lf", &cpu, &wall) == 2;
    load_cpu.push_back(cpu);
    load_wall.push_back(wall);
    rss_kib = std::max(rss_kib, r.max_rss_kib);
  }

  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  const double cpu_ms = median(load_cpu);
  const double wall_ms = median(load_wall);
  const double rss_mib = rss_kib / 1024.0;
  const bool time_ok = fresh_ok && cpu_ms <= kTargetMs;
  const bool rss_ok = fresh_ok && rss_kib > 0 && rss_mib <= kTargetMiB;
  std::printf("full load (read + parse + validate + lower) of %d instances, fresh process, median of %d:\n",
              kInstances, kFreshRuns);
  std::printf("  CPU %.1f ms, wall %.1f ms (target <= %.0f ms): %s\n", cpu_ms, wall_ms, kTargetMs,
              time_ok ? "ok" : "MISSED");
  std::printf("  peak RSS %.1f MiB (max of the runs; target <= %.0f MiB): %s\n", rss_mib, kTargetMiB,
              rss_ok ? "ok" : "MISSED");

  if (std::system("command -v keepalived >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1") == 0) {
    const Run base = keepalived_check(config_path(), true);
    const Run ka = keepalived_check(config_path(), false);
    if (base.ok && ka.ok) {
      const double ka_wall = ka.wall_ms - base.wall_ms;
      const double ka_cpu = ka.cpu_ms - base.cpu_ms;
      std::printf("keepalived -t -f (private netns): wall %.0f ms, CPU %.0f ms\n", ka_wall, ka_cpu);
      std::printf("ratio keepalived -t / vrrpd load: wall %.1fx, CPU %.1fx\n", ka_wall / wall_ms, ka_cpu / cpu_ms);
    } else {
      std::printf("keepalived -t could not be run in a private network namespace; no ratio\n");
    }
  } else {
    std::printf("keepalived or unshare not installed; no ratio\n");
  }
  std::remove(config_path().c_str());
  return time_ok && rss_ok ? 0 : 1;
}
