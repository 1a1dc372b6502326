// RateLimiter: burst, suppression count and exact refill on a hand-advanced clock.
#include <gtest/gtest.h>

#include "vrrpd/rate_limiter.hpp"
#include "vrrpd/stall_detector.hpp"

namespace vrrp::daemon {
namespace {

using namespace std::chrono_literals;
const proto::TimePoint t0 = proto::TimePoint{} + 1h;

TEST(RateLimiter, BurstThenSuppressesAndCounts) {
  RateLimiter r(3, 10s);
  EXPECT_TRUE(r.allow(t0));
  EXPECT_TRUE(r.allow(t0));
  EXPECT_TRUE(r.allow(t0));
  EXPECT_FALSE(r.allow(t0));
  EXPECT_FALSE(r.allow(t0 + 9s));
  EXPECT_EQ(r.take_suppressed(), 2u);
  EXPECT_EQ(r.take_suppressed(), 0u);
}

TEST(RateLimiter, RefillsOneTokenPerPeriodExactly) {
  RateLimiter r(2, 10s);
  EXPECT_TRUE(r.allow(t0));
  EXPECT_TRUE(r.allow(t0));
  EXPECT_FALSE(r.allow(t0 + 9999999us));
  EXPECT_TRUE(r.allow(t0 + 10s));   // one token back
  EXPECT_FALSE(r.allow(t0 + 10s));
  EXPECT_FALSE(r.allow(t0 + 19s));  // the remainder carries: next token at 20 s, not 29 s
  EXPECT_TRUE(r.allow(t0 + 20s));
}

TEST(RateLimiter, LongSilenceRefillsOnlyUpToTheBurst) {
  RateLimiter r(2, 1s);
  EXPECT_TRUE(r.allow(t0));
  EXPECT_TRUE(r.allow(t0));
  const auto later = t0 + 1h;
  EXPECT_TRUE(r.allow(later));
  EXPECT_TRUE(r.allow(later));
  EXPECT_FALSE(r.allow(later));
}

TEST(StallDetector, QuarterOfSmallestIntervalIsTheThreshold) {
  EXPECT_EQ(StallDetector::threshold_for(1s), 250ms);
  EXPECT_EQ(StallDetector::threshold_for(10ms), 2500us);
}

TEST(StallDetector, CountsOnlyLatenessAboveThreshold) {
  StallDetector s;
  s.set_threshold(250ms);
  EXPECT_FALSE(s.observe(t0, t0 + 250ms).has_value());
  EXPECT_FALSE(s.observe(t0, t0 - 5ms).has_value());  // early completion is not a stall
  auto late = s.observe(t0, t0 + 251ms);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(*late, 251ms);
  s.observe(t0, t0 + 2s);
  EXPECT_EQ(s.stalls(), 2u);
  EXPECT_EQ(s.worst(), 2s);
}

}  // namespace
}  // namespace vrrp::daemon
