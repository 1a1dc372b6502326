// Text and JSON rendering. Every value printed comes from the report; nothing is re-derived
// here, so the two formats always agree.
#include "vrrpd/vrrp-dump/report_format.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace vrrp::dump {

namespace {

using proto::DropReason;

std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

std::string hex_bytes(std::span<const std::uint8_t> b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t c : b) {
    s += kDigits[c >> 4];
    s += kDigits[c & 0x0F];
  }
  return s;
}

std::string centiseconds(std::uint16_t cs) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%02us", cs / 100u, cs % 100u);
  return buf;
}

// The password as text up to its zero padding; anything unprintable as \xNN.
std::string printable_pass(const std::array<std::uint8_t, 8>& d) {
  std::size_t end = d.size();
  while (end > 0 && d[end - 1] == 0) --end;
  std::string s;
  for (std::size_t i = 0; i < end; ++i) {
    if (d[i] >= 0x20 && d[i] < 0x7F && d[i] != '"' && d[i] != '\\') {
      s += static_cast<char>(d[i]);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", d[i]);
      s += buf;
    }
  }
  return s;
}

std::string auth_text(std::uint8_t type, const std::array<std::uint8_t, 8>& data) {
  switch (type) {
    case 0: return "none";
    case 1: return "pass \"" + printable_pass(data) + "\"";
    case 2: return "ah";
    default: return "type-" + std::to_string(type);
  }
}

std::string verdict_word(const PacketReport& r) {
  if (r.kind == PacketReport::Kind::NotVrrp) return "not-vrrp";
  return r.drop == DropReason::None ? "accepted" : "dropped";
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c >= 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

// Builds {"k":v,...} in insertion order.
class JsonObject {
 public:
  void raw(std::string_view key, const std::string& value) {
    out_ += out_.empty() ? "{" : ",";
    out_ += json_string(key);
    out_ += ':';
    out_ += value;
  }
  void str(std::string_view key, std::string_view value) { raw(key, json_string(value)); }
  void num(std::string_view key, std::uint64_t value) { raw(key, std::to_string(value)); }
  void null(std::string_view key) { raw(key, "null"); }
  std::string done() const { return out_ + "}"; }

 private:
  std::string out_;
};

}  // namespace

std::string format_time(std::int64_t sec, std::int64_t usec) {
  const std::time_t t = static_cast<std::time_t>(sec);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(usec));
  return buf;
}

std::vector<std::string> note_names(std::uint32_t notes) {
  static constexpr std::array<std::pair<std::uint32_t, const char*>, 5> kNames{{
      {proto::kNoteChecksumOtherForm, "checksum_other_form"},
      {proto::kNoteAddressListDiffers, "address_list_differs"},
      {proto::kNoteFirstNotLinkLocal, "first_address_not_link_local"},
      {proto::kNoteIntervalDiffers, "interval_differs"},
      {proto::kNoteOwnerConflict, "owner_conflict"},
  }};
  std::vector<std::string> out;
  for (const auto& [bit, name] : kNames) {
    if ((notes & bit) != 0) out.emplace_back(name);
  }
  return out;
}

std::string format_text(const PacketReport& r) {
  std::string s = format_time(r.ts_sec, r.ts_usec) + " #" + std::to_string(r.frame);
  for (std::uint16_t v : r.vlans) s += " vlan " + std::to_string(v);
  if (r.ip_known) {
    s += " " + r.source.to_string() + " > " + r.destination.to_string();
    s += (r.family == proto::Family::Ipv4 ? " ttl " : " hlim ") + std::to_string(r.ttl);
  }
  if (r.kind == PacketReport::Kind::NotVrrp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04x", r.ether_type);
    s += r.ip_known ? " proto " + std::to_string(r.protocol) : std::string(" ethertype ") + buf;
    return s + ": not-vrrp";
  }
  if (r.header_known) {
    s += " VRRPv" + std::to_string(r.version);
    if (r.type != proto::kAdvertisementType) s += " type " + std::to_string(r.type);
    s += " vrid " + std::to_string(r.vrid) + " prio " + std::to_string(r.priority);
    if (r.decoded) {
      if (r.version == 2) {
        s += " int " + std::to_string(r.adver_int_s) + "s auth " + auth_text(r.auth_type, r.auth_data);
      } else {
        s += " int " + centiseconds(r.max_adver_int_cs);
        if (r.reserved != 0) s += " rsvd " + std::to_string(r.reserved);
      }
      s += " addrs";
      if (r.addresses.empty()) s += " (none)";
      for (std::size_t i = 0; i < r.addresses.size(); ++i) s += (i == 0 ? " " : ",") + r.addresses[i].to_string();
    } else {
      s += " count " + std::to_string(r.count);
    }
    s += " cksum " + hex16(r.checksum);
    if (r.checksum_variant != ChecksumVariant::NotComputed) s += std::string(" ") + std::string(variant_name(r.checksum_variant));
    if (r.checksum_variant == ChecksumVariant::None) {
      s += " (M " + hex16(r.candidates.message_only) + ", P " + hex16(r.candidates.pseudo_header) + ")";
    }
  } else if (r.kind == PacketReport::Kind::Vrrp) {
    s += " VRRP";
  }
  s += r.caplen < r.wirelen ? " len " + std::to_string(r.caplen) + "/" + std::to_string(r.wirelen) : "";
  s += ": " + verdict_word(r);
  if (r.drop != DropReason::None) s += " " + std::string(proto::counter_name(r.drop));
  if (!r.detail.empty()) s += " (" + r.detail + ")";
  for (const auto& n : note_names(r.notes)) s += " [" + n + "]";
  return s;
}

std::string format_json(const PacketReport& r) {
  JsonObject o;
  const bool is_vrrp = r.kind != PacketReport::Kind::NotVrrp;
  o.num("frame", r.frame);
  o.str("time", format_time(r.ts_sec, r.ts_usec));
  o.num("caplen", r.caplen);
  o.num("len", r.wirelen);
  std::string vlans = "[";
  for (std::size_t i = 0; i < r.vlans.size(); ++i) vlans += (i ? "," : "") + std::to_string(r.vlans[i]);
  o.raw("vlans", vlans + "]");
  if (r.ip_known) {
    o.str("family", r.family == proto::Family::Ipv4 ? "ipv4" : "ipv6");
    o.str("src", r.source.to_string());
    o.str("dst", r.destination.to_string());
    o.num("ttl", r.ttl);
    o.num("protocol", r.protocol);
  } else {
    for (const char* k : {"family", "src", "dst", "ttl", "protocol"}) o.null(k);
  }
  if (r.header_known) {
    o.num("version", r.version);
    o.num("type", r.type);
    o.num("vrid", r.vrid);
    o.num("priority", r.priority);
    o.num("count", r.count);
    o.str("checksum", hex16(r.checksum));
  } else {
    for (const char* k : {"version", "type", "vrid", "priority", "count", "checksum"}) o.null(k);
  }
  if (r.checksum_variant != ChecksumVariant::NotComputed) {
    o.str("checksum_variant", variant_name(r.checksum_variant));
    o.str("checksum_message_only", hex16(r.candidates.message_only));
    o.str("checksum_pseudo_header", hex16(r.candidates.pseudo_header));
  } else {
    for (const char* k : {"checksum_variant", "checksum_message_only", "checksum_pseudo_header"}) o.null(k);
  }
  const bool v2 = r.decoded && r.version == 2;
  const bool v3 = r.decoded && r.version == 3;
  if (v2) {
    o.num("auth_type", r.auth_type);
    o.str("auth_data", hex_bytes(r.auth_data));
    o.num("adver_int_s", r.adver_int_s);
  } else {
    for (const char* k : {"auth_type", "auth_data", "adver_int_s"}) o.null(k);
  }
  if (v3) {
    o.num("reserved", r.reserved);
    o.num("max_adver_int_cs", r.max_adver_int_cs);
  } else {
    for (const char* k : {"reserved", "max_adver_int_cs"}) o.null(k);
  }
  if (r.decoded) {
    std::string addrs = "[";
    for (std::size_t i = 0; i < r.addresses.size(); ++i) addrs += (i ? "," : "") + json_string(r.addresses[i].to_string());
    o.raw("addresses", addrs + "]");
  } else {
    o.null("addresses");
  }
  o.str("verdict", verdict_word(r));
  if (is_vrrp && r.drop != DropReason::None) {
    o.str("drop_reason", proto::counter_name(r.drop));
  } else {
    o.null("drop_reason");
  }
  if (r.detail.empty()) {
    o.null("detail");
  } else {
    o.str("detail", r.detail);
  }
  std::string notes = "[";
  const auto names = note_names(r.notes);
  for (std::size_t i = 0; i < names.size(); ++i) notes += (i ? "," : "") + json_string(names[i]);
  o.raw("notes", notes + "]");
  return o.done();
}

}  // namespace vrrp::dump
