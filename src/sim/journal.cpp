#include "sim/journal.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstring>
#include <ostream>

#include "base/hash.h"
#include "base/json_file.h"
#include "base/utf8.h"
#include "sim/copy_bytes.h"
#include "sim/rng.h"

namespace fl::sim {

namespace {

void put_varint(char*& p, std::uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
}

std::uint64_t get_varint(const char*& p) {
  std::uint64_t v = 0;
  int shift = 0;
  for (;;) {
    auto c = static_cast<unsigned char>(*p++);
    v |= static_cast<std::uint64_t>(c & 0x7f) << shift;
    if (!(c & 0x80)) return v;
    shift += 7;
  }
}

// Lookup hash for interning (8 bytes at a time). Only used to find atoms, never for ordering
// or output, so its value cannot change a journal.
std::uint64_t hash_string(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  auto load8 = [](const char* q) {
    std::uint64_t w;
    std::memcpy(&w, q, 8);
    return w;
  };
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      h = (h ^ load8(p + i)) * 0xff51afd7ed558ccdULL;
      h ^= h >> 32;
    }
    if (i < n) h = (h ^ load8(p + n - 8)) * 0xff51afd7ed558ccdULL;  // overlapping tail
  } else {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i) w = (w << 8) | static_cast<unsigned char>(p[i]);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
  }
  h = (h ^ (h >> 29)) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 32);
}

// JSON string escaping that always yields valid JSON: valid UTF-8 passes through, control
// characters and invalid bytes become \u00XX.
// Writes at p (room for 6 bytes per input byte + 2 is reserved by the caller).
char* put_json_string(char* p, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  static constexpr auto kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x7f; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
  }();
  *p++ = '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: a run of printable ASCII that needs no escaping.
    std::size_t run = i;
    while (run < s.size() && kPlain[static_cast<unsigned char>(s[run])]) ++run;
    if (run > i) {
      std::memcpy(p, s.data() + i, run - i);
      p += run - i;
      i = run;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      *p++ = '\\';
      switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:  // other control characters and DEL
          *p++ = 'u';
          *p++ = '0';
          *p++ = '0';
          *p++ = hex[c >> 4];
          *p++ = hex[c & 15];
      }
      ++i;
      continue;
    }
    std::size_t len = utf8_sequence_length(s, i);
    if (len > 0) {
      std::memcpy(p, s.data() + i, len);
      p += len;
      i += len;
    } else {
      std::memcpy(p, "\\u00", 4);
      p += 4;
      *p++ = hex[c >> 4];
      *p++ = hex[c & 15];
      ++i;
    }
  }
  *p++ = '"';
  return p;
}

// JSON string escaping that always yields valid JSON (see put_json_string).
void append_json_string(std::string& out, std::string_view s) {
  std::size_t old = out.size();
  out.resize(old + 6 * s.size() + 2);
  char* end = put_json_string(out.data() + old, s);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void append_key(std::string& out, const char* key) {
  std::size_t n = std::strlen(key), old = out.size();
  out.resize(old + n + 4);
  char* p = out.data() + old;
  p[0] = ',';
  p[1] = '"';
  std::memcpy(p + 2, key, n);
  p[n + 2] = '"';
  p[n + 3] = ':';
}

}  // namespace

const char* to_string(EventKind kind) {
  auto i = static_cast<int>(kind);
  return i >= 0 && i < kEventKindCount ? event_fields(kind).kind : "?";
}

std::optional<EventKind> event_kind_from_string(std::string_view name) {
  for (int i = 0; i < kEventKindCount; ++i)
    if (name == event_fields(static_cast<EventKind>(i)).kind) return static_cast<EventKind>(i);
  return std::nullopt;
}

static_assert(sizeof(Event) == 64, "journal events stay 64 bytes");

namespace {
// std::bit_cast is missing from Emscripten 3.1.6's libc++.
template <typename To, typename From>
To bits_as(const From& from) {
  static_assert(sizeof(To) == sizeof(From));
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}
}  // namespace

double Event::real() const {
  return (flags & kFlagReal) ? bits_as<double>(b) : static_cast<double>(b);
}

void EventInput::set_real(double x) {
  real = true;
  b = bits_as<std::int64_t>(x);
}

Journal::Journal() : digest_hash_(kFnvOffset) {
  atoms_.emplace_back();
  atom_index_.assign(256, 0);
}

Journal::~Journal() = default;

// Strings of 1..24 bytes are keyed exactly by (length, first 8, middle 8, last 8 bytes).
Atom Journal::intern(std::string_view s) {
  std::size_t n = s.size();
  if (n == 0) return 0;
  if (n > 24) return intern_slow(s);
  std::uint64_t a = 0, b = 0, c = 0;
  const char* p = s.data();
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&c, p + n - 8, 8);
    if (n > 16) std::memcpy(&b, p + 8, 8);
  } else if (n >= 4) {  // first and last 4 bytes (overlapping): every byte, no loop
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    a = (std::uint64_t{hi} << 32) | lo;
  } else {
    for (std::size_t i = 0; i < n; ++i) a = (a << 8) | static_cast<unsigned char>(p[i]);
  }
  std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ULL) ^ (c * 0xff51afd7ed558ccdULL) ^ n) * 0xc4ceb9fe1a85ec53ULL;
  ShortAtom& e = short_cache_[h >> 58];
  if (e.len == n && e.a == a && e.b == b && e.c == c) return e.atom;
  Atom atom = intern_slow(s);
  e = ShortAtom{a, b, c, static_cast<std::uint32_t>(n), atom};
  return atom;
}

Atom Journal::intern_slow(std::string_view s) {
  std::uint64_t h = hash_string(s);
  std::uint64_t tag = h >> 32 << 32;
  std::size_t mask = atom_index_.size() - 1;
  std::size_t slot = h & mask;
  for (;;) {
    std::uint64_t v = atom_index_[slot];
    if (v == 0) break;
    if ((v & 0xffffffff00000000ULL) == tag) {
      auto a = static_cast<Atom>((v & 0xffffffffu) - 1);
      if (atoms_[a] == s) return a;
    }
    slot = (slot + 1) & mask;
  }
  auto atom = static_cast<Atom>(atoms_.size());
  if (atom_text_used_ + s.size() > atom_text_cap_) {
    atom_text_cap_ = std::max<std::size_t>(4096, s.size());
    atom_text_.push_back(std::make_unique<char[]>(atom_text_cap_));
    atom_text_used_ = 0;
    atom_bytes_ += atom_text_cap_;
  }
  char* text = atom_text_.back().get() + atom_text_used_;
  std::memcpy(text, s.data(), s.size());
  atom_text_used_ += s.size();
  atoms_.emplace_back(text, s.size());
  atom_bytes_ += sizeof(std::string_view);
  atom_index_[slot] = tag | (atom + 1);
  if (atoms_.size() * 2 > atom_index_.size()) {
    std::vector<std::uint64_t> index(atom_index_.size() * 2, 0);
    std::size_t m = index.size() - 1;
    for (std::size_t a = 1; a < atoms_.size(); ++a) {
      std::uint64_t ha = hash_string(atoms_[a]);
      std::size_t sl = ha & m;
      while (index[sl] != 0) sl = (sl + 1) & m;
      index[sl] = (ha >> 32 << 32) | (a + 1);
    }
    atom_index_ = std::move(index);
  }
  return atom;
}

std::optional<Atom> Journal::find_atom(std::string_view s) const {
  if (s.empty()) return 0;
  std::uint64_t h = hash_string(s);
  std::uint64_t tag = h >> 32 << 32;
  std::size_t mask = atom_index_.size() - 1;
  std::size_t slot = h & mask;
  for (;;) {
    std::uint64_t v = atom_index_[slot];
    if (v == 0) return std::nullopt;
    if ((v & 0xffffffff00000000ULL) == tag) {
      auto a = static_cast<Atom>((v & 0xffffffffu) - 1);
      if (atoms_[a] == s) return a;
    }
    slot = (slot + 1) & mask;
  }
}

std::string_view Journal::str(Atom a) const { return a < atoms_.size() ? atoms_[a] : std::string_view(); }

const char* Journal::payload_ptr(std::uint32_t offset) const {
  std::size_t chunk = offset >> kArenaChunkShift;
  return arena_[chunk].get() + (offset & (kArenaChunk - 1));
}

// Payload layout: varint text_len, text, varint header_count, {varint name_atom, varint
// value_len, value}*, varint body_len, body. Returns the arena address, or UINT32_MAX when
// the 4 GiB arena is full (the payload is dropped).
std::uint32_t Journal::store_payload(const EventInput& in) {
  const std::size_t nh = in.headers ? in.headers->size() : 0;
  // Room is reserved for the longest encoding (10 bytes per varint) so that header names are
  // interned and everything written in one pass; the arena advances by what was written.
  constexpr std::size_t kVarint = 10;
  std::size_t values = 0;
  for (std::size_t i = 0; i < nh; ++i) values += in.headers->value(i).size();
  std::size_t bound = in.text.size() + values + in.body.size() + kVarint * (3 + 2 * nh);
  std::uint64_t start = arena_used_;
  std::size_t off_in_chunk = start & (kArenaChunk - 1);
  if (off_in_chunk + bound > kArenaChunk && off_in_chunk != 0) start = (start | (kArenaChunk - 1)) + 1;
  if (start + bound > UINT32_MAX) return UINT32_MAX;
  std::size_t first = start >> kArenaChunkShift;
  bool big = false;  // a blob larger than a chunk owns whole slots
  if (first >= arena_.size() || !arena_[first]) {
    std::size_t slots = bound > kArenaChunk ? (bound + kArenaChunk - 1) >> kArenaChunkShift : 1;
    if (arena_.size() < first + slots) arena_.resize(first + slots);
    std::size_t bytes = slots == 1 ? kArenaChunk : bound;
    arena_[first] = std::unique_ptr<char[]>(new char[bytes]);  // not zeroed: every byte is written before use
    arena_allocated_ += bytes;
    big = slots > 1;
  }
  char* const base = arena_[first].get() + (start & (kArenaChunk - 1));
  char* p = base;
  put_varint(p, in.text.size());
  copy_bytes(p, in.text.data(), in.text.size());
  p += in.text.size();
  put_varint(p, nh);
  for (std::size_t i = 0; i < nh; ++i) {
    std::string_view v = in.headers->value(i);
    put_varint(p, intern(in.headers->name(i)));
    put_varint(p, v.size());
    copy_bytes(p, v.data(), v.size());
    p += v.size();
  }
  put_varint(p, in.body.size());
  copy_bytes(p, in.body.data(), in.body.size());
  p += in.body.size();
  auto size = static_cast<std::size_t>(p - base);
  arena_used_ = big ? (std::uint64_t{first} + ((bound + kArenaChunk - 1) >> kArenaChunkShift)) << kArenaChunkShift
                    : start + size;
  payload_bytes_ += size;
  body_bytes_ += in.body.size();
  header_value_bytes_ += values;
  return static_cast<std::uint32_t>(start);
}

EventId Journal::append(Micros time, const EventInput& in) {
  assert(time >= last_time_);
  if (time < last_time_) time = last_time_;  // never reorder: clamp (release builds)
  last_time_ = time;
  std::size_t i = count_;
  if ((i >> kEventChunkShift) >= chunks_.size())
    chunks_.push_back(std::make_unique<Event[]>(std::size_t{1} << kEventChunkShift));
  Event& e = chunks_[i >> kEventChunkShift][i & ((std::size_t{1} << kEventChunkShift) - 1)];
  e.time = time;
  e.a = in.a;
  e.b = in.b;
  e.id = static_cast<EventId>(i + 1);
  e.ref = in.ref;
  e.code = in.code;
  e.agent = in.agent;
  e.task = in.task;
  e.service = in.service;
  e.name = in.name;
  e.value = in.value;
  e.kind = in.kind;
  e.flags = in.real ? Event::kFlagReal : 0;
  e.payload = 0;
  if (!in.text.empty() || (in.headers && !in.headers->empty()) || !in.body.empty()) {
    std::uint32_t off = store_payload(in);
    if (off != UINT32_MAX) {
      e.payload = off;
      e.flags |= Event::kFlagPayload;
    }
  }
  ++count_;
  return e.id;
}

std::string_view Journal::text(const Event& e) const {
  if (!(e.flags & Event::kFlagPayload)) return {};
  const char* p = payload_ptr(e.payload);
  std::size_t n = get_varint(p);
  return {p, n};
}

Headers Journal::headers(const Event& e) const {
  Headers h;
  if (!(e.flags & Event::kFlagPayload)) return h;
  const char* p = payload_ptr(e.payload);
  p += get_varint(p);
  std::size_t nh = get_varint(p);
  for (std::size_t i = 0; i < nh; ++i) {
    Atom name = static_cast<Atom>(get_varint(p));
    std::size_t vl = get_varint(p);
    h.add(str(name), std::string_view(p, vl));
    p += vl;
  }
  return h;
}

std::string_view Journal::body(const Event& e) const {
  if (!(e.flags & Event::kFlagPayload)) return {};
  const char* p = payload_ptr(e.payload);
  p += get_varint(p);
  std::size_t nh = get_varint(p);
  for (std::size_t i = 0; i < nh; ++i) {
    get_varint(p);
    p += get_varint(p);
  }
  std::size_t n = get_varint(p);
  return {p, n};
}

std::string Journal::json_line(EventId id) const {
  std::string out;
  out.reserve(160);
  append_json_line(out, id);
  return out;
}

namespace {

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(res.ptr - buf));
}

}  // namespace

void Journal::append_json_line(std::string& out, EventId id) const {
  const Event& e = at(id);
  const EventFields& f = event_fields(e.kind);
  out += "{\"id\":";
  append_int(out, e.id);
  out += ",\"t_us\":";
  append_int(out, e.time);
  out += ",\"kind\":\"";
  out += f.kind;
  out += '"';
  auto atom_field = [&](const char* key, Atom a) {
    if (!key || a == 0) return;
    append_key(out, key);
    append_json_string(out, str(a));
  };
  atom_field("agent", e.agent);
  atom_field("task", e.task);
  atom_field("service", e.service);
  if (e.ref) {
    append_key(out, "ref");
    append_int(out, e.ref);
  }
  atom_field(f.name, e.name);
  atom_field(f.value, e.value);
  if (f.code) {
    append_key(out, f.code);
    append_int(out, e.code);
  }
  if (f.a) {
    append_key(out, f.a);
    append_int(out, e.a);
  }
  if (f.b) {
    append_key(out, f.b);
    if (e.flags & Event::kFlagReal)
      out += Json(bits_as<double>(e.b)).dump();
    else
      append_int(out, e.b);
  }
  if (!(e.flags & Event::kFlagPayload)) {
    out += '}';
    return;
  }
  // The payload read in place (text, headers, body), without building a Headers.
  const char* p = payload_ptr(e.payload);
  std::size_t tn = get_varint(p);
  if (tn) {
    append_key(out, f.text ? f.text : "text");
    append_json_string(out, std::string_view(p, tn));
  }
  p += tn;
  std::size_t nh = get_varint(p);
  if (nh) {
    append_key(out, "headers");
    out += '[';
    for (std::size_t i = 0; i < nh; ++i) {
      if (i) out += ',';
      out += '[';
      append_json_string(out, str(static_cast<Atom>(get_varint(p))));
      out += ',';
      std::size_t vl = get_varint(p);
      append_json_string(out, std::string_view(p, vl));
      p += vl;
      out += ']';
    }
    out += ']';
  }
  std::size_t bn = get_varint(p);
  if (bn) {
    append_key(out, f.body ? f.body : "body");
    append_json_string(out, std::string_view(p, bn));
  }
  out += '}';
}

void Journal::write_jsonl(std::ostream& out, EventId from) const {
  for (std::size_t id = from == 0 ? 1 : from; id <= count_; ++id) out << json_line(static_cast<EventId>(id)) << '\n';
}

std::string Journal::digest() const {
  // Lines are serialised into one reused buffer and hashed a block at a time.
  std::string buf;
  buf.reserve(1 << 16);
  for (; digest_upto_ < count_; ++digest_upto_) {
    append_json_line(buf, static_cast<EventId>(digest_upto_ + 1));
    buf += '\n';
    if (buf.size() >= (1 << 15)) {
      digest_hash_ = fnv1a64(buf, digest_hash_);
      buf.clear();
    }
  }
  digest_hash_ = fnv1a64(buf, digest_hash_);
  return fnv1a64_digest(digest_hash_);
}

Journal::Stats Journal::stats() const {
  Stats s;
  s.events = count_;
  s.event_bytes = chunks_.size() * (std::size_t{1} << kEventChunkShift) * sizeof(Event);
  s.payload_bytes = payload_bytes_;
  s.body_bytes = body_bytes_;
  s.header_value_bytes = header_value_bytes_;
  s.atom_bytes = atom_bytes_ + atom_index_.size() * sizeof(std::uint64_t);
  return s;
}

}  // namespace fl::sim
