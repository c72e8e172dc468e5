#include <catch2/catch.hpp>

#include <sstream>

#include "base/json_file.h"
#include "sim/journal.h"
#include "sim/rng.h"

using namespace fl::sim;

TEST_CASE("events are compact and their payload round-trips") {
  STATIC_REQUIRE(sizeof(Event) == 64);
  Journal j;
  Headers h{{"Authorization", "Bearer k"}, {"Idempotency-Key", "abc"}};
  EventInput in;
  in.kind = EventKind::request;
  in.agent = j.intern("agent-1");
  in.service = j.intern("payments");
  in.value = j.intern("POST");
  in.a = 5000000;
  in.text = "https://payments.mock/v1/charges";
  in.headers = &h;
  in.body = "{\"amount\":1200}";
  EventId id = j.append(10, in);
  CHECK(id == 1);
  const Event& e = j[id];
  CHECK(e.time == 10);
  CHECK(j.str(e.agent) == "agent-1");
  CHECK(j.text(e) == "https://payments.mock/v1/charges");
  CHECK(j.body(e) == "{\"amount\":1200}");
  Headers back = j.headers(e);
  REQUIRE(back.size() == 2);
  CHECK(*back.get("idempotency-key") == "abc");
  CHECK(j.intern("agent-1") == e.agent);
  CHECK(j.find_atom("nope") == std::nullopt);
}

TEST_CASE("the canonical JSON line names fields per kind") {
  Journal j;
  EventInput in;
  in.kind = EventKind::rate_limit;
  in.service = j.intern("search");
  in.name = j.intern("per-client");
  in.value = j.intern("rejected");
  in.code = 10;
  in.a = 0;
  in.b = 2500000;
  in.ref = 7;
  in.text = "agent-\"1\"\n";
  j.append(3, in);
  CHECK(j.json_line(1) ==
        R"({"id":1,"t_us":3,"kind":"rate_limit","service":"search","ref":7,"limiter":"per-client","decision":"rejected","limit":10,"remaining":0,"reset_us":2500000,"partition":"agent-\"1\"\n"})");
  EventInput m;
  m.kind = EventKind::metric;
  m.name = j.intern("latency_ms");
  m.value = j.intern("observe");
  m.set_real(12.5);
  j.append(4, m);
  CHECK(j.json_line(2) == R"({"id":2,"t_us":4,"kind":"metric","metric":"latency_ms","op":"observe","amount":12.5})");
  CHECK(j[2].real() == 12.5);
  // Invalid UTF-8 still gives valid JSON.
  EventInput bad;
  bad.kind = EventKind::log;
  bad.name = j.intern("info");
  bad.text = std::string_view("\xff\xc3\xa9", 3);
  j.append(4, bad);
  auto parsed = fl::Json::parse(j.json_line(3), nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());
  CHECK(parsed["message"] == "\u00ff\u00e9");
}

TEST_CASE("JSON Lines export and the digest are stable and incremental") {
  Journal a, b;
  for (Journal* j : {&a, &b}) {
    for (int i = 0; i < 100; ++i) {
      EventInput in;
      in.kind = EventKind::log;
      in.name = j->intern(i % 2 ? "info" : "warn");
      std::string text = "line " + std::to_string(i);
      in.text = text;
      j->append(i * 1000, in);
      if (j == &a && i == 50) a.digest();  // partial digest must not change the final one
    }
  }
  CHECK(a.digest() == b.digest());
  CHECK(a.digest().rfind("fnv1a64:", 0) == 0);
  CHECK(a.digest().size() == 8 + 16);
  std::ostringstream out;
  a.write_jsonl(out);
  std::string text = out.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 100);
  CHECK(fl::sim::fnv1a64(text) == std::stoull(a.digest().substr(8), nullptr, 16));
  EventInput extra;
  extra.kind = EventKind::note;
  b.append(200000, extra);
  CHECK(a.digest() != b.digest());
}

TEST_CASE("atom order does not change the digest") {
  Journal a, b;
  b.intern("zzz");  // b interns an unrelated string first: different atom numbers
  for (Journal* j : {&a, &b}) {
    EventInput in;
    in.kind = EventKind::state;
    in.name = j->intern("breaker");
    in.value = j->intern("open");
    j->append(1, in);
  }
  CHECK(a.digest() == b.digest());
}

TEST_CASE("large payloads and many events stay addressable") {
  Journal j;
  std::string big(600 * 1024, 'x');
  for (int i = 0; i < 10000; ++i) {
    EventInput in;
    in.kind = EventKind::note;
    in.text = i % 1000 == 0 ? std::string_view(big) : std::string_view("small");
    j.append(i, in);
  }
  CHECK(j.size() == 10000);
  CHECK(j.text(j[1]).size() == big.size());
  CHECK(j.text(j[2]) == "small");
  CHECK(j.text(j[10000]) == "small");
  CHECK(j.text(j[9001]).size() == big.size());
  auto s = j.stats();
  CHECK(s.events == 10000);
  CHECK(s.event_bytes == 12288 * 64);
}
