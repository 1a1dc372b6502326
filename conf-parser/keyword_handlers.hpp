// Generic keyword handlers for the keyword tables: one template per value shape, bound to a
// model field by member pointer, so a table row reads `{"advert_int", {set_duration<...>}}`.
#pragma once

#include <optional>
#include <string>

#include "conf-parser/parser.hpp"

namespace vrrp::conf::detail {

template <class M>
struct MemberOf;
template <class T, class V>
struct MemberOf<V T::*> {
  using Owner = T;
  using Value = V;
};
template <auto F>
using OwnerOf = typename MemberOf<decltype(F)>::Owner;

/// Bare keyword = on, or an explicit boolean.
template <auto F>
void set_bool(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto b = p.boolean(s, 1)) t.*F = *b;
}
/// As set_bool, also recording that the keyword was given.
template <auto F, auto Set>
void set_bool_flag(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto b = p.boolean(s, 1)) {
    t.*F = *b;
    t.*Set = true;
  }
}
/// A bare flag keyword: sets the field to `true`; extra words are an error.
template <auto F>
void set_flag(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (s.size() > 1) {
    p.error(s.word(1).loc, "'" + s.text(0) + "' takes no argument", "remove '" + s.rest(1) + "'");
  }
  t.*F = true;
}
template <auto F, long Min, long Max>
void set_int(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto v = p.integer(s, 1, Min, Max)) t.*F = static_cast<typename MemberOf<decltype(F)>::Value>(*v);
}
template <auto F, auto Set, long Min, long Max>
void set_int_flag(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto v = p.integer(s, 1, Min, Max)) {
    t.*F = static_cast<typename MemberOf<decltype(F)>::Value>(*v);
    t.*Set = true;
  }
}
/// Seconds with µs resolution in [MinUs, MaxUs].
template <auto F, long MinUs, long MaxUs>
void set_duration(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto d = p.duration(s, 1, Duration(MinUs), Duration(MaxUs))) t.*F = *d;
}
template <auto F, auto Set, long MinUs, long MaxUs>
void set_duration_flag(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto d = p.duration(s, 1, Duration(MinUs), Duration(MaxUs))) {
    t.*F = *d;
    t.*Set = true;
  }
}
/// Whole seconds in [Min, Max], stored as a Duration.
template <auto F, auto Set, long Min, long Max>
void set_seconds_flag(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto v = p.integer(s, 1, Min, Max)) {
    t.*F = std::chrono::seconds(*v);
    t.*Set = true;
  }
}
template <auto F>
void set_string(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (const Word* w = p.value(s, 1)) t.*F = w->text;
}
template <auto F>
void set_address(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  if (auto a = p.address(s, 1)) t.*F = *a;
}
template <auto F>
void set_script(Parser& p, const Stmt& s, OwnerOf<F>& t) {
  detail::set_script(p, s, t.*F);
}

}  // namespace vrrp::conf::detail
