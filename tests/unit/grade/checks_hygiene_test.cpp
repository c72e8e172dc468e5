#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

TEST_CASE("request_timeouts: a request without a timeout fails", "[grade][checks][timeouts]") {
  JournalBuilder b;
  b.request(0.5, "agent-1", "https://embed.mock/a", "", 5);
  CHECK(run_check("request_timeouts", Json::object(), b.j).passed);
  auto none = b.request(1.25, "agent-1", "https://embed.mock/b", "", 0);
  auto o = run_check("request_timeouts", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(none) + " to embeddings at t=1.25 s was sent without a timeout (1 of 2"));
  CHECK(o.evidence == std::vector<sim::EventId>{none});
}

TEST_CASE("request_timeouts with max_s: too long a timeout fails", "[grade][checks][timeouts]") {
  JournalBuilder b;
  b.request(0.5, "agent-1", "https://embed.mock/a", "", 120);
  auto o = run_check("request_timeouts", Json{{"max_s", 30}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("set a timeout of 120.00 s"));
  CHECK_THAT(o.message, Contains("at most 30.0 s"));
}

TEST_CASE("secrets_not_leaked: a secret in a log line or a URL fails, without printing it", "[grade][checks][secrets]") {
  sim::WorldSpec w;
  w.secrets.push_back({"EMBED_KEY", {{0, "sk-live-4f9a8b7c6d5e"}}});
  JournalBuilder b;
  b.log(1.0, "agent-1", "starting", R"({"key_hint":"...5e"})");
  b.request(1.5, "agent-1", "https://embed.mock/v1/embeddings");
  CHECK(run_check("secrets_not_leaked", Json::object(), b.j, &w).passed);

  JournalBuilder c;
  auto line = c.log(3.1, "agent-2", "using key", R"({"key":"sk-live-4f9a8b7c6d5e"})");
  auto o = run_check("secrets_not_leaked", Json::object(), c.j, &w);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("log line #" + std::to_string(line) + " at t=3.10 s (agent-2) contains the value of secret EMBED_KEY"));
  CHECK(o.message.find("sk-live") == std::string::npos);

  JournalBuilder d;
  d.request(2.0, "agent-1", "https://embed.mock/v1/embeddings?api_key=sk-live-4f9a8b7c6d5e");
  auto u = run_check("secrets_not_leaked", Json::object(), d.j, &w);
  CHECK_FALSE(u.passed);
  CHECK_THAT(u.message, Contains("the URL of request #1"));
  // Not searched when the lab does not ask for URLs.
  CHECK(run_check("secrets_not_leaked", Json{{"where", {"logs"}}}, d.j, &w).passed);
}
