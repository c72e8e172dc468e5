#pragma once
// Internal to src/sim: the state behind sim::World, shared by world.cpp (clock, queue, request
// pipeline), faults.cpp (one handler per fault kind), limiter.cpp (rate limiters), auth.cpp
// (API keys, bearer tokens, the OAuth and metadata endpoints) and effects.cpp (ledgers).
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/template.h"
#include "sim/world.h"

namespace fl::sim {

// One request travelling through the server pipeline (World::send). Lives only during send().
struct Exchange {
  enum class Result : std::uint8_t { response, error, hang };

  explicit Exchange(const Request& request) : req(request) {}

  const Request& req;               // the caller's request, not copied
  std::optional<UrlView> url;       // views into req.url
  ClientInfo client;
  Micros timeout = 0;
  EventId request_event = 0;
  int service = -1;
  int route = -1;                    // matched route, -1 if none
  bool method_mismatch = false;      // path matched some route, method did not
  std::vector<std::pair<std::string, std::string>> params;  // filled only when a template needs them
  std::uint16_t segment_offset[16];  // the request path's segments (for path parameters)
  std::uint16_t segment_length[16];
  std::size_t segment_count = 0;
  bool custom_headers = false;       // the answer has author-written headers

  Result result = Result::response;
  Response response;
  NetErrorKind error_kind = NetErrorKind::timeout;
  std::string error_message;
  Micros latency = 0;                // until the client gets the outcome
  bool connected = false;            // reached the server (base latency applies)
  bool finished = false;             // a handler produced the final answer; stop the stage

  std::string credential;            // api key name / token subject, for "key" partitions
  std::string effect_id;             // route with an effect: the entry it would create
  std::uint64_t effect_number = 0;
  std::string effect_key;
  // Rate-limit headers to add to a successful response (filled by the limiter stage).
  int limit_header_limiter = -1;     // index into the service's limiters
  std::int64_t limit_remaining = 0;
  Micros limit_reset = 0;
  std::string ietf_policy, ietf_state;
};

struct TokenRecord {
  int issuer = -1;                   // service index
  std::string subject;
  std::vector<std::string> scopes;
  Micros issued_at = 0;
  Micros expires_at = kForever;
  std::string id;                    // short id for the journal ("at-3")
};

struct RefreshRecord {
  int issuer = -1;
  std::string client_id;
  std::string subject;
  std::vector<std::string> scopes;
  Micros issued_at = 0;
  Micros expires_at = kForever;
  bool revoked = false;
};

struct LimiterPartition {
  std::int64_t micro_tokens = 0;     // token bucket: tokens x 1e6
  Micros last = 0;                   // token bucket: last refill time
  std::int64_t window_index = -1;    // fixed window
  std::int64_t window_count = 0;
  std::deque<std::pair<Micros, std::int64_t>> log;  // sliding window: (time, cost)
  std::int64_t log_used = 0;
  Micros blocked_until = 0;          // after a rejection: its Retry-After
  bool initialised = false;
};

struct LimiterRuntime {
  Atom atom = 0;
  std::string rejection_body;        // precomputed 429 body
  std::vector<char> applies;         // per route of the service: 1 if this limiter counts it
  LimiterPartition global;
  std::map<std::string, LimiterPartition, std::less<>> partitions;
};

struct RouteRuntime {
  Atom atom = 0;
  std::uint64_t served = 0;          // requests answered by this route (for {{seq}})
  std::size_t seq_index = 0;         // sequential/cycle: current response
  std::uint64_t seq_used = 0;        // how many times it has been used
  std::vector<double> weights;
};

struct ServiceRuntime {
  Atom atom = 0;
  std::vector<RouteRuntime> routes;
  std::vector<LimiterRuntime> limiters;
};

struct ScenarioRuntime {
  int state = 0;
  Micros entered = 0;
  std::uint64_t requests = 0;
  std::uint64_t generation = 0;
  Atom atom = 0;
  std::vector<Atom> state_atoms;
};

struct Ledger {
  std::vector<LedgerEntry> entries;
  std::map<std::string, std::size_t, std::less<>> by_key;  // idempotency key -> entry index
};

struct World::Impl {
  Impl(std::shared_ptr<const WorldSpec> s, std::uint64_t seed);

  // --- queue ---
  enum class ItemType : std::uint8_t { timer, delivery };
  struct Item {
    Micros time;
    std::uint64_t seq;
    std::uint32_t slot;
    ItemType type;
    bool background;
  };
  struct Timer {
    std::function<void()> fn;
    std::uint32_t generation = 0;
    bool live = false;
    bool background = false;
  };
  struct Delivery {
    std::function<void(Outcome)> done;
    Outcome outcome;
    ClientInfo client;
    Atom service = 0;
    bool live = false;
  };

  void push(Micros at, std::uint32_t slot, ItemType type, bool background);
  TimerId add_timer(Micros at, std::function<void()> fn, bool background);
  bool run_one();  // pops and runs the next item; false when it was cancelled
  void deliver(std::uint32_t slot);

  // --- request pipeline (world.cpp) ---
  EventId send(const Request& request, ClientInfo client, Micros timeout, std::function<void(Outcome)>&& done);
  int find_host(std::string_view host) const;
  void match_route(Exchange& x);
  void serve(Exchange& x);                      // route, auth, limits, handler
  void run_faults(Exchange& x, bool before);    // one stage of the fault list
  bool fault_in_scope(const FaultSpec& f, const Exchange& x) const;
  void not_found(Exchange& x);
  void answer(Exchange& x, int status, std::string body, bool json = true);
  void finish_response(Exchange& x);            // service headers, Date, rate-limit headers
  void run_route(Exchange& x);                  // response selection + effects
  Micros base_latency(const Exchange& x);
  void count_scenario_request(const Exchange& x);
  void enter_state(int scenario, int state, bool journal, int from);
  EventId journal_fault(const Exchange& x, const FaultSpec& f, int index, int status, Micros delay);
  // The journal header of an event about exchange `x`: its client and service.
  void who(EventHeader& h, const Exchange& x) const {
    h.agent = Name::of(x.client.agent);
    h.task = Name::of(x.client.task);
    h.service = Name::of(x.service >= 0 ? services[x.service].atom : 0);
  }
  const std::string& date_header();

  // --- limiter.cpp ---
  bool apply_rate_limits(Exchange& x);          // false: answered 429

  // --- auth.cpp ---
  bool check_auth(Exchange& x);                 // false: answered 401/403
  void serve_token_endpoint(Exchange& x);
  void serve_metadata(Exchange& x);
  void schedule_credential_events();
  void schedule_token_expiry(const std::string& id, Micros at);

  // --- effects.cpp ---
  // Runs the route with its effect: replay, conflict, missing key or apply.
  void run_effect_route(Exchange& x);
  void run_lookup_route(Exchange& x);

  std::shared_ptr<const WorldSpec> spec;
  std::uint64_t seed;
  Rng rng;
  Journal journal;
  Micros now = 0;
  bool stopped = false;
  std::uint64_t events_run = 0;

  std::vector<Item> heap;
  std::uint64_t next_seq = 0;
  std::size_t foreground = 0;
  std::vector<Timer> timers;
  std::vector<std::uint32_t> free_timers;
  std::vector<Delivery> deliveries;
  std::vector<std::uint32_t> free_deliveries;

  std::vector<ServiceRuntime> services;
  std::vector<std::uint64_t> fault_counts;      // requests in scope, per fault
  std::vector<std::uint64_t> fault_numbers;     // this request's number per fault (0: not in scope)
  std::vector<Atom> fault_atoms, fault_id_atoms;
  std::vector<std::string> fault_bodies;        // precomputed default bodies of status/outage faults
  std::string limiter_keys[16];                 // scratch: partition keys of one request
  std::vector<ScenarioRuntime> scenarios;
  std::map<std::string, TokenRecord, std::less<>> tokens;
  std::map<std::string, RefreshRecord, std::less<>> refresh_tokens;
  std::set<std::string, std::less<>> used_codes;
  std::uint64_t token_counter = 0;
  std::map<std::string, Ledger, std::less<>> ledgers;

  // Interned names used on the hot path.
  Atom a_get = 0;
  std::int64_t date_second = -1;
  std::string date_text;
};

// Fault handlers (faults.cpp): one per FaultKind, and the stage each runs in.
using FaultHandler = void (*)(World::Impl& w, const FaultSpec& f, int index, Exchange& x);
FaultHandler fault_handler(FaultKind kind);
bool fault_runs_before_route(const FaultSpec& f);

// Helpers shared by the implementation files.
inline Micros add_sat(Micros a, Micros b) { return b > 0 && a > kForever - b ? kForever : a + b; }
std::string json_error(std::string_view error, std::string_view message);
std::string random_hex(Rng& rng, int digits);
std::string base64_decode(std::string_view in, bool* ok);

}  // namespace fl::sim
