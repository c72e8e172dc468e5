#pragma once
// Check kinds and their registry. A check kind is a named rule, e.g. "retry_after_honoured":
// it reads its parameters (the `params` object of a check in lab.json) and one run's trace,
// and says pass or fail with a message for the learner that cites the trace (request ids,
// virtual times, the threshold it applied) and the evidence event ids the UI highlights.
// Points belong to the lab's check entry, not to the kind (see grade/lab_grading.h).
//
//   const auto& registry = fl::grade::Registry::builtin();
//   const CheckKind* kind = registry.find("max_attempts");
//   CheckOutcome o = kind->evaluate(params, {trace, facts});
//
// Every kind is registered once; adding a second kind with a taken name is an error.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_file.h"
#include "grade/trace.h"
#include "sandbox/sandbox.h"

namespace fl::grade {

// What the runner knows about a run besides its journal.
struct RunFacts {
  // How the run ended: completed, error or limit (a run stopped from outside counts as an
  // error). The sandbox's enum: one status per concept.
  using Status = sandbox::Status;
  std::uint64_t seed = 0;
  Status status = Status::completed;
  std::string message;   // for the learner: "attempt to index a nil value (local 'res')"
  int line = 0;          // line in the learner's file (0: unknown)
  std::string agent;     // the agent that stopped, if any
  Micros virtual_duration = 0;
  std::string digest;    // the journal's digest ("fnv1a64:...")

  bool ok() const { return status == Status::completed; }
};

struct CheckContext {
  const Trace& trace;
  const RunFacts& run;
};

struct CheckOutcome {
  bool passed = false;
  std::string message;            // one or two sentences for the learner
  std::vector<EventId> evidence;  // journal ids to highlight (most telling first)
};

// Reads a check's `params` object, reporting problems at "<pointer>/<key>" in `file`.
class ParamReader {
 public:
  ParamReader(const Json& params, JsonReader& reader, std::string pointer);

  double number(const char* key, double fallback, double min, double max);
  std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  bool boolean(const char* key, bool fallback);
  std::string string(const char* key, std::string fallback, std::initializer_list<const char*> allowed = {});
  std::vector<int> int_list(const char* key, std::vector<int> fallback, int min, int max);
  std::vector<std::string> string_list(const char* key, std::vector<std::string> fallback);
  // Required number: reports when absent.
  double required_number(const char* key, double min, double max);
  void known_keys(std::initializer_list<const char*> keys);
  void error(const char* key, const std::string& message);
  bool ok() const { return ok_; }

 private:
  const Json* get(const char* key);
  const Json& params_;
  JsonReader& reader_;
  std::string pointer_;
  bool ok_ = true;
};

class CheckKind {
 public:
  virtual ~CheckKind() = default;
  virtual std::string_view name() const = 0;
  // One line for `faultline check` listings and docs.
  virtual std::string_view summary() const = 0;
  // Reports every problem with `params` (an object, or null for none) under the reader's pointer.
  virtual void validate(ParamReader& params) const = 0;
  // Params were validated; evaluates one run.
  virtual CheckOutcome evaluate(const Json& params, const CheckContext& ctx) const = 0;
  // The check that judges whether the run itself completed: still evaluated when the run
  // stopped with an error (every other check is then reported as not graded).
  virtual bool judges_run_completion() const { return false; }
  // A failure found on part of a run stays a failure whatever the rest would have done (a
  // rate window already over its limit, a retry already sent too soon): when the run stops
  // early, such a check is still evaluated, and reported as failed if it failed.
  virtual bool failure_is_final() const { return false; }
};

// Helper base: parse params into a struct once per evaluation.
template <class Params>
class TypedCheck : public CheckKind {
 public:
  void validate(ParamReader& r) const override {
    Params p;
    parse(r, p);
  }
  CheckOutcome evaluate(const Json& params, const CheckContext& ctx) const override {
    Diagnostics ignored;
    JsonReader jr("", ignored);
    ParamReader r(params, jr, "");
    Params p;
    parse(r, p);
    return run(p, ctx);
  }

 protected:
  virtual void parse(ParamReader& r, Params& p) const = 0;
  virtual CheckOutcome run(const Params& p, const CheckContext& ctx) const = 0;
};

class Registry {
 public:
  // Adds a kind. Returns false and sets *error when its name is already taken.
  bool add(std::unique_ptr<CheckKind> kind, std::string* error);
  const CheckKind* find(std::string_view name) const;
  const std::vector<std::unique_ptr<CheckKind>>& kinds() const { return kinds_; }
  std::vector<std::string> names() const;  // in registration order

  // Every kind shipped with Faultline (built once, thread-safe).
  static const Registry& builtin();

 private:
  std::vector<std::unique_ptr<CheckKind>> kinds_;
};

// Each checks_*.cpp file registers its kinds (throws std::logic_error on a duplicate).
void register_run_checks(Registry& r);
void register_retry_checks(Registry& r);
void register_rate_checks(Registry& r);
void register_hygiene_checks(Registry& r);
void register_auth_checks(Registry& r);
void register_error_checks(Registry& r);
void register_pipeline_checks(Registry& r);

}  // namespace fl::grade
