// Error-handling checks (src/grade/checks_errors.cpp) on hand-built journals.
#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

namespace {

sim::EventId err_call(JournalBuilder& b, double t, std::string_view service, std::string_view url, int status,
                      double elapsed = 0.05, std::string_view task = "task-1") {
  auto id = b.request(t, "agent-1", url, "", 5, service, "GET", task);
  if (status > 0) b.response(id, status, elapsed);
  return id;
}

sim::EventId err_state(JournalBuilder& b, double t, std::string_view value) {
  sim::EventInput in;
  in.kind = sim::EventKind::state;
  in.agent = b.j.intern("agent-1");
  in.name = b.j.intern("weather");
  in.value = b.j.intern(value);
  return b.j.append(sec(t), in);
}

sim::EventId err_log(JournalBuilder& b, double t, std::string_view level, std::string_view fields,
                     std::string_view task = "task-1") {
  sim::EventInput in;
  in.kind = sim::EventKind::log;
  in.agent = b.j.intern("agent-1");
  in.task = b.j.intern(task);
  in.name = b.j.intern(level);
  in.text = "request failed";
  in.body = fields;
  return b.j.append(sec(t), in);
}

sim::EventId err_outcome(JournalBuilder& b, double t, std::string_view id, std::string_view outcome,
                         std::string_view details = "") {
  sim::EventInput in;
  in.kind = sim::EventKind::task;
  in.agent = b.j.intern("agent-1");
  in.task = b.j.intern(id);
  in.name = b.j.intern("outcome");
  in.value = b.j.intern(outcome);
  in.text = "reason";
  in.body = details;
  return b.j.append(sec(t), in);
}

const char* kWeather = "https://weather.mock/v1/forecast?city=lyon&request=";

}  // namespace

TEST_CASE("outcome_on_status: an item that got a 403 must be escalated", "[grade][checks][errors]") {
  Json params = {{"statuses", {403}}, {"outcome", "escalated"}};
  JournalBuilder b;
  b.task(10, "pay-0006", "arrived");
  auto req = err_call(b, 10, "payments", "https://payments.mock/v1/customers/cus_locked/refunds?order=pay-0006", 403);
  auto out = err_outcome(b, 10.2, "pay-0006", "dead_letter");
  auto o = run_check("outcome_on_status", params, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(req) + " to payments at t=10.00 s for work item pay-0006 got 403, and the item ended as dead_letter (#" +
                                 std::to_string(out) + ")"));
  JournalBuilder g;
  g.task(10, "pay-0006", "arrived");
  err_call(g, 10, "payments", "https://payments.mock/v1/refunds?order=pay-0006", 403);
  err_outcome(g, 10.2, "pay-0006", "escalated");
  // An id inside a longer word is not the item (pay-00061 is not pay-0006).
  err_call(g, 11, "payments", "https://payments.mock/v1/refunds?order=pay-00061", 403);
  auto p = run_check("outcome_on_status", params, g.j);
  CHECK(p.passed);
  CHECK_THAT(p.message, Contains("All 1 work items that got a 403 were escalated"));
}

TEST_CASE("retry_budget: immediate retries, too many retries and unretried failures fail", "[grade][checks][errors]") {
  Json params = {{"min_wait_s", 0.2}, {"max_extra_share", 0.25}};
  JournalBuilder soon;
  err_call(soon, 1, "maps", "https://maps.mock/r?request=route-1", 503);
  auto retry = err_call(soon, 1.1, "maps", "https://maps.mock/r?request=route-1", 200);
  auto o = run_check("retry_budget", params, soon.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(retry) + " to maps at t=1.10 s retried #1 0.05 s after a 503"));

  JournalBuilder many;  // 1 first call, 3 retries: 75 % of requests are retries
  for (int i = 0; i < 4; ++i) err_call(many, 1 + i, "payments", "https://payments.mock/c?order=pay-1", i < 3 ? 500 : 201);
  auto m = run_check("retry_budget", params, many.j);
  CHECK_FALSE(m.passed);
  CHECK_THAT(m.message, Contains("3 of the 4 requests were retries (75.0 %)"));
  CHECK(run_check("retry_budget", Json{{"max_extra_share", 0.8}}, many.j).passed);

  JournalBuilder never;  // failures never retried
  err_call(never, 1, "payments", "https://payments.mock/c?order=pay-1", 529);
  err_call(never, 2, "payments", "https://payments.mock/c?order=pay-2", 201);
  auto n = run_check("retry_budget", Json{{"services", {"payments"}}, {"min_retried_share", 0.5}}, never.j);
  CHECK_FALSE(n.passed);
  CHECK_THAT(n.message, Contains("Only 0 of 1 transient failures to payments (0.0 %) were retried"));
}

TEST_CASE("circuit_breaker: opens after the threshold, nothing while open, spaced probes, ends closed",
          "[grade][checks][errors]") {
  Json params = {{"service", "weather"}, {"key", "weather"}, {"threshold", 3}, {"min_probe_interval_s", 5}};
  auto outage = [](JournalBuilder& b, bool report = true) {
    if (report) err_state(b, 0, "closed");
    for (int i = 0; i < 3; ++i) {
      auto id = b.request(10 + i, "agent-1", std::string(kWeather) + "forecast-" + std::to_string(i), "", 5, "weather", "GET");
      b.net_error(id, "dns", 0.005);
    }
  };
  SECTION("a breaker that opens, probes after the wait and closes passes") {
    JournalBuilder b;
    outage(b);
    err_state(b, 12.005, "open");
    err_state(b, 20, "half_open");
    err_call(b, 20, "weather", std::string(kWeather) + "forecast-9", 200);
    err_state(b, 20.05, "closed");
    err_call(b, 25, "weather", std::string(kWeather) + "forecast-10", 200);
    auto o = run_check("circuit_breaker", params, b.j);
    CHECK(o.passed);
    CHECK_THAT(o.message, Contains("was open by the time 3 calls in a row had failed; it opened 1 time (reopenings after failed trials included), sent nothing while open, made 1 half-open trial"));
  }
  SECTION("still closed after the threshold fails") {
    JournalBuilder b;
    outage(b);
    auto late = b.request(14, "agent-1", std::string(kWeather) + "forecast-4", "", 5, "weather", "GET");
    auto o = run_check("circuit_breaker", params, b.j);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("request #" + std::to_string(late) + " to weather at t=14.00 s was sent with the breaker still closed, after 3 calls in a row"));
  }
  SECTION("a call while open fails") {
    JournalBuilder b;
    outage(b);
    err_state(b, 12.5, "open");
    err_call(b, 13, "weather", std::string(kWeather) + "forecast-5", 200);
    auto o = run_check("circuit_breaker", params, b.j);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("was sent while agent-1's breaker was open (since t=12.50 s)"));
  }
  SECTION("a probe too soon after opening fails, and so does a breaker left open") {
    JournalBuilder b;
    outage(b);
    err_state(b, 12.5, "open");
    err_state(b, 13, "half_open");
    err_call(b, 13, "weather", std::string(kWeather) + "forecast-5", 200);
    auto o = run_check("circuit_breaker", params, b.j);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("only 0.50 s after the breaker opened at t=12.50 s"));
    JournalBuilder open;
    outage(open);
    err_state(open, 12.005, "open");
    auto p = run_check("circuit_breaker", params, open.j);
    CHECK_FALSE(p.passed);
    CHECK_THAT(p.message, Contains("was still open at the end of the run"));
  }
  SECTION("no trace.state at all fails with advice") {
    JournalBuilder b;
    outage(b, false);
    CHECK_THAT(run_check("circuit_breaker", params, b.j).message, Contains("No trace.state(\"weather\", ...) was recorded"));
  }
}

TEST_CASE("fallback_labelled: while open, forecasts get a fallback marked stale", "[grade][checks][errors]") {
  Json params = {{"item_prefix", "forecast-"}, {"key", "weather"}, {"label", "stale"}};
  JournalBuilder good;
  err_state(good, 10, "open");
  err_outcome(good, 11, "forecast-0003", "fallback", R"({"stale":true,"forecast":{"temp_c":11}})");
  err_outcome(good, 11, "pay-0003", "done");
  err_state(good, 20, "closed");
  err_outcome(good, 21, "forecast-0005", "done");
  CHECK(run_check("fallback_labelled", params, good.j).passed);

  JournalBuilder unlabelled;
  err_state(unlabelled, 10, "open");
  auto e = err_outcome(unlabelled, 11, "forecast-0003", "fallback", R"({"forecast":{"temp_c":11}})");
  auto o = run_check("fallback_labelled", params, unlabelled.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("The fallback for work item forecast-0003 at t=11.00 s (#" + std::to_string(e) + ") is not labelled"));

  JournalBuilder done_while_open;
  err_state(done_while_open, 10, "open");
  err_outcome(done_while_open, 11, "forecast-0003", "dead_letter");
  CHECK_THAT(run_check("fallback_labelled", params, done_while_open.j).message,
             Contains("was reported as dead_letter at t=11.00 s"));

  JournalBuilder never_open;
  err_outcome(never_open, 11, "forecast-0003", "done");
  CHECK_FALSE(run_check("fallback_labelled", params, never_open.j).passed);
}

TEST_CASE("errors_logged: each failure needs a warn or error line with its code", "[grade][checks][errors]") {
  Json params = {{"levels", {"warn", "error"}}, {"within_s", 1}};
  JournalBuilder good;
  err_call(good, 1, "payments", "https://payments.mock/c?order=pay-1", 500, 0.1);
  err_log(good, 1.1, "warn", R"({"status":500,"service":"payments"})");
  auto t = good.request(2, "agent-1", kWeather, "", 5, "weather", "GET", "task-1");
  good.net_error(t, "timeout", 5);
  err_log(good, 7, "error", R"({"error":"timeout"})");
  CHECK(run_check("errors_logged", params, good.j).passed);

  JournalBuilder info;
  auto req = err_call(info, 1, "payments", "https://payments.mock/c?order=pay-1", 404, 0.1);
  err_log(info, 1.1, "info", R"({"status":404})");
  auto o = run_check("errors_logged", params, info.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(req) + " to payments at t=1.00 s got a 404 (#"));
  CHECK_THAT(o.message, Contains("(agent-1/task-1), but the line that logged it was not at level warn or error"));

  JournalBuilder other_task;  // a line from another task, or without the code, does not count
  err_call(other_task, 1, "payments", "https://payments.mock/c?order=pay-1", 500, 0.1);
  err_log(other_task, 1.1, "warn", R"({"status":500})", "task-2");
  err_log(other_task, 1.1, "warn", R"({"service":"payments"})");
  CHECK_THAT(run_check("errors_logged", params, other_task.j).message, Contains("no log line with its code followed within 1.0 s"));
}
