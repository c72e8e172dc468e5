// agents.crashes: the lab schedules crashes of an agent (at a time, after its Nth request or
// Nth applied effect); lab::Run fires them, the journal records crash, hand-back and
// restart, a ledger lookup route answers what happened, and slicing changes nothing.
#include <catch2/catch.hpp>

#include "lab/run.h"

using namespace fl;
using namespace fl::lab;
using Catch::Contains;

namespace {

std::string crash_lab_text(const std::string& crashes) {
  return R"({ "id": "t", "title": "T", "world": {
    "services": [ { "id": "pay", "host": "pay.mock", "latency": 100,
      "routes": [
        { "id": "charge", "method": "POST", "path": "/charges", "effect": { "ledger": "charges" },
          "responses": [ { "status": 201, "json": { "id": "{{effect.id}}", "record": "{{json.record}}" } } ] },
        { "id": "find", "method": "GET", "path": "/charges", "lookup": { "ledger": "charges", "field": "record" } } ] } ] },
    "workload": { "streams": [ { "id": "r", "count": 6, "per_arrival": 6 } ] },
    "agents": { "count": 1, "crashes": )" +
         crashes + R"( } })";
}

std::optional<Lab> parse_crash_lab(const std::string& text, Diagnostics& d) {
  auto json = parse_json(text, "lab.json", d);
  if (!json) return std::nullopt;
  return parse_lab(*json, "lab.json", d);
}

std::shared_ptr<const Lab> crash_lab(const std::string& crashes) {
  Diagnostics d;
  auto lab = parse_crash_lab(crash_lab_text(crashes), d);
  INFO(d.to_string());
  REQUIRE(lab);
  return std::make_shared<const Lab>(std::move(*lab));
}

// Charges each item once per incarnation unless the store says it was charged; looks up the
// item first when it comes back after a crash.
const char* kCharger = R"(
function main(ctx)
  for item in ctx.next do
    local found = nil
    if item.redelivered then
      local res = http.request{ url = "https://pay.mock/charges?record=" .. item.id, timeout = 5 }
      found = res.json.data[1]
      log.info("lookup", { record = item.id, found = found and found.id or "none" })
    end
    if not found then
      http.request{ method = "POST", url = "https://pay.mock/charges", timeout = 5,
        headers = { ["Idempotency-Key"] = "c-" .. item.id }, json = { record = item.id } }
    end
    store.put(item.id, "charged")
    ctx.done(item)
  end
end
)";

std::vector<std::string> lines_of(const sim::Journal& j, sim::EventKind kind) {
  std::vector<std::string> out;
  for (sim::EventId id = 1; id <= j.size(); ++id)
    if (j[id].kind == kind) out.push_back(j.json_line(id));
  return out;
}

}  // namespace

TEST_CASE("a crash after the Nth applied effect: the effect happened, the answer is lost", "[lab][crash]") {
  auto lab = crash_lab(R"([ { "agent": 1, "after_effects": 3, "ledger": "charges", "restart_after_s": 2 } ])");
  Run run(lab, kCharger, "solution.lua", 1);
  run.run_to_end();
  INFO(run.summary().message);
  REQUIRE(run.summary().status == sandbox::Status::completed);
  const auto agents = lines_of(run.journal(), sim::EventKind::agent);
  REQUIRE(agents.size() == 4);
  // r-1 and r-2 took 0.1 s each; r-3's charge was applied at 0.2 s and the agent died then.
  CHECK_THAT(agents[1], Contains(R"("t_us":200000,"kind":"agent","agent":"agent-1","event":"crashed")"));
  CHECK_THAT(agents[1], Contains("crash scheduled by the lab after its 3rd applied effect in ledger charges; "
                                 "1 task stopped, 1 work item handed back to the queue"));
  CHECK_THAT(agents[2], Contains(R"("t_us":2200000,"kind":"agent","agent":"agent-1","event":"restarted")"));
  bool handed_back = false;
  for (const auto& t : lines_of(run.journal(), sim::EventKind::task))
    handed_back = handed_back || t.find(R"("task":"r-0003","event":"handed_back")") != std::string::npos;
  CHECK(handed_back);
  // The lookup found the charge: six items, six entries, no second charge for r-0003.
  CHECK(run.world().ledger("charges").size() == 6);
  bool lookup_found = false;
  for (const auto& l : lines_of(run.journal(), sim::EventKind::log))
    lookup_found = lookup_found || l.find(R"(\"found\":\"charges_3\",\"record\":\"r-0003\")") != std::string::npos;
  CHECK(lookup_found);
  // The store write is journalled with its key and value.
  CHECK_THAT(lines_of(run.journal(), sim::EventKind::store).at(0),
             Contains(R"("kind":"store","agent":"agent-1","task":"main","op":"put","result":"written","key":"r-0001","value":"\"charged\"")"));
}

TEST_CASE("crashes at a time and after the Nth request; the same journal however sliced", "[lab][crash]") {
  auto lab = crash_lab(R"([ { "agent": 1, "at_s": 0.25, "restart_after_s": 1 },
                            { "agent": 1, "after_requests": 6, "route": "charge", "restart_after_s": 0.5 } ])");
  Run a(lab, kCharger, "solution.lua", 3);
  a.run_to_end();
  INFO(a.summary().message);
  REQUIRE(a.summary().status == sandbox::Status::completed);
  CHECK(lines_of(a.journal(), sim::EventKind::agent).size() == 6);  // started, 2 x (crashed, restarted), finished
  for (std::int64_t instructions : {1, 50, 5000}) {
    Run b(lab, kCharger, "solution.lua", 3);
    while (!b.step(1, instructions)) {
    }
    CHECK(b.summary().digest == a.summary().digest);
  }
}

TEST_CASE("a crash schedule is validated with the place of each problem", "[lab][crash]") {
  auto problems = [](const std::string& crashes) {
    Diagnostics d;
    parse_crash_lab(crash_lab_text(crashes), d);
    return d.to_string();
  };
  CHECK_THAT(problems(R"([ { "agent": 1, "restart_after_s": 1 } ])"),
             Contains("/agents/crashes/0: error: a crash needs exactly one of at_s, after_requests and after_effects, found 0"));
  CHECK_THAT(problems(R"([ { "agent": 1, "at_s": 1, "after_effects": 2, "restart_after_s": 1 } ])"),
             Contains("found 2"));
  CHECK_THAT(problems(R"([ { "agent": 2, "at_s": 1, "restart_after_s": 1 } ])"),
             Contains("/agents/crashes/0/agent: error: expected a whole number from 1 to 1"));
  CHECK_THAT(problems(R"([ { "agent": 1, "at_s": 1 } ])"),
             Contains("/agents/crashes/0/restart_after_s: error: missing"));
  CHECK_THAT(problems(R"([ { "agent": 1, "after_effects": 1, "ledger": "refunds", "restart_after_s": 1 } ])"),
             Contains("/agents/crashes/0/ledger: error: no route of the world writes to ledger \"refunds\""));
  CHECK_THAT(problems(R"([ { "agent": 1, "after_requests": 1, "service": "nope", "restart_after_s": 1 } ])"),
             Contains("/agents/crashes/0/service: error: no service has the id \"nope\""));
  CHECK_THAT(problems(R"([ { "agent": 1, "at_s": 1, "ledger": "charges", "restart_after_s": 1 } ])"),
             Contains("/agents/crashes/0/ledger: error: \"ledger\" only applies to after_effects"));
  CHECK_THAT(problems(R"([ { "agent": 1, "at_s": 1, "restart_after_s": 1, "when": 3 } ])"),
             Contains("/agents/crashes/0/when"));
}
