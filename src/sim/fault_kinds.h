#pragma once
// The fault kinds' table as the world parser sees it (the rows, with each kind's parser and
// handler, are in src/sim/faults.cpp): which lab.json fields a kind takes and how its
// parameters are read.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "base/json_file.h"
#include "sim/world_spec.h"

namespace fl::sim {

// One fault object of lab.json, read by a kind's parser. Problems are reported at the
// field's JSON pointer (at the fault itself when `key` is nullptr) with the world parser's
// messages; readers return the fallback after reporting.
class FaultFieldReader {
 public:
  virtual ~FaultFieldReader() = default;
  virtual const Json* get(const char* key) = 0;
  virtual void error(const char* key, const std::string& message) = 0;
  virtual void warning(const std::string& message) = 0;
  virtual std::optional<int> status(const char* key) = 0;
  virtual Headers headers(const char* key) = 0;
  virtual BodyTemplate body() = 0;  // "json" or "body"
  virtual Distribution distribution(const char* key) = 0;
  virtual Micros seconds(const char* key, Micros fallback) = 0;
  virtual std::string choice(const char* key, const char* fallback, std::initializer_list<const char*> allowed) = 0;
  virtual std::string string_or(const char* key, const char* fallback) = 0;
  virtual bool boolean_or(const char* key, bool fallback) = 0;
};

// Whether a fault of `kind` takes field `key` (besides the trigger's fields).
bool fault_takes_field(FaultKind kind, std::string_view key);
// Reads a fault's parameters into spec.params (spec.kind and spec.when are set).
void parse_fault_params(FaultFieldReader& fields, FaultSpec& spec);
// Whether the kind fails the connection before any route is chosen (a `route` trigger
// cannot apply to it).
bool fault_precedes_routing(FaultKind kind);

}  // namespace fl::sim
