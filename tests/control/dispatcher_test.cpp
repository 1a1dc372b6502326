// Successful replies: the result members PROTOCOL.md promises, and the provider calls made.
#include <gtest/gtest.h>

#include "fake_provider.hpp"
#include "vrrpd/control/dispatcher.hpp"
#include "vrrpd/control/json.hpp"
#include "vrrpd/control/reply.hpp"

namespace vrrp::control {
namespace {

Json reply(Dispatcher& d, std::string_view line) {
  const std::string text = d.handle(line);
  EXPECT_EQ(text.find('\n'), std::string::npos) << "a reply is one line";
  auto j = parse_json(text);
  EXPECT_TRUE(j) << text;
  return j ? *j : Json();
}

TEST(Dispatcher, StatusListsEveryInstanceWithItsFields) {
  test::FakeProvider p;
  Dispatcher d(p);
  const Json r = reply(d, R"({"version":1,"id":"q1","command":"status"})");
  EXPECT_EQ(*r.find("ok")->as_bool(), true);
  EXPECT_EQ(*r.find("id")->as_string(), "q1");
  EXPECT_EQ(r.find("version")->as_int(), 1);
  const auto& inst = *r.find("result")->find("instances")->as_array();
  ASSERT_EQ(inst.size(), 2u);
  const Json& a = inst[0];
  EXPECT_EQ(*a.find("name")->as_string(), "VI_1");
  EXPECT_EQ(*a.find("interface")->as_string(), "eth0");
  EXPECT_EQ(a.find("vrid")->as_int(), 51);
  EXPECT_EQ(a.find("version")->as_int(), 3);
  EXPECT_EQ(*a.find("family")->as_string(), "ipv4");
  EXPECT_EQ(*a.find("state")->as_string(), "MASTER");
  EXPECT_EQ(a.find("effective_priority")->as_int(), 150);
  EXPECT_EQ(a.find("base_priority")->as_int(), 150);
  EXPECT_TRUE(a.find("priority_override")->is_null());
  EXPECT_EQ(*a.find("master")->as_string(), "192.0.2.1");
  EXPECT_EQ(*a.find("since")->as_string(), "2027-01-15T08:01:40Z");
  const Json* t = a.find("last_transition");
  EXPECT_EQ(*t->find("from")->as_string(), "BACKUP");
  EXPECT_EQ(*t->find("to")->as_string(), "MASTER");
  EXPECT_EQ(*t->find("reason")->as_string(), "master down");
  EXPECT_EQ(*inst[1].find("family")->as_string(), "ipv6");
  EXPECT_EQ(*inst[1].find("master")->as_string(), "fe80::2");
  EXPECT_TRUE(inst[1].find("last_transition")->is_null());
  EXPECT_EQ(*r.find("result")->find("daemon")->find("version")->as_string(), "0.1.0");
}

TEST(Dispatcher, StatsCarriesEveryCounterAndDropReason) {
  test::FakeProvider p;
  Dispatcher d(p);
  const Json r = reply(d, R"({"version":1,"command":"stats","instance":"VI_1"})");
  const auto& inst = *r.find("result")->find("instances")->as_array();
  ASSERT_EQ(inst.size(), 1u);
  const Json* c = inst[0].find("counters");
  EXPECT_EQ(c->find("adverts_sent")->as_uint(), 12345678901234ULL);
  EXPECT_EQ(c->find("adverts_received")->as_uint(), 17u);
  EXPECT_EQ(c->find("became_master")->as_uint(), 1u);
  EXPECT_EQ(c->find("announcements_sent")->as_uint(), 5u);
  const auto& drops = *c->find("drops")->as_object();
  EXPECT_EQ(drops.size(), static_cast<std::size_t>(proto::DropReason::kCount) - 1);
  EXPECT_EQ(c->find("drops")->find("auth_failures")->as_uint(), 2u);
  EXPECT_EQ(c->find("drops")->find("adv_interval_errors")->as_uint(), 1u);
  const Json* router = r.find("result")->find("router");
  EXPECT_EQ(router->find("checksum_errors")->as_uint(), 3u);
  EXPECT_EQ(router->find("loop_stalls")->as_uint(), 2u);

  const Json all = reply(d, R"({"version":1,"command":"stats"})");
  EXPECT_EQ(all.find("result")->find("instances")->as_array()->size(), 2u);
}

TEST(Dispatcher, PriorityReleaseAndReloadReachTheProvider) {
  test::FakeProvider p;
  Dispatcher d(p);
  EXPECT_EQ(d.handle(R"({"version":1,"command":"priority","instance":"VI_6","priority":200})"),
            R"({"version":1,"ok":true,"result":{"done":"priority","instance":"VI_6","priority":200}})");
  EXPECT_EQ(d.handle(R"({"version":1,"command":"priority","instance":"VI_6","priority":"reset"})"),
            R"({"version":1,"ok":true,"result":{"done":"priority","instance":"VI_6","priority":"reset"}})");
  ASSERT_EQ(p.priority_calls.size(), 2u);
  EXPECT_EQ(p.priority_calls[0].second, 200);
  EXPECT_EQ(p.priority_calls[1].second, std::nullopt);

  EXPECT_EQ(d.handle(R"({"version":1,"command":"release","instance":"VI_1"})"),
            R"({"version":1,"ok":true,"result":{"done":"release","instance":"VI_1"}})");
  EXPECT_EQ(p.releases, std::vector<std::string>{"VI_1"});

  EXPECT_EQ(d.handle(R"({"version":1,"command":"reload"})"),
            R"({"version":1,"ok":true,"result":{"done":"reload","message":"reload started"}})");
  p.fail_reload = true;
  EXPECT_EQ(d.handle(R"({"version":1,"command":"reload"})"),
            R"({"version":1,"ok":false,"error":{"code":"failed","message":"config has errors: line 3: unknown keyword"}})");
  EXPECT_EQ(p.reloads, 2);
}

TEST(Dispatcher, ExplainGivesTheBreakdownAndHints) {
  test::FakeProvider p;
  Dispatcher d(p);
  const Json r = reply(d, R"({"version":1,"command":"explain","instance":"VI_6"})");
  const Json* res = r.find("result");
  ASSERT_NE(res, nullptr);
  const Json* prio = res->find("priority");
  EXPECT_EQ(prio->find("base")->as_int(), 100);
  EXPECT_EQ(prio->find("effective")->as_int(), 80);
  const auto& trackers = *prio->find("trackers")->as_array();
  ASSERT_EQ(trackers.size(), 2u);
  EXPECT_EQ(*trackers[0].find("name")->as_string(), "eth9");
  EXPECT_EQ(trackers[0].find("contribution")->as_int(), -20);
  EXPECT_EQ(trackers[1].find("contribution")->as_int(), 0);
  EXPECT_EQ(*res->find("preempt")->as_bool(), true);
  EXPECT_NE(res->find("text")->as_string()->find("effective priority 80"), std::string::npos);
  const auto& hints = *res->find("hints")->as_array();
  ASSERT_EQ(hints.size(), 3u);
  EXPECT_EQ(*hints[0].as_string(), "needs priority above 120 (now 80, +41) to preempt, or the master fe80::2 to stop advertising");
  EXPECT_EQ(*hints[1].as_string(), "if track_interface eth9 goes up: priority 80 -> 100");
  EXPECT_EQ(*hints[2].as_string(), "if track_script chk_nginx goes up: priority 80 -> 90");
}

TEST(Dispatcher, ProviderExceptionsBecomeErrorReplies) {
  struct Throwing : test::FakeProvider {
    Snapshot snapshot() override { throw std::runtime_error("boom"); }
  } p;
  Dispatcher d(p);
  EXPECT_EQ(d.handle(R"({"version":1,"command":"status","id":1})"),
            R"({"version":1,"id":1,"ok":false,"error":{"code":"failed","message":"internal error: boom"}})");
}

}  // namespace
}  // namespace vrrp::control
