// Request dispatch: parse, call the provider, wrap the result or the error in an envelope.
#include "vrrpd/control/dispatcher.hpp"

#include <exception>

#include "vrrpd/control/reply.hpp"
#include "vrrpd/control/request.hpp"

namespace vrrp::control {

namespace {

Json done(std::string_view what, const std::string& instance) {
  Json j;
  j.set("done", std::string(what));
  if (!instance.empty()) j.set("instance", instance);
  return j;
}

std::string run(ControlProvider& provider, const Request& req) {
  switch (req.command) {
    case Command::Status:
      return ok_reply(status_result(provider.snapshot()), req.id);
    case Command::Stats: {
      const Snapshot snap = provider.snapshot();
      const InstanceStatus* only = nullptr;
      if (!req.instance.empty()) {
        for (const auto& s : snap.instances) {
          if (s.name == req.instance) only = &s;
        }
        if (!only) return error_reply({ErrorCode::UnknownInstance, "no instance named \"" + req.instance + "\""}, req.id);
      }
      return ok_reply(stats_result(snap, only), req.id);
    }
    case Command::Explain: {
      auto e = provider.explain(req.instance);
      if (!e) return error_reply(e.error(), req.id);
      return ok_reply(explain_result(*e), req.id);
    }
    case Command::Reload: {
      auto r = provider.reload();
      if (!r) return error_reply(r.error(), req.id);
      Json j = done("reload", "");
      j.set("message", *r);
      return ok_reply(std::move(j), req.id);
    }
    case Command::Priority: {
      auto r = provider.set_priority(req.instance, req.reset ? std::nullopt : req.priority);
      if (!r) return error_reply(r.error(), req.id);
      Json j = done("priority", req.instance);
      j.set("priority", req.reset ? Json("reset") : Json(static_cast<int>(*req.priority)));
      return ok_reply(std::move(j), req.id);
    }
    case Command::Release: {
      auto r = provider.release(req.instance);
      if (!r) return error_reply(r.error(), req.id);
      return ok_reply(done("release", req.instance), req.id);
    }
  }
  return error_reply({ErrorCode::UnknownCommand, "unknown command"}, req.id);
}

}  // namespace

std::string Dispatcher::handle(std::string_view line) {
  auto req = parse_request(line);
  if (!req) return error_reply(req.error().error, req.error().id);
  try {
    return run(provider_, *req);
  } catch (const std::exception& ex) {
    // A provider bug must not take the daemon's loop down with it.
    return error_reply({ErrorCode::Failed, std::string("internal error: ") + ex.what()}, req->id);
  }
}

}  // namespace vrrp::control
