// Kernel-side pre-filter for VRRP sockets: a classic BPF program compiled by libpcap and
// attached with SO_ATTACH_FILTER, so that traffic that is not VRRP for one of our VRIDs never
// wakes the daemon. The program must fit what the socket delivers: an IPv4 raw socket hands
// over the IP header (the filter finds the VRRP header behind IHL), an IPv6 raw socket only the
// payload (the filter reads the VRRP header at offset 0).
// Limit: adverts for VRIDs we do not run are dropped by the kernel, so vrid_errors only counts
// what slips through before the filter is attached or re-attached.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "proto/types.hpp"

namespace vrrp::netif {

/// One classic BPF instruction; same layout as the kernel's struct sock_filter and libpcap's
/// struct bpf_insn (checked by static_assert in the implementation).
struct BpfInstruction {
  std::uint16_t code = 0;
  std::uint8_t jt = 0;
  std::uint8_t jf = 0;
  std::uint32_t k = 0;
};

class BpfProgram {
 public:
  BpfProgram() = default;  // rejects everything
  BpfProgram(std::vector<BpfInstruction> instructions, std::string expression)
      : instructions_(std::move(instructions)), expression_(std::move(expression)) {}

  std::span<const BpfInstruction> instructions() const { return instructions_; }
  /// The pcap expression it was compiled from ("" for the reject-all program), for logs.
  const std::string& expression() const { return expression_; }

  /// Runs the program in user space (libpcap's bpf_filter) over `packet` exactly as the socket
  /// would deliver it. True when the kernel would pass it. For tests and diagnostics.
  bool matches(std::span<const std::uint8_t> packet) const;

  /// SO_ATTACH_FILTER on `fd`; replaces any program already attached (atomic in the kernel).
  std::error_code attach(int fd) const;

 private:
  std::vector<BpfInstruction> instructions_;
  std::string expression_;
};

/// Compiles the VRRP filter for a raw socket of `family` accepting protocol 112 with one of
/// `vrids` (duplicates are fine). IPv4 also requires IP protocol 112 and a first fragment.
/// An empty `vrids` gives a program that rejects everything. Fails (invalid_argument) only if
/// libpcap rejects the generated expression.
std::expected<BpfProgram, std::error_code> compile_vrrp_filter(proto::Family family,
                                                               std::span<const std::uint8_t> vrids);

}  // namespace vrrp::netif
