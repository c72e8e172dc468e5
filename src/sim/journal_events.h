#pragma once
// The journal's event kinds, their field table and a typed view of each kind: the one place
// that knows what an event's `name`, `value`, `code`, `a`, `b`, text and body mean. The
// world, the lab runner and the sandbox's host encode through these views; the grader's trace
// index, the CLI and the timeline decode through them. Nothing else reads fields by position.
//
//   sim::record(journal, now, sim::LogEvent{...});                  // encode and append
//   for (const sim::RequestEvent& r : sim::events_of<sim::RequestEvent>(journal)) ...
//   if (auto o = sim::decode<sim::TaskOutcomeEvent>(journal, id)) ...   // one event by id
//
// A view's strings point into the journal when decoded (valid while it lives) and into the
// caller's data when encoding (valid until the append). Interned fields are `Name`s: decoded
// views carry both the atom and its text; an encoder interns the text, or uses the atom
// when the caller has one already (the world's hot paths do).
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/http.h"
#include "sim/time.h"

namespace fl::sim {

using EventId = std::uint32_t;  // 1-based; 0 = none
using Atom = std::uint32_t;     // interned string; 0 = ""

// The field table: per kind, the JSON key of each field in the canonical export (nullptr:
// unused and omitted). Text and body fall back to "text" / "body" when a kind has no name for
// them. Columns: kind, name, value, code, a, b, text, body. One row per kind: the enum, the
// count and the export all come from this list.
#define FL_EVENT_KINDS(X)                                                                                  \
  X(request, "route", "method", nullptr, "timeout_us", nullptr, "url", "body")                            \
  X(response, nullptr, nullptr, "status", "elapsed_us", nullptr, nullptr, "body")                         \
  X(net_error, "error", nullptr, nullptr, "elapsed_us", nullptr, "message", "body")                       \
  X(fault, "fault", "id", "status", "delay_us", "index", nullptr, "body")                                 \
  X(rate_limit, "limiter", "decision", "limit", "remaining", "reset_us", "partition", "body")             \
  X(auth, "reason", "credential", "status", nullptr, nullptr, "detail", "body")                           \
  X(token_issued, "grant", "subject", nullptr, "expires_at_us", "refresh_expires_at_us", "details", "body") \
  X(token_denied, "error", "grant", "status", nullptr, nullptr, "description", "body")                    \
  X(effect, "ledger", "result", nullptr, "entry", nullptr, "idempotency_key", "body")                     \
  X(scenario, "scenario", "state", nullptr, nullptr, nullptr, "from", "body")                             \
  X(credential, "credential", "change", nullptr, nullptr, nullptr, "detail", "body")                      \
  /* appended by the sandbox's host (lab::Run), the lab runner and tools: */                              \
  X(log, "level", nullptr, nullptr, nullptr, nullptr, "message", "fields")                                \
  X(metric, "metric", "op", nullptr, nullptr, "amount", "detail", "body")                                 \
  X(state, "key", "state", nullptr, nullptr, nullptr, "detail", "body")                                   \
  X(sleep, nullptr, nullptr, nullptr, "duration_us", nullptr, "detail", "body")                           \
  X(store, "op", "result", nullptr, nullptr, nullptr, "key", "value")                                     \
  X(task, "event", "outcome", nullptr, nullptr, nullptr, "detail", "data")                                \
  X(agent, "event", nullptr, "line", nullptr, nullptr, "message", "body")                                 \
  X(run, "event", "reason", nullptr, nullptr, nullptr, "detail", "body")                                  \
  X(note, "label", nullptr, nullptr, nullptr, nullptr, "text", "data")

enum class EventKind : std::uint8_t {
#define FL_EVENT_KIND_ENUM(kind, ...) kind,
  FL_EVENT_KINDS(FL_EVENT_KIND_ENUM)
#undef FL_EVENT_KIND_ENUM
};
inline constexpr int kEventKindCount = 0
#define FL_EVENT_KIND_COUNT(kind, ...) +1
    FL_EVENT_KINDS(FL_EVENT_KIND_COUNT)
#undef FL_EVENT_KIND_COUNT
    ;

struct EventFields {
  const char* kind;
  const char* name;
  const char* value;
  const char* code;
  const char* a;
  const char* b;
  const char* text;
  const char* body;
};
const EventFields& event_fields(EventKind kind);

struct Event;
struct EventInput;
class Journal;

// An interned string in a view (see the top of this file).
struct Name {
  Atom atom = 0;
  std::string_view text;

  Name() = default;
  // Implicit, so that an encoder reads `log.level = "info"`.
  Name(std::string_view s) : text(s) {}
  Name(const char* s) : text(s) {}
  Name(const std::string& s) : text(s) {}
  static Name of(Atom a) {
    Name n;
    n.atom = a;
    return n;
  }
  bool empty() const { return atom == 0 && text.empty(); }
};

// Who and when, common to every view. `id` and `time` are filled by decoding; an encoded
// event gets them from the append.
struct EventHeader {
  EventId id = 0;
  Micros time = 0;
  Name agent, task, service;
};

// Each view: kKind; is() (does this event decode as this view; kinds with several views
// tell them apart by name); decode() (requires is()); encode() (fills an EventInput whose
// views point into this view and into `scratch`).
#define FL_EVENT_VIEW_API(Type, Kind)                                          \
  static constexpr EventKind kKind = EventKind::Kind;                          \
  static bool is(const Journal& j, const Event& e);                            \
  static Type decode(const Journal& j, const Event& e);                        \
  EventInput encode(Journal& j, std::string& scratch) const;

// --- the world's events (a request and what happened to it) -------------------------------

// What a client sent. `headers` is only read when encoding (decoded: Journal::headers).
struct RequestEvent : EventHeader {
  Name route, method;
  std::string_view url, body;
  Micros timeout = 0;  // 0: none
  const Headers* headers = nullptr;
  FL_EVENT_VIEW_API(RequestEvent, request)
};

// The server's answer, appended when the server handled the request; the client sees it
// `elapsed` later.
struct ResponseEvent : EventHeader {
  EventId request = 0;
  int status = 0;
  Micros elapsed = 0;
  std::string_view body;
  const Headers* headers = nullptr;  // encoding only (decoded: Journal::headers)
  FL_EVENT_VIEW_API(ResponseEvent, response)
};

// A network failure instead of an answer ("timeout", "dns", "refused", "reset").
struct NetErrorEvent : EventHeader {
  EventId request = 0;
  Name error;
  std::string_view message;
  Micros elapsed = 0;
  FL_EVENT_VIEW_API(NetErrorEvent, net_error)
};

// A fault of the lab's world fired for a request.
struct FaultEvent : EventHeader {
  EventId request = 0;
  Name fault;        // the fault kind ("status", "latency", ...)
  Name label;        // the fault's optional id in lab.json
  int status = 0;    // the status it answered with (0: none)
  Micros delay = 0;  // the delay it added
  std::int64_t index = 0;  // position in world.faults
  FL_EVENT_VIEW_API(FaultEvent, fault)
};

enum class LimitDecision : std::uint8_t { allowed, rejected, penalized };
const char* to_string(LimitDecision d);

// A rate limiter's decision on a request.
struct RateLimitEvent : EventHeader {
  EventId request = 0;
  Name limiter;
  LimitDecision decision = LimitDecision::allowed;
  std::string_view partition;
  int limit = 0;
  std::int64_t remaining = 0;
  Micros reset = 0;  // allowed: until the window resets; refused: the Retry-After it set
  bool refused() const { return decision != LimitDecision::allowed; }
  FL_EVENT_VIEW_API(RateLimitEvent, rate_limit)
};

// A request refused for its credentials (401/403).
struct AuthEvent : EventHeader {
  EventId request = 0;
  Name reason, credential;
  int status = 0;
  std::string_view detail;
  FL_EVENT_VIEW_API(AuthEvent, auth)
};

struct TokenIssuedEvent : EventHeader {
  EventId request = 0;
  Name grant, subject;
  Micros expires_at = 0, refresh_expires_at = 0;
  std::string_view details;  // JSON with the tokens and scope
  FL_EVENT_VIEW_API(TokenIssuedEvent, token_issued)
};

struct TokenDeniedEvent : EventHeader {
  EventId request = 0;
  Name error, grant;
  int status = 0;
  std::string_view description;
  FL_EVENT_VIEW_API(TokenDeniedEvent, token_denied)
};

// A change of an effects ledger: applied | replayed | conflict | missing_key.
struct EffectEvent : EventHeader {
  EventId request = 0;
  Name ledger, result;
  std::int64_t entry = 0;
  std::string_view idempotency_key;
  FL_EVENT_VIEW_API(EffectEvent, effect)
};

struct ScenarioEvent : EventHeader {
  Name scenario, state;
  std::string_view from;
  FL_EVENT_VIEW_API(ScenarioEvent, scenario)
};

// A credential changed: activated | revoked | expired | rotated.
struct CredentialEvent : EventHeader {
  Name credential, change;
  FL_EVENT_VIEW_API(CredentialEvent, credential)
};

// --- the learner's code (through the sandbox's host) --------------------------------------
// `line` is the learner's line (0: unknown); it is kept but not exported.

struct LogEvent : EventHeader {
  Name level;
  std::string_view message;
  std::string_view fields;  // JSON object ("" for none)
  int line = 0;
  FL_EVENT_VIEW_API(LogEvent, log)
};

struct MetricEvent : EventHeader {
  Name metric, op;
  double amount = 0;
  int line = 0;
  FL_EVENT_VIEW_API(MetricEvent, metric)
};

// trace.state(key, state): the learner's own state, drawn as a band on the timeline.
struct StateEvent : EventHeader {
  Name key, state;
  int line = 0;
  FL_EVENT_VIEW_API(StateEvent, state)
};

struct SleepEvent : EventHeader {
  Micros duration = 0;
  int line = 0;
  FL_EVENT_VIEW_API(SleepEvent, sleep)
};

// A work item of the lab's workload arrived (task = the item's id). Also decodes the names
// "created" and "queued" that hand-written journals use.
struct TaskArrivedEvent : EventHeader {
  std::string priority;  // "" when none
  FL_EVENT_VIEW_API(TaskArrivedEvent, task)
};

// An agent took a work item (ctx.next).
struct TaskTakenEvent : EventHeader {
  int line = 0;
  FL_EVENT_VIEW_API(TaskTakenEvent, task)
};

// The agent that took a work item crashed before reporting it: the item is back in the queue
// (the crashed agent in the header).
struct TaskHandedBackEvent : EventHeader {
  FL_EVENT_VIEW_API(TaskHandedBackEvent, task)
};

// A work item's outcome: done | fallback | escalated | dead_letter (| failed). Also decodes
// the outcome given as the event name, as hand-written journals do.
struct TaskOutcomeEvent : EventHeader {
  Name outcome;
  std::string_view reason;
  std::string_view details;  // JSON object ("" for none)
  int line = 0;
  FL_EVENT_VIEW_API(TaskOutcomeEvent, task)
};

// A write to the agents' durable store (store.put, store.delete, store.cas): `op`, the `key`,
// the JSON `value` written ("" for a delete) and the `result`: written | deleted | absent
// (a delete of a missing key) | conflict (a cas whose expected value did not match).
struct StoreEvent : EventHeader {
  Name op, result;
  std::string_view key, value;
  int line = 0;
  FL_EVENT_VIEW_API(StoreEvent, store)
};

// An agent started, finished, failed, crashed (`message`: why, and what was stopped) or
// restarted after a crash (`message`, `line`: why it failed).
struct AgentLifecycleEvent : EventHeader {
  Name change;
  std::string_view message;
  int line = 0;
  FL_EVENT_VIEW_API(AgentLifecycleEvent, agent)
};

// The run started ("start") or ended ("end", with the status as `reason` and the
// learner-facing message as `detail`).
struct RunEvent : EventHeader {
  Name event, reason;
  std::string_view detail;
  int line = 0;
  FL_EVENT_VIEW_API(RunEvent, run)
};

// Free-form annotations by tools.
struct NoteEvent : EventHeader {
  Name label;
  std::string_view text, data;
  FL_EVENT_VIEW_API(NoteEvent, note)
};

#undef FL_EVENT_VIEW_API

}  // namespace fl::sim
