// decode(), encode() and validate() must not allocate (advertisement.hpp, validate.hpp): they
// run once per received packet. This file replaces global operator new for the whole test
// binary with a counting pass-through to malloc, so the claim is checked, not assumed.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "proto/advertisement.hpp"
#include "proto/validate.hpp"

namespace {
std::atomic<std::size_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
// These deletes pair with the replacement news above, which do use malloc; GCC cannot see
// that once the calls are inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace vrrp::proto {
namespace {

TEST(NoAllocation, DecodeValidateEncode) {
  // v3/IPv6 with the VIPs listed in a different order than configured: the slow set compare.
  std::vector<std::uint8_t> addrs;
  ReceivePolicy vr;
  vr.family = Family::Ipv6;
  vr.vrid = 10;
  for (std::uint8_t i = 0; i < 40; ++i) {
    std::array<std::uint8_t, 16> b{0xfe, 0x80};
    b[15] = static_cast<std::uint8_t>(i + 1);
    addrs.insert(addrs.end(), b.begin(), b.end());
    vr.vips.insert(vr.vips.begin(), IpAddr::v6(b));
  }
  Advertisement a;
  a.family = Family::Ipv6;
  a.vrid = 10;
  a.count = 40;
  a.address_bytes = addrs;
  const IpAddr src = *IpAddr::parse("fe80::2");
  const IpAddr dst = vrrp_group(Family::Ipv6);
  std::array<std::uint8_t, kMaxAdvertSize> out{};
  const ReceivedPacket packet{src, dst, kRequiredTtl, std::span(out).first(a.wire_size())};

  const std::size_t before = g_allocations.load();
  const std::size_t n = encode(a, ChecksumContext{src, dst}, out);
  const auto decoded = decode(Family::Ipv6, packet.vrrp);
  const Verdict verdict = validate(packet, &vr);
  const auto cand = checksum_candidates(Version::V3, packet.vrrp, src, dst);
  const std::size_t after = g_allocations.load();

  ASSERT_EQ(n, a.wire_size());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(verdict.accepted()) << counter_name(verdict.drop);
  EXPECT_EQ(cand.pseudo_header, decoded->checksum);
  EXPECT_EQ(after - before, 0u);

  // Sanity: the counter does see allocations (otherwise the check above proves nothing).
  auto* probe = new int(1);
  EXPECT_GT(g_allocations.load(), after);
  delete probe;
}

}  // namespace
}  // namespace vrrp::proto
