// The pipeline checks (lab 4) on hand-built journals: each catches its mistake and passes the
// correct shape, crashes included.
#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

namespace {

// A journal with work items inv-1 and inv-2 and helpers for charges, lookups and crashes.
struct PipelineJournal : JournalBuilder {
  PipelineJournal() {
    task(0, "inv-1", "arrived");
    task(0, "inv-2", "arrived");
  }
  sim::EventId charge(double t, std::string_view item, std::string_view key, int status, double elapsed = 0.1,
                      bool applied = true) {
    sim::Headers h;
    if (!key.empty()) h.add("Idempotency-Key", key);
    std::string body = "{\"record\":\"" + std::string(item) + "\"}";
    auto id = request(t, "agent-1", "https://pay.mock/v1/charges", body, 5, "payments", "POST", "", &h, "charge");
    if (applied && status == 201) {
      sim::EffectEvent e;
      e.agent = "agent-1";
      e.service = "payments";
      e.request = id;
      e.ledger = "charges";
      e.result = "applied";
      e.entry = ++entries;
      e.idempotency_key = key;
      sim::record(j, j.at(id).time, e);
    }
    if (status > 0) response(id, status, elapsed);
    return id;
  }
  sim::EventId lookup(double t, std::string_view item) {
    return request(t, "agent-1", "https://pay.mock/v1/charges?record=" + std::string(item), "", 5, "payments", "GET",
                   "", nullptr, "find-charges");
  }
  void agent_event(double t, std::string_view change) {
    sim::AgentLifecycleEvent e;
    e.agent = "agent-1";
    e.change = change;
    sim::record(j, sec(t), e);
  }
  void outcome(double t, std::string_view item, std::string_view outcome, std::string_view details = "") {
    sim::TaskOutcomeEvent e;
    e.agent = "agent-1";
    e.task = item;
    e.outcome = outcome;
    e.reason = outcome == "done" ? "" : "r";
    e.details = details;
    sim::record(j, sec(t), e);
  }
  std::int64_t entries = 0;
};

}  // namespace

TEST_CASE("effects_once: a second charge for one record, and a record done without one, fail", "[grade][pipeline]") {
  const Json params = Json::parse(R"({"ledger": "charges", "outcomes": ["done"]})");
  {
    PipelineJournal b;
    b.charge(1, "inv-1", "charge-inv-1", 201);
    b.charge(2, "inv-2", "charge-inv-2", 201);
    b.outcome(3, "inv-1", "done");
    b.outcome(3, "inv-2", "done");
    auto o = run_check("effects_once", params, b.j);
    INFO(o.message);
    CHECK(o.passed);
  }
  {
    PipelineJournal b;
    b.charge(1, "inv-1", "k-1", 201);
    b.charge(2, "inv-1", "k-2", 201);
    b.outcome(3, "inv-1", "done");
    auto o = run_check("effects_once", params, b.j);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("Charged twice: work item inv-1 has 2 entries in ledger charges"));
  }
  {
    PipelineJournal b;
    b.charge(1, "inv-1", "k-1", 500, 0.1, false);
    b.outcome(3, "inv-1", "done");
    auto o = run_check("effects_once", params, b.j);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("Skipped: work item inv-1 was reported done"));
  }
}

TEST_CASE("idempotency_keys: a missing key or a new key per attempt fails", "[grade][pipeline]") {
  const Json params = Json::parse(R"({"routes": ["charge"]})");
  PipelineJournal good;
  good.charge(1, "inv-1", "charge-inv-1", 500, 0.1, false);
  good.charge(2, "inv-1", "charge-inv-1", 201);
  CHECK(run_check("idempotency_keys", params, good.j).passed);
  PipelineJournal fresh;
  fresh.charge(1, "inv-1", "a81", 500, 0.1, false);
  fresh.charge(2, "inv-1", "b17", 201);
  auto o = run_check("idempotency_keys", params, fresh.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("The key changed: for work item inv-1, request #3 to payments at t=1.00 s sent "
                                 "Idempotency-Key 'a81' and request #5 to payments at t=2.00 s sent 'b17'"));
  PipelineJournal none;
  none.charge(1, "inv-1", "", 201);
  CHECK_THAT(run_check("idempotency_keys", params, none.j).message, Contains("had no Idempotency-Key header"));
}

TEST_CASE("after a crash: redone work and blind retries fail, a lookup first passes", "[grade][pipeline]") {
  const Json resume = Json::parse(R"({"routes": ["charge"]})");
  const Json reconcile = Json::parse(R"({"routes": ["charge"], "lookup_routes": ["find-charges"]})");
  // inv-1 charged and answered before the crash; inv-2's charge in flight at the crash.
  auto before_crash = [](PipelineJournal& b) {
    b.charge(1, "inv-1", "charge-inv-1", 201, 0.1);
    b.charge(2, "inv-2", "charge-inv-2", 201, 1.0);  // answer due at 3 s
    b.agent_event(2.5, "crashed");
    b.agent_event(5, "restarted");
  };
  {
    PipelineJournal b;
    before_crash(b);
    auto look = b.lookup(5, "inv-2");
    b.response(look, 200, 0.1);
    b.charge(6, "inv-2", "charge-inv-2", 201);  // replayed, after a lookup: fine
    CHECK(run_check("reconcile_before_retry", reconcile, b.j).passed);
    CHECK(run_check("resume_without_redo", resume, b.j).passed);
  }
  {
    PipelineJournal b;
    before_crash(b);
    b.charge(6, "inv-2", "charge-inv-2", 201);  // blind
    auto o = run_check("reconcile_before_retry", reconcile, b.j);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("was in flight when its agent crashed at t=2.50 s, so its outcome was unknown"));
  }
  {
    PipelineJournal b;
    before_crash(b);
    b.charge(6, "inv-1", "charge-inv-1", 201);  // inv-1 was charged before the crash
    auto o = run_check("resume_without_redo", resume, b.j);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("redid route charge for work item inv-1 after the restart at t=5.00 s"));
  }
  // No crash at all: the resume check cannot have been tested.
  PipelineJournal calm;
  calm.charge(1, "inv-1", "charge-inv-1", 201);
  CHECK_FALSE(run_check("resume_without_redo", resume, calm.j).passed);
}

TEST_CASE("max_in_flight counts requests until their answer, or until the crash that cut them off", "[grade][pipeline]") {
  const Json params = Json::parse(R"({"service": "payments", "max": 2})");
  PipelineJournal b;
  b.charge(1, "inv-1", "k1", 201, 1.0);    // 1 .. 2
  b.charge(1.5, "inv-2", "k2", 201, 1.0);  // 1.5 .. 2.5
  b.charge(2, "inv-1", "k3", 201, 1.0);    // starts as the first ends: still 2
  CHECK(run_check("max_in_flight", params, b.j).passed);
  b.charge(2.2, "inv-2", "k4", 201, 1.0);  // third at once
  auto o = run_check("max_in_flight", params, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("At t=2.20 s 3 requests to payments were in flight at once"));
}

TEST_CASE("outcome_labelled: every fallback says what was degraded, and some exist", "[grade][pipeline]") {
  const Json params = Json::parse(R"({"field": "degraded", "min_count": 1})");
  PipelineJournal b;
  b.outcome(1, "inv-1", "fallback", R"({"degraded":"classification"})");
  CHECK(run_check("outcome_labelled", params, b.j).passed);
  b.outcome(2, "inv-2", "fallback", R"({"charge":"charges_2"})");
  CHECK_THAT(run_check("outcome_labelled", params, b.j).message, Contains("work item inv-2 ended as fallback"));
  PipelineJournal none;
  CHECK_THAT(run_check("outcome_labelled", params, none.j).message, Contains("Only 0 work items ended as fallback"));
}
