// Replacement global operator new/delete that count allocations for hot_path_alloc_test.cpp.
#include "daemon/alloc_counter.hpp"

#include <cstdlib>
#include <new>

namespace vrrp::daemon::testing {
std::atomic<bool> g_count_allocations{false};
std::atomic<std::size_t> g_allocations{0};
}  // namespace vrrp::daemon::testing

namespace {
// A named place to put a debugger breakpoint when a hot-path test reports allocations.
[[gnu::noinline]] void counted_allocation() {
  vrrp::daemon::testing::g_allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

void* operator new(std::size_t size) {
  if (vrrp::daemon::testing::g_count_allocations.load(std::memory_order_relaxed)) counted_allocation();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
