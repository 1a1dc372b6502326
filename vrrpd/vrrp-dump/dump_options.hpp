// Command line of vrrp-dump: where packets come from, how to print them, and the optional
// receiver view that validation judges them against. Parsing is pure (no I/O).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "proto/advertisement.hpp"
#include "proto/types.hpp"

namespace vrrp::dump {

/// The receiver that packets are validated for. Every unset field is taken from the packet
/// itself, so that without options only structure, checksum and TTL are judged.
struct ReceiverView {
  std::optional<std::uint8_t> vrid;
  std::optional<proto::Version> version;
  std::optional<proto::AuthType> auth_type;         // --auth-pass implies SimplePassword
  std::optional<std::array<std::uint8_t, 8>> auth_pass;
  std::optional<std::uint16_t> advert_int_cs;       // --advert-int, in centiseconds
  std::vector<proto::IpAddr> vips;                  // empty: the advertised list is not checked
  std::optional<bool> unicast;                      // unset: from the destination address
  std::optional<proto::ChecksumForm> v3_ipv4_form;  // unset: whichever form verifies
  bool strict = false;
  bool owner = false;
};

struct DumpOptions {
  std::string read_file;          // -r FILE ("-" is standard input)
  std::string interface;          // -i IFACE
  std::optional<std::uint64_t> count;  // -c COUNT: stop after this many VRRP packets
  std::string filter;             // BPF expression; empty: the default for live capture
  bool json = false;              // --json: one object per line
  bool all = false;               // --all: also print frames that are not VRRP
  bool show_help = false;
  bool show_version = false;
  ReceiverView receiver;
};

/// The default live-capture filter: VRRP over either family.
inline constexpr const char* kDefaultFilter = "ip proto 112 or ip6 proto 112";

/// Parses argv[1..]. Returns a one-line error message on bad usage.
std::expected<DumpOptions, std::string> parse_dump_options(const std::vector<std::string>& args);

/// The --help text.
std::string dump_usage();

}  // namespace vrrp::dump
