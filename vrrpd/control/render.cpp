// Rendering of status / explain / stats replies for people.
#include "vrrpd/control/render.hpp"

#include <ctime>
#include <vector>

namespace vrrp::control {

namespace {

std::string text_of(const Json* j, std::string_view fallback = "-") {
  if (!j || j->is_null()) return std::string(fallback);
  if (const auto* s = j->as_string()) return s->empty() ? std::string(fallback) : *s;
  if (const auto* b = j->as_bool()) return *b ? "yes" : "no";
  if (j->is_number()) return j->number_text();
  return to_json_text(*j);
}

std::string field(const Json& obj, std::string_view key, std::string_view fallback = "-") {
  return text_of(obj.find(key), fallback);
}

std::optional<WallTime> parse_iso8601(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string when(const Json& obj, std::string_view key, WallTime now) {
  const std::string at = field(obj, key);
  const auto t = parse_iso8601(at);
  if (!t) return at;
  return at + " (" + format_age(std::chrono::duration_cast<std::chrono::seconds>(now - *t)) + " ago)";
}

std::string transition_text(const Json& inst) {
  const Json* t = inst.find("last_transition");
  if (!t || !t->is_object()) return "-";
  return field(*t, "from") + "->" + field(*t, "to") + " (" + field(*t, "reason") + ")";
}

std::string notes_text(const Json& inst) {
  std::string notes;
  if (const Json* o = inst.find("priority_override"); o && o->is_number()) notes = "override " + o->number_text();
  if (const Json* r = inst.find("released"); r && r->as_bool() && *r->as_bool()) notes += notes.empty() ? "released" : ", released";
  return notes.empty() ? "-" : notes;
}

const JsonArray& array_member(const Json& obj, std::string_view key) {
  static const JsonArray kEmpty;
  const Json* a = obj.find(key);
  return a && a->as_array() ? *a->as_array() : kEmpty;
}

}  // namespace

std::string format_age(std::chrono::seconds age) {
  long long s = age.count() < 0 ? 0 : age.count();
  const auto two = [](long long v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m" + two(s % 60) + "s";
  if (s < 86400) return std::to_string(s / 3600) + "h" + two(s % 3600 / 60) + "m";
  return std::to_string(s / 86400) + "d" + two(s % 86400 / 3600) + "h";
}

std::string render_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size(), 0);
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::string render_status(const Json& result, WallTime now) {
  std::vector<std::vector<std::string>> rows{
      {"INSTANCE", "INTERFACE", "VRID", "VERSION", "STATE", "PRIO", "MASTER", "SINCE", "LAST TRANSITION", "NOTES"}};
  for (const Json& i : array_member(result, "instances")) {
    const std::string master = field(i, "master");
    const std::string mprio = field(i, "master_priority");
    rows.push_back({field(i, "name"), field(i, "interface"), field(i, "vrid"),
                    "v" + field(i, "version") + "/" + field(i, "family"), field(i, "state"),
                    field(i, "effective_priority") + "/" + field(i, "base_priority"),
                    master == "-" ? master : master + " (" + mprio + ")", when(i, "since", now), transition_text(i),
                    notes_text(i)});
  }
  std::string out = render_table(rows);
  if (rows.size() == 1) out += "(no instances configured)\n";
  return out;
}

std::string render_explain(const Json& result, WallTime now) {
  const Json* ip = result.find("instance");
  static const Json kEmpty = JsonObject{};
  const Json& i = ip ? *ip : kEmpty;
  std::string out = field(i, "name") + " on " + field(i, "interface") + ", VRID " + field(i, "vrid") + " (VRRPv" +
                    field(i, "version") + ", " + field(i, "family") + "): " + field(i, "state") + " since " +
                    when(i, "since", now) + "\n";
  out += "last transition: " + transition_text(i) + "\n";
  const std::string master = field(i, "master");
  out += "master: " + (master == "-" ? std::string("unknown") : master + " advertising priority " + field(i, "master_priority")) + "\n";
  out += "preempt: " + field(result, "preempt");
  if (field(result, "preempt") == "yes") out += " (preempt_delay " + field(result, "preempt_delay_ms") + " ms)";
  out += "; advert interval " + field(result, "advert_interval_ms") + " ms\n";
  if (const Json* g = result.find("sync_group"); g && g->is_string()) out += "sync group: " + *g->as_string() + "\n";
  out += "effective priority now " + field(i, "effective_priority");
  if (const Json* o = i.find("priority_override"); o && o->is_number()) out += " (vrrpctl override " + o->number_text() + ")";
  if (const Json* r = i.find("released"); r && r->as_bool() && *r->as_bool()) out += " (released)";
  out += "\n\n" + field(result, "text", "");
  if (!out.empty() && out.back() != '\n') out += '\n';
  const auto& hints = array_member(result, "hints");
  if (!hints.empty()) {
    out += "\nwhat would make it move:\n";
    for (const Json& h : hints) out += "  - " + text_of(&h) + "\n";
  }
  return out;
}

std::string render_stats(const Json& result) {
  std::string out;
  for (const Json& i : array_member(result, "instances")) {
    out += field(i, "name") + " (" + field(i, "interface") + ", VRID " + field(i, "vrid") + ", " + field(i, "family") + ")\n";
    std::vector<std::vector<std::string>> rows;
    if (const Json* c = i.find("counters"); c && c->as_object()) {
      for (const auto& [k, v] : *c->as_object()) {
        if (k == "drops" && v.as_object()) {
          for (const auto& [dk, dv] : *v.as_object()) rows.push_back({"  dropped " + dk, text_of(&dv)});
        } else {
          rows.push_back({"  " + k, text_of(&v)});
        }
      }
    }
    out += render_table(rows) + "\n";
  }
  if (const Json* r = result.find("router"); r && r->as_object()) {
    out += "router-wide\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& [k, v] : *r->as_object()) rows.push_back({"  " + k, text_of(&v)});
    out += render_table(rows);
  }
  return out;
}

std::string render_done(const Json& result) {
  const std::string what = field(result, "done");
  std::string out = what;
  if (const Json* i = result.find("instance")) out += " " + text_of(i);
  if (const Json* p = result.find("priority")) out += " " + text_of(p);
  if (const Json* m = result.find("message")) out += ": " + text_of(m);
  return out + "\n";
}

}  // namespace vrrp::control
