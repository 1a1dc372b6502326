// The libpcap side of vrrp-dump: opens a file or an interface, runs every frame through
// analyze_frame() and prints one line per VRRP frame (or per frame with --all).
#pragma once

#include <atomic>
#include <cstdint>
#include <ostream>

#include "vrrpd/vrrp-dump/dump_options.hpp"

namespace vrrp::dump {

/// Totals of one run, also printed to `err` at the end.
struct DumpTotals {
  std::uint64_t frames = 0;    // every frame read
  std::uint64_t vrrp = 0;      // lines printed for VRRP or malformed frames
  std::uint64_t accepted = 0;
  std::uint64_t dropped = 0;   // includes malformed frames
  std::uint64_t skipped = 0;   // not VRRP
};

/// Exit statuses: 0 done, 1 capture error, 2 bad usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCaptureError = 1;
inline constexpr int kExitUsage = 2;

/// Runs a whole dump. `out` gets the packet lines, `err` errors and the closing totals. Live
/// captures flush `out` after every line. `stop`, when set from elsewhere (a signal handler),
/// ends the capture at the next packet or timeout. Returns an exit status.
int run_dump(const DumpOptions& options, std::ostream& out, std::ostream& err,
             DumpTotals* totals = nullptr, const std::atomic<bool>* stop = nullptr);

}  // namespace vrrp::dump
