// Skew_Time / Master_Down_Interval against the reference values of vrrp-conformance.md §3.1
// and keepalived-surface.md §5.5 (exact microseconds, floor rounding).
#include <gtest/gtest.h>

#include "proto/rfc_timers.hpp"

namespace vrrp::proto {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct TimerCase {
  const char* name;
  Version version;
  std::uint8_t priority;
  Duration interval;
  std::int64_t skew_us;
  std::int64_t mdi_us;
};

class RfcTimers : public testing::TestWithParam<TimerCase> {};

TEST_P(RfcTimers, MatchesReference) {
  const TimerCase& c = GetParam();
  EXPECT_EQ(skew_time(c.version, c.priority, c.interval).count(), c.skew_us);
  EXPECT_EQ(master_down_interval(c.version, c.priority, c.interval).count(), c.mdi_us);
}

INSTANTIATE_TEST_SUITE_P(
    Reference, RfcTimers,
    testing::Values(
        TimerCase{"v2_p100", Version::V2, 100, seconds(1), 609'375, 3'609'375},
        TimerCase{"v2_p50", Version::V2, 50, seconds(1), 804'687, 3'804'687},
        TimerCase{"v2_p90", Version::V2, 90, seconds(1), 648'437, 3'648'437},
        // v2 skew does not depend on the interval.
        TimerCase{"v2_p100_3s", Version::V2, 100, seconds(3), 609'375, 9'609'375},
        TimerCase{"v2_owner", Version::V2, 255, seconds(1), 3'906, 3'003'906},
        TimerCase{"v3_p200_100cs", Version::V3, 200, seconds(1), 218'750, 3'218'750},
        TimerCase{"v3_p100_50cs", Version::V3, 100, milliseconds(500), 304'687, 1'804'687},
        TimerCase{"v3_p150_50cs", Version::V3, 150, milliseconds(500), 207'031, 1'707'031},
        TimerCase{"v3_p254_4095cs", Version::V3, 254, milliseconds(40'950), 319'921, 123'169'921},
        TimerCase{"v3_p1_1cs", Version::V3, 1, milliseconds(10), 9'960, 39'960}),
    [](const testing::TestParamInfo<TimerCase>& info) { return std::string(info.param.name); });

TEST(RfcTimers, DownTimerAdvertsMultiplier) {
  EXPECT_EQ(master_down_interval(Version::V3, 100, seconds(1), 5).count(), 5'609'375);
  EXPECT_EQ(master_down_interval(Version::V2, 100, seconds(1), 1).count(), 1'609'375);
}

TEST(RfcTimers, CentisecondConversion) {
  EXPECT_EQ(from_centiseconds(100), seconds(1));
  EXPECT_EQ(to_centiseconds(milliseconds(500)), 50);
  EXPECT_EQ(to_centiseconds(milliseconds(5)), 1);         // clamped up to the wire minimum
  EXPECT_EQ(to_centiseconds(seconds(100)), 4095);          // clamped to the 12-bit field
  EXPECT_EQ(to_centiseconds(milliseconds(1234)), 123);     // floor
}

}  // namespace
}  // namespace vrrp::proto
