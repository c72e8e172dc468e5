// Virtual time and the event queue: ordering, cancellation, background events, slicing.
#include <vector>

#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;

namespace {
const char* kTiny = R"({"services":[{"id":"echo","host":"echo.mock","routes":[{"path":"/","responses":[{"body":"hi"}]}]}]})";
}

TEST_CASE("events run in (time, sequence) order and the clock jumps") {
  World w(make_spec(kTiny), 1);
  std::vector<int> order;
  w.schedule(300, [&] { order.push_back(3); });
  w.schedule(100, [&] { order.push_back(1); });
  w.schedule(100, [&] { order.push_back(2); });  // same time: scheduling order
  w.schedule_after(0, [&] { order.push_back(0); });
  CHECK(w.now() == 0);
  w.run_until_idle();
  CHECK(order == std::vector<int>{0, 1, 2, 3});
  CHECK(w.now() == 300);
  CHECK(w.idle());
  CHECK(w.events_run() == 4);
}

TEST_CASE("timers scheduled in the past run now; cancelled timers never run") {
  World w(make_spec(kTiny), 1);
  int ran = 0;
  w.schedule(1000, [&] {
    w.schedule(10, [&] { ran += 10; });  // in the past: clamped to now
  });
  TimerId t = w.schedule(500, [&] { ran += 1000; });
  CHECK(w.cancel(t));
  CHECK_FALSE(w.cancel(t));
  w.run_until_idle();
  CHECK(ran == 10);
  CHECK(w.now() == 1000);
  // The cancelled slot is reused without confusion.
  TimerId t2 = w.schedule_after(5, [&] { ran += 1; });
  CHECK(t2 != t);
  w.run_until_idle();
  CHECK(ran == 11);
}

TEST_CASE("step runs bounded slices and reports completion") {
  World w(make_spec(kTiny), 1);
  int n = 0;
  for (int i = 0; i < 10; ++i) w.schedule(i * 10, [&] { ++n; });
  CHECK_FALSE(w.step(3));
  CHECK(n == 3);
  CHECK_FALSE(w.step(6));
  CHECK(n == 9);
  CHECK(w.step(5));
  CHECK(n == 10);
  CHECK(w.step(1));  // nothing left
}

TEST_CASE("stop is final and drops pending callbacks") {
  World w(make_spec(kTiny), 1);
  int n = 0;
  w.schedule(10, [&] {
    ++n;
    w.stop();
  });
  w.schedule(20, [&] { ++n; });
  CHECK(w.step(100));
  CHECK(n == 1);
  CHECK(w.stopped());
  CHECK(w.schedule(30, [&] { ++n; }) == 0);
  w.run_until_idle();
  CHECK(n == 1);
}

TEST_CASE("background events do not keep the world alive") {
  World w(make_spec(R"({"services":[{"id":"e","host":"e.mock","routes":[{"path":"/","responses":[{}]}]}],
    "scenarios":[{"id":"s","states":["a","b"],"transitions":[{"from":"a","to":"b","after_s":100}]}]})"),
          1);
  CHECK(w.idle());
  CHECK(w.step(10));  // only the background transition is pending: done
  CHECK(w.now() == 0);
  CHECK(w.scenario_state("s") == "a");
  w.schedule(200 * kMicrosPerSecond, [] {});
  w.run_until_idle();  // the foreground timer carries the clock past the transition
  CHECK(w.scenario_state("s") == "b");
  CHECK(count_kind(w.journal(), EventKind::scenario) == 1);
}

TEST_CASE("run_until advances the clock even with nothing to do") {
  World w(make_spec(kTiny), 1);
  w.run_until(5 * kMicrosPerSecond);
  CHECK(w.now() == 5 * kMicrosPerSecond);
  CHECK(w.next_event_time() == kForever);
}

TEST_CASE("the sandbox can journal its own events at the current time") {
  World w(make_spec(kTiny), 1);
  auto c = w.client("agent-1", "task-1");
  w.run_until(2500);
  EventInput log;
  log.kind = EventKind::log;
  log.agent = c.agent;
  log.task = c.task;
  log.name = w.intern("info");
  log.text = "charging order 7";
  log.body = R"({"order":7})";
  EventId id = w.record(log);
  CHECK(w.journal()[id].time == 2500);
  CHECK(w.journal().json_line(id) ==
        R"({"id":1,"t_us":2500,"kind":"log","agent":"agent-1","task":"task-1","level":"info","message":"charging order 7","fields":"{\"order\":7}"})");
}

TEST_CASE("extreme times saturate instead of overflowing") {
  World w(make_spec(R"({"services":[{"id":"e","host":"e.mock","routes":[{"path":"/","responses":[{"body":"x"}]}]}],
    "faults":[{"kind":"slow","bytes_per_s":1e-300}]})"),
          1);
  bool got = false;
  w.send(req("GET", "https://e.mock/"), {}, kForever, [&](Outcome o) { got = o.ok(); });
  w.run_until_idle();
  CHECK(got);
  CHECK(w.now() <= kForever);
  w.schedule_after(kForever, [] {});
  w.run_until_idle();
  CHECK(w.now() == kForever);
  int n = 0;
  w.schedule_after(5, [&] { ++n; });  // at the end of time: still runs, never wraps
  w.run_until_idle();
  CHECK(n == 1);
}
