#pragma once
// sandbox::Sandbox: learner Lua code running as coroutines in virtual time.
//
//   fl::sandbox::Config config;
//   config.code = solution_text;  config.chunkname = "solution.lua";
//   config.seed = 7;  config.agents = 3;  config.workload = items;
//   fl::sandbox::Sandbox sb(std::move(config), host);   // host: a sandbox::Host
//   sb.start();                                          // loads the code into every agent
//   while (!sb.finished()) {
//     if (sb.has_ready()) sb.run(100000);               // runs Lua until every task waits
//     else host_runs_one_event();                        // which calls sb.deliver(...)
//   }
//   sb.result();   // status, limit, message ("solution.lua:12: ..."), traceback, line, agent
//
// Model (docs/learner-api.md has the learner's side):
// - Each agent instance is a separate Lua state (its own globals, math.random stream seeded
//   from the run seed and the agent number), loaded from the same code. The chunk runs as
//   the agent's main task, then `main(ctx)` if the chunk defined it. The agent is finished
//   when its main task returns; tasks it spawned and left running are stopped then, as
//   when a program exits. The run is completed when every agent is finished.
// - Every task is a coroutine. A blocking call (http.request, time.sleep, task.wait,
//   ctx.next) registers an operation with the host and yields to the scheduler; the host's
//   deliver() makes the task ready; run() resumes ready tasks in FIFO order. pcall around a
//   blocking call works; a blocking call inside a coroutine the learner created suspends the
//   whole task transparently (coroutine.resume/wrap are wrapped for that).
// - run(n) stops after about n instructions even inside a long computation (the task is
//   preempted and resumed first next time), so a run can be spread over frames. Slicing
//   changes nothing observable: virtual time does not move while Lua runs.
// - Any uncaught error in any task ends the run with status `error`; hitting a limit ends
//   it with status `limit`. Nothing the learner does can crash or hang the host: C++
//   exceptions never cross Lua frames, and the host only calls Lua through protected calls.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/host.h"
#include "sandbox/limits.h"

namespace fl::sandbox {

namespace detail {
class Impl;
}

struct Config {
  std::string code;                    // the learner's Lua source
  std::string chunkname = "solution.lua";  // shown in errors: "solution.lua:12: ..."
  std::uint64_t seed = 1;
  int agents = 1;                      // agent instances (separate Lua states)
  std::vector<std::int64_t> agent_start_us;  // optional: start time of agent i (default 0)
  Limits limits;
  std::vector<WorkItem> workload;      // any order; handed out by arrival time, then order here
  std::string params_json = "{}";      // ctx.params (a JSON object)
  std::int64_t epoch_seconds = 0;      // Unix time of t = 0, for os.time()
  bool require_main = false;           // an error if the code defines no main(ctx)
};

enum class Status : std::uint8_t { running, completed, error, limit, stopped };
const char* to_string(Status status);

struct Result {
  Status status = Status::running;
  std::string limit;      // for Status::limit: "instructions", "memory", ... (limits.h)
  std::string message;    // for the learner: "solution.lua:12: attempt to index a nil value (local 'res')"
  std::string traceback;  // learner frames only, one per line ("solution.lua:30: in function 'main'")
  int line = 0;           // line in the learner's file (0: unknown)
  int agent = 0;          // agent that failed (1-based; 0: none / the whole run)

  // "error: solution.lua:12: ..." / "limit instructions: ..." / "completed"
  std::string summary() const;
};

struct Stats {
  std::int64_t instructions = 0;  // instructions + C work charged
  std::int64_t memory_bytes = 0;  // Lua memory now
  std::int64_t memory_peak = 0;
  std::uint64_t tasks_spawned = 0;
  std::uint64_t requests = 0;
  std::uint64_t resumes = 0;
  std::int64_t log_lines = 0;
  std::int64_t log_bytes = 0;
};

class Sandbox {
 public:
  Sandbox(Config config, Host& host);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Creates the agents, loads the code (a syntax error ends the run with status error) and
  // makes each agent's main task ready (or schedules it at its start time). Returns
  // !finished().
  bool start();

  // Runs ready tasks until none is ready, the run ends, or about `max_instructions` have
  // run. Returns the instructions used.
  std::int64_t run(std::int64_t max_instructions);
  bool has_ready() const;
  bool finished() const;
  // Host operations still expected back (requests in flight, timers, arrivals).
  std::int64_t pending() const;

  // From the host's event loop: the outcome of a request / a timer or arrival is due. The
  // result is swapped in: `result` comes back holding an older one (or empty), so a host
  // that reuses one HttpResult reuses its buffers.
  void deliver(WaitToken token, HttpResult&& result);
  void deliver(WaitToken token);

  // Crashes agent `agent` (1-based) from the host's event loop (never from inside a Host
  // call): every task of it stops where it is (requests already sent still happen in the
  // world; their answers are dropped), the work items it took and did not report go back to
  // the queue (handed out again first, with `item.redelivered = true`), its Lua state is
  // closed, and at `restart_at_us` it starts again from the top of the code with a fresh
  // Lua state (and a new math.random stream). The durable store (`store`) is kept. The host
  // hears AgentChanged crashed (with `cause` and what was stopped), ItemHandedBack per item,
  // then AgentChanged restarted. Returns false, doing nothing, when the agent is not running
  // (not started yet, finished, already crashed) or the run is over.
  bool crash_agent(int agent, std::int64_t restart_at_us, std::string_view cause);

  // Ends the run from outside (a host-side limit, a deadlock, the user pressing stop).
  void stop(Status status, std::string limit, std::string message);
  // What the run is waiting for, for a "nothing can happen any more" message:
  // "agent-1 main is waiting for http.request at solution.lua:5 (no timeout)". Sets
  // *any_request_without_timeout when one of the waits is such a request.
  std::string describe_waits(bool* any_request_without_timeout) const;

  const Result& result() const;
  Stats stats() const;
  const Config& config() const;

 private:
  std::unique_ptr<detail::Impl> impl_;
};

}  // namespace fl::sandbox
