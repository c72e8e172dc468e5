#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

TEST_CASE("status_share: few 429s pass, many fail with the share and the bound", "[grade][checks][share]") {
  JournalBuilder b;
  for (int i = 0; i < 100; ++i) b.call(i * 0.1, "agent-1", kUrl, i % 20 == 0 ? 429 : 200, rec(i));
  auto ok = run_check("status_share", Json{{"max_share", 0.05}}, b.j);
  CHECK(ok.passed);
  CHECK_THAT(ok.message, Contains("5.0 % of your 100 requests got a 429 (5); the bound is 5.0 %"));
  auto bad = run_check("status_share", Json{{"max_share", 0.02}}, b.j);
  CHECK_FALSE(bad.passed);
  CHECK_THAT(bad.message, Contains("the first request #1 to embeddings at t=0.00 s"));
  CHECK(bad.evidence.size() == 5);
}

TEST_CASE("status_share with source limiter counts only the limiter's refusals", "[grade][checks][share]") {
  JournalBuilder b;
  for (int i = 0; i < 10; ++i) {
    auto r = b.request(i * 1.0, "agent-1", kUrl, rec(i));
    if (i < 3) b.limiter(r, "rejected");
    b.response(r, i < 6 ? 429 : 200);  // 3 from the limiter, 3 injected
  }
  CHECK(run_check("status_share", Json{{"max_share", 0.3}, {"source", "limiter"}}, b.j).passed);
  CHECK_FALSE(run_check("status_share", Json{{"max_share", 0.3}}, b.j).passed);
}

TEST_CASE("request_rate: paced requests pass; a burst fails naming the window", "[grade][checks][rate]") {
  JournalBuilder b;
  for (int i = 0; i < 50; ++i) b.call(i * 0.1, i % 2 ? "agent-1" : "agent-2", kUrl, 200, rec(i));  // 10/s
  auto ok = run_check("request_rate", Json{{"limit", 10}, {"window_s", 1}}, b.j);
  CHECK(ok.passed);
  CHECK_THAT(ok.message, Contains("held 10"));
  for (int i = 0; i < 12; ++i) b.call(10.0 + i * 0.01, "agent-1", kUrl, 200, rec(100 + i));
  auto o = run_check("request_rate", Json{{"limit", 10}, {"window_s", 1}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("Between t=10.00 s and t=10.11 s your agents together sent 12 requests (#101 to #123)"));
  CHECK_THAT(o.message, Contains("at most 10 requests in any 1 s window for all agents together"));
  // Per agent, agent-1 alone also bursts; agent-2 never does.
  auto per = run_check("request_rate", Json{{"limit", 11}, {"window_s", 1}, {"scope", "agent"}}, b.j);
  CHECK_FALSE(per.passed);
  CHECK_THAT(per.message, Contains("agent-1 sent 12 requests"));
}

TEST_CASE("request_rate: the window is half-open", "[grade][checks][rate]") {
  JournalBuilder b;
  for (int i = 0; i < 3; ++i) b.call(i * 1.0, "a", kUrl, 200, rec(i));  // t = 0, 1, 2
  CHECK(run_check("request_rate", Json{{"limit", 1}, {"window_s", 1}}, b.j).passed);
  CHECK_FALSE(run_check("request_rate", Json{{"limit", 1}, {"window_s", 1.5}}, b.j).passed);
}
