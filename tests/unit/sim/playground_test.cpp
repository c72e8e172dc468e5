// The shipped playground world behaves as its brief says.
#include "sim_test_util.h"

#include "base/files.h"

using namespace fl;
using namespace fl::sim;
using namespace fl::sim::test;

namespace {
WorldSpec playground() {
  std::string error;
  auto text = read_file(std::string(FL_SOURCE_DIR) + "/labs/00-playground/lab.json", &error);
  REQUIRE(text);
  auto j = Json::parse(*text);
  CHECK(j["kind"] == "playground");
  Diagnostics d;
  auto spec = parse_world(j["world"], "labs/00-playground/lab.json", "/world", d);
  INFO(d.to_string());
  REQUIRE(spec);
  return *spec;
}
}  // namespace

TEST_CASE("playground: echo, search limits, flaky faults, OAuth and payments") {
  World w(playground(), 1);
  auto c = w.client("agent-1");
  auto echo = fetch(w, req("POST", "https://echo.mock/echo?x=1", {{"Content-Type", "application/json"}}, R"({"a":1})"), 5 * kMicrosPerSecond, c);
  REQUIRE(echo.ok());
  auto ej = Json::parse(echo.response.body);
  CHECK(ej["json"]["a"] == 1);
  CHECK(ej["query"]["x"] == "1");
  CHECK(ej["received_at"] == "2026-01-01T09:00:00Z");

  auto key = *w.secret("SEARCH_KEY");
  int ok = 0, limited = 0;
  for (int i = 0; i < 7; ++i) {
    auto r = fetch(w, req("GET", "https://search.mock/v1/search?q=a", {{"X-API-Key", key}}), 5 * kMicrosPerSecond, c);
    REQUIRE(r.ok());
    ok += r.response.status == 200;
    limited += r.response.status == 429;
  }
  CHECK(ok == 5);
  CHECK(limited == 2);
  CHECK(fetch(w, req("GET", "https://search.mock/v1/search?q=a"), 5 * kMicrosPerSecond, c).response.status == 401);

  int failures = 0;
  for (int i = 0; i < 100; ++i) {
    auto r = fetch(w, req("GET", "https://flaky.mock/v1/quotes/ACME"), 1 * kMicrosPerSecond, c);
    failures += !r.ok() || r.response.status != 200 || Json::parse(r.response.body, nullptr, false).is_discarded();
  }
  CHECK(failures > 15);
  CHECK(failures < 60);

  auto tok = fetch(w, req("POST", "https://auth.mock/oauth/token", {{"Content-Type", "application/json"}},
                          Json{{"grant_type", "client_credentials"}, {"client_id", *w.secret("DOCS_CLIENT_ID")},
                               {"client_secret", *w.secret("DOCS_CLIENT_SECRET")}}.dump()),
                   5 * kMicrosPerSecond, c);
  REQUIRE(tok.response.status == 200);
  std::string at = Json::parse(tok.response.body)["access_token"];
  auto docs = fetch(w, req("GET", "https://docs.mock/v1/docs", {{"Authorization", "Bearer " + at}}), 5 * kMicrosPerSecond, c);
  CHECK(docs.response.status == 200);

  auto pay = fetch(w, req("POST", "https://payments.mock/v1/charges",
                          {{"Authorization", "Bearer " + *w.secret("PAYMENTS_KEY")}, {"Idempotency-Key", "o-1"}}, R"({"amount":1200})"),
                   5 * kMicrosPerSecond, c);
  if (pay.ok()) CHECK(pay.response.status == 201);
  CHECK(w.ledger("charges").size() == 1);
}
