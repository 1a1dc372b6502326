// Counts global operator new calls while enabled (the replacement lives in alloc_counter.cpp,
// alone in its file so no new/delete pair is ever inlined against it).
#pragma once

#include <atomic>
#include <cstddef>

namespace vrrp::daemon::testing {

extern std::atomic<bool> g_count_allocations;
extern std::atomic<std::size_t> g_allocations;

}  // namespace vrrp::daemon::testing
