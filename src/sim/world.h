#pragma once
// sim::World: one simulated run. Virtual clock + event queue + network + mock services +
// journal, built from a WorldSpec and a seed. Single-threaded; nothing here blocks.
//
// Driving a run (the sandbox's agents are coroutines; a blocking learner call yields):
//
//   fl::sim::World world(spec, seed);
//   auto client = world.client("agent-1", "task-7");          // interned ids for the journal
//   world.send(std::move(request), client, 5 * kMicrosPerSecond,   // timeout (<= 0: none)
//              [](fl::sim::Outcome o) { /* resume the coroutine with o */ });
//   world.schedule_after(2 * kMicrosPerSecond, [] { /* time.sleep(2) is over */ });
//   while (!world.step(10000)) { /* give the frame back to the browser */ }
//   // or world.run_until_idle();
//   world.journal().digest();                                  // "fnv1a64:..."
//
// Semantics (all in virtual time):
// - Events run in (time, sequence) order; sequence is the order they were scheduled.
// - send() never calls `done` synchronously: the server handles the request at now()
//   (limiters, auth, faults, effects, journal) and the outcome is delivered by the event
//   loop after the simulated latency, or at now() + timeout when the reply would be later
//   (then the server-side effects still happened, as on a real network). A request with no
//   timeout that hangs is never answered.
// - The world is idle when no foreground event is pending. Background events (scenario
//   timers, key revocations, secret rotations) run in order while foreground work remains,
//   but never keep the world alive on their own.
// - step(n) runs at most n events and returns true when the run is done (idle or stopped).
//   Slicing a run into steps gives exactly the same journal as running it whole.
// - stop() is final: no further events run; pending callbacks are dropped.
// - Callbacks may call send(), schedule() and record() freely.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/http.h"
#include "sim/journal.h"
#include "sim/rng.h"
#include "sim/time.h"
#include "sim/world_spec.h"

namespace fl::sim {

// Who sends a request: journal atoms (World::intern / World::client). The agent name is
// also the rate limiters' "client" partition.
struct ClientInfo {
  Atom agent = 0;
  Atom task = 0;
};

using TimerId = std::uint64_t;  // 0 = none

// One state change of an effects ledger (services with "effect" routes), for the grader.
struct LedgerEntry {
  std::uint64_t number = 0;    // 1-based within the ledger
  std::string key;             // idempotency key ("" when the request had none)
  Atom agent = 0;
  Micros at = 0;
  EventId request = 0;         // the request event that applied it
  std::string request_body;
  int status = 0;              // stored response, replayed for a repeated key
  std::string response_body;
  std::string content_type;
};

class World {
 public:
  World(const WorldSpec& spec, std::uint64_t seed);
  World(std::shared_ptr<const WorldSpec> spec, std::uint64_t seed);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // --- clock and events ---
  Micros now() const;
  // Runs `fn` at virtual time `at` (clamped to now()). Foreground: keeps the world alive.
  TimerId schedule(Micros at, std::function<void()> fn);
  TimerId schedule_after(Micros delay, std::function<void()> fn);
  // Cancels a pending timer; false if it already ran or was cancelled.
  bool cancel(TimerId id);

  // --- running ---
  bool step(std::size_t max_events);  // true when done (idle or stopped)
  void run_until_idle();
  // Runs every event with time <= t, then advances the clock to t (unless stopped).
  void run_until(Micros t);
  void stop();
  bool stopped() const;
  bool idle() const;
  Micros next_event_time() const;  // kForever when nothing is pending
  std::uint64_t events_run() const;

  // --- network ---
  // Sends a request; returns the id of its `request` journal event. `timeout` <= 0: none.
  EventId send(Request request, ClientInfo client, Micros timeout, std::function<void(Outcome)> done);

  // --- journal ---
  Journal& journal();
  const Journal& journal() const;
  Atom intern(std::string_view s);
  ClientInfo client(std::string_view agent, std::string_view task = {});
  // Appends an event at now() (the sandbox's log lines, metrics, states, sleeps, tasks).
  EventId record(const EventInput& input);

  // --- facts for the sandbox and the grader ---
  const WorldSpec& spec() const;
  std::uint64_t seed() const;
  // An independent random stream for `name` (e.g. Lua's math.random per agent): same world
  // seed and name, same sequence; does not disturb the services' stream.
  Rng make_rng(std::string_view name) const;
  std::int64_t epoch_seconds() const;  // Unix time of t = 0 (lab.json `start`)
  // The value of secret `name` at now() (secrets may rotate), or nullopt.
  std::optional<std::string> secret(std::string_view name) const;
  std::vector<std::string> secret_names() const;  // sorted
  // Entries of effects ledger `name` in order (empty if none).
  const std::vector<LedgerEntry>& ledger(std::string_view name) const;
  std::vector<std::string> ledger_names() const;  // sorted
  // Current state of scenario `id`, or "" if no such scenario.
  std::string scenario_state(std::string_view id) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fl::sim
