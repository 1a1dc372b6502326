// Test helpers for tests/dump: the spec vectors, link-layer frame builders, pcap files written
// with libpcap's own writer (pcap_open_dead + pcap_dump_open), and running the dump over them.
#pragma once

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/mini_json.hpp"
#include "vrrpd/vrrp-dump/capture_runner.hpp"
#include "vrrpd/vrrp-dump/dump_options.hpp"

namespace vrrp::dump::test {

using vrrp::test::from_hex;
using vrrp::test::Json;
using Bytes = std::vector<std::uint8_t>;

inline const Json& vectors_doc() {
  static const Json doc = Json::parse_file(std::string(VRRP_TEST_DATA_DIR) + "/vrrp-vectors.json");
  return doc;
}
inline const Json::Array& vectors() { return vectors_doc()["vectors"].array(); }

inline bool is_ipv6(const Bytes& ip) { return !ip.empty() && (ip[0] >> 4) == 6; }

/// Ethernet II, optional 802.1Q tags, padded to the 60-byte minimum as a NIC would.
inline Bytes ethernet_frame(const Bytes& ip, std::vector<std::uint16_t> vlans = {}) {
  Bytes f = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x00, 0x00, 0x5e, 0x00, 0x01, 0x0a};
  for (std::uint16_t v : vlans) {
    f.insert(f.end(), {0x81, 0x00, static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
  }
  f.insert(f.end(), {static_cast<std::uint8_t>(is_ipv6(ip) ? 0x86 : 0x08), static_cast<std::uint8_t>(is_ipv6(ip) ? 0xdd : 0x00)});
  f.insert(f.end(), ip.begin(), ip.end());
  if (f.size() < 60) f.resize(60, 0);
  return f;
}

/// Linux cooked v1 (16 bytes, protocol last), as `tcpdump -i any` with libpcap < 1.10.
inline Bytes sll_frame(const Bytes& ip) {
  Bytes f = {0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x5e, 0x00, 0x01, 0x0a, 0x00, 0x00,
             static_cast<std::uint8_t>(is_ipv6(ip) ? 0x86 : 0x08), static_cast<std::uint8_t>(is_ipv6(ip) ? 0xdd : 0x00)};
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

/// Linux cooked v2 (20 bytes, protocol first, then ifindex), as `tcpdump -i any` today.
inline Bytes sll2_frame(const Bytes& ip) {
  Bytes f = {static_cast<std::uint8_t>(is_ipv6(ip) ? 0x86 : 0x08), static_cast<std::uint8_t>(is_ipv6(ip) ? 0xdd : 0x00),
             0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x02, 0x06,
             0x00, 0x00, 0x5e, 0x00, 0x01, 0x0a, 0x00, 0x00};
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

/// A pcap file under the test's temporary directory, removed with the object.
class PcapFile {
 public:
  /// `wirelens[i]`, when given, is frame i's original length (a snap length cut it short).
  PcapFile(int dlt, const std::vector<Bytes>& frames, const std::string& tag,
           const std::vector<std::size_t>& wirelens = {}) {
    path_ = (std::filesystem::temp_directory_path() /
             ("vrrp-dump-test-" + std::to_string(::getpid()) + "-" + tag + "-" + std::to_string(counter()++) + ".pcap"))
                .string();
    pcap_t* dead = pcap_open_dead(dlt, 65535);
    pcap_dumper_t* d = pcap_dump_open(dead, path_.c_str());
    EXPECT_NE(d, nullptr) << pcap_geterr(dead);
    for (std::size_t i = 0; d != nullptr && i < frames.size(); ++i) {
      pcap_pkthdr h{};
      h.ts.tv_sec = kBaseTime + static_cast<long>(i);
      h.ts.tv_usec = static_cast<long>(i);
      h.caplen = static_cast<bpf_u_int32>(frames[i].size());
      h.len = i < wirelens.size() ? static_cast<bpf_u_int32>(wirelens[i]) : h.caplen;
      pcap_dump(reinterpret_cast<u_char*>(d), &h, frames[i].data());
    }
    if (d != nullptr) pcap_dump_close(d);
    pcap_close(dead);
  }
  ~PcapFile() { std::filesystem::remove(path_); }
  PcapFile(const PcapFile&) = delete;
  PcapFile& operator=(const PcapFile&) = delete;
  const std::string& path() const { return path_; }

  static constexpr long kBaseTime = 1700000000;  // 2023-11-14T22:13:20Z

 private:
  static std::atomic<int>& counter() {
    static std::atomic<int> c{0};
    return c;
  }
  std::string path_;
};

/// Output of one run_dump() call.
struct DumpRun {
  int status = -1;
  std::vector<std::string> lines;
  std::string err;
  DumpTotals totals;
};

inline DumpRun run_on(const std::string& path, DumpOptions o) {
  o.read_file = path;
  std::ostringstream out;
  std::ostringstream err;
  DumpRun r;
  r.status = run_dump(o, out, err, &r.totals);
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) r.lines.push_back(line);
  r.err = err.str();
  return r;
}

}  // namespace vrrp::dump::test
