#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;

TEST_CASE("trace groups the same call into a retry chain, and a success ends the chain", "[grade][trace]") {
  JournalBuilder b;
  auto r1 = b.call(1.0, "agent-1", "https://embed.mock/v1/embeddings", 429, R"({"id":1})");
  auto r2 = b.call(2.0, "agent-1", "https://embed.mock/v1/embeddings", 200, R"({"id":1})");
  auto r3 = b.call(3.0, "agent-1", "https://embed.mock/v1/embeddings", 200, R"({"id":2})");
  auto r4 = b.call(4.0, "agent-2", "https://embed.mock/v1/embeddings", 200, R"({"id":1})");
  auto r5 = b.call(5.0, "agent-1", "https://embed.mock/v1/embeddings", 200, R"({"id":1})");
  Trace t(b.j, nullptr);
  REQUIRE(t.requests().size() == 5);
  const auto& q = t.requests();
  CHECK(q[0].id == r1);
  CHECK(q[1].id == r2);
  CHECK(q[0].next == 1);
  CHECK(q[1].prev == 0);
  CHECK(q[1].attempt == 2);
  CHECK(q[2].attempt == 1);          // another body: another call
  CHECK(q[3].attempt == 1);          // another agent
  CHECK(q[3].id == r4);
  CHECK(q[4].attempt == 1);          // after a 200 the same call is new
  CHECK(q[4].id == r5);
  CHECK(q[1].next == -1);
  CHECK(q[2].id == r3);
  CHECK(q[0].received == sec(1.02));
  CHECK(t.chains().size() == 4);
}

TEST_CASE("trace parses Retry-After as seconds and as an HTTP-date", "[grade][trace]") {
  JournalBuilder b;
  sim::Headers h1{{"Retry-After", "45"}};
  sim::Headers h2{{"Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"}, {"Date", "Thu, 01 Jan 2026 00:00:10 GMT"}};
  sim::Headers h3{{"Retry-After", "soon"}};
  b.call(1.0, "a", "https://x.mock/1", 429, "", 0.02, &h1);
  b.call(2.0, "a", "https://x.mock/2", 429, "", 0.02, &h2);
  b.call(3.0, "a", "https://x.mock/3", 429, "", 0.02, &h3);
  sim::WorldSpec w;
  Trace t(b.j, &w);
  CHECK(t.requests()[0].has_retry_after);
  CHECK(t.requests()[0].retry_after == sec(45));
  CHECK(t.requests()[1].has_retry_after);
  CHECK(t.requests()[1].retry_after == sec(20));
  CHECK_FALSE(t.requests()[2].has_retry_after);
}

TEST_CASE("HTTP-date Retry-After without a Date header uses the world clock", "[grade][trace]") {
  // epoch 2026-01-01T00:00:00Z; received at t=10.5 s; target 00:00:30 -> 19.5 s
  auto d = parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", std::nullopt, 1767225600, sec(10.5));
  REQUIRE(d);
  CHECK(*d == sec(19.5));
  CHECK(parse_retry_after(" 7 ", std::nullopt, 0, 0) == sec(7));
  CHECK_FALSE(parse_retry_after("-1", std::nullopt, 0, 0));
}

TEST_CASE("a network error wins over a late response", "[grade][trace]") {
  JournalBuilder b;
  auto r = b.request(1.0, "a", "https://x.mock/1");
  b.response(r, 200, 9.0);
  b.net_error(r, "timeout", 5.0);
  Trace t(b.j, nullptr);
  CHECK(t.requests()[0].status == 0);
  CHECK(t.requests()[0].net_error == "timeout");
}

TEST_CASE("trace collects tasks with priority and outcome", "[grade][trace]") {
  JournalBuilder b;
  b.task(0.5, "q-1", "arrived", "", R"({"priority":"urgent"})");
  b.task(0.6, "r-1", "arrived", "", R"({"priority":"batch"})");
  b.task(1.5, "q-1", "outcome", "done");
  b.task(2.0, "r-1", "dead_letter");
  Trace t(b.j, nullptr);
  REQUIRE(t.tasks().size() == 2);
  CHECK(t.tasks()[0].priority == "urgent");
  CHECK(t.tasks()[0].outcome == "done");
  CHECK(t.tasks()[0].finished - t.tasks()[0].arrived == sec(1.0));
  CHECK(t.tasks()[1].outcome == "dead_letter");
}

TEST_CASE("retries are matched by intent: the work item a request names, not its bytes", "[grade][trace][intent]") {
  JournalBuilder b;
  const std::string url = "https://api.embed.mock/v1/models/embed-v3/embeddings";
  b.task(0.0, "rec-0001", "arrived", "", R"({"priority":"batch"})");
  b.task(0.0, "rec-0002", "arrived", "", R"({"priority":"batch"})");
  // An attempt counter in the body and a fresh request id header on every attempt.
  sim::Headers h1{{"X-Request-Id", "a1"}}, h2{{"X-Request-Id", "a2"}}, h3{{"X-Request-Id", "a3"}};
  auto a1 = b.request(1.0, "agent-1", url, R"({"record":"rec-0001","attempt":1})", 5, "embeddings", "POST", "", &h1);
  b.response(a1, 429);
  auto a2 = b.request(2.0, "agent-1", url, R"({"record":"rec-0001","attempt":2})", 5, "embeddings", "POST", "", &h2);
  b.response(a2, 503);
  // Another item in between is another unit of work.
  b.call(2.5, "agent-1", url, 200, R"({"record":"rec-0002","attempt":1})");
  auto a3 = b.request(3.0, "agent-1", url, R"({"record":"rec-0001","attempt":3})", 5, "embeddings", "POST", "", &h3);
  b.response(a3, 200);
  Trace t(b.j, nullptr);
  const auto& q = t.requests();
  REQUIRE(q.size() == 4);
  CHECK(q[0].attempt == 1);
  CHECK(q[1].attempt == 2);
  CHECK(q[2].attempt == 1);
  CHECK(q[3].attempt == 3);
  CHECK(q[0].chain == q[3].chain);
  CHECK(q[2].chain != q[0].chain);
  CHECK(b.j.str(q[3].item) == "rec-0001");
  // The task knows the requests that name it.
  REQUIRE(t.tasks().size() == 2);
  CHECK(t.tasks()[0].requests == std::vector<int>{0, 1, 3});
}

TEST_CASE("an item id in the URL or a header names the unit of work too", "[grade][trace][intent]") {
  JournalBuilder b;
  b.task(0.0, "order-17", "arrived");
  sim::Headers h{{"X-Order", "order-17"}};
  b.call(1.0, "agent-1", "https://shop.mock/orders/order-17?try=1", 503, "");
  b.call(2.0, "agent-1", "https://shop.mock/orders/order-17?try=2", 200, "");
  auto r = b.request(3.0, "agent-1", "https://shop.mock/lookup", "", 5, "embeddings", "POST", "", &h, "lookup");
  b.response(r, 503);
  auto r4 = b.request(4.0, "agent-1", "https://shop.mock/lookup", "", 5, "embeddings", "POST", "", nullptr, "lookup");
  b.response(r4, 200);  // names no item: not the same unit as the lookup before
  Trace t(b.j, nullptr);
  const auto& q = t.requests();
  REQUIRE(q.size() == 4);
  CHECK(q[1].attempt == 2);
  CHECK(q[2].attempt == 1);  // another route (operation): not a retry of the order call
  CHECK(q[3].attempt == 1);
}

TEST_CASE("without a work item, an Idempotency-Key names the unit; without both, the exact request does",
          "[grade][trace][intent]") {
  JournalBuilder b;
  const std::string url = "https://pay.mock/v1/charges";
  sim::Headers k1{{"Idempotency-Key", "charge-9"}};
  auto r1 = b.request(1.0, "agent-1", url, R"({"amount":100,"try":1})", 5, "embeddings", "POST", "", &k1);
  b.response(r1, 503);
  auto r2 = b.request(2.0, "agent-1", url, R"({"amount":100,"try":2})", 5, "embeddings", "POST", "", &k1);
  b.response(r2, 200);
  b.call(3.0, "agent-1", url, 503, R"({"amount":5})");
  b.call(4.0, "agent-1", url, 200, R"({"amount":6})");  // different bytes, no key, no item: a new call
  Trace t(b.j, nullptr);
  const auto& q = t.requests();
  REQUIRE(q.size() == 4);
  CHECK(q[1].attempt == 2);
  CHECK(q[3].attempt == 1);
}
