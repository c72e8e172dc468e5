// Each retry check on hand-built journals written from the pattern it teaches.
#include <catch2/catch.hpp>

#include "journal_builder.h"
#include "sim/rng.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;
using Catch::StartsWith;


TEST_CASE("retry_after_honoured: a retry that waits the Retry-After passes", "[grade][checks][retry_after]") {
  JournalBuilder b;
  sim::Headers ra{{"Retry-After", "45"}};
  b.call(12.0, "agent-1", kUrl, 429, rec(1), 0.02, &ra);
  b.call(57.02, "agent-1", kUrl, 200, rec(1));
  auto o = run_check("retry_after_honoured", Json::object(), b.j);
  CHECK(o.passed);
  CHECK_THAT(o.message, Contains("honoured"));
}

TEST_CASE("retry_after_honoured: an immediate retry fails and cites both events", "[grade][checks][retry_after]") {
  JournalBuilder b;
  sim::Headers ra{{"Retry-After", "45"}};
  auto first = b.request(12.38, "agent-1", kUrl, rec(1));
  auto resp = b.response(first, 429, 0.02, &ra);
  auto retry = b.call(12.40, "agent-1", kUrl, 200, rec(1));
  auto o = run_check("retry_after_honoured", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(retry) + " to embeddings at t=12.40 s came 0.00 s after a 429 (#" +
                                          std::to_string(resp) + ") whose Retry-After said 45 s"));
  CHECK_THAT(o.message, Contains("tolerance 0.01 s"));
  REQUIRE(o.evidence.size() == 2);
  CHECK(o.evidence[0] == retry);
  CHECK(o.evidence[1] == resp);
}

TEST_CASE("retry_after_honoured: an HTTP-date Retry-After is honoured too", "[grade][checks][retry_after]") {
  JournalBuilder b;
  sim::Headers ra{{"Retry-After", "Thu, 01 Jan 2026 00:00:20 GMT"}, {"Date", "Thu, 01 Jan 2026 00:00:10 GMT"}};
  b.call(10.0, "agent-1", kUrl, 503, rec(1), 0.0, &ra);
  b.call(15.0, "agent-1", kUrl, 200, rec(1));
  sim::WorldSpec w;
  auto o = run_check("retry_after_honoured", Json::object(), b.j, &w);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("came 5.00 s after a 503"));
  CHECK_THAT(o.message, Contains("said 10 s"));
}

TEST_CASE("retry_after_honoured with scope agent: other requests of the agent must wait too", "[grade][checks][retry_after]") {
  JournalBuilder b;
  sim::Headers ra{{"Retry-After", "10"}};
  b.call(1.0, "agent-1", kUrl, 429, rec(1), 0.02, &ra);
  b.call(2.0, "agent-1", kUrl, 200, rec(2));   // another record, same agent, inside the window
  b.call(3.0, "agent-2", kUrl, 200, rec(3));   // another agent: not its business
  b.call(11.1, "agent-1", kUrl, 200, rec(1));
  CHECK(run_check("retry_after_honoured", Json::object(), b.j).passed);
  auto o = run_check("retry_after_honoured", Json{{"scope", "agent"}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #3 to embeddings at t=2.00 s came 0.98 s after a 429 (#2)"));
}

TEST_CASE("retry_after_honoured: nothing to honour passes", "[grade][checks][retry_after]") {
  JournalBuilder b;
  b.call(1.0, "agent-1", kUrl, 200, rec(1));
  auto o = run_check("retry_after_honoured", Json::object(), b.j);
  CHECK(o.passed);
  CHECK_THAT(o.message, Contains("nothing to honour"));
}

namespace {
// Chains of failures without Retry-After: `levels` failures each, waits from `wait(level, chain)`.
template <class WaitFn>
void failing_chains(JournalBuilder& b, int chains, int levels, WaitFn wait, int status = 429) {
  struct St { double t; int level; };
  // Interleave chains in time: each chain starts at 10 + chain * 0.001 (a shared 429 moment).
  std::vector<std::pair<double, int>> next;  // (send time, chain)
  std::vector<int> level(static_cast<std::size_t>(chains), 0);
  for (int c = 0; c < chains; ++c) next.push_back({10.0 + c * 0.001, c});
  while (!next.empty()) {
    std::sort(next.begin(), next.end());
    auto [t, c] = next.front();
    next.erase(next.begin());
    int lv = level[static_cast<std::size_t>(c)]++;
    bool last = lv == levels;
    b.call(t, "agent-" + std::to_string(c % 3 + 1), kUrl, last ? 200 : status, rec(c), 0.02);
    if (!last) next.push_back({t + 0.02 + wait(lv, c), c});
  }
}
}  // namespace

TEST_CASE("exponential_backoff: full jitter doubling up to a cap passes", "[grade][checks][backoff]") {
  JournalBuilder b;
  sim::Rng rng(7);
  failing_chains(b, 30, 4, [&](int lv, int) { return 0.05 + rng.uniform01() * (0.5 * (1 << lv)); });
  auto o = run_check("exponential_backoff", Json{{"cap_s", 30}}, b.j);
  INFO(o.message);
  CHECK(o.passed);
  CHECK_THAT(o.message, Contains("grew by at least x1.30"));
}

TEST_CASE("exponential_backoff: full jitter from 0 passes, even when a few waits are tiny", "[grade][checks][backoff]") {
  // Lesson 2's full jitter: random(0, min(cap, base * 2^n)), with no minimum wait.
  JournalBuilder b;
  sim::Rng rng(9);
  failing_chains(b, 40, 4, [&](int lv, int c) { return c == 0 && lv == 0 ? 0.0004 : rng.uniform01() * (0.25 * (1 << lv)); });
  auto o = run_check("exponential_backoff", Json{{"cap_s", 30}}, b.j);
  INFO(o.message);
  CHECK(o.passed);
  CHECK_THAT(o.message, Contains("which jitter allows"));
}

TEST_CASE("exponential_backoff: immediate retries fail with their ids and what the code did", "[grade][checks][backoff]") {
  JournalBuilder b;
  auto first = b.request(12.38, "agent-1", kUrl, rec(57));
  auto resp = b.response(first, 429, 0.02);
  auto retry = b.call(12.40, "agent-1", kUrl, 200, rec(57));
  for (int i = 0; i < 3; ++i) {
    b.call(13.0 + i, "agent-1", kUrl, 429, rec(60 + i), 0.02);
    b.call(13.02 + i, "agent-1", kUrl, 200, rec(60 + i));
  }
  auto o = run_check("exponential_backoff", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, StartsWith("Retries came at once: 4 of 4 retries after a 429 or 503 without Retry-After waited "
                                   "less than 0.001 s."));
  CHECK_THAT(o.message, Contains("After a 429 (#" + std::to_string(resp) + ") at t=12.40 s, agent-1 retried 0.00 s after "
                                 "the 429 (#" + std::to_string(resp) + ") without calling time.sleep (request #" +
                                 std::to_string(retry) + ")."));
  CHECK_THAT(o.message, Contains("Most of them did not sleep at all"));
  CHECK_THAT(o.message, Contains("At most 5.0 % of the retries"));
}

TEST_CASE("exponential_backoff: two immediate retries are within what jitter may draw", "[grade][checks][backoff]") {
  JournalBuilder b;
  for (int i = 0; i < 2; ++i) {
    b.call(13.0 + i, "agent-1", kUrl, 429, rec(60 + i), 0.02);
    b.call(13.02 + i, "agent-1", kUrl, 200, rec(60 + i));
  }
  CHECK(run_check("exponential_backoff", Json::object(), b.j).passed);
}

TEST_CASE("exponential_backoff: waits in milliseconds read as seconds are named", "[grade][checks][backoff]") {
  JournalBuilder b;
  for (int i = 0; i < 10; ++i) {
    b.call(13.0 + i, "agent-1", kUrl, 429, rec(60 + i), 0.02);
    b.sleep(13.02 + i, "agent-1", 0.0005);
    b.call(13.0205 + i, "agent-1", kUrl, 200, rec(60 + i));
  }
  auto o = run_check("exponential_backoff", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("slept 0.000500 s after the 429"));
  CHECK_THAT(o.message, Contains("time.sleep takes seconds, not milliseconds"));
}

TEST_CASE("exponential_backoff: a constant wait does not grow", "[grade][checks][backoff]") {
  JournalBuilder b;
  sim::Rng rng(3);
  failing_chains(b, 30, 4, [&](int, int) { return 0.5 + rng.uniform01() * 0.5; });
  auto o = run_check("exponential_backoff", Json{{"cap_s", 30}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("Backoff does not grow"));
  CHECK_THAT(o.message, Contains("at least x1.30"));
  CHECK(o.evidence.size() == 4);
}

TEST_CASE("exponential_backoff: a wait beyond the cap fails", "[grade][checks][backoff]") {
  JournalBuilder b;
  failing_chains(b, 2, 8, [&](int lv, int) { return 1.0 * (1 << lv); });
  auto o = run_check("exponential_backoff", Json{{"cap_s", 30}, {"min_samples", 1}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("retried 128.00 s after the 429"));
  CHECK_THAT(o.message, Contains("capped at 30.0 s (plus 1.0 s of tolerance); 6 of 16 waits were longer, the longest 128.00 s"));
}

TEST_CASE("exponential_backoff: the cap hit once fails; a wait of exactly cap + tolerance passes", "[grade][checks][backoff]") {
  auto journal_with_last_wait = [](JournalBuilder& b, double last) {
    sim::Rng rng(4);
    failing_chains(b, 20, 3, [&](int lv, int) { return rng.uniform01() * (0.25 * (1 << lv)); });
    b.call(500.0, "agent-1", kUrl, 429, rec(900), 0.02);
    b.sleep(500.02, "agent-1", last);
    b.call(500.02 + last, "agent-1", kUrl, 200, rec(900));
  };
  JournalBuilder at_cap;
  journal_with_last_wait(at_cap, 31.0);
  auto ok = run_check("exponential_backoff", Json{{"cap_s", 30}}, at_cap.j);
  INFO(ok.message);
  CHECK(ok.passed);
  JournalBuilder over;
  journal_with_last_wait(over, 31.01);
  auto o = run_check("exponential_backoff", Json{{"cap_s", 30}}, over.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("slept 31.01 s after the 429"));
  CHECK_THAT(o.message, Contains("1 of 61 waits was longer, the longest 31.01 s"));
}

TEST_CASE("exponential_backoff: 503s count, and Retry-After responses are left to their own check", "[grade][checks][backoff]") {
  JournalBuilder b;
  sim::Headers ra{{"Retry-After", "1"}};
  b.call(1.0, "agent-1", kUrl, 503, rec(1), 0.02, &ra);
  b.call(2.02, "agent-1", kUrl, 200, rec(1));  // 1 s wait after Retry-After: 1, fine
  CHECK(run_check("exponential_backoff", Json::object(), b.j).passed);
  for (int i = 0; i < 3; ++i) {
    b.call(3.0 + i, "agent-1", kUrl, 503, rec(2 + i), 0.02);
    b.call(3.02 + i, "agent-1", kUrl, 200, rec(2 + i));
  }
  CHECK_FALSE(run_check("exponential_backoff", Json::object(), b.j).passed);
}

TEST_CASE("retry_jitter: identical waits after a shared 429 are lockstep", "[grade][checks][jitter]") {
  JournalBuilder b;
  failing_chains(b, 12, 3, [&](int lv, int) { return 1.0 * (1 << lv); });
  auto o = run_check("retry_jitter", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("lockstep"));
  CHECK_THAT(o.message, Contains("both waited exactly 1.000 s before retrying"));
  CHECK_THAT(o.message, Contains("that wait has no random part"));
  CHECK_THAT(o.message, Contains("at most 20.0 %"));
  CHECK(o.evidence.size() == 4);
}

TEST_CASE("retry_jitter: random waits pass", "[grade][checks][jitter]") {
  JournalBuilder b;
  sim::Rng rng(11);
  failing_chains(b, 12, 3, [&](int lv, int) { return rng.uniform01() * (1 << lv); });
  auto o = run_check("retry_jitter", Json::object(), b.j);
  INFO(o.message);
  CHECK(o.passed);
  CHECK_THAT(o.message, Contains("spread out"));
}

TEST_CASE("retry_jitter: isolated failures are too few to judge", "[grade][checks][jitter]") {
  JournalBuilder b;
  b.call(1.0, "agent-1", kUrl, 429, rec(1));
  b.call(2.02, "agent-1", kUrl, 200, rec(1));
  b.call(50.0, "agent-2", kUrl, 429, rec(2));
  b.call(51.02, "agent-2", kUrl, 200, rec(2));
  auto o = run_check("retry_jitter", Json::object(), b.j);
  CHECK(o.passed);
  CHECK_THAT(o.message, Contains("fewer than the 6 needed"));
}

TEST_CASE("max_attempts counts the first call", "[grade][checks][attempts]") {
  JournalBuilder b;
  for (int i = 0; i < 5; ++i) b.call(1.0 + i, "agent-1", kUrl, i < 4 ? 503 : 200, rec(1));
  CHECK(run_check("max_attempts", Json{{"max", 5}}, b.j).passed);
  auto o = run_check("max_attempts", Json{{"max", 4}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("attempted 5 times"));
  CHECK_THAT(o.message, Contains("first sent as request #1 at t=1.00 s and last as #9 at t=5.00 s"));
  CHECK_THAT(o.message, Contains("At most 4 attempts (the first call included)"));
  CHECK(o.evidence.size() == 5);
}

TEST_CASE("no_retry_of: a 404 sent again fails; a 404 left alone passes", "[grade][checks][no_retry]") {
  JournalBuilder b;
  b.call(1.0, "agent-1", kUrl, 404, rec(1));
  b.call(2.0, "agent-1", kUrl, 429, rec(2));
  b.call(3.0, "agent-1", kUrl, 200, rec(2));
  auto ok = run_check("no_retry_of", Json::object(), b.j);
  CHECK(ok.passed);
  CHECK_THAT(ok.message, Contains("None of the 1 requests"));
  auto bad = b.request(4.0, "agent-1", "https://embed.mock/v1/x", rec(9));
  auto bad_resp = b.response(bad, 400);
  auto again = b.call(4.5, "agent-1", "https://embed.mock/v1/x", 400, rec(9));
  auto o = run_check("no_retry_of", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(again) + " to embeddings at t=4.50 s repeated request #" +
                                          std::to_string(bad) + ", which had got a 400 (#" + std::to_string(bad_resp) + ")"));
  CHECK_THAT(o.message, Contains("never retry 400, 403 or 404"));
}

TEST_CASE("retry_jitter: a fixed sleep is lockstep even when a limiter queue spreads the retries", "[grade][checks][jitter]") {
  JournalBuilder b;
  sim::Rng rng(5);
  // 8 agents throttled together at t=10; each sleeps exactly 0.5 s, then waits a random
  // time for its own limiter before retrying.
  std::vector<std::pair<double, int>> retries;
  for (int c = 0; c < 8; ++c) {
    std::string agent = "agent-" + std::to_string(c + 1);
    b.call(10.0 + c * 0.001, agent, kUrl, 429, rec(c), 0.02);
  }
  for (int c = 0; c < 8; ++c) b.sleep(10.02 + c * 0.001, "agent-" + std::to_string(c + 1), 0.5);
  for (int c = 0; c < 8; ++c) retries.push_back({10.52 + c * 0.001 + rng.uniform01() * 0.4, c});
  std::sort(retries.begin(), retries.end());
  for (auto [t, c] : retries) b.call(t, "agent-" + std::to_string(c + 1), kUrl, 200, rec(c));
  auto o = run_check("retry_jitter", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("both first slept exactly 0.500 s before retrying"));
}

TEST_CASE("retry_after_honoured: the message says what the code slept and when it retried", "[grade][checks][retry_after]") {
  JournalBuilder b;
  sim::Headers ra{{"Retry-After", "2"}};
  b.call(10.0, "agent-1", kUrl, 429, rec(1), 0.02, &ra);
  b.sleep(10.02, "agent-1", 0.05);
  auto retry = b.call(10.95, "agent-1", kUrl, 200, rec(1));  // a limiter queue after the sleep
  auto o = run_check("retry_after_honoured", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(retry) + " to embeddings at t=10.95 s came 0.93 s after a "
                                 "429 (#2) whose Retry-After said 2 s: agent-1 first slept 0.050 s, then retried 0.93 s "
                                 "after the 429 (#2). The retry of a request"));
  CHECK_THAT(o.message, Contains("Your code slept, but less than Retry-After said"));
}

TEST_CASE("retry_after_honoured: a retry without any sleep is told to read the header", "[grade][checks][retry_after]") {
  JournalBuilder b;
  sim::Headers ra{{"Retry-After", "2"}};
  b.call(10.0, "agent-1", kUrl, 503, rec(1), 0.02, &ra);
  b.call(10.5, "agent-1", kUrl, 200, rec(1));
  auto o = run_check("retry_after_honoured", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("agent-1 retried 0.48 s after the 503 (#2) without calling time.sleep."));
  CHECK_THAT(o.message, Contains("Read res.headers[\"retry-after\"]"));
}

TEST_CASE("max_attempts: exactly the maximum passes, one over fails, whatever the bodies say", "[grade][checks][attempts]") {
  auto attempts = [](JournalBuilder& b, int n) {
    b.task(0.0, "rec-0007", "arrived", "", R"({"priority":"batch"})");
    for (int i = 1; i <= n; ++i)
      b.call(1.0 * i, "agent-1", kUrl, i < n ? 503 : 200,
             R"({"record":"rec-0007","attempt":)" + std::to_string(i) + "}");
  };
  JournalBuilder six;
  attempts(six, 6);
  auto ok = run_check("max_attempts", Json{{"max", 6}}, six.j);
  CHECK(ok.passed);
  CHECK_THAT(ok.message, Contains("the most was 6"));
  JournalBuilder seven;
  attempts(seven, 7);
  auto o = run_check("max_attempts", Json{{"max", 6}}, seven.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, StartsWith("Work item rec-0007 was attempted 7 times in a row by agent-1: it was first sent as "
                                   "request #2 at t=1.00 s and last as #14 at t=7.00 s; the 7th attempt was sent after "
                                   "the 6th got a 503 (#13)."));
  CHECK_THAT(o.message, Contains("1 work item went over."));
}

TEST_CASE("retries with a changed body still count as retries for every retry check", "[grade][checks][intent]") {
  // An immediate retry loop that puts an attempt counter in the body.
  JournalBuilder b;
  for (int r = 0; r < 5; ++r) {
    std::string id = "rec-000" + std::to_string(r);
    b.task(r * 1.0, id, "arrived", "", R"({"priority":"batch"})");
    for (int i = 1; i <= 3; ++i)
      b.call(r * 1.0 + i * 0.02, "agent-1", kUrl, i < 3 ? 429 : 200,
             R"({"record":")" + id + R"(","attempt":)" + std::to_string(i) + "}", 0.02);
  }
  auto o = run_check("exponential_backoff", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("10 of 10 retries"));
}
