#pragma once
// grade::Trace: an index over one run's journal, built once and shared by every check.
// Checks read requests with their outcomes and retry chains, and workload tasks with their
// arrival and outcome, instead of walking raw events.
//
// Retry chains: a retry is a request for the same unit of work by the same agent after a
// failure, matched by intent rather than by bytes. A request's unit of work is, in order:
//   1. the work item it names: a workload item id (`rec-0042`) that appears as a URL path
//      segment or query value, a header value, or a JSON string in the body;
//   2. else its `Idempotency-Key` header;
//   3. else the exact request (method, URL and body).
// and it is for an operation: the lab's route that answered it (else method and URL path).
// Requests with the same agent, service, operation and unit of work form a chain in journal
// order; attempt 1 is the first; a request after a 2xx/3xx answer starts a new chain. So an
// attempt counter in the body, a fresh request id header or a new Idempotency-Key per attempt
// does not hide a retry, and neither does re-queueing the item to another task of the agent;
// a different item, or the same item sent to another route (a fallback), is not a retry.
//
// A crash (sim::AgentLifecycleEvent "crashed") cuts the agent's requests in flight: their
// answers never reached it, so they count as unanswered (received -1, `crashed` set), and a
// request for the same unit of work after the restart continues their chain.
//
// Tasks (the lab's workload) come from the journal's typed task events (sim::TaskArrivedEvent
// with the priority, sim::TaskOutcomeEvent with done, fallback, escalated, dead_letter or
// failed), keyed by the event's task.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/journal.h"
#include "sim/world_spec.h"

namespace fl::grade {

using sim::EventId;
using sim::Micros;

struct RequestRec {
  EventId id = 0;             // the `request` event
  Micros sent = 0;
  Micros received = -1;       // when the client got its outcome (-1: never)
  sim::Atom agent = 0, task = 0;
  sim::Atom item = 0;         // the work item the request names (its task atom), 0: none
  std::string_view service, route, method, url, body;
  Micros timeout = 0;         // <= 0: none
  EventId result = 0;         // `response` or `net_error` event (0: none)
  int status = 0;             // HTTP status (0 for a network error or no answer)
  std::string_view net_error; // "timeout", "dns", ... for a network error
  bool has_retry_after = false;
  Micros retry_after = 0;     // parsed Retry-After (seconds or HTTP-date), when present
  bool limiter_rejected = false;  // a rate limiter refused it (not an injected fault)
  Micros crashed = -1;        // its agent crashed at this time, before the answer reached it
                              // (then received is -1 and status 0: the client saw nothing)
  int chain = -1;             // index into Trace::chains()
  int attempt = 0;            // 1-based position in its chain
  int prev = -1, next = -1;   // indices of the previous/next attempt in the chain

  bool failed_with(int code) const { return status == code; }
};

struct TaskRec {
  std::string id;
  std::string priority;       // from the arrival data ("" when unknown)
  Micros arrived = -1;
  Micros finished = -1;       // when an outcome was reported (-1: never)
  std::string outcome;        // done | fallback | escalated | dead_letter | failed | ""
  EventId arrival_event = 0, outcome_event = 0;
  std::string agent;
  std::vector<int> requests;  // indices into Trace::requests() of the requests naming it
};

// A crash of an agent scheduled by the lab (journal `agent` events crashed / restarted).
struct CrashRec {
  sim::Atom agent = 0;
  Micros at = 0;
  Micros restarted = -1;  // -1: the run ended first
  EventId event = 0, restart_event = 0;
};

class Trace {
 public:
  // `world` (may be null) gives the epoch for HTTP-date Retry-After values and the secrets.
  Trace(const sim::Journal& journal, const sim::WorldSpec* world);

  const sim::Journal& journal() const { return journal_; }
  const sim::WorldSpec* world() const { return world_; }
  const std::vector<RequestRec>& requests() const { return requests_; }
  // Indices into requests(), one vector per chain, in order of the chain's first request.
  const std::vector<std::vector<int>>& chains() const { return chains_; }
  // Tasks in order of first appearance in the journal.
  const std::vector<TaskRec>& tasks() const { return tasks_; }
  // The agents' crashes, in journal order.
  const std::vector<CrashRec>& crashes() const { return crashes_; }
  // Index into requests() of a request event id, or -1.
  int request_index(EventId id) const;
  Micros end_time() const { return end_time_; }
  // The duration of the first `sleep` the same agent and task began at exactly `at` and
  // finished by `until` (the wait a retry loop chose right after a failure), or nullopt.
  // Sleeps of 0 s (a yield) are skipped.
  std::optional<Micros> sleep_started_at(sim::Atom agent, sim::Atom task, Micros at, Micros until) const;

  std::string_view str(sim::Atom a) const { return journal_.str(a); }
  // "agent-2" or "agent-2/task-7" for messages.
  std::string who(const RequestRec& r) const;

 private:
  const sim::Journal& journal_;
  const sim::WorldSpec* world_;
  std::vector<RequestRec> requests_;
  std::vector<std::vector<int>> chains_;
  std::vector<TaskRec> tasks_;
  std::vector<CrashRec> crashes_;
  std::vector<int> by_event_;  // event id -> request index (or -1)
  struct Sleep {
    Micros at, duration;
  };
  std::map<std::pair<sim::Atom, sim::Atom>, std::vector<Sleep>> sleeps_;  // by (agent, task), in time order
  Micros end_time_ = 0;
};

// Retry-After as a delay from the response: delay-seconds, or an HTTP-date compared with
// the response's Date header (else with the world clock at `received`). nullopt if unusable.
std::optional<Micros> parse_retry_after(std::string_view value, std::optional<std::string_view> date_header,
                                        std::int64_t epoch_seconds, Micros received);

}  // namespace fl::grade
