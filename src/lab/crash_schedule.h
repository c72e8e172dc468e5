#pragma once
// A lab's scheduled agent crashes (lab.json `agents.crashes`, docs/lab-format.md "Crashes"):
// when each fires (a virtual time, or the agent's Nth request or Nth applied effect) and how
// long the agent stays down. lab::Run fires them through sandbox::Sandbox::crash_agent.
//
//   "agents": { "count": 1, "crashes": [
//     { "agent": 1, "after_effects": 12, "ledger": "charges", "restart_after_s": 5 },
//     { "agent": 1, "at_s": 300, "restart_after_s": 2 } ] }
#include <cstdint>
#include <string>
#include <vector>

#include "base/json_file.h"
#include "sim/world_spec.h"

namespace fl::lab {

struct CrashSpec {
  enum class Trigger : std::uint8_t { at_time, after_requests, after_effects };
  int agent = 1;                 // 1-based
  Trigger trigger = Trigger::at_time;
  std::int64_t at_us = 0;        // at_time
  std::uint64_t count = 0;       // after_requests / after_effects: fires at the Nth one
  std::string service;           // after_requests: count only requests to this service ("" = all)
  std::string route;             // after_requests: count only requests answered by this route id ("" = all)
  std::string ledger;            // after_effects: count only effects applied in this ledger ("" = all)
  std::int64_t restart_after_us = 0;

  // "after its 12th applied effect in ledger charges", for the journal and the run's output.
  std::string describe() const;
};

// Parses `crashes` (an array; `pointer` is where it is) for a lab with `agents` agents.
void parse_crashes(const Json& crashes, JsonReader& r, const std::string& pointer, int agents,
                   std::vector<CrashSpec>& out);
// Reports a `service` or `ledger` that the world does not have.
void check_crash_references(const std::vector<CrashSpec>& crashes, const sim::WorldSpec& world, JsonReader& r,
                            const std::string& pointer);

}  // namespace fl::lab
