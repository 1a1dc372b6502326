// Per-packet cost of the VRRP codec: decode+validate (checks 3-16, what every received advert
// pays) and encode (what every sent advert pays), for v2, v3/IPv4 and v3/IPv6.
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "proto/advertisement.hpp"
#include "proto/validate.hpp"

namespace {

using namespace vrrp::proto;

struct Case {
  ReceivePolicy vr;
  Advertisement advert;
  std::vector<std::uint8_t> addrs;
  IpAddr source;
  std::array<std::uint8_t, kMaxAdvertSize> wire{};
  std::size_t size = 0;
};

// A realistic advert per kind: keepalived-like defaults, `vips` addresses, sent and configured
// in the same order (the common case for the address-list check).
Case make_case(Version version, Family family, std::size_t vips) {
  Case c;
  c.vr.version = version;
  c.vr.family = family;
  c.vr.vrid = 51;
  c.vr.auth_type = version == Version::V2 ? AuthType::SimplePassword : AuthType::None;
  c.vr.auth_data = {'s', 'e', 'c', 'r', 'e', 't', 0, 0};
  for (std::size_t i = 0; i < vips; ++i) {
    const auto last = static_cast<std::uint8_t>(100 + i);
    c.vr.vips.push_back(family == Family::Ipv4
                            ? IpAddr::v4({192, 0, 2, last})
                            : IpAddr::v6({i == 0 ? std::uint8_t{0xfe} : std::uint8_t{0x20},
                                          i == 0 ? std::uint8_t{0x80} : std::uint8_t{0x01}, 0x0d, 0xb8, 0, 0, 0, 0, 0,
                                          0, 0, 0, 0, 0, 0, last}));
  }
  for (const IpAddr& a : c.vr.vips) c.addrs.insert(c.addrs.end(), a.bytes().begin(), a.bytes().end());
  c.advert.version = version;
  c.advert.family = family;
  c.advert.vrid = 51;
  c.advert.priority = 150;
  c.advert.count = static_cast<std::uint8_t>(vips);
  c.advert.auth_type = static_cast<std::uint8_t>(c.vr.auth_type);
  c.advert.auth_data = c.vr.auth_data;
  c.advert.address_bytes = c.addrs;
  c.source = family == Family::Ipv4 ? IpAddr::v4({192, 0, 2, 2}) : *IpAddr::parse("fe80::2");
  c.size = encode(c.advert, ChecksumContext{c.source, vrrp_group(family)}, c.wire);
  return c;
}

void decode_validate(benchmark::State& state, Version version, Family family) {
  const Case c = make_case(version, family, static_cast<std::size_t>(state.range(0)));
  const ReceivedPacket packet{c.source, vrrp_group(family), kRequiredTtl, std::span(c.wire).first(c.size)};
  for (auto _ : state) {
    Verdict v = validate(packet, &c.vr);
    benchmark::DoNotOptimize(v);
  }
  if (!validate(packet, &c.vr).accepted()) state.SkipWithError("advert not accepted");
}

void encode_advert(benchmark::State& state, Version version, Family family) {
  Case c = make_case(version, family, static_cast<std::size_t>(state.range(0)));
  const ChecksumContext ctx{c.source, vrrp_group(family)};
  for (auto _ : state) {
    std::size_t n = encode(c.advert, ctx, c.wire);
    benchmark::DoNotOptimize(n);
    benchmark::ClobberMemory();
  }
}

// IPv4 as the shell sees it: the whole IP packet through check 1, then checks 3-16.
void parse_ipv4_validate(benchmark::State& state) {
  const Case c = make_case(Version::V3, Family::Ipv4, 1);
  std::vector<std::uint8_t> ip = {0x45, 0xc0, 0, static_cast<std::uint8_t>(20 + c.size), 0, 0, 0, 0, 0xff, 0x70, 0, 0,
                                  192, 0, 2, 2, 224, 0, 0, 18};
  ip.insert(ip.end(), c.wire.begin(), c.wire.begin() + static_cast<std::ptrdiff_t>(c.size));
  for (auto _ : state) {
    auto p = parse_ipv4(ip);
    Verdict v = validate(*p, &c.vr);
    benchmark::DoNotOptimize(v);
  }
}

void BM_DecodeValidate_V2(benchmark::State& s) { decode_validate(s, Version::V2, Family::Ipv4); }
void BM_DecodeValidate_V3Ipv4(benchmark::State& s) { decode_validate(s, Version::V3, Family::Ipv4); }
void BM_DecodeValidate_V3Ipv6(benchmark::State& s) { decode_validate(s, Version::V3, Family::Ipv6); }
void BM_Encode_V2(benchmark::State& s) { encode_advert(s, Version::V2, Family::Ipv4); }
void BM_Encode_V3Ipv4(benchmark::State& s) { encode_advert(s, Version::V3, Family::Ipv4); }
void BM_Encode_V3Ipv6(benchmark::State& s) { encode_advert(s, Version::V3, Family::Ipv6); }

BENCHMARK(BM_DecodeValidate_V2)->Arg(1)->Arg(20);
BENCHMARK(BM_DecodeValidate_V3Ipv4)->Arg(1)->Arg(20);
BENCHMARK(BM_DecodeValidate_V3Ipv6)->Arg(2)->Arg(20);
BENCHMARK(BM_Encode_V2)->Arg(1)->Arg(20);
BENCHMARK(BM_Encode_V3Ipv4)->Arg(1)->Arg(20);
BENCHMARK(BM_Encode_V3Ipv6)->Arg(2)->Arg(20);
BENCHMARK(parse_ipv4_validate);

}  // namespace

BENCHMARK_MAIN();
