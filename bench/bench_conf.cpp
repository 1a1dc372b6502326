// keepalived.conf loading at scale: a generated config with 10,000 vrrp_instances, timed through
// read + parse + validate + lower (target <= 100 ms), its peak RSS measured in a fresh child
// process (target <= 64 MiB), and `keepalived -t` on the same file reported as a time ratio.
//   bench_conf                      Google Benchmark run + the RSS and keepalived figures
//   bench_conf --one-shot FILE      load FILE once and exit (the child of the RSS measurement)
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "conf-parser/config.hpp"
#include "conf-parser/lower.hpp"
#include "conf-parser/parser.hpp"
#include "conf-parser/validate.hpp"

namespace {

constexpr int kInstances = 10'000;

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

std::size_t load_once(const std::string& path) {
  auto result = vrrp::conf::load(path, options());
  auto plans = vrrp::conf::lower(*result.model);
  return plans.size();
}

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

/// Peak RSS of a fresh process that loads the file once (exec'd, so nothing is inherited).
long child_peak_rss_kib(const char* self) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl(self, self, "--one-shot", config_path().c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return usage.ru_maxrss;
}

double seconds_of(const std::string& command) {
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = std::system(command.c_str());
  const auto t1 = std::chrono::steady_clock::now();
  if (rc == -1) return -1;
  return std::chrono::duration<double>(t1 - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--one-shot") return load_once(argv[2]) == kInstances ? 0 : 1;
  // Measured first: a child's ru_maxrss includes what it inherited at fork, so the parent must
  // still be small (the benchmarks below grow its heap).
  const long rss = child_peak_rss_kib(argv[0]);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  std::printf("peak RSS of one load of %d instances: %.1f MiB (target <= 64 MiB)\n", kInstances, rss / 1024.0);
  // One timed load outside the benchmark loop, for the ratio.
  const auto t0 = std::chrono::steady_clock::now();
  load_once(config_path());
  const double ours = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (std::system("command -v keepalived >/dev/null 2>&1") == 0) {
    const double ka = seconds_of("timeout 300 keepalived -t -f " + config_path() + " >/dev/null 2>&1");
    std::printf("keepalived -t: %.3f s, vrrpd load: %.3f s, ratio keepalived/vrrpd = %.1f\n", ka, ours, ka / ours);
  } else {
    std::printf("vrrpd load: %.3f s (keepalived not installed, no ratio)\n", ours);
  }
  std::remove(config_path().c_str());
  return rss > 0 && rss <= 64 * 1024 ? 0 : 1;
}
