// The typed views of journal events: each encodes into the fields its kind's row names and
// decodes back; iteration by kind; one event by id.
#include <catch2/catch.hpp>

#include "sim/journal.h"

using namespace fl::sim;

TEST_CASE("the field table gives every kind a name, and the count follows the table") {
  CHECK(kEventKindCount == 20);
  for (int k = 0; k < kEventKindCount; ++k) {
    auto kind = static_cast<EventKind>(k);
    INFO(k);
    CHECK(event_kind_from_string(to_string(kind)) == kind);
  }
  CHECK(std::string(event_fields(EventKind::request).text) == "url");
  CHECK(std::string(event_fields(EventKind::log).body) == "fields");
}

TEST_CASE("a request and its response round-trip through their views") {
  Journal j;
  Headers h{{"Authorization", "Bearer k"}};
  RequestEvent q;
  q.agent = "agent-1";
  q.task = "task#2";
  q.service = "payments";
  q.route = "charge";
  q.method = "POST";
  q.url = "https://payments.mock/v1/charges";
  q.body = "{\"amount\":1200}";
  q.timeout = 5'000'000;
  q.headers = &h;
  EventId id = record(j, 10, q);
  CHECK(j.json_line(id) ==
        R"({"id":1,"t_us":10,"kind":"request","agent":"agent-1","task":"task#2","service":"payments","route":"charge","method":"POST","timeout_us":5000000,"url":"https://payments.mock/v1/charges","headers":[["Authorization","Bearer k"]],"body":"{\"amount\":1200}"})");
  auto back = decode<RequestEvent>(j, id);
  REQUIRE(back);
  CHECK(back->id == id);
  CHECK(back->time == 10);
  CHECK(back->agent.text == "agent-1");
  CHECK(back->agent.atom == j.intern("agent-1"));
  CHECK(back->route.text == "charge");
  CHECK(back->method.text == "POST");
  CHECK(back->url == "https://payments.mock/v1/charges");
  CHECK(back->timeout == 5'000'000);
  CHECK(*j.headers(j.at(id)).get("authorization") == "Bearer k");

  ResponseEvent a;
  a.agent = Name::of(back->agent.atom);
  a.request = id;
  a.status = 429;
  a.elapsed = 20'000;
  a.body = "{}";
  EventId rid = record(j, 10, a);
  CHECK(j.json_line(rid) == R"({"id":2,"t_us":10,"kind":"response","agent":"agent-1","ref":1,"status":429,"elapsed_us":20000,"body":"{}"})");
  auto ra = decode<ResponseEvent>(j, rid);
  REQUIRE(ra);
  CHECK(ra->request == id);
  CHECK(ra->status == 429);
  CHECK(ra->elapsed == 20'000);
  CHECK_FALSE(decode<RequestEvent>(j, rid));  // another kind
  CHECK_FALSE(decode<RequestEvent>(j, 0));
  CHECK_FALSE(decode<RequestEvent>(j, 99));
}

TEST_CASE("a rate-limit decision and a metric keep their typed values") {
  Journal j;
  RateLimitEvent d;
  d.request = 1;
  d.limiter = "per-key";
  d.decision = LimitDecision::penalized;
  d.partition = "key:k1";
  d.limit = 10;
  d.remaining = 0;
  d.reset = 2'000'000;
  EventId id = record(j, 0, d);
  CHECK(j.json_line(id) == R"({"id":1,"t_us":0,"kind":"rate_limit","ref":1,"limiter":"per-key","decision":"penalized","limit":10,"remaining":0,"reset_us":2000000,"partition":"key:k1"})");
  auto back = decode<RateLimitEvent>(j, id);
  REQUIRE(back);
  CHECK(back->decision == LimitDecision::penalized);
  CHECK(back->refused());

  MetricEvent m;
  m.metric = "retries";
  m.op = "observe";
  m.amount = 0.25;
  m.line = 12;
  EventId mid = record(j, 5, m);
  CHECK(j.json_line(mid) == R"({"id":2,"t_us":5,"kind":"metric","metric":"retries","op":"observe","amount":0.25})");
  auto mb = decode<MetricEvent>(j, mid);
  REQUIRE(mb);
  CHECK(mb->amount == 0.25);
  CHECK(mb->line == 12);
}

TEST_CASE("task events: arrival with priority, taken and outcome are told apart") {
  Journal j;
  TaskArrivedEvent arrived;
  arrived.task = "q-1";
  arrived.priority = "urgent";
  record(j, 0, arrived);
  TaskArrivedEvent plain;
  plain.task = "q-2";
  record(j, 0, plain);
  TaskArrivedEvent quoted;
  quoted.task = "q-3";
  quoted.priority = "a \"big\" one";
  record(j, 0, quoted);
  TaskTakenEvent taken;
  taken.agent = "agent-1";
  taken.task = "q-1";
  record(j, 1, taken);
  TaskOutcomeEvent outcome;
  outcome.agent = "agent-1";
  outcome.task = "q-1";
  outcome.outcome = "fallback";
  outcome.reason = "cached";
  record(j, 2, outcome);

  CHECK(j.json_line(1) == R"({"id":1,"t_us":0,"kind":"task","task":"q-1","event":"arrived","data":"{\"priority\":\"urgent\"}"})");
  CHECK(j.json_line(2) == R"({"id":2,"t_us":0,"kind":"task","task":"q-2","event":"arrived","data":"{}"})");
  CHECK(j.json_line(5) == R"({"id":5,"t_us":2,"kind":"task","agent":"agent-1","task":"q-1","event":"outcome","outcome":"fallback","detail":"cached"})");

  std::vector<std::string> priorities;
  for (const TaskArrivedEvent& a : events_of<TaskArrivedEvent>(j)) priorities.push_back(a.priority);
  CHECK(priorities == std::vector<std::string>{"urgent", "", "a \"big\" one"});
  CHECK(decode<TaskTakenEvent>(j, 4));
  CHECK_FALSE(decode<TaskOutcomeEvent>(j, 4));
  CHECK_FALSE(decode<TaskArrivedEvent>(j, 4));
  auto o = decode<TaskOutcomeEvent>(j, 5);
  REQUIRE(o);
  CHECK(o->outcome.text == "fallback");
  CHECK(o->reason == "cached");

  // Hand-written journals may name the outcome as the event.
  EventInput in;
  in.kind = EventKind::task;
  in.task = j.intern("q-2");
  in.name = j.intern("dead_letter");
  EventId hand = j.append(3, in);
  auto ho = decode<TaskOutcomeEvent>(j, hand);
  REQUIRE(ho);
  CHECK(ho->outcome.text == "dead_letter");
}

TEST_CASE("iterating one kind visits only its events, including ones appended meanwhile") {
  Journal j;
  for (int i = 0; i < 3; ++i) {
    LogEvent l;
    l.level = "info";
    l.message = "line";
    l.fields = "{}";  // no fields: nothing stored
    record(j, i, l);
    SleepEvent s;
    s.duration = 1000 * (i + 1);
    record(j, i, s);
  }
  CHECK(j.json_line(1) == R"({"id":1,"t_us":0,"kind":"log","level":"info","message":"line"})");
  std::vector<Micros> sleeps;
  for (const SleepEvent& s : events_of<SleepEvent>(j)) {
    sleeps.push_back(s.duration);
    if (sleeps.size() == 1) record(j, 3, SleepEvent{});  // visited at the end
  }
  CHECK(sleeps == std::vector<Micros>{1000, 2000, 3000, 0});
  std::size_t logs = 0;
  for (const LogEvent& l : events_of<LogEvent>(j)) logs += l.message == "line" && l.fields.empty();
  CHECK(logs == 3);
  CHECK(events_of<NoteEvent>(j).begin() == events_of<NoteEvent>(j).end());
}

TEST_CASE("a store write and a handed-back work item round-trip through their views") {
  Journal j;
  StoreEvent w;
  w.agent = "agent-1";
  w.task = "task#3";
  w.op = "cas";
  w.result = "conflict";
  w.key = "inv-0042";
  w.value = "{\"stage\":\"charged\"}";
  w.line = 17;
  EventId id = record(j, 5, w);
  CHECK(j.json_line(id) ==
        R"({"id":1,"t_us":5,"kind":"store","agent":"agent-1","task":"task#3","op":"cas","result":"conflict","key":"inv-0042","value":"{\"stage\":\"charged\"}"})");
  auto back = decode<StoreEvent>(j, id);
  REQUIRE(back);
  CHECK(back->op.text == "cas");
  CHECK(back->result.text == "conflict");
  CHECK(back->key == "inv-0042");
  CHECK(back->line == 17);

  TaskHandedBackEvent h;
  h.agent = "agent-1";
  h.task = "inv-0042";
  EventId hid = record(j, 6, h);
  CHECK(j.json_line(hid) == R"({"id":2,"t_us":6,"kind":"task","agent":"agent-1","task":"inv-0042","event":"handed_back"})");
  CHECK(decode<TaskHandedBackEvent>(j, hid));
  CHECK_FALSE(decode<TaskOutcomeEvent>(j, hid));
  CHECK_FALSE(decode<TaskArrivedEvent>(j, hid));
}
