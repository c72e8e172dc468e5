// Credential checks (src/grade/checks_auth.cpp) on hand-built journals.
#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

namespace {

// A request carrying headers (the builder's request() sends none).
sim::EventId auth_request(JournalBuilder& b, double t, std::string_view service, std::string_view method,
                          std::string_view url, const sim::Headers& h, std::string_view body = "",
                          std::string_view task = "task-1") {
  sim::EventInput in;
  in.kind = sim::EventKind::request;
  in.agent = b.j.intern("agent-1");
  in.task = b.j.intern(task);
  in.service = b.j.intern(service);
  in.value = b.j.intern(method);
  in.a = sec(10);
  in.text = url;
  in.body = body;
  in.headers = &h;
  return b.j.append(sec(t), in);
}

// The auth event the world appends when it refuses a credential.
void auth_refusal(JournalBuilder& b, sim::EventId req, std::string_view reason, std::string_view credential,
                  int status = 401) {
  const sim::Event& r = b.j.at(req);
  sim::EventInput in;
  in.kind = sim::EventKind::auth;
  in.ref = req;
  in.service = r.service;
  in.name = b.j.intern(reason);
  in.value = b.j.intern(credential);
  in.code = status;
  b.j.append(b.last_time(r.time), in);
}

void token_answer(JournalBuilder& b, sim::EventId req, std::string_view subject, std::string_view refresh) {
  const sim::Event& r = b.j.at(req);
  sim::EventInput in;
  in.kind = sim::EventKind::token_issued;
  in.ref = req;
  in.service = r.service;
  in.name = b.j.intern("refresh_token");
  in.value = b.j.intern(subject);
  std::string details = "{\"access_token\":\"at_x\",\"refresh_token\":\"" + std::string(refresh) +
                        "\",\"refresh_token_id\":\"rt-1\"}";
  in.text = details;
  b.j.append(b.last_time(r.time), in);
}

void token_refusal(JournalBuilder& b, sim::EventId req, std::string_view error) {
  const sim::Event& r = b.j.at(req);
  sim::EventInput in;
  in.kind = sim::EventKind::token_denied;
  in.ref = req;
  in.service = r.service;
  in.name = b.j.intern(error);
  in.code = 400;
  b.j.append(b.last_time(r.time), in);
}

sim::WorldSpec auth_world() {
  sim::WorldSpec w;
  w.api_keys.push_back({"read-only", "rk_live_123456", {"charges:read"}, {}, 0, sim::kForever, sim::kForever});
  w.api_keys.push_back({"full", "pk_live_abcdef", {"charges:read", "refunds:write"}, {}, 0, sim::kForever, sim::kForever});
  sim::ServiceSpec auth;
  auth.id = "auth";
  auth.kind = sim::ServiceKind::oauth;
  auth.oauth.revoke_refresh_tokens_at = sec(100);
  auth.oauth.revoke_access_tokens_at = sec(100);
  auth.oauth.revoke_users = {"carol"};
  w.services.push_back(auth);
  return w;
}

const char* kTokenUrl = "https://auth.mock/oauth/token";

}  // namespace

TEST_CASE("key_per_method: a read with the full key fails, naming keys but never their values",
          "[grade][checks][auth]") {
  sim::WorldSpec w = auth_world();
  Json params = {{"service", "payments"}, {"read_keys", {"read-only"}}, {"write_keys", {"full"}}};
  JournalBuilder good;
  auth_request(good, 1, "payments", "GET", "https://payments.mock/v1/charges/ch_1", {{"Authorization", "Bearer rk_live_123456"}});
  auth_request(good, 2, "payments", "POST", "https://payments.mock/v1/refunds", {{"Authorization", "Bearer pk_live_abcdef"}});
  auto ok = run_check("key_per_method", params, good.j, &w);
  CHECK(ok.passed);
  CHECK_THAT(ok.message, Contains("All 1 reads to payments used read-only and all 1 writes used full"));

  JournalBuilder bad;
  auto read = auth_request(bad, 1.5, "payments", "GET", "https://payments.mock/v1/charges/ch_1",
                           {{"Authorization", "Bearer pk_live_abcdef"}});
  auto o = run_check("key_per_method", params, bad.j, &w);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(read) + " to payments at t=1.50 s (GET, a read) used the key \"full\""));
  CHECK(o.message.find("pk_live") == std::string::npos);
  CHECK(o.evidence == std::vector<sim::EventId>{read});

  JournalBuilder write;
  auth_request(write, 1, "payments", "POST", "https://payments.mock/v1/refunds", {{"Authorization", "Bearer rk_live_123456"}});
  CHECK_FALSE(run_check("key_per_method", params, write.j, &w).passed);
  CHECK_THAT(validate("key_per_method", Json{{"service", "payments"}}), Contains("read_keys"));
}

TEST_CASE("no_auth_failure: only the listed reasons on the listed services fail", "[grade][checks][auth]") {
  JournalBuilder b;
  auto cal = auth_request(b, 300.5, "calendar", "POST", "https://calendar.mock/v1/events", {{"Authorization", "Bearer at_1"}});
  auth_refusal(b, cal, "expired", "at-3");
  auto pay = auth_request(b, 301, "payments", "POST", "https://payments.mock/v1/refunds", {});
  auth_refusal(b, pay, "missing", "");
  auto o = run_check("no_auth_failure", Json{{"services", {"calendar"}}, {"reasons", {"expired"}}}, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #1 to calendar at t=300.50 s was refused with 401 for an expired credential (at-3)"));
  CHECK_THAT(o.message, Contains("Renew a credential before it expires"));
  CHECK(run_check("no_auth_failure", Json{{"services", {"calendar"}}, {"reasons", {"revoked"}}}, b.j).passed);
  CHECK(run_check("no_auth_failure", Json{{"services", {"analytics"}}}, b.j).passed);
  CHECK_THAT(validate("no_auth_failure", Json{{"reasons", {"stale"}}}), Contains("unknown reason \"stale\""));
}

TEST_CASE("single_flight_refresh: overlapping or back-to-back refreshes for one user fail", "[grade][checks][auth]") {
  sim::WorldSpec w = auth_world();
  const sim::Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  Json params = {{"issuer", "auth"}, {"window_s", 10}};
  SECTION("one refresh, and the next one a token lifetime later, passes") {
    JournalBuilder b;
    auto a = auth_request(b, 240, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_1");
    b.response(a, 200, 0.03);
    token_answer(b, a, "alice", "rt_2");
    auto c = auth_request(b, 480, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_2");
    b.response(c, 200, 0.03);
    token_answer(b, c, "alice", "rt_3");
    CHECK(run_check("single_flight_refresh", params, b.j, &w).passed);
  }
  SECTION("two tasks refreshing with the same token at once fail") {
    JournalBuilder b;
    auto code = auth_request(b, 1, "auth", "POST", kTokenUrl, form, "grant_type=authorization_code&code=c1");
    b.response(code, 200, 0.03);
    token_answer(b, code, "alice", "rt_1");
    auto a = auth_request(b, 240, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_1", "task-3");
    auto c = auth_request(b, 240, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_1", "task-4");
    b.response(a, 200, 0.03);
    token_answer(b, a, "alice", "rt_2");
    b.response(c, 400, 0.04);
    token_refusal(b, c, "invalid_grant");
    auto o = run_check("single_flight_refresh", params, b.j, &w);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("token request #" + std::to_string(c) + " at t=240.00 s (for alice) by agent-1/task-4 was sent while token request #" +
                                   std::to_string(a)));
    CHECK_THAT(o.message, Contains("(it was refused: invalid_grant)"));
  }
  SECTION("a second refresh right after the first succeeded fails") {
    JournalBuilder b;
    auto a = auth_request(b, 240, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_1");
    b.response(a, 200, 0.03);
    token_answer(b, a, "alice", "rt_2");
    auto c = auth_request(b, 241, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_2");
    b.response(c, 200, 0.03);
    token_answer(b, c, "alice", "rt_3");
    auto o = run_check("single_flight_refresh", params, b.j, &w);
    CHECK_FALSE(o.passed);
    CHECK_THAT(o.message, Contains("0.97 s after token request #" + std::to_string(a)));
  }
}

TEST_CASE("unauthorized_handling: one refresh and one retry after a 401, no more", "[grade][checks][auth]") {
  const sim::Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  Json params = {{"services", {"calendar"}}, {"issuer", "auth"}, {"max_retries", 1}, {"max_refreshes", 1}};
  auto attempt = [&](JournalBuilder& b, double t, int status) {
    auto id = auth_request(b, t, "calendar", "POST", "https://calendar.mock/v1/events", {}, "{\"request_id\":\"carol-0001\"}");
    b.response(id, status, 0.05);
    return id;
  };
  JournalBuilder ok;
  attempt(ok, 750, 401);
  auto r1 = auth_request(ok, 750.1, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_1");
  ok.response(r1, 200, 0.03);
  attempt(ok, 750.2, 201);
  CHECK(run_check("unauthorized_handling", params, ok.j).passed);

  JournalBuilder loop;
  auto first = attempt(loop, 750, 401);
  for (int i = 0; i < 3; ++i) {
    auto r = auth_request(loop, 750.1 + i, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_1");
    loop.response(r, 400, 0.03);
    attempt(loop, 750.2 + i, 401);
  }
  auto o = run_check("unauthorized_handling", params, loop.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(first) + " to calendar at t=750.00 s got 401"));
  CHECK_THAT(o.message, Contains("the same call was sent 3 more times"));

  JournalBuilder refreshes;  // no retry, but three refreshes in a row before moving on
  attempt(refreshes, 750, 401);
  for (int i = 0; i < 3; ++i) {
    auto r = auth_request(refreshes, 750.1 + i, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_1");
    refreshes.response(r, 400, 0.03);
  }
  auto p = run_check("unauthorized_handling", params, refreshes.j);
  CHECK_FALSE(p.passed);
  CHECK_THAT(p.message, Contains("the task sent 3 token requests to auth before moving on"));
}

TEST_CASE("consent_escalation: the revoked user's items escalated, the others done", "[grade][checks][auth]") {
  sim::WorldSpec w = auth_world();
  Json params = {{"issuer", "auth"}, {"users", {"alice", "carol"}}, {"others_min_done_share", 1.0}};
  auto item = [](JournalBuilder& b, double t, std::string_view id, std::string_view outcome) {
    b.task(t, id, "arrived");
    if (!outcome.empty()) b.task(t + 0.5, id, "outcome", outcome);
  };
  JournalBuilder good;
  item(good, 90, "carol-0001", "done");       // before the withdrawal: either is fine
  item(good, 104, "carol-0002", "escalated");
  item(good, 105, "alice-0002", "done");
  auto ok = run_check("consent_escalation", params, good.j, &w);
  CHECK(ok.passed);
  CHECK_THAT(ok.message, Contains("All 1 tasks of carol after consent was withdrawn at t=100.00 s were escalated"));

  JournalBuilder dead;
  item(dead, 104, "carol-0002", "dead_letter");
  auto o = run_check("consent_escalation", params, dead.j, &w);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("Task carol-0002 of carol arrived at t=104.00 s, after carol withdrew consent at t=100.00 s, and ended as dead_letter"));

  JournalBuilder everyone;  // escalating every user stops the others too
  item(everyone, 104, "carol-0002", "escalated");
  item(everyone, 105, "alice-0002", "escalated");
  auto e = run_check("consent_escalation", params, everyone.j, &w);
  CHECK_FALSE(e.passed);
  CHECK_THAT(e.message, Contains("Only 0.0 % of the other users' tasks after t=100.00 s were done"));

  JournalBuilder resend;  // a refused refresh token sent again
  item(resend, 104, "carol-0002", "escalated");
  const sim::Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  auto r1 = auth_request(resend, 106, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_9");
  resend.response(r1, 400, 0.03);
  token_refusal(resend, r1, "invalid_grant");
  auto r2 = auth_request(resend, 110, "auth", "POST", kTokenUrl, form, "grant_type=refresh_token&refresh_token=rt_9");
  resend.response(r2, 400, 0.03);
  auto s = run_check("consent_escalation", params, resend.j, &w);
  CHECK_FALSE(s.passed);
  CHECK_THAT(s.message, Contains("token request #" + std::to_string(r2) + " at t=110.00 s sent a refresh token again"));
}

TEST_CASE("token_margin: a token used too close to its expiry fails, naming its id", "[grade][checks][auth]") {
  auto issue = [](JournalBuilder& b, double t, std::string_view value, double expires_s) {
    auto req = auth_request(b, t, "auth", "POST", kTokenUrl, {}, "grant_type=refresh_token&refresh_token=rt_0");
    const sim::Event& r = b.j.at(req);
    sim::EventInput in;
    in.kind = sim::EventKind::token_issued;
    in.ref = req;
    in.service = r.service;
    in.value = b.j.intern("alice");
    in.a = sec(expires_s);
    std::string details = "{\"access_token\":\"" + std::string(value) + "\",\"token_id\":\"at-7\"}";
    in.text = details;
    b.j.append(b.last_time(r.time), in);
  };
  Json params = {{"services", {"calendar"}}, {"margin_s", 30}};
  JournalBuilder b;
  issue(b, 0, "at_secret_value_1", 300);
  auth_request(b, 200, "calendar", "POST", "https://calendar.mock/v1/events", {{"Authorization", "Bearer at_secret_value_1"}});
  CHECK(run_check("token_margin", params, b.j).passed);
  auto late = auth_request(b, 280, "calendar", "POST", "https://calendar.mock/v1/events", {{"Authorization", "Bearer at_secret_value_1"}});
  auto o = run_check("token_margin", params, b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("request #" + std::to_string(late) + " to calendar at t=280.00 s presented token at-7 (alice) with only 20.00 s of its lifetime left"));
  CHECK(o.message.find("at_secret") == std::string::npos);
  auth_request(b, 301, "calendar", "POST", "https://calendar.mock/v1/events", {{"Authorization", "Bearer at_secret_value_1"}});
  CHECK_THAT(run_check("token_margin", params, b.j).message, Contains("2 of 3 requests to calendar came too late"));
  CHECK(run_check("token_margin", Json{{"services", {"calendar"}}, {"margin_s", 10}}, b.j).message.find("1 of 3") != std::string::npos);
}

TEST_CASE("tokens_not_leaked: an issued token in a log line fails", "[grade][checks][auth]") {
  JournalBuilder b;
  auto req = auth_request(b, 1, "auth", "POST", kTokenUrl, {}, "grant_type=authorization_code&code=c");
  token_answer(b, req, "bob", "rt_refresh_value_42");
  b.log(2, "agent-1", "renewed", R"({"user":"bob","expires_in":300})");
  CHECK(run_check("tokens_not_leaked", Json::object(), b.j).passed);
  auto line = b.log(3, "agent-1", "token response", R"({"body":"{\"refresh_token\":\"rt_refresh_value_42\"}"})");
  auto o = run_check("tokens_not_leaked", Json::object(), b.j);
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.message, Contains("log line #" + std::to_string(line) + " at t=3.00 s contains token rt-1 (bob)"));
  CHECK(o.message.find("rt_refresh") == std::string::npos);
  CHECK(run_check("tokens_not_leaked", Json{{"where", {"urls"}}}, b.j).passed);
}
