#pragma once
// The grading part of a lab.json: `seeds`, `checks` (with points and params), `hints` and
// `self_test` (see docs/lab-format.md, "Grading"). The world, workload, agents and limits are
// parsed by src/sim and src/lab; this file validates the rest against the check registry.
//
//   fl::Diagnostics diags;
//   auto g = fl::grade::parse_lab_grading(lab_json, "labs/02-rate-limits/lab.json",
//                                         fl::grade::Registry::builtin(), diags);
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/json_file.h"
#include "grade/check.h"

namespace fl::grade {

struct CheckSpec {
  std::string id;          // stable: results and progress refer to it
  std::string kind;        // a registered check kind
  std::string name;        // shown to the learner ("Retry-After is honoured")
  double points = 1;
  int task_id = 0;         // Exercism task_id (the brief's task number); default: position
  Json params;             // validated by the kind
  std::string pointer;     // "/checks/3", for messages
  const CheckKind* impl = nullptr;
};

struct HintSpec {
  std::string check;       // check id
  std::string text;        // shown when that check fails
};

struct NaiveExpectation {
  std::string file;                  // relative to the lab folder: "naive/no-retry.lua"
  std::vector<std::string> fails;    // exactly these check ids fail on every seed listed
  std::vector<std::string> may_fail; // ... and these may fail too (consequences seen on some seeds)
  std::vector<std::uint64_t> seeds;  // default: every seed of the lab
  std::string why;                   // the mistake it makes, for people
  std::string pointer;
};

struct LabGrading {
  std::string id, title;
  bool playground = false;
  std::vector<std::uint64_t> seeds;
  std::vector<CheckSpec> checks;
  std::vector<HintSpec> hints;
  std::vector<NaiveExpectation> naive;

  const CheckSpec* find_check(std::string_view check_id) const;
  std::string hint_for(std::string_view check_id) const;  // "" when none
};

// Parses and validates the grading sections. Returns nullopt when any error was reported.
std::optional<LabGrading> parse_lab_grading(const Json& lab, const std::string& file, const Registry& registry,
                                            Diagnostics& diags);


// Digest of the lab's learner-facing files (lab.json, brief.md, starter.lua), so the browser
// and the CLI agree on which version of a lab a result belongs to: "fnv1a64:<16 hex>".
std::string lab_hash(const std::string& lab_json, const std::string& brief_md, const std::string& starter_lua);

}  // namespace fl::grade
