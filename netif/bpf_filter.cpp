// libpcap-compiled VRRP socket filter (see bpf_filter.hpp for what each family's program reads).
#include "netif/bpf_filter.hpp"

#include <linux/filter.h>
#include <pcap/pcap.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "netif/netlink_error.hpp"

namespace vrrp::netif {
namespace {

static_assert(sizeof(BpfInstruction) == sizeof(sock_filter));
static_assert(sizeof(BpfInstruction) == sizeof(bpf_insn));
static_assert(offsetof(BpfInstruction, k) == offsetof(sock_filter, k));
static_assert(offsetof(BpfInstruction, jf) == offsetof(bpf_insn, jf));

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};

std::string vrid_terms(const std::string& vrid_byte, const std::set<std::uint8_t>& vrids) {
  std::string out;
  for (std::uint8_t vrid : vrids) {
    if (!out.empty()) out += " or ";
    out += vrid_byte + " = " + std::to_string(vrid);
  }
  return out;
}

std::string expression_for(proto::Family family, const std::set<std::uint8_t>& vrids) {
  if (family == proto::Family::Ipv4) {
    // The raw IPv4 socket hands over the IP header: the VRRP header starts at IHL * 4.
    // Byte 1 of the VRRP header is the VRID. Non-first fragments carry no VRRP header.
    return "ip proto 112 and (ip[6:2] & 0x1fff) = 0 and (" +
           vrid_terms("ip[((ip[0] & 0xf) << 2) + 1]", vrids) + ")";
  }
  // The raw IPv6 socket hands over the payload only: the VRRP header is at offset 0. With
  // DLT_RAW, "link" addresses the start of what the socket delivers.
  return "len >= 8 and (" + vrid_terms("link[1]", vrids) + ")";
}

}  // namespace

bool BpfProgram::matches(std::span<const std::uint8_t> packet) const {
  if (instructions_.empty()) return false;
  const auto* insns = reinterpret_cast<const bpf_insn*>(instructions_.data());
  auto size = static_cast<u_int>(packet.size());
  return bpf_filter(insns, packet.data(), size, size) != 0;
}

std::error_code BpfProgram::attach(int fd) const {
  // An empty program is "reject everything": the kernel needs at least one instruction.
  static sock_filter reject_all{BPF_RET | BPF_K, 0, 0, 0};
  sock_fprog prog{};
  if (instructions_.empty()) {
    prog.len = 1;
    prog.filter = &reject_all;
  } else {
    prog.len = static_cast<unsigned short>(instructions_.size());
    prog.filter = reinterpret_cast<sock_filter*>(const_cast<BpfInstruction*>(instructions_.data()));
  }
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) != 0)
    return last_os_error();
  return {};
}

std::expected<BpfProgram, std::error_code> compile_vrrp_filter(
    proto::Family family, std::span<const std::uint8_t> vrids) {
  const std::set<std::uint8_t> unique(vrids.begin(), vrids.end());
  if (unique.empty()) return BpfProgram{};
  const std::string expr = expression_for(family, unique);

  std::unique_ptr<pcap_t, PcapCloser> dead(pcap_open_dead(DLT_RAW, 65535));
  if (!dead) return std::unexpected(std::make_error_code(std::errc::not_enough_memory));
  bpf_program prog{};
  if (pcap_compile(dead.get(), &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  }
  std::vector<BpfInstruction> insns(prog.bf_len);
  std::copy_n(reinterpret_cast<const BpfInstruction*>(prog.bf_insns), prog.bf_len, insns.begin());
  pcap_freecode(&prog);
  return BpfProgram(std::move(insns), expr);
}

}  // namespace vrrp::netif
