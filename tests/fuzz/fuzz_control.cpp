// libFuzzer target for the control socket and metrics listener input paths: the strict JSON
// reader, request parsing, the whole dispatcher (with a small in-memory provider) and the HTTP
// request head parser. Beyond "no crash, no UB" it asserts invariants: JSON round-trips
// exactly, an accepted request re-encodes to an equal request, every reply is one valid line.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "vrrpd/control/dispatcher.hpp"
#include "vrrpd/control/http_request.hpp"
#include "vrrpd/control/json.hpp"
#include "vrrpd/control/request.hpp"

namespace {

using namespace vrrp::control;

void check(bool ok) {
  if (!ok) std::abort();
}

class TinyProvider final : public ControlProvider {
 public:
  TinyProvider() {
    InstanceStatus s;
    s.name = "VI_1";
    s.interface = "eth0";
    s.vrid = 1;
    s.state = vrrp::proto::State::Backup;
    snap_.instances.push_back(s);
  }
  Snapshot snapshot() override { return snap_; }
  ControlResult<Explanation> explain(const std::string& name) override {
    if (name != "VI_1") return std::unexpected(ControlError{ErrorCode::UnknownInstance, "no"});
    Explanation e;
    e.status = snap_.instances[0];
    return e;
  }
  ControlResult<std::string> reload() override { return std::string("ok"); }
  ControlResult<void> set_priority(const std::string& name, std::optional<std::uint8_t> p) override {
    if (name != "VI_1") return std::unexpected(ControlError{ErrorCode::UnknownInstance, "no"});
    check(!p || (*p >= 1 && *p <= 254));
    return {};
  }
  ControlResult<void> release(const std::string& name) override {
    if (name != "VI_1") return std::unexpected(ControlError{ErrorCode::UnknownInstance, "no"});
    return {};
  }

 private:
  Snapshot snap_;
};

void fuzz_json(std::string_view text) {
  const auto j = parse_json(text);
  if (!j) return;
  const std::string out = to_json_text(*j);
  check(out.find('\n') == std::string::npos);
  const auto again = parse_json(out);
  check(again.has_value() && *again == *j && to_json_text(*again) == out);
}

void fuzz_request(std::string_view line) {
  const auto r = parse_request(line);
  if (r) {
    const auto again = parse_request(encode_request(*r));
    check(again.has_value() && again->command == r->command && again->instance == r->instance &&
          again->priority == r->priority && again->reset == r->reset);
  }
  static TinyProvider provider;
  Dispatcher d(provider);
  const std::string reply = d.handle(line);
  check(reply.find('\n') == std::string::npos);
  const auto j = parse_json(reply);
  check(j.has_value() && j->find("ok") != nullptr && j->find("version") != nullptr);
  const bool* ok = j->find("ok")->as_bool();
  check(ok != nullptr);
  if (*ok) check(r.has_value());  // only a parsed request can succeed
}

void fuzz_http(std::string_view text) {
  if (const auto end = http_head_end(text)) {
    check(*end <= text.size());
    if (const auto req = parse_http_head(text.substr(0, *end))) {
      check(!req->target.empty() && req->target[0] == '/' && req->target.find('?') == std::string::npos);
      check(req->version == "HTTP/1.0" || req->version == "HTTP/1.1");
    }
  }
  (void)parse_http_head(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz_json(text);
  fuzz_request(text);
  fuzz_http(text);
  return 0;
}
