#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

TEST_CASE("run_completed reports the learner's line", "[grade][checks][run]") {
  JournalBuilder b;
  RunFacts ok;
  ok.virtual_duration = sec(300);
  auto p = run_check("run_completed", Json::object(), b.j, nullptr, ok);
  CHECK(p.passed);
  CHECK_THAT(p.message, Contains("300.00 s of virtual time"));
  RunFacts err;
  err.status = RunFacts::Status::error;
  err.line = 42;
  err.agent = "agent-2";
  err.message = "attempt to index a nil value (local 'res')";
  auto f = run_check("run_completed", Json::object(), b.j, nullptr, err);
  CHECK_FALSE(f.passed);
  CHECK(f.message == "Your code stopped with an error at line 42 (agent-2): attempt to index a nil value (local 'res')");
}

TEST_CASE("tasks_accounted: a task never reported is lost", "[grade][checks][tasks]") {
  JournalBuilder b;
  b.task(0.0, "rec-1", "arrived", "", R"({"priority":"batch"})");
  auto lost = b.task(0.1, "rec-2", "arrived", "", R"({"priority":"batch"})");
  b.task(0.2, "rec-3", "arrived", "", R"({"priority":"batch"})");
  b.task(1.0, "rec-1", "outcome", "done");
  b.task(1.1, "rec-3", "outcome", "dead_letter");
  auto o = run_check("tasks_accounted", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("1 of 3 tasks were never reported (for example rec-2, which arrived at t=0.10 s (#" +
                                          std::to_string(lost) + "))"));
  b.task(2.0, "rec-2", "outcome", "done");
  auto p = run_check("tasks_accounted", Json::object(), b.j);
  CHECK(p.passed);
  CHECK_THAT(p.message, Contains("All 3 tasks were accounted for (1 dead-lettered, 2 done)"));
  auto share = run_check("tasks_accounted", Json{{"min_done_share", 0.9}}, b.j);
  CHECK_FALSE(share.passed);
  CHECK_THAT(share.message, Contains("Only 66.7 % of tasks were done (2 of 3"));
  auto only = run_check("tasks_accounted", Json{{"outcomes", {"done"}}}, b.j);
  CHECK_FALSE(only.passed);
  CHECK_THAT(only.message, Contains("ended as \"dead_letter\""));
}

TEST_CASE("task_latency: p95 of urgent tasks against a bound", "[grade][checks][latency]") {
  JournalBuilder b;
  // 20 urgent tasks answered in 0.5 s, one in 9 s: p95 (rank 20 of 21) is 0.5 s.
  std::vector<std::pair<double, std::string>> events;
  for (int i = 0; i < 21; ++i) {
    double t = i * 10.0;
    std::string id = "u-" + std::to_string(i);
    b.task(t, id, "arrived", "", R"({"priority":"urgent"})");
    b.task(t + (i == 7 ? 9.0 : 0.5), id, "outcome", "done");
  }
  b.task(300, "r-1", "arrived", "", R"({"priority":"batch"})");
  auto o = run_check("task_latency", Json{{"max_s", 1.0}}, b.j);
  INFO(o.message);
  CHECK(o.passed);
  CHECK_THAT(o.message, Contains("The p95 latency of the 21 urgent tasks was 0.50 s, within the bound of 1.00 s"));
  auto f = run_check("task_latency", Json{{"max_s", 1.0}, {"percentile", 99}}, b.j);
  CHECK_FALSE(f.passed);
  CHECK_THAT(f.message, Contains("The p99 latency of the 21 urgent tasks was 9.00 s; the bound is 1.00 s"));
  CHECK_THAT(f.message, Contains("task u-7 arrived at t=70.00 s"));
}

TEST_CASE("task_latency: an urgent task never answered is unbounded", "[grade][checks][latency]") {
  JournalBuilder b;
  b.task(1, "u-1", "arrived", "", R"({"priority":"urgent"})");
  auto o = run_check("task_latency", Json{{"max_s", 2}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("unbounded"));
  CHECK_THAT(o.message, Contains("never answered"));
}

TEST_CASE("task_latency: the advice follows the cause seen in the trace", "[grade][checks][latency]") {
  // Two slow urgent queries each, for three different reasons.
  auto query = [](JournalBuilder& b, int i, double arrive, double first_send, double retry_at, double done) {
    std::string id = "query-000" + std::to_string(i);
    std::string body = R"({"record":")" + id + R"("})";
    b.task(arrive, id, "arrived", "", R"({"priority":"urgent"})");
    if (retry_at > 0) {
      b.call(first_send, "agent-1", kUrl, 429, body, 0.1);
      b.call(retry_at, "agent-1", kUrl, 200, body, 0.1);
    } else if (first_send > 0) {
      b.call(first_send, "agent-1", kUrl, 200, body, 0.1);
    }
    if (done > 0) b.task(done, id, "outcome", "done");
  };
  JournalBuilder queued;
  query(queued, 1, 10.0, 14.0, 0, 14.1);
  query(queued, 2, 20.0, 23.0, 0, 23.1);
  auto q = run_check("task_latency", Json{{"max_s", 2}}, queued.j);
  CHECK_FALSE(q.passed);
  CHECK_THAT(q.message, Contains("Of the 2 over the bound, 2 waited more than half their time before their first request. "
                                 "Task query-0001 waited 4.00 s before its first request: urgent work queued behind "
                                 "other work."));

  JournalBuilder backoff;
  query(backoff, 1, 10.0, 10.0, 13.1, 13.2);
  query(backoff, 2, 20.0, 20.0, 21.5, 22.6);
  auto r = run_check("task_latency", Json{{"max_s", 2}}, backoff.j);
  CHECK_FALSE(r.passed);
  CHECK_THAT(r.message, Contains("2 spent more than half their time between a failed attempt and the next. Task "
                                 "query-0001 spent 3.00 s waiting between failed attempts and their retries: keep the "
                                 "first backoff waits short"));

  JournalBuilder lost;
  query(lost, 1, 10.0, 10.0, 0, 0);
  query(lost, 2, 20.0, 20.0, 0, 0);
  auto l = run_check("task_latency", Json{{"max_s", 2}}, lost.j);
  CHECK_FALSE(l.passed);
  CHECK_THAT(l.message, Contains("Of the 2 over the bound, 2 never ended as done. A query counts as answered only when "
                                 "ctx.done reports it"));
}
