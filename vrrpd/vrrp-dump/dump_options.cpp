// Hand-rolled option parsing: the surface is small, and a pure function over strings is easy to
// test. Accepts "--opt value" and "--opt=value"; trailing words form the BPF filter, as tcpdump.
#include "vrrpd/vrrp-dump/dump_options.hpp"

#include <charconv>
#include <cmath>

namespace vrrp::dump {

namespace {

std::optional<std::uint64_t> parse_uint(const std::string& s, std::uint64_t max) {
  std::uint64_t v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || p != end || s.empty() || v > max) return std::nullopt;
  return v;
}

// Seconds with up to two decimals, as keepalived's advert_int ("1", "0.5", "2.25").
std::optional<std::uint16_t> parse_interval_cs(const std::string& s) {
  const auto dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (frac.size() > 2) return std::nullopt;
  while (frac.size() < 2) frac += '0';
  const auto w = parse_uint(whole.empty() ? "0" : whole, 40);
  const auto f = parse_uint(frac, 99);
  if (!w || !f) return std::nullopt;
  const std::uint64_t cs = *w * 100 + *f;
  if (cs == 0 || cs > proto::kMaxV3IntervalCs) return std::nullopt;
  return static_cast<std::uint16_t>(cs);
}

}  // namespace

std::expected<DumpOptions, std::string> parse_dump_options(const std::vector<std::string>& args) {
  DumpOptions o;
  std::vector<std::string> filter_words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> inline_value;
    if (name.starts_with("--")) {
      if (const auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
    }
    auto value = [&]() -> std::expected<std::string, std::string> {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) return std::unexpected("option " + name + " needs a value");
      return args[++i];
    };
    auto flag = [&]() -> std::expected<void, std::string> {
      if (inline_value) return std::unexpected("option " + name + " takes no value");
      return {};
    };
#define VRRP_DUMP_TRY(var, expr) \
  auto var = (expr);             \
  if (!var) return std::unexpected(var.error())

    if (name == "-h" || name == "--help") {
      VRRP_DUMP_TRY(f, flag());
      o.show_help = true;
    } else if (name == "-V") {
      VRRP_DUMP_TRY(f, flag());
      o.show_version = true;
    } else if (name == "-r" || name == "--read") {
      VRRP_DUMP_TRY(v, value());
      o.read_file = *v;
    } else if (name == "-i" || name == "--interface") {
      VRRP_DUMP_TRY(v, value());
      o.interface = *v;
    } else if (name == "-c" || name == "--count") {
      VRRP_DUMP_TRY(v, value());
      const auto n = parse_uint(*v, UINT64_MAX);
      if (!n || *n == 0) return std::unexpected("bad count: " + *v);
      o.count = *n;
    } else if (name == "--json") {
      VRRP_DUMP_TRY(f, flag());
      o.json = true;
    } else if (name == "--all") {
      VRRP_DUMP_TRY(f, flag());
      o.all = true;
    } else if (name == "--vrid") {
      VRRP_DUMP_TRY(v, value());
      const auto n = parse_uint(*v, 255);
      if (!n || *n == 0) return std::unexpected("bad VRID (1-255): " + *v);
      o.receiver.vrid = static_cast<std::uint8_t>(*n);
    } else if (name == "--version" || name == "--vrrp-version") {
      // --version is the receiver's VRRP version, as the other receiver options; -V prints ours.
      VRRP_DUMP_TRY(v, value());
      if (*v == "2") {
        o.receiver.version = proto::Version::V2;
      } else if (*v == "3") {
        o.receiver.version = proto::Version::V3;
      } else {
        return std::unexpected("bad VRRP version (2 or 3): " + *v);
      }
    } else if (name == "--auth-pass") {
      VRRP_DUMP_TRY(v, value());
      // keepalived truncates longer passwords to the 8 octets that fit the advert.
      std::array<std::uint8_t, 8> pass{};
      for (std::size_t k = 0; k < v->size() && k < pass.size(); ++k) pass[k] = static_cast<std::uint8_t>((*v)[k]);
      o.receiver.auth_pass = pass;
      o.receiver.auth_type = proto::AuthType::SimplePassword;
    } else if (name == "--no-auth") {
      VRRP_DUMP_TRY(f, flag());
      o.receiver.auth_type = proto::AuthType::None;
    } else if (name == "--advert-int") {
      VRRP_DUMP_TRY(v, value());
      const auto cs = parse_interval_cs(*v);
      if (!cs) return std::unexpected("bad advert interval (seconds, 0.01-40.95): " + *v);
      o.receiver.advert_int_cs = *cs;
    } else if (name == "--vip") {
      VRRP_DUMP_TRY(v, value());
      const auto a = proto::IpAddr::parse(*v);
      if (!a) return std::unexpected("bad address: " + *v);
      o.receiver.vips.push_back(*a);
    } else if (name == "--unicast") {
      VRRP_DUMP_TRY(f, flag());
      o.receiver.unicast = true;
    } else if (name == "--multicast") {
      VRRP_DUMP_TRY(f, flag());
      o.receiver.unicast = false;
    } else if (name == "--v3-checksum") {
      VRRP_DUMP_TRY(v, value());
      if (*v == "P" || *v == "pseudo-header") {
        o.receiver.v3_ipv4_form = proto::ChecksumForm::PseudoHeader;
      } else if (*v == "M" || *v == "message-only") {
        o.receiver.v3_ipv4_form = proto::ChecksumForm::MessageOnly;
      } else {
        return std::unexpected("bad checksum form (P or M): " + *v);
      }
    } else if (name == "--strict") {
      VRRP_DUMP_TRY(f, flag());
      o.receiver.strict = true;
    } else if (name == "--owner") {
      VRRP_DUMP_TRY(f, flag());
      o.receiver.owner = true;
    } else if (name == "--") {
      filter_words.insert(filter_words.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (name.starts_with("-") && name.size() > 1) {
      return std::unexpected("unknown option " + name);
    } else {
      filter_words.push_back(args[i]);
    }
#undef VRRP_DUMP_TRY
  }
  for (const auto& w : filter_words) o.filter += (o.filter.empty() ? "" : " ") + w;
  if (o.show_help || o.show_version) return o;
  if (o.read_file.empty() == o.interface.empty()) return std::unexpected("give exactly one of -r FILE or -i IFACE");
  return o;
}

std::string dump_usage() {
  return "Usage: vrrp-dump (-r FILE | -i IFACE) [-c COUNT] [--json] [--all] [receiver options] [FILTER]\n"
         "Decode and validate every VRRP packet of a capture file or a live interface.\n"
         "\n"
         "  -r, --read FILE        read a pcap/pcapng file (\"-\": standard input)\n"
         "  -i, --interface IFACE  capture live (\"any\" for all interfaces)\n"
         "  -c, --count N          stop after N VRRP packets\n"
         "      --json             one JSON object per line\n"
         "      --all              also print frames that are not VRRP\n"
         "  FILTER                 BPF expression (live default: \"ip proto 112 or ip6 proto 112\")\n"
         "\n"
         "Receiver view (unset: taken from the packet, so only structure, checksum and TTL count):\n"
         "      --vrid N           the VRID configured (others: vrid_errors)\n"
         "      --version 2|3      the VRRP version spoken (alias --vrrp-version)\n"
         "      --auth-pass PASS   v2 simple password (implies auth type 1)\n"
         "      --no-auth          v2 without authentication (auth type 0)\n"
         "      --advert-int SEC   advertisement interval, e.g. 1 or 0.5\n"
         "      --vip ADDR         a virtual address (repeat for each)\n"
         "      --unicast | --multicast  the receiver's mode\n"
         "      --v3-checksum P|M  the v3/IPv4 checksum form the receiver uses\n"
         "      --owner            the receiver owns the addresses (priority 255)\n"
         "      --strict           vrrp_strict: lenient accepts become drops\n"
         "  -h, --help             this text\n"
         "  -V                     print the program version\n";
}

}  // namespace vrrp::dump
