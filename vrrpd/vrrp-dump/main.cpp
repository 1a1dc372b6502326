// vrrp-dump: decode and validate VRRP packets from a capture file or a live interface.
#include <pcap/pcap.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "vrrpd/version.hpp"
#include "vrrpd/vrrp-dump/capture_runner.hpp"
#include "vrrpd/vrrp-dump/dump_options.hpp"

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

}  // namespace

int main(int argc, char** argv) {
  using namespace vrrp::dump;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto options = parse_dump_options(args);
  if (!options) {
    std::cerr << "vrrp-dump: " << options.error() << "\n" << dump_usage();
    return kExitUsage;
  }
  if (options->show_help) {
    std::cout << dump_usage();
    return kExitOk;
  }
  if (options->show_version) {
    std::cout << "vrrp-dump " << vrrp::daemon::kVersion << " (" << pcap_lib_version() << ")\n";
    return kExitOk;
  }
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);  // no SA_RESTART: the blocking read returns, the loop checks
  sigaction(SIGTERM, &sa, nullptr);
  std::ios::sync_with_stdio(false);
  return run_dump(*options, std::cout, std::cerr, nullptr, &g_stop);
}
