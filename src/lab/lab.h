#pragma once
// lab::Lab: what running learner code against a lab needs from its lab.json: the world (parsed
// by src/sim), the workload, the agents and the limits (see docs/lab-format.md, "Workload,
// agents, limits"). The grader parses its own sections (seeds, checks, hints, self_test)
// through a section handler of lab::load_package (lab/package.h).
//
//   fl::Diagnostics diags;
//   auto lab = fl::lab::load_lab("labs/02-rate-limits", "labs/02-rate-limits", diags);
//   if (!lab) { /* diags names the file and the JSON pointer of every problem */ }
//   auto items = fl::lab::make_workload(*lab, seed);   // the items of one run
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/json_file.h"
#include "lab/crash_schedule.h"
#include "sandbox/host.h"
#include "sandbox/limits.h"
#include "sim/world_spec.h"

namespace fl::lab {

// Items written out one by one.
struct ItemSpec {
  std::string id;
  std::int64_t at_us = 0;
  std::string priority;
  Json data = Json::object();
};

// A stream of similar items (the grader's lab runner reads the same format): `count` items
// with ids "<id>-0001", "<id>-0002", ... arriving `per_arrival` at a time every `every_s`
// from `start_s`; "{n}" in data strings is the item's number. `variants` override the data
// (and priority) of every Nth item. Extensions: `jitter_s` moves each arrival by up to that
// much, and `priority` may be weights ({"urgent": 1, "batch": 4}); both draw from the seed.
struct StreamVariant {
  std::size_t every = 1, offset = 0;
  Json data = Json::object();
  std::string priority;
};
struct StreamSpec {
  std::string id;
  std::uint64_t count = 0;
  std::int64_t start_us = 0;
  double start_s = 0, every_s = 1;
  std::uint64_t per_arrival = 1;
  std::int64_t jitter_us = 0;
  std::vector<std::pair<std::string, double>> priorities;  // one entry: fixed; more: weighted
  Json data = Json::object();
  std::vector<StreamVariant> variants;
};

struct WorkloadSpec {
  std::vector<StreamSpec> streams;
  std::vector<ItemSpec> items;
  Json params = Json::object();  // ctx.params
  bool empty() const { return items.empty() && streams.empty(); }
};

struct AgentsSpec {
  int count = 1;
  std::int64_t stagger_us = 0;  // agent i starts at (i - 1) * stagger
  std::vector<CrashSpec> crashes;  // scheduled crashes (lab/crash_schedule.h)
};

struct Lab {
  std::string id, title, kind = "lab";
  std::string summary;   // one sentence for the lab page ("" when absent)
  std::string dir;       // folder on disk
  std::string display;   // how diagnostics name it ("labs/02-rate-limits")
  std::shared_ptr<const sim::WorldSpec> world;
  WorkloadSpec workload;
  AgentsSpec agents;
  sandbox::Limits limits;
  std::vector<std::uint64_t> seeds;  // from `seeds` ([1] when absent)
  Json raw;                          // the whole lab.json

  bool playground() const { return kind == "playground"; }
};

// Parses this layer's sections of a lab.json object: metadata (id, title, kind, lesson,
// summary, description), world, workload, agents, limits (`file` names it in diagnostics).
// Never throws. Unknown top-level keys are load_package's to report.
std::optional<Lab> parse_lab(const Json& root, const std::string& file, Diagnostics& diags);
// Loads the lab folder DIR for running through lab::load_package (`display` is how messages
// name DIR); the grading sections are accepted but left to grade::load_graded_lab.
std::optional<Lab> load_lab(const std::string& dir, const std::string& display, Diagnostics& diags);

// Section parsers (used by parse_lab and by `faultline check`).
void parse_workload(const Json* workload, JsonReader& r, WorkloadSpec& out);
void parse_agents(const Json* agents, JsonReader& r, AgentsSpec& out);
void parse_limits(const Json* limits, JsonReader& r, sandbox::Limits& out);

// The work items of one run (generators draw jitter and priorities from the seed), sorted by
// arrival time (stable).
std::vector<sandbox::WorkItem> make_workload(const Lab& lab, std::uint64_t seed);

}  // namespace fl::lab
