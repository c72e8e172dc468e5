#include "grade/results.h"

#include "base/version.h"
#include "grade/format.h"

namespace fl::grade {

namespace {

using OJson = nlohmann::ordered_json;

double seconds_value(Micros t) { return static_cast<double>(t) / 1e6; }

// Exact for points written with up to a few decimals; integers print without ".0".
OJson points_value(double p) {
  double r = static_cast<double>(static_cast<long long>(p));
  if (r == p && p >= -9e15 && p <= 9e15) return OJson(static_cast<long long>(p));
  return OJson(p);
}

}  // namespace

std::string exercism_json(const Report& rep) {
  OJson j;
  j["version"] = 3;
  j["status"] = to_string(rep.status);
  j["message"] = rep.message;
  OJson tests = OJson::array();
  for (const auto& t : rep.tests) {
    OJson x;
    x["name"] = t.name;
    x["status"] = to_string(t.status);
    x["message"] = t.message;
    x["output"] = t.output;
    x["task_id"] = t.task_id;
    x["id"] = t.id;
    x["kind"] = t.kind;
    x["points"] = points_value(t.points);
    x["max_points"] = points_value(t.max_points);
    x["evidence_seed"] = t.evidence_seed;
    x["evidence"] = t.evidence;
    tests.push_back(std::move(x));
  }
  j["tests"] = std::move(tests);
  j["solution"] = rep.solution;
  j["lab"] = rep.lab_id;
  j["lab_hash"] = rep.lab_hash;
  j["faultline_version"] = fl::version();
  j["score"] = points_value(rep.score);
  j["max_score"] = points_value(rep.max_score);
  j["seeds"] = rep.seeds;
  OJson runs = OJson::array();
  for (const auto& r : rep.runs) {
    OJson x;
    x["seed"] = r.seed;
    x["status"] = to_string(r.status);
    x["virtual_duration_s"] = seconds_value(r.virtual_duration);
    x["trace_digest"] = r.trace_digest;
    runs.push_back(std::move(x));
  }
  j["runs"] = std::move(runs);
  j["trace_digest"] = rep.trace_digest;
  if (rep.status == Status::error && rep.error_line > 0) j["error_line"] = rep.error_line;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string gradescope_json(const Report& rep, double execution_time_s) {
  OJson j;
  j["score"] = points_value(rep.score);
  j["max_score"] = points_value(rep.max_score);
  j["execution_time"] = execution_time_s;
  j["output"] = rep.message;
  OJson tests = OJson::array();
  for (const auto& t : rep.tests) {
    OJson x;
    x["name"] = t.name;
    x["score"] = points_value(t.points);
    x["max_score"] = points_value(t.max_points);
    x["status"] = t.status == Status::pass ? "passed" : "failed";
    std::string out = t.message;
    if (!t.output.empty()) out += "\n" + t.output;
    x["output"] = out;
    x["visibility"] = "visible";
    tests.push_back(std::move(x));
  }
  j["tests"] = std::move(tests);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string text_report(const Report& rep) {
  std::string out;
  out += rep.lab_title.empty() ? rep.lab_id : rep.lab_title;
  if (!rep.solution.empty()) out += " - " + rep.solution;
  out += "\n";
  std::string seeds;
  for (const auto& s : rep.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
  out += "seeds: " + seeds + "\n\n";
  for (const auto& t : rep.tests) {
    const char* mark = t.status == Status::pass ? "[pass]" : t.status == Status::fail ? "[FAIL]" : "[ -- ]";
    out += std::string(mark) + " " + t.name + "  (" + fixed(t.points, t.points == static_cast<long long>(t.points) ? 0 : 1) +
           "/" + fixed(t.max_points, t.max_points == static_cast<long long>(t.max_points) ? 0 : 1) + ")\n";
    out += "       " + t.message + "\n";
    if (t.status == Status::fail && !t.output.empty()) out += "       " + t.output + "\n";
  }
  out += "\n";
  out += std::string(rep.status == Status::pass ? "PASSED" : rep.status == Status::fail ? "FAILED" : "ERROR") +
         ": " + rep.message + "\n";
  out += "score: " + fixed(rep.score, 1) + " / " + fixed(rep.max_score, 1) + "\n";
  return out;
}

}  // namespace fl::grade
