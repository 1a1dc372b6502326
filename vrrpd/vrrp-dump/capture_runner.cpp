// libpcap plumbing: pcap_open_offline() or pcap_create()+activate() in immediate mode, the BPF
// filter, and the dispatch loop. A live capture is non-blocking behind poll() with a short
// timeout: a blocked pcap_dispatch() would not return on a signal while the wire is silent.
#include "vrrpd/vrrp-dump/capture_runner.hpp"

#include <pcap/pcap.h>
#include <poll.h>

#include <memory>
#include <string>

#include "vrrpd/vrrp-dump/packet_report.hpp"
#include "vrrpd/vrrp-dump/report_format.hpp"

namespace vrrp::dump {

namespace {

constexpr int kSnapLen = 65535;
constexpr int kLiveTimeoutMs = 200;  // also how soon a stop request is noticed

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};
using PcapHandle = std::unique_ptr<pcap_t, PcapCloser>;

struct LoopState {
  const DumpOptions* options;
  LinkType link;
  std::ostream* out;
  DumpTotals totals;
  bool live;
  pcap_t* pcap;
};

void on_frame(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
  auto* st = reinterpret_cast<LoopState*>(user);
  ++st->totals.frames;
  FrameInfo info;
  info.index = st->totals.frames;
  info.ts_sec = h->ts.tv_sec;
  info.ts_usec = h->ts.tv_usec;
  info.wirelen = h->len;
  const PacketReport r = analyze_frame(st->link, info, {bytes, h->caplen}, st->options->receiver);
  if (r.kind == PacketReport::Kind::NotVrrp) {
    ++st->totals.skipped;
    if (!st->options->all) return;
  } else {
    ++st->totals.vrrp;
    ++(r.accepted() ? st->totals.accepted : st->totals.dropped);
  }
  *st->out << (st->options->json ? format_json(r) : format_text(r)) << '\n';
  if (st->live) st->out->flush();
  if (st->options->count && st->totals.vrrp >= *st->options->count) pcap_breakloop(st->pcap);
}

PcapHandle open_source(const DumpOptions& o, std::ostream& err, bool& live) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  live = !o.interface.empty();
  if (!live) {
    PcapHandle p(pcap_open_offline(o.read_file.c_str(), errbuf));
    if (!p) err << "vrrp-dump: " << errbuf << '\n';
    return p;
  }
  PcapHandle p(pcap_create(o.interface.c_str(), errbuf));
  if (!p) {
    err << "vrrp-dump: " << errbuf << '\n';
    return p;
  }
  pcap_set_snaplen(p.get(), kSnapLen);
  pcap_set_promisc(p.get(), 0);  // VRRP goes to a multicast group the kernel already joins or not; see the man page
  pcap_set_timeout(p.get(), kLiveTimeoutMs);
  pcap_set_immediate_mode(p.get(), 1);  // a line as soon as an advert arrives, not per buffer
  const int rc = pcap_activate(p.get());
  if (rc < 0) {
    err << "vrrp-dump: " << o.interface << ": " << pcap_geterr(p.get()) << '\n';
    return nullptr;
  }
  if (rc > 0) err << "vrrp-dump: warning: " << o.interface << ": " << pcap_statustostr(rc) << '\n';
  return p;
}

}  // namespace

int run_dump(const DumpOptions& options, std::ostream& out, std::ostream& err, DumpTotals* totals,
             const std::atomic<bool>* stop) {
  bool live = false;
  PcapHandle pcap = open_source(options, err, live);
  if (!pcap) return kExitCaptureError;

  const int dlt = pcap_datalink(pcap.get());
  const auto link = link_type_from_dlt(dlt);
  if (!link) {
    const char* name = pcap_datalink_val_to_name(dlt);
    err << "vrrp-dump: unsupported link type " << dlt << " (" << (name ? name : "?") << ")\n";
    return kExitCaptureError;
  }

  const std::string filter = options.filter.empty() && live ? kDefaultFilter : options.filter;
  if (!filter.empty()) {
    bpf_program prog{};
    if (pcap_compile(pcap.get(), &prog, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      err << "vrrp-dump: filter \"" << filter << "\": " << pcap_geterr(pcap.get()) << '\n';
      return kExitUsage;
    }
    const int rc = pcap_setfilter(pcap.get(), &prog);
    pcap_freecode(&prog);
    if (rc != 0) {
      err << "vrrp-dump: " << pcap_geterr(pcap.get()) << '\n';
      return kExitCaptureError;
    }
  }
  if (live) {
    err << "vrrp-dump: listening on " << options.interface << ", link-type " << link_type_name(*link)
        << ", filter \"" << filter << "\"\n";
  }

  int fd = -1;
  if (live) {
    fd = pcap_get_selectable_fd(pcap.get());
    if (fd < 0 || pcap_setnonblock(pcap.get(), 1, nullptr) != 0) {
      err << "vrrp-dump: " << options.interface << ": cannot poll the capture\n";
      return kExitCaptureError;
    }
  }

  LoopState st{&options, *link, &out, {}, live, pcap.get()};
  int status = kExitOk;
  for (;;) {
    if (stop != nullptr && stop->load()) break;
    if (live) {
      pollfd pfd{fd, POLLIN, 0};
      if (::poll(&pfd, 1, kLiveTimeoutMs) <= 0) continue;  // timeout, or EINTR from a signal
    }
    const int n = pcap_dispatch(pcap.get(), -1, on_frame, reinterpret_cast<u_char*>(&st));
    if (n == PCAP_ERROR_BREAK) break;  // -c reached
    if (n == PCAP_ERROR) {
      err << "vrrp-dump: " << pcap_geterr(pcap.get()) << '\n';
      status = kExitCaptureError;
      break;
    }
    if (n == 0 && !live) break;  // end of file
  }
  out.flush();
  err << st.totals.frames << " frames, " << st.totals.vrrp << " VRRP (" << st.totals.accepted << " accepted, "
      << st.totals.dropped << " dropped), " << st.totals.skipped << " other\n";
  if (totals != nullptr) *totals = st.totals;
  return status;
}

}  // namespace vrrp::dump
