#pragma once
// lab::Run: one run of learner code against a lab: a sim::World (services, faults, journal)
// plus a sandbox::Sandbox (the agents), advanced in bounded slices and stoppable.
//
//   auto lab = std::make_shared<const fl::lab::Lab>(std::move(*loaded));
//   fl::lab::Run run(lab, code, "solution.lua", seed);
//   while (!run.step(10000, 1000000)) { /* give the frame back (browser) */ }
//   // or run.run_to_end();
//   run.summary();            // status, message, line, agent, virtual duration, digest
//   run.world().journal();    // every request, response, fault, log line, outcome
//
// The run owns the loop: ready Lua tasks run first (virtual time does not move while Lua
// runs), then the world's next event, which may make tasks ready again. The run ends when
// every agent is finished (completed), when learner code fails (error) or a limit is hit
// (limit: instructions, memory, ..., virtual_time when the world's next event lies past the
// lab's time limit or a task waits for ever, journal when the journal grows past its cap),
// or when stop() is called (stopped). Its end is recorded as a `run` event in the journal.
// Slicing a run differently gives the same journal.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "lab/lab.h"
#include "sandbox/sandbox.h"
#include "sim/world.h"

namespace fl::lab {

struct RunSummary {
  sandbox::Status status = sandbox::Status::running;
  std::string limit;      // for status limit
  std::string message;    // for the learner
  std::string traceback;
  int line = 0;
  std::string agent;      // "agent-2" when one agent failed
  sim::Micros virtual_duration = 0;
  std::string digest;     // the journal's ("fnv1a64:...")
};

class Run final : private sandbox::Host {
 public:
  Run(std::shared_ptr<const Lab> lab, std::string code, std::string chunkname, std::uint64_t seed);
  ~Run() override;
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // Runs at most `max_events` world events and about `max_instructions` Lua instructions.
  // Returns true when the run is over.
  bool step(std::size_t max_events, std::int64_t max_instructions);
  void run_to_end();
  // Ends the run now (status stopped) unless it is already over.
  void stop(const std::string& reason = "stopped");
  bool done() const { return done_; }

  const sandbox::Result& result() const { return sandbox_->result(); }
  RunSummary summary() const;
  sandbox::Stats sandbox_stats() const { return sandbox_->stats(); }
  sim::World& world() { return *world_; }
  const sim::World& world() const { return *world_; }
  const sim::Journal& journal() const { return world_->journal(); }
  const Lab& lab() const { return *lab_; }
  std::uint64_t seed() const { return seed_; }
  const std::vector<sandbox::WorkItem>& workload() const { return workload_; }

 private:
  // sandbox::Host
  std::int64_t now_us() const override;
  void send_request(const sandbox::Origin& origin, sandbox::Request& request, sandbox::WaitToken token) override;
  void wake_at(std::int64_t at_us, sandbox::WaitToken token) override;
  std::optional<std::string> secret(std::string_view name) const override;
  std::vector<std::string> secret_names() const override;
  JournalFill journal_fill() const override;
  void report(const sandbox::HostEvent& event) override;

  sim::ClientInfo client(const sandbox::Origin& origin);
  // The journal header of an event from `origin`'s task.
  sim::EventHeader who(const sandbox::Origin& origin);
  template <class View>
  void record(const View& view);
  struct Reporter;
  void finish();
  // Scheduled crashes (lab.json agents.crashes): counting after each request, firing one.
  void count_for_crashes(const sandbox::Origin& origin, sim::EventId request);
  void fire_crash(std::size_t index);

  std::shared_ptr<const Lab> lab_;
  std::uint64_t seed_;
  std::vector<sandbox::WorkItem> workload_;
  std::unique_ptr<sim::World> world_;
  std::unique_ptr<sandbox::Sandbox> sandbox_;
  std::vector<sim::Atom> agent_atoms_;                            // index: agent number
  std::map<std::pair<int, std::uint32_t>, sim::ClientInfo> clients_;  // (agent, task)
  std::vector<std::uint64_t> crash_counts_;  // per crash of agents.crashes: requests or effects seen
  std::vector<bool> crash_fired_;
  bool started_ = false;
  bool done_ = false;
};

}  // namespace fl::lab
