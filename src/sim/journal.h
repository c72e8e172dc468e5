#pragma once
// The journal: the append-only record of a run that the grader, the timeline and the digest
// read. Every request, response, network failure, fault, limiter decision, auth failure,
// token issue, effect and scenario change is appended by the world; the sandbox appends its
// own events (log lines, metrics, trace.state, sleeps, task and agent lifecycle) with
// World::record() or Journal::append().
//
// Events are compact fixed-size records (64 bytes) stored in chunks (references stay valid
// while the journal grows). Strings that repeat (agent, task, service, route, limiter and
// header names, levels, states) are interned as `Atom`s; per-event text (URL, message),
// headers and body live out of line in a payload arena, read back with text()/headers()/
// body(). Event ids are 1-based and dense: id N is the Nth event appended; 0 means "none".
//
// Canonical serialisation: one JSON object per event, one per line (JSON Lines), keys in a
// fixed order, integers only (times in microseconds), except metric amounts (shortest
// round-trip form). The digest is FNV-1a 64 over those lines, written "fnv1a64:<16 hex>".
// Atoms are resolved to their strings, so the digest does not depend on interning order.
//
// What each field means per kind (the field table, and a typed view per kind that encodes and
// decodes it): sim/journal_events.h. Every event also has id, t_us (virtual time), kind, and
// agent/task/service when set.
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/http.h"
#include "sim/journal_events.h"
#include "sim/time.h"

namespace fl::sim {

const char* to_string(EventKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view name);

struct Event {
  Micros time = 0;
  std::int64_t a = 0;
  std::int64_t b = 0;  // with kFlagReal: the bits of a double (see real())
  EventId id = 0;
  EventId ref = 0;
  std::int32_t code = 0;
  Atom agent = 0, task = 0, service = 0, name = 0, value = 0;
  std::uint32_t payload = 0;  // arena offset (valid with kFlagPayload)
  EventKind kind = EventKind::note;
  std::uint8_t flags = 0;

  static constexpr std::uint8_t kFlagPayload = 1, kFlagReal = 2;
  double real() const;  // b as a double when kFlagReal is set, else b
};

// What to append. Strings are atoms (World::intern / Journal::intern); text, headers and body
// are views copied into the journal by append(): keep what they point to alive until then
// (not `in.text = std::string(...)`, which dangles).
struct EventInput {
  EventKind kind = EventKind::note;
  Atom agent = 0, task = 0, service = 0, name = 0, value = 0;
  EventId ref = 0;
  std::int32_t code = 0;
  std::int64_t a = 0, b = 0;
  bool real = false;  // b holds a double (set with set_real)
  std::string_view text;
  const Headers* headers = nullptr;
  std::string_view body;

  void set_real(double x);
};

class Journal {
 public:
  Journal();
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  Atom intern(std::string_view s);
  std::string_view str(Atom a) const;
  // The atom for `s` if it was interned, else nullopt (does not intern).
  std::optional<Atom> find_atom(std::string_view s) const;

  // Appends at virtual time `time` (must not be earlier than the last event's). Returns its id.
  EventId append(Micros time, const EventInput& input);

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // id in [1, size()].
  const Event& at(EventId id) const {
    std::size_t i = id - 1;
    return chunks_[i >> kEventChunkShift][i & ((std::size_t{1} << kEventChunkShift) - 1)];
  }
  const Event& operator[](EventId id) const { return at(id); }

  std::string_view text(const Event& e) const;
  Headers headers(const Event& e) const;
  std::string_view body(const Event& e) const;

  // Canonical JSON object of one event (no trailing newline).
  std::string json_line(EventId id) const;
  // The same, appended to `out`.
  void append_json_line(std::string& out, EventId id) const;
  // All events from `from` on, one JSON line each.
  void write_jsonl(std::ostream& out, EventId from = 1) const;
  // "fnv1a64:0123456789abcdef" over the canonical lines of every event so far (incremental:
  // only events appended since the last call are serialised).
  std::string digest() const;

  // Memory accounting (for the benchmark and limits).
  struct Stats {
    std::size_t events = 0;
    std::size_t event_bytes = 0;         // fixed-size records (allocated chunks)
    std::size_t payload_bytes = 0;       // arena bytes in use
    std::size_t body_bytes = 0;          // of which bodies
    std::size_t header_value_bytes = 0; // of which header values
    std::size_t atom_bytes = 0;          // interned strings and their index
  };
  Stats stats() const;

 private:
  static constexpr unsigned kEventChunkShift = 12;  // 4096 events (256 KiB) per chunk
  static constexpr unsigned kArenaChunkShift = 18;  // 256 KiB payload chunks
  static constexpr std::size_t kArenaChunk = std::size_t{1} << kArenaChunkShift;

  std::uint32_t store_payload(const EventInput& input);
  const char* payload_ptr(std::uint32_t offset) const;

  std::vector<std::unique_ptr<Event[]>> chunks_;
  std::size_t count_ = 0;
  Micros last_time_ = 0;

  std::vector<std::unique_ptr<char[]>> arena_;  // one slot per kArenaChunk of address space
  std::uint64_t arena_used_ = 0;                // next free address
  std::size_t arena_allocated_ = 0;
  std::size_t payload_bytes_ = 0, body_bytes_ = 0, header_value_bytes_ = 0;

  // Atoms: strings in a stable store plus an open-addressing index (FNV-1a; lookups only,
  // never iterated, so nothing depends on hashing order).
  std::vector<std::string_view> atoms_;            // into atom_text_ (stable)
  std::vector<std::unique_ptr<char[]>> atom_text_;
  std::size_t atom_text_used_ = 0, atom_text_cap_ = 0;
  std::vector<std::uint64_t> atom_index_;  // (hash << 32) | (atom + 1); 0 = empty slot
  std::size_t atom_bytes_ = 0;
  // Direct-mapped cache for short strings (header names): exact key, so a hit needs no compare.
  struct ShortAtom {
    std::uint64_t a = 0, b = 0, c = 0;
    std::uint32_t len = 0;
    Atom atom = 0;
  };
  ShortAtom short_cache_[64];
  Atom intern_slow(std::string_view s);

  mutable std::uint64_t digest_hash_;
  mutable std::size_t digest_upto_ = 0;
};

// --- typed access (views in sim/journal_events.h) ------------------------------------------

// Event `id` as a View, or nullopt when it is another kind of event (or out of range).
template <class View>
std::optional<View> decode(const Journal& j, EventId id) {
  if (id == 0 || id > j.size()) return std::nullopt;
  const Event& e = j.at(id);
  if (e.kind != View::kKind || !View::is(j, e)) return std::nullopt;
  return View::decode(j, e);
}

// Every event that decodes as View, in journal order:
//   for (const sim::LogEvent& log : sim::events_of<sim::LogEvent>(journal)) ...
template <class View>
class EventsOf {
 public:
  explicit EventsOf(const Journal& j) : j_(&j) {}
  class iterator {
   public:
    iterator(const Journal* j, EventId id) : j_(j), id_(id) { skip(); }
    View operator*() const { return View::decode(*j_, j_->at(id_)); }
    iterator& operator++() {
      ++id_;
      skip();
      return *this;
    }
    // end() is a sentinel (id 0), so events appended while iterating are visited too.
    bool operator!=(const iterator& o) const { return o.id_ == 0 ? !at_end() : id_ != o.id_; }
    bool operator==(const iterator& o) const { return !(*this != o); }

   private:
    bool at_end() const { return id_ == 0 || id_ > j_->size(); }
    void skip() {
      while (!at_end()) {
        const Event& e = j_->at(id_);
        if (e.kind == View::kKind && View::is(*j_, e)) return;
        ++id_;
      }
    }
    const Journal* j_;
    EventId id_;
  };
  iterator begin() const { return iterator(j_, 1); }
  iterator end() const { return iterator(j_, 0); }

 private:
  const Journal* j_;
};
template <class View>
EventsOf<View> events_of(const Journal& j) {
  return EventsOf<View>(j);
}

// Encodes `view` and appends it at `time`; returns its id.
template <class View>
EventId record(Journal& j, Micros time, const View& view) {
  std::string scratch;
  return j.append(time, view.encode(j, scratch));
}

}  // namespace fl::sim
