// lab::Run: learner code against a simulated world, recorded in the journal, advanced in
// slices, ended by completion, errors and limits.
#include <catch2/catch.hpp>

#include "base/files.h"
#include "lab/run.h"

using namespace fl;
using namespace fl::lab;

namespace {

std::shared_ptr<const Lab> test_lab(const std::string& sections = "") {
  std::string text = R"({ "id": "t", "title": "T", "world": {
    "secrets": { "KEY": "k-123" },
    "services": [
      { "id": "echo", "host": "echo.mock", "latency": 10,
        "routes": [ { "id": "echo", "path": "/echo", "responses": [ { "json": { "method": "{{method}}" } } ] },
                    { "id": "busy", "path": "/busy", "responses": [ { "status": 503, "json": { "error": "busy" } } ] } ] },
      { "id": "stuck", "host": "stuck.mock",
        "routes": [ { "id": "stuck", "path": "/", "responses": [ { "json": {} } ] } ] } ],
    "faults": [ { "kind": "hang", "service": "stuck" } ] })" +
                     (sections.empty() ? std::string() : ", " + sections) + " }";
  Diagnostics d;
  auto json = parse_json(text, "lab.json", d);
  REQUIRE(json);
  auto lab = parse_lab(*json, "lab.json", d);
  INFO(d.to_string());
  REQUIRE(lab);
  return std::make_shared<const Lab>(std::move(*lab));
}

std::string kinds(const sim::Journal& j) {
  std::string out;
  for (sim::EventId id = 1; id <= j.size(); ++id) {
    if (!out.empty()) out += ' ';
    out += sim::to_string(j[id].kind);
  }
  return out;
}

}  // namespace

TEST_CASE("a run journals requests, responses, logs and its end") {
  Run run(test_lab(), R"(
    local res = http.request{ url = "https://echo.mock/echo", method = "POST", timeout = 2,
                              headers = { ["X-Key"] = secrets.get("KEY") } }
    log.info("got", { status = res.status, method = res.json.method })
    metrics.inc("calls") trace.state("phase", "done") time.sleep(1)
  )",
          "solution.lua", 1);
  run.run_to_end();
  RunSummary s = run.summary();
  INFO(s.message);
  CHECK(s.status == sandbox::Status::completed);
  CHECK(kinds(run.journal()) == "run agent request response log metric state sleep agent run");
  CHECK(s.virtual_duration == 1'010'000);
  CHECK(s.digest.rfind("fnv1a64:", 0) == 0);
  CHECK(run.journal().json_line(5) ==
        R"({"id":5,"t_us":10000,"kind":"log","agent":"agent-1","task":"main","level":"info","message":"got","fields":"{\"method\":\"POST\",\"status\":200}"})");
  CHECK(run.journal().json_line(10) == R"({"id":10,"t_us":1010000,"kind":"run","event":"end","reason":"completed"})");
}

TEST_CASE("same seed, same digest; slicing changes nothing") {
  const char* code = R"(
    function main(ctx)
      for i = 1, 5 do
        local t = task.spawn(function() return http.request{ url = "https://echo.mock/busy", timeout = 1 } end)
        local res = task.wait(t)
        time.sleep(math.random() * 0.5)
      end
    end
  )";
  auto lab = test_lab(R"("agents": 3)");
  Run a(lab, code, "solution.lua", 9);
  a.run_to_end();
  Run b(lab, code, "solution.lua", 9);
  while (!b.step(1, 50)) {
  }
  Run c(lab, code, "solution.lua", 10);
  c.run_to_end();
  CHECK(a.summary().status == sandbox::Status::completed);
  CHECK(a.summary().digest == b.summary().digest);
  CHECK(a.summary().digest != c.summary().digest);
}

TEST_CASE("workload arrivals, takes and outcomes are journalled as task events") {
  Run run(test_lab(R"("workload": { "items": [ { "id": "q-1", "priority": "urgent" },
                                                 { "id": "q-2", "at_s": 5, "priority": "batch" } ] })"),
          R"(function main(ctx)
               for item in ctx.next do
                 if item.priority == "urgent" then ctx.done(item) else ctx.fallback(item, "cached") end
               end
             end)",
          "solution.lua", 1);
  run.run_to_end();
  CHECK(run.summary().status == sandbox::Status::completed);
  std::vector<std::string> tasks;
  for (sim::EventId id = 1; id <= run.journal().size(); ++id)
    if (run.journal()[id].kind == sim::EventKind::task) tasks.push_back(run.journal().json_line(id));
  REQUIRE(tasks.size() == 6);
  for (const auto& t : tasks) UNSCOPED_INFO(t);
  CHECK(tasks[0] == R"({"id":3,"t_us":0,"kind":"task","task":"q-1","event":"arrived","data":"{\"priority\":\"urgent\"}"})");
  CHECK(tasks[1] == R"({"id":4,"t_us":0,"kind":"task","agent":"agent-1","task":"q-1","event":"taken"})");
  CHECK(tasks[2] == R"({"id":5,"t_us":0,"kind":"task","agent":"agent-1","task":"q-1","event":"outcome","outcome":"done"})");
  CHECK(tasks[5] ==
        R"({"id":8,"t_us":5000000,"kind":"task","agent":"agent-1","task":"q-2","event":"outcome","outcome":"fallback","detail":"cached"})");
}

TEST_CASE("a request without a timeout to a hanging service waits for ever: a limit, explained") {
  Run run(test_lab(), "local res = http.request{ url = 'https://stuck.mock/' }\nprint(res)", "solution.lua", 1);
  run.run_to_end();
  RunSummary s = run.summary();
  CHECK(s.status == sandbox::Status::limit);
  CHECK(s.limit == "virtual_time");
  CHECK(s.message ==
        "waiting for ever: agent-1 main is waiting for http.request GET https://stuck.mock/ (no timeout) at "
        "solution.lua:1; a request without a timeout that is never answered waits for ever (give every request a "
        "timeout)");
  Run with_timeout(test_lab(), "local res, err = http.request{ url = 'https://stuck.mock/', timeout = 3 }\nprint(err.kind)",
                   "solution.lua", 1);
  with_timeout.run_to_end();
  CHECK(with_timeout.summary().status == sandbox::Status::completed);
  CHECK(with_timeout.summary().virtual_duration == 3'000'000);
}

TEST_CASE("sleeping past the lab's time limit ends the run") {
  Run run(test_lab(R"("limits": { "virtual_s": 60 })"), "while true do time.sleep(7) end", "solution.lua", 1);
  run.run_to_end();
  RunSummary s = run.summary();
  CHECK(s.status == sandbox::Status::limit);
  CHECK(s.limit == "virtual_time");
  CHECK(s.message ==
        "virtual time limit reached: the run would last more than 60 s of simulated time (agent-1 main is waiting "
        "for time.sleep at solution.lua:1)");
}

TEST_CASE("the journal cap ends a run that floods it") {
  Run run(test_lab(R"("limits": { "journal_events": 1000 })"),
          "while true do http.request{ url = 'https://echo.mock/echo', timeout = 1 } end", "solution.lua", 1);
  run.run_to_end();
  CHECK(run.summary().limit == "journal");
  CHECK(run.journal().size() < 1100);
}

TEST_CASE("a run can be stopped between slices") {
  Run run(test_lab(), "while true do time.sleep(1) end", "solution.lua", 1);
  CHECK(!run.step(10, 1000));
  run.stop("stopped by the learner");
  CHECK(run.done());
  CHECK(run.summary().status == sandbox::Status::stopped);
  CHECK(run.step(10, 1000));
}

TEST_CASE("the shipped playground runs its starter") {
  Diagnostics d;
  std::string dir = std::string(FL_SOURCE_DIR) + "/labs/00-playground";
  auto lab = load_lab(dir, "labs/00-playground", d);
  INFO(d.to_string());
  REQUIRE(lab);
  std::string error;
  auto code = read_file(dir + "/starter.lua", &error);
  REQUIRE(code);
  auto shared = std::make_shared<const Lab>(std::move(*lab));
  Run run(shared, *code, "starter.lua", 1);
  run.run_to_end();
  RunSummary s = run.summary();
  INFO(s.message);
  CHECK(s.status == sandbox::Status::completed);
  Run again(shared, *code, "starter.lua", 1);
  again.run_to_end();
  CHECK(again.summary().digest == s.digest);
}
