#pragma once
// sandbox::Host: everything the sandbox needs from the world it runs in. The sandbox never
// includes simulator headers; lab::Run adapts this interface onto sim::World, and tests use a
// small fake. All times are virtual microseconds since the start of the run.
//
// Blocking learner calls are operations with a WaitToken: the sandbox calls send_request()
// or wake_at(), suspends the calling task, and the host later hands the token back through
// Sandbox::deliver() from its own event loop (never from inside send_request/wake_at: the
// sandbox tolerates it, but the task then runs one event "early"). Tokens of tasks that have
// ended are ignored, so a host never needs to cancel anything.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fl::sandbox {

using WaitToken = std::uint64_t;

struct Header {
  std::string name;
  std::string value;
};

// A request as the learner built it (validated: method is an upper-case token, URL and
// headers have no control characters).
struct Request {
  std::string method;
  std::string url;
  std::vector<Header> headers;  // in the learner's order (sorted by name when from a table)
  std::string body;
  std::int64_t timeout_us = 0;  // 0 = no timeout (the client waits for ever)
};

struct Response {
  int status = 0;
  std::vector<Header> headers;
  std::string body;
};

// What a request came back with: a response, or a network error. (Impl::deliver swaps
// these member by member: a new member must be added there too.)
struct HttpResult {
  bool ok = false;
  Response response;
  std::string error_kind;     // "timeout" | "dns" | "refused" | "reset" (when !ok)
  std::string error_message;  // for people
  std::int64_t elapsed_us = 0;
  std::uint32_t request_event = 0;  // journal id of the request (0 = unknown), for res.id
};

// Enums with their names, one table each: X(value, journal name, learner API function).
#define FL_LOG_LEVELS(X)                 \
  X(debug, "debug", "log.debug")         \
  X(info, "info", "log.info")            \
  X(warn, "warn", "log.warn")            \
  X(error, "error", "log.error")
// Workload outcomes (the journal's and the grader's names).
#define FL_OUTCOMES(X)                                \
  X(done, "done", "ctx.done")                         \
  X(fallback, "fallback", "ctx.fallback")             \
  X(escalated, "escalated", "ctx.escalate")           \
  X(dead_letter, "dead_letter", "ctx.dead_letter")
#define FL_AGENT_CHANGES(X)   \
  X(started, "started", "")     \
  X(finished, "finished", "")   \
  X(failed, "failed", "")       \
  X(crashed, "crashed", "")     \
  X(restarted, "restarted", "")

#define FL_SANDBOX_ENUM_VALUE(value, name, function) value,
enum class LogLevel : std::uint8_t { FL_LOG_LEVELS(FL_SANDBOX_ENUM_VALUE) };
enum class Outcome : std::uint8_t { FL_OUTCOMES(FL_SANDBOX_ENUM_VALUE) };
enum class AgentEvent : std::uint8_t { FL_AGENT_CHANGES(FL_SANDBOX_ENUM_VALUE) };
#undef FL_SANDBOX_ENUM_VALUE
const char* to_string(LogLevel level);
const char* to_string(Outcome outcome);
const char* to_string(AgentEvent event);
// The learner API function that reports it ("log.warn", "ctx.escalate").
const char* function_name(LogLevel level);
const char* function_name(Outcome outcome);

// A unit of the lab's workload: arrives at `at_us`, is taken by one agent (ctx.next), and
// must end with exactly one outcome.
struct WorkItem {
  std::string id;
  std::int64_t at_us = 0;
  std::string priority;        // e.g. "urgent", "batch" ("" = none)
  std::string data_json = "{}";  // a JSON object: the item's fields for the learner
};

// Who made a call: agent (1-based), task (1 = the agent's main task, then in spawn order),
// and the line in the learner's file (0 when unknown).
struct Origin {
  int agent = 0;
  std::uint32_t task = 0;
  int line = 0;
};

// What the sandbox reports to its host for the journal: one event type, one hook. Views
// point into the sandbox's data and are valid during the call only.
struct AgentChanged {  // origin: the agent; line and message when it failed
  AgentEvent change = AgentEvent::started;
  std::string_view message;
};
struct Slept {  // time.sleep began
  std::int64_t duration_us = 0;
};
struct Logged {  // log.* and print
  LogLevel level = LogLevel::info;
  std::string_view message;
  std::string_view fields_json;  // canonical JSON object ("{}" when none)
};
struct MetricRecorded {  // metrics.inc / metrics.observe
  std::string_view op, name;
  double value = 0;
};
struct StateSet {  // trace.state
  std::string_view key, value;
};
struct ItemArrived {  // a work item arrived (origin: none)
  const WorkItem* item = nullptr;
};
struct ItemTaken {  // ctx.next handed an item to the origin's task
  const WorkItem* item = nullptr;
};
struct ItemHandedBack {  // its agent crashed before reporting it: back in the queue (origin: the agent)
  const WorkItem* item = nullptr;
};
// A write to the durable store (store.put / delete / cas). `value_json` is the canonical JSON
// written ("" for a delete, or a cas that removes); `result` says what happened.
struct StoreWritten {
  std::string_view op;      // "put" | "delete" | "cas"
  std::string_view key;
  std::string_view value_json;
  std::string_view result;  // "written" | "deleted" | "absent" | "conflict"
};
struct ItemOutcome {  // ctx.done / fallback / escalate / dead_letter
  const WorkItem* item = nullptr;
  Outcome outcome = Outcome::done;
  std::string_view reason;
  std::string_view details_json;  // canonical JSON object ("" when none)
};
struct HostEvent {
  Origin origin;
  std::variant<AgentChanged, Slept, Logged, MetricRecorded, StateSet, ItemArrived, ItemTaken, ItemOutcome,
               ItemHandedBack, StoreWritten>
      what;
};

class Host {
 public:
  virtual ~Host() = default;

  virtual std::int64_t now_us() const = 0;
  // Sends `request` (the host may move out of it). Deliver the outcome later with the token.
  virtual void send_request(const Origin& origin, Request& request, WaitToken token) = 0;
  // Delivers `token` at virtual time `at_us` (>= now_us()).
  virtual void wake_at(std::int64_t at_us, WaitToken token) = 0;
  // The value of a secret at now_us(), or nullopt.
  virtual std::optional<std::string> secret(std::string_view name) const = 0;
  virtual std::vector<std::string> secret_names() const { return {}; }
  // What the journal holds so far, measured against Limits::journal_events and journal_bytes
  // (zeros when not journalling).
  struct JournalFill {
    std::int64_t events = 0, bytes = 0;
  };
  virtual JournalFill journal_fill() const { return {}; }

  // What happened, for the journal (optional: a host that keeps no journal ignores it).
  virtual void report(const HostEvent& /*event*/) {}
};

}  // namespace fl::sandbox
