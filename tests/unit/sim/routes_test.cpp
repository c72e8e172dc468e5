// Mock services: hosts, routes, matching, response modes, templates, latency, headers.
#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;

namespace {
const char* kRoutesWorld = R"({
  "network": {"latency": 10},
  "services": [
    {"id": "shop", "host": "shop.mock", "headers": {"Server": "shop-mock"},
     "routes": [
       {"id": "item", "method": "GET", "path": "/items/{id}",
        "responses": [{"json": {"id": "{{param.id}}", "n": "{{seq}}", "q": "{{query.expand}}", "who": "{{agent}}"}}]},
       {"id": "create", "method": "POST", "path": "/items", "latency": {"dist": "fixed", "ms": 50},
        "responses": [{"status": 201, "headers": {"Location": "/items/{{json.sku}}"}, "json": {"created": "{{json}}", "sku": "{{json.sku}}"}}]},
       {"id": "seq", "path": "/seq", "responses": [{"status": 500, "times": 2}, {"status": 200, "body": "ok"}]},
       {"id": "cycle", "path": "/cycle", "mode": "cycle", "responses": [{"status": 200}, {"status": 204}]},
       {"id": "weighted", "path": "/weighted", "mode": "weighted",
        "responses": [{"status": 200, "weight": 9}, {"status": 503, "weight": 1}]},
       {"id": "random", "path": "/random", "mode": "random", "responses": [{"status": 200}, {"status": 202}]},
       {"id": "v2", "path": "/search", "query": {"v": "2"}, "responses": [{"body": "v2"}]},
       {"id": "hdr", "path": "/search", "headers": {"X-Beta": "*"}, "responses": [{"body": "beta"}]},
       {"id": "search", "path": "/search", "responses": [{"body": "v1"}]},
       {"id": "files", "path": "/files/*", "responses": [{"body": "{{path}}"}]},
       {"id": "echo", "path": "/echo", "responses": [{"json": {"method": "{{method}}", "body": "{{body}}", "h": "{{header.x-test}}", "headers": "{{headers}}"}}]}
     ]}
  ]})";
}

TEST_CASE("routes match method, path parameters and render JSON templates") {
  World w(make_spec(kRoutesWorld), 1);
  auto c = w.client("agent-7");
  auto o = fetch(w, req("GET", "https://shop.mock/items/42?expand=1"), 30 * kMicrosPerSecond, c);
  REQUIRE(o.ok());
  CHECK(o.response.status == 200);
  CHECK(header(o, "content-type") == "application/json");
  CHECK(header(o, "server") == "shop-mock");
  CHECK(header(o, "date") == "Thu, 01 Jan 2026 00:00:00 GMT");
  auto j = fl::Json::parse(o.response.body);
  CHECK(j["id"] == "42");
  CHECK(j["n"] == 1);
  CHECK(j["q"] == "1");
  CHECK(j["who"] == "agent-7");
  CHECK(o.received_at - o.sent_at == 10 * kMicrosPerMs);
  auto o2 = fetch(w, req("GET", "https://shop.mock/items/43"));
  CHECK(fl::Json::parse(o2.response.body)["n"] == 2);
  CHECK(fl::Json::parse(o2.response.body)["q"].is_null());
}

TEST_CASE("typed placeholders, header templates and per-route latency") {
  World w(make_spec(kRoutesWorld), 1);
  auto o = fetch(w, req("POST", "https://shop.mock/items", {{"Content-Type", "application/json"}}, R"({"sku":"A-1","qty":3})"));
  REQUIRE(o.response.status == 201);
  CHECK(header(o, "Location") == "/items/A-1");
  auto j = fl::Json::parse(o.response.body);
  CHECK(j["created"]["qty"] == 3);
  CHECK(j["sku"] == "A-1");
  CHECK(o.received_at - o.sent_at == 50 * kMicrosPerMs);
}

TEST_CASE("unknown paths get 404 and wrong methods 405 with Allow") {
  World w(make_spec(kRoutesWorld), 1);
  auto o = fetch(w, req("GET", "https://shop.mock/nothing"));
  CHECK(o.response.status == 404);
  auto o2 = fetch(w, req("DELETE", "https://shop.mock/items/1"));
  CHECK(o2.response.status == 405);
  CHECK(header(o2, "Allow") == "GET");
}

TEST_CASE("unknown hosts and bad URLs fail like DNS errors") {
  World w(make_spec(kRoutesWorld), 1);
  auto o = fetch(w, req("GET", "https://nowhere.mock/"));
  REQUIRE(o.error);
  CHECK(o.error->kind == NetErrorKind::dns);
  CHECK(o.error->message.find("nowhere.mock") != std::string::npos);
  auto o2 = fetch(w, req("GET", "not a url"));
  REQUIRE(o2.error);
  CHECK(o2.error->kind == NetErrorKind::dns);
  CHECK(o2.received_at - o2.sent_at == 5 * kMicrosPerMs);  // network.error_delay_ms default
}

TEST_CASE("response modes: sequential with times, cycle, weighted, random") {
  World w(make_spec(kRoutesWorld), 3);
  std::vector<int> seq, cyc;
  for (int i = 0; i < 4; ++i) seq.push_back(fetch(w, req("GET", "https://shop.mock/seq")).response.status);
  CHECK(seq == std::vector<int>{500, 500, 200, 200});
  for (int i = 0; i < 4; ++i) cyc.push_back(fetch(w, req("GET", "https://shop.mock/cycle")).response.status);
  CHECK(cyc == std::vector<int>{200, 204, 200, 204});
  int errors = 0, r202 = 0;
  for (int i = 0; i < 400; ++i) {
    errors += fetch(w, req("GET", "https://shop.mock/weighted")).response.status == 503;
    r202 += fetch(w, req("GET", "https://shop.mock/random")).response.status == 202;
  }
  CHECK(errors > 20);
  CHECK(errors < 70);
  CHECK(r202 > 150);
  CHECK(r202 < 250);
}

TEST_CASE("query and header conditions pick among routes in order; wildcard tails") {
  World w(make_spec(kRoutesWorld), 1);
  CHECK(fetch(w, req("GET", "https://shop.mock/search?v=2")).response.body == "v2");
  CHECK(fetch(w, req("GET", "https://shop.mock/search", {{"x-beta", "yes"}})).response.body == "beta");
  CHECK(fetch(w, req("GET", "https://shop.mock/search?v=1")).response.body == "v1");
  CHECK(fetch(w, req("GET", "https://shop.mock/files/a/b/c.txt")).response.body == "/files/a/b/c.txt");
}

TEST_CASE("an echo route reflects the request") {
  World w(make_spec(kRoutesWorld), 1);
  auto o = fetch(w, req("PUT", "https://shop.mock/echo", {{"X-Test", "yes"}}, "raw text"));
  auto j = fl::Json::parse(o.response.body);
  CHECK(j["method"] == "PUT");
  CHECK(j["body"] == "raw text");
  CHECK(j["h"] == "yes");
  CHECK(j["headers"]["X-Test"] == "yes");
}

TEST_CASE("requests and responses are journalled with their links") {
  World w(make_spec(kRoutesWorld), 1);
  auto c = w.client("a1", "t1");
  auto o = fetch(w, req("GET", "https://shop.mock/items/1", {{"Accept", "application/json"}}), 2 * kMicrosPerSecond, c);
  const Journal& j = w.journal();
  const Event& rq = j[o.request_event];
  CHECK(rq.kind == EventKind::request);
  CHECK(j.str(rq.name) == "item");
  CHECK(j.str(rq.service) == "shop");
  CHECK(rq.a == 2 * kMicrosPerSecond);
  CHECK(*j.headers(rq).get("accept") == "application/json");
  const Event& rs = j[o.result_event];
  CHECK(rs.kind == EventKind::response);
  CHECK(rs.ref == o.request_event);
  CHECK(rs.code == 200);
  CHECK(rs.a == 10 * kMicrosPerMs);
  CHECK(j.str(rs.agent) == "a1");
  CHECK(j.body(rs) == o.response.body);
}

TEST_CASE("request bytes that are not UTF-8 never break a JSON answer") {
  World w(make_spec(kRoutesWorld), 1);
  std::string bad = "\xff\xfe{\"sku\":\"\xc3\x28\"}";
  auto o = fetch(w, req("PUT", "https://shop.mock/echo", {{"X-Test", "\xff"}}, bad));
  REQUIRE(o.ok());
  CHECK(o.response.status == 200);
  CHECK_FALSE(fl::Json::parse(o.response.body, nullptr, false).is_discarded());
  auto p = fetch(w, req("GET", "https://shop.mock/\xff\xfe"));
  CHECK(p.response.status == 404);
  CHECK_FALSE(fl::Json::parse(p.response.body, nullptr, false).is_discarded());
  CHECK_FALSE(fl::Json::parse(w.journal().json_line(p.result_event), nullptr, false).is_discarded());
}
