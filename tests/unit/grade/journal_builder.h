#pragma once
// Hand-built journals for check tests: append requests, responses, tasks and logs in time
// order, the way the world and the sandbox would.
#include <string>

#include "grade/check.h"
#include "grade/lab_grading.h"
#include "grade/trace.h"
#include "sim/journal.h"
#include "sim/time.h"

namespace fl::grade::testing {

inline sim::Micros sec(double s) { return sim::from_seconds(s); }

struct JournalBuilder {
  sim::Journal j;

  sim::EventId request(double t, std::string_view agent, std::string_view url, std::string_view body = "",
                       double timeout_s = 5, std::string_view service = "embeddings", std::string_view method = "POST",
                       std::string_view task = "", const sim::Headers* headers = nullptr,
                       std::string_view route = "embed") {
    sim::EventInput in;
    in.kind = sim::EventKind::request;
    in.agent = j.intern(agent);
    if (!task.empty()) in.task = j.intern(task);
    in.service = j.intern(service);
    in.name = j.intern(route);
    in.value = j.intern(method);
    in.a = timeout_s > 0 ? sec(timeout_s) : 0;
    in.text = url;
    in.headers = headers;
    in.body = body;
    return j.append(sec(t), in);
  }

  // Appended at the request's time (the server handles it then); `elapsed` until the client sees it.
  sim::EventId response(sim::EventId req, int status, double elapsed_s = 0.02, const sim::Headers* headers = nullptr) {
    const sim::Event& r = j.at(req);
    sim::EventInput in;
    in.kind = sim::EventKind::response;
    in.ref = req;
    in.agent = r.agent;
    in.service = r.service;
    in.code = status;
    in.a = sec(elapsed_s);
    in.headers = headers;
    return j.append(last_time(r.time), in);
  }

  sim::EventId net_error(sim::EventId req, std::string_view kind, double elapsed_s) {
    const sim::Event& r = j.at(req);
    sim::EventInput in;
    in.kind = sim::EventKind::net_error;
    in.ref = req;
    in.agent = r.agent;
    in.name = j.intern(kind);
    in.a = sec(elapsed_s);
    return j.append(last_time(r.time), in);
  }

  sim::EventId limiter(sim::EventId req, std::string_view decision) {
    const sim::Event& r = j.at(req);
    sim::EventInput in;
    in.kind = sim::EventKind::rate_limit;
    in.ref = req;
    in.name = j.intern("per-key");
    in.value = j.intern(decision);
    return j.append(last_time(r.time), in);
  }

  sim::EventId task(double t, std::string_view id, std::string_view event, std::string_view outcome = "",
                    std::string_view data = "", std::string_view agent = "agent-1") {
    sim::EventInput in;
    in.kind = sim::EventKind::task;
    in.agent = j.intern(agent);
    in.task = j.intern(id);
    in.name = j.intern(event);
    if (!outcome.empty()) in.value = j.intern(outcome);
    in.body = data;
    return j.append(sec(t), in);
  }

  sim::EventId log(double t, std::string_view agent, std::string_view message, std::string_view fields = "") {
    sim::EventInput in;
    in.kind = sim::EventKind::log;
    in.agent = j.intern(agent);
    in.name = j.intern("info");
    in.text = message;
    in.body = fields;
    return j.append(sec(t), in);
  }

  sim::EventId sleep(double t, std::string_view agent, double duration_s, std::string_view task = "") {
    sim::EventInput in;
    in.kind = sim::EventKind::sleep;
    in.agent = j.intern(agent);
    if (!task.empty()) in.task = j.intern(task);
    in.a = sec(duration_s);
    return j.append(sec(t), in);
  }

  // One call: request at t, answered with `status` after `elapsed`. Returns the request id.
  sim::EventId call(double t, std::string_view agent, std::string_view url, int status, std::string_view body = "",
                    double elapsed_s = 0.02, const sim::Headers* headers = nullptr) {
    auto id = request(t, agent, url, body);
    response(id, status, elapsed_s, headers);
    return id;
  }

  sim::Micros last_time(sim::Micros t) const {
    if (j.empty()) return t;
    sim::Micros last = j.at(static_cast<sim::EventId>(j.size())).time;
    return last > t ? last : t;
  }
};

// Evaluates a registered kind with `params` on the journal.
inline CheckOutcome run_check(std::string_view kind, const Json& params, const sim::Journal& j,
                              const sim::WorldSpec* world = nullptr, RunFacts facts = {}) {
  const CheckKind* k = Registry::builtin().find(kind);
  if (!k) return {false, "no such kind", {}};
  Trace trace(j, world);
  return k->evaluate(params, CheckContext{trace, facts});
}

// Validation messages for `params` ("" when valid).
inline std::string validate(std::string_view kind, const Json& params) {
  Diagnostics d;
  JsonReader r("lab.json", d);
  ParamReader pr(params, r, "/checks/0/params");
  Registry::builtin().find(kind)->validate(pr);
  return d.to_string();
}

// The embeddings endpoint and request body the rate and retry check tests send.
inline constexpr const char* kUrl = "https://embed.mock/v1/embeddings";
inline std::string rec(int i) { return "{\"record\":" + std::to_string(i) + "}"; }

}  // namespace fl::grade::testing
