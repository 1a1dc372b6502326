// Never crash on garbage: every truncation, every single-byte corruption of every vector and
// a batch of random frames each produce exactly one well-formed verdict line.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "dump/dump_fixture.hpp"
#include "vrrpd/vrrp-dump/packet_report.hpp"
#include "vrrpd/vrrp-dump/report_format.hpp"

namespace vrrp::dump::test {
namespace {

void expect_verdict_line(const std::string& text) {
  Json line;
  ASSERT_NO_THROW(line = Json::parse(text)) << text;
  const std::string verdict = line["verdict"].str();
  EXPECT_TRUE(verdict == "accepted" || verdict == "dropped" || verdict == "not-vrrp") << text;
  EXPECT_EQ(line["drop_reason"].is_string(), verdict == "dropped") << text;
  EXPECT_EQ(line.object().size(), 29u) << text;
}

TEST(Garbage, EveryTruncatedVectorIsAPacketLengthDrop) {
  for (const Json& v : vectors()) {
    const Bytes ip = from_hex(v["ip_hex"].str());
    for (std::size_t n = 0; n < ip.size(); ++n) {
      FrameInfo info{1, 0, 0, ip.size()};
      const PacketReport r = analyze_frame(LinkType::Raw, info, std::span(ip).first(n), {});
      SCOPED_TRACE(v["name"].str() + " cut at " + std::to_string(n));
      EXPECT_NE(r.kind, PacketReport::Kind::NotVrrp);
      EXPECT_EQ(r.drop, proto::DropReason::PacketLength);
      EXPECT_FALSE(r.detail.empty());
      const std::string text = format_text(r);
      EXPECT_NE(text.find(": dropped packet_length_errors ("), std::string::npos) << text;
      EXPECT_NE(text.find("(capture cut at " + std::to_string(n) + " bytes)"), std::string::npos) << text;
      expect_verdict_line(format_json(r));
    }
  }
}

TEST(Garbage, TruncatedFramesInAFileEachGetALine) {
  std::vector<Bytes> frames;
  std::vector<std::size_t> lens;
  std::vector<bool> whole;  // the cut left the IP packet complete (it fell in the padding)
  for (const Json& v : vectors()) {
    const Bytes ip = from_hex(v["ip_hex"].str());
    const Bytes f = ethernet_frame(ip, {12});
    for (std::size_t n = 0; n < f.size(); n += 3) {
      frames.emplace_back(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(n));
      lens.push_back(f.size());
      whole.push_back(n >= 18 + ip.size());
    }
  }
  const PcapFile file(DLT_EN10MB, frames, "cut", lens);
  DumpOptions o;
  o.json = true;
  o.all = true;
  const DumpRun run = run_on(file.path(), o);
  ASSERT_EQ(run.status, 0) << run.err;
  ASSERT_EQ(run.lines.size(), frames.size());
  std::size_t cut = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    expect_verdict_line(run.lines[i]);
    if (whole[i]) continue;
    ++cut;
    const Json line = Json::parse(run.lines[i]);
    EXPECT_EQ(line["drop_reason"].str(), "packet_length_errors") << run.lines[i];
  }
  EXPECT_GT(cut, 500u);
}

TEST(Garbage, SingleByteCorruptionsNeverCrash) {
  std::set<std::string> verdicts;
  for (const Json& v : vectors()) {
    const Bytes ip = from_hex(v["ip_hex"].str());
    for (std::size_t i = 0; i < ip.size(); ++i) {
      for (const std::uint8_t x : {0x01, 0x80, 0xFF}) {
        Bytes bad = ip;
        bad[i] ^= x;
        const PacketReport r = analyze_frame(LinkType::Raw, FrameInfo{1, 0, 0, bad.size()}, bad, {});
        expect_verdict_line(format_json(r));
        EXPECT_FALSE(format_text(r).empty());
        verdicts.insert(r.kind == PacketReport::Kind::NotVrrp ? "not-vrrp" : std::string(proto::counter_name(r.drop)));
      }
    }
  }
  // Corruption reaches many different checks, not just the first one.
  EXPECT_GE(verdicts.size(), 6u);
  EXPECT_TRUE(verdicts.contains("checksum_errors"));
  EXPECT_TRUE(verdicts.contains("ip_ttl_errors"));
}

TEST(Garbage, RandomFramesOnEveryLinkType) {
  std::mt19937 rng(20261122);
  for (const int dlt : {DLT_RAW, DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2}) {
    std::vector<Bytes> frames;
    for (int k = 0; k < 300; ++k) {
      Bytes f(rng() % 120);
      for (auto& b : f) b = static_cast<std::uint8_t>(rng());
      // Steer half of them past the link layer so the IP and VRRP code sees garbage too.
      if (k % 2 == 0 && !f.empty()) {
        const std::size_t at = dlt == DLT_RAW ? 0 : dlt == DLT_EN10MB ? 12 : dlt == DLT_LINUX_SLL ? 14 : 0;
        if (dlt == DLT_RAW) {
          f[0] = static_cast<std::uint8_t>((k % 4 == 0 ? 0x40 : 0x60) | (f[0] & 0x0F));
        } else if (f.size() > at + 1) {
          f[at] = k % 4 == 0 ? 0x08 : 0x86;
          f[at + 1] = k % 4 == 0 ? 0x00 : 0xdd;
        }
      }
      frames.push_back(std::move(f));
    }
    const PcapFile file(dlt, frames, "random");
    DumpOptions o;
    o.json = true;
    o.all = true;
    const DumpRun run = run_on(file.path(), o);
    ASSERT_EQ(run.status, 0) << run.err;
    ASSERT_EQ(run.lines.size(), frames.size()) << "dlt " << dlt;
    for (const auto& line : run.lines) expect_verdict_line(line);
  }
}

TEST(Garbage, NotVrrpFramesAreSkippedUnlessAll) {
  Bytes udp = from_hex("45c0002800000000ff701891c0000202e0000012213364010001b865c00002640000000000000000");
  udp[9] = 17;
  const Bytes vrrp = from_hex("45c0002800000000ff701891c0000202e0000012213364010001b865c00002640000000000000000");
  const PcapFile file(DLT_RAW, {udp, vrrp, udp}, "skip");
  const DumpRun quiet = run_on(file.path(), DumpOptions{});
  ASSERT_EQ(quiet.lines.size(), 1u);
  EXPECT_NE(quiet.lines[0].find("#2 "), std::string::npos);
  EXPECT_EQ(quiet.totals.skipped, 2u);
  DumpOptions all;
  all.all = true;
  const DumpRun loud = run_on(file.path(), all);
  ASSERT_EQ(loud.lines.size(), 3u);
  EXPECT_NE(loud.lines[0].find("proto 17: not-vrrp"), std::string::npos) << loud.lines[0];
}

TEST(Garbage, CountStopsAfterNVrrpLines) {
  const Bytes vrrp = from_hex("45c0002800000000ff701891c0000202e0000012213364010001b865c00002640000000000000000");
  const PcapFile file(DLT_RAW, {vrrp, vrrp, vrrp, vrrp}, "count");
  DumpOptions o;
  o.count = 2;
  const DumpRun run = run_on(file.path(), o);
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.lines.size(), 2u);
}

TEST(Garbage, UnsupportedLinkTypeAndMissingFileAreErrors) {
  const PcapFile wifi(DLT_IEEE802_11, {Bytes(30, 0)}, "wifi");
  const DumpRun run = run_on(wifi.path(), DumpOptions{});
  EXPECT_EQ(run.status, kExitCaptureError);
  EXPECT_NE(run.err.find("unsupported link type"), std::string::npos) << run.err;
  EXPECT_EQ(run_on("/nonexistent/vrrp.pcap", DumpOptions{}).status, kExitCaptureError);
  DumpOptions bad_filter;
  bad_filter.filter = "ip proto";
  EXPECT_EQ(run_on(wifi.path(), bad_filter).status, kExitCaptureError);  // link type checked first
}

}  // namespace
}  // namespace vrrp::dump::test
