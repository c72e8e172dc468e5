// Effects ledgers keyed by idempotency key.
#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;

namespace {
const char* kEffectsWorld = R"({"network": {"latency": 0}, "services": [{"id": "payments", "host": "payments.mock", "routes": [
  {"id": "charge", "method": "POST", "path": "/v1/charges", "effect": {"ledger": "charges"},
   "responses": [{"status": 201, "json": {"id": "{{effect.id}}", "amount": "{{json.amount}}"}}]},
  {"id": "refund", "method": "POST", "path": "/v1/refunds", "effect": {"ledger": "refunds", "key_header": "X-Request-Id", "require_key": true},
   "responses": [{"status": 200, "json": {"ok": true}}]}]}]})";

Outcome charge(World& w, const std::string& key, const std::string& body = R"({"amount":1200})") {
  Headers h{{"Content-Type", "application/json"}};
  if (!key.empty()) h.add("Idempotency-Key", key);
  return fetch(w, req("POST", "https://payments.mock/v1/charges", h, body));
}
}  // namespace

TEST_CASE("a retried charge with the same key applies once and replays the response") {
  World w(make_spec(kEffectsWorld), 1);
  auto a = charge(w, "order-7");
  auto b = charge(w, "order-7");
  CHECK(a.response.status == 201);
  CHECK(b.response.status == 201);
  CHECK(a.response.body == b.response.body);
  CHECK(fl::Json::parse(a.response.body)["id"] == "charges_1");
  CHECK(fl::Json::parse(a.response.body)["amount"] == 1200);
  CHECK(header(b, "Idempotent-Replayed") == "true");
  CHECK(header(b, "Content-Type") == "application/json");
  REQUIRE(w.ledger("charges").size() == 1);
  CHECK(w.ledger("charges")[0].key == "order-7");
  CHECK(w.ledger("charges")[0].request == a.request_event);
  const Journal& j = w.journal();
  CHECK(j.str(j[a.request_event + 1].value) == "applied");
  CHECK(j.str(j[b.request_event + 1].value) == "replayed");
  CHECK(j.text(j[b.request_event + 1]) == "order-7");
  CHECK(w.ledger_names() == std::vector<std::string>{"charges"});
}

TEST_CASE("without a key every retry is a new effect (a visible duplicate)") {
  World w(make_spec(kEffectsWorld), 1);
  charge(w, "");
  auto b = charge(w, "");
  CHECK(w.ledger("charges").size() == 2);
  CHECK(fl::Json::parse(b.response.body)["id"] == "charges_2");
}

TEST_CASE("reusing a key with a different body is a 422 conflict") {
  World w(make_spec(kEffectsWorld), 1);
  charge(w, "k1");
  auto c = charge(w, "k1", R"({"amount":9999})");
  CHECK(c.response.status == 422);
  CHECK(fl::Json::parse(c.response.body)["error"] == "idempotency_key_reused");
  CHECK(w.ledger("charges").size() == 1);
}

TEST_CASE("routes can require a key in a header of their choice") {
  World w(make_spec(kEffectsWorld), 1);
  auto no = fetch(w, req("POST", "https://payments.mock/v1/refunds"));
  CHECK(no.response.status == 400);
  CHECK(w.ledger("refunds").empty());
  auto yes = fetch(w, req("POST", "https://payments.mock/v1/refunds", {{"X-Request-Id", "r1"}}));
  CHECK(yes.response.status == 200);
  CHECK(w.ledger("refunds").size() == 1);
}

TEST_CASE("a timeout after the server acted leaves the effect; a keyed retry is safe") {
  World w(make_spec(R"({"network": {"latency": 0}, "services": [{"id": "p", "host": "p.mock", "routes": [
      {"method": "POST", "path": "/c", "effect": {"ledger": "c"}, "responses": [{"status": 201}]}]}],
      "faults": [{"kind": "latency", "first": 1, "latency": 5000}]})"),
          1);
  auto first = fetch(w, req("POST", "https://p.mock/c", {{"Idempotency-Key", "x"}}), kMicrosPerSecond);
  REQUIRE(first.error);
  CHECK(first.error->kind == NetErrorKind::timeout);
  CHECK(w.ledger("c").size() == 1);
  auto retry = fetch(w, req("POST", "https://p.mock/c", {{"Idempotency-Key", "x"}}), kMicrosPerSecond);
  CHECK(retry.response.status == 201);
  CHECK(w.ledger("c").size() == 1);
}

TEST_CASE("a lookup route lists the ledger's entries whose body field matches the query") {
  World w(make_spec(R"({"network": {"latency": 0}, "services": [{"id": "payments", "host": "payments.mock", "routes": [
    {"id": "charge", "method": "POST", "path": "/v1/charges", "effect": {"ledger": "charges"},
     "responses": [{"status": 201, "json": {"id": "{{effect.id}}", "record": "{{json.record}}"}}]},
    {"id": "find", "method": "GET", "path": "/v1/charges", "lookup": {"ledger": "charges", "field": "record"}}]}]})"),
          1);
  Headers h{{"Content-Type", "application/json"}};
  fetch(w, req("POST", "https://payments.mock/v1/charges", h, R"({"record":"inv-1"})"));
  fetch(w, req("POST", "https://payments.mock/v1/charges", h, R"({"record":"inv-2"})"));
  auto found = fetch(w, req("GET", "https://payments.mock/v1/charges?record=inv-2", {}, ""));
  CHECK(found.response.status == 200);
  CHECK(found.response.body == R"({"data":[{"id":"charges_2","record":"inv-2"}]})");
  auto none = fetch(w, req("GET", "https://payments.mock/v1/charges?record=inv-3", {}, ""));
  CHECK(none.response.body == R"({"data":[]})");
  auto bad = fetch(w, req("GET", "https://payments.mock/v1/charges", {}, ""));
  CHECK(bad.response.status == 400);
  CHECK(fl::Json::parse(bad.response.body)["error"] == "missing_parameter");
  CHECK(w.ledger("charges").size() == 2);  // a lookup writes nothing
}

TEST_CASE("a lookup route takes no responses and no effect") {
  auto problems = [](const std::string& route) {
    fl::Diagnostics d;
    fl::sim::parse_world(fl::Json::parse(R"({"services": [{"id": "p", "host": "p.mock", "routes": [)" + route + "]}]}"),
                         "lab.json", "/world", d);
    return d.to_string();
  };
  CHECK(problems(R"({"path": "/c", "lookup": {"ledger": "charges", "field": "record"}})") == "");
  CHECK_THAT(problems(R"({"path": "/c", "lookup": {"ledger": "charges", "field": "record"}, "responses": [{}]})"),
             Catch::Contains("/world/services/0/routes/0/responses: error: a lookup route answers from its ledger"));
  CHECK_THAT(problems(R"({"path": "/c", "lookup": {"ledger": "charges", "field": "record"}, "effect": {"ledger": "c"}})"),
             Catch::Contains("a route either writes a ledger (effect) or reads one (lookup), not both"));
  CHECK_THAT(problems(R"({"path": "/c", "lookup": {"ledger": "charges"}})"),
             Catch::Contains("/world/services/0/routes/0/lookup/field: error: name the request body field to match"));
}
