// API keys with scopes, rotation and revocation; OAuth 2.0 token endpoint; metadata credentials.
#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;

namespace {

const char* kAuthWorld = R"({
  "network": {"latency": 0},
  "secrets": {"READ_KEY": "rk_1", "PAY_KEY": [{"value": "pk_old"}, {"from_s": 100, "value": "pk_new"}]},
  "api_keys": [
    {"name": "read-only", "key": "rk_1", "scopes": ["charges:read"], "services": ["payments"]},
    {"name": "old-full", "key": "pk_old", "scopes": ["charges:read", "charges:write"], "revoked_at_s": 120},
    {"name": "new-full", "key": "pk_new", "scopes": ["charges:read", "charges:write"], "valid_from_s": 90},
    {"name": "legacy", "key": "lk_1", "scopes": ["charges:read"], "expires_at_s": 50}
  ],
  "services": [
    {"id": "payments", "host": "payments.mock", "auth": {"type": "api_key"},
     "routes": [
       {"id": "list", "method": "GET", "path": "/v1/charges", "scopes": ["charges:read"], "responses": [{"json": []}]},
       {"id": "create", "method": "POST", "path": "/v1/charges", "scopes": ["charges:write"], "responses": [{"status": 201, "json": {}}]}]},
    {"id": "legacy", "host": "legacy.mock", "auth": {"type": "api_key", "header": "X-API-Key"},
     "routes": [{"path": "/", "responses": [{"body": "ok"}]}]},
    {"id": "auth", "host": "auth.mock", "kind": "oauth",
     "oauth": {"access_token_ttl_s": 60, "refresh_token_ttl_s": 600, "rotate_refresh_tokens": true,
               "revoke_refresh_tokens_at_s": 5000,
               "clients": [{"client_id": "agent", "client_secret": "s3cret", "scopes": ["docs:read", "docs:write"]},
                           {"client_id": "ro", "client_secret": "x", "scopes": ["docs:read"], "grants": ["client_credentials"]}],
               "codes": [{"code": "consent-1", "client_id": "agent", "user": "alice", "scopes": ["docs:read"]}]}},
    {"id": "docs", "host": "docs.mock", "auth": {"type": "bearer", "issuer": "auth"},
     "routes": [{"id": "read", "method": "GET", "path": "/docs", "scopes": ["docs:read"], "responses": [{"json": ["a"]}]},
                {"id": "write", "method": "POST", "path": "/docs", "scopes": ["docs:write"], "responses": [{"status": 201}]}]},
    {"id": "meta", "host": "metadata.mock", "kind": "metadata",
     "metadata": {"path": "/token", "require_headers": {"Metadata-Flavor": "Google"}, "ttl_s": 300, "scopes": ["storage:read"], "subject": "vm-7"}},
    {"id": "storage", "host": "storage.mock", "auth": {"type": "bearer", "issuer": "meta"},
     "routes": [{"path": "/objects", "scopes": ["storage:read"], "responses": [{"json": []}]}]}
  ]})";

Outcome call(World& w, const char* method, const std::string& url, Headers h = {}, std::string body = {}) {
  return fetch(w, req(method, url, std::move(h), std::move(body)));
}

Outcome token(World& w, const std::string& form) {
  return call(w, "POST", "https://auth.mock/oauth/token", {{"Content-Type", "application/x-www-form-urlencoded"}}, form);
}

}  // namespace

TEST_CASE("API keys: missing 401, wrong scope 403, right scope 200") {
  World w(make_spec(kAuthWorld), 1);
  auto none = call(w, "GET", "https://payments.mock/v1/charges");
  CHECK(none.response.status == 401);
  CHECK(header(none, "WWW-Authenticate") == R"(Bearer realm="payments")");
  auto bad = call(w, "GET", "https://payments.mock/v1/charges", {{"Authorization", "Bearer nope"}});
  CHECK(bad.response.status == 401);
  CHECK(header(bad, "WWW-Authenticate").find(R"(error="invalid_token")") != std::string::npos);
  auto read = call(w, "GET", "https://payments.mock/v1/charges", {{"Authorization", "Bearer rk_1"}});
  CHECK(read.response.status == 200);
  auto write = call(w, "POST", "https://payments.mock/v1/charges", {{"Authorization", "Bearer rk_1"}});
  CHECK(write.response.status == 403);
  CHECK(header(write, "WWW-Authenticate").find(R"(error="insufficient_scope")") != std::string::npos);
  CHECK(header(write, "WWW-Authenticate").find(R"(scope="charges:write")") != std::string::npos);
  CHECK(fl::Json::parse(write.response.body)["error"] == "insufficient_scope");
  const Event& e = w.journal()[write.request_event + 1];
  CHECK(e.kind == EventKind::auth);
  CHECK(w.journal().str(e.name) == "insufficient_scope");
  CHECK(w.journal().str(e.value) == "read-only");
  CHECK(e.code == 403);
  // A key limited to other services, and a custom header.
  CHECK(call(w, "GET", "https://legacy.mock/", {{"X-API-Key", "rk_1"}}).response.status == 401);
  CHECK(call(w, "GET", "https://legacy.mock/", {{"X-API-Key", "pk_old"}}).response.status == 200);
}

TEST_CASE("API key rotation: secrets change, the old key is revoked, keys expire") {
  World w(make_spec(kAuthWorld), 1);
  CHECK(*w.secret("PAY_KEY") == "pk_old");
  CHECK_FALSE(w.secret("NOPE"));
  CHECK(w.secret_names() == std::vector<std::string>{"PAY_KEY", "READ_KEY"});
  auto h = [](const std::string& k) { return Headers{{"Authorization", "Bearer " + k}}; };
  CHECK(call(w, "POST", "https://payments.mock/v1/charges", h("pk_new")).response.status == 401);  // not yet valid
  CHECK(call(w, "GET", "https://legacy.mock/", {{"X-API-Key", "lk_1"}}).response.status == 200);
  wait(w, 100 * kMicrosPerSecond);
  CHECK(*w.secret("PAY_KEY") == "pk_new");
  CHECK(call(w, "POST", "https://payments.mock/v1/charges", h("pk_old")).response.status == 201);  // grace period
  CHECK(call(w, "POST", "https://payments.mock/v1/charges", h("pk_new")).response.status == 201);
  CHECK(call(w, "GET", "https://legacy.mock/", {{"X-API-Key", "lk_1"}}).response.status == 401);  // expired at 50
  wait(w, 20 * kMicrosPerSecond);
  auto revoked = call(w, "POST", "https://payments.mock/v1/charges", h("pk_old"));
  CHECK(revoked.response.status == 401);
  CHECK(w.journal().str(w.journal()[revoked.request_event + 1].name) == "revoked");
  // The timeline sees credential changes as background events.
  CHECK(count_kind(w.journal(), EventKind::credential) == 4);  // legacy expired, new activated, PAY_KEY rotated, old revoked
}

TEST_CASE("OAuth client credentials: token, use, expiry with 401, new token") {
  World w(make_spec(kAuthWorld), 1);
  auto t = token(w, "grant_type=client_credentials&client_id=agent&client_secret=s3cret&scope=docs%3Aread");
  REQUIRE(t.response.status == 200);
  CHECK(header(t, "Cache-Control") == "no-store");
  auto j = fl::Json::parse(t.response.body);
  CHECK(j["token_type"] == "Bearer");
  CHECK(j["expires_in"] == 60);
  CHECK(j["scope"] == "docs:read");
  CHECK_FALSE(j.contains("refresh_token"));
  std::string at = j["access_token"];
  auto bearer = Headers{{"Authorization", "Bearer " + at}};
  CHECK(call(w, "GET", "https://docs.mock/docs", bearer).response.status == 200);
  auto denied = call(w, "POST", "https://docs.mock/docs", bearer);
  CHECK(denied.response.status == 403);  // token without docs:write
  wait(w, 60 * kMicrosPerSecond);
  auto expired = call(w, "GET", "https://docs.mock/docs", bearer);
  CHECK(expired.response.status == 401);
  CHECK(header(expired, "WWW-Authenticate").find("expired") != std::string::npos);
  CHECK(w.journal().str(w.journal()[expired.request_event + 1].name) == "expired");
  // The expiry itself is on the timeline, as a background credential event at its time.
  bool expiry_seen = false;
  for (EventId id = 1; id <= w.journal().size(); ++id) {
    const Event& e = w.journal()[id];
    if (e.kind == EventKind::credential && w.journal().str(e.name) == "at-1") {
      CHECK(w.journal().str(e.value) == "expired");
      CHECK(e.time == 60 * kMicrosPerSecond);
      expiry_seen = true;
    }
  }
  CHECK(expiry_seen);
  // Token events are journalled with their expiry.
  const Event& issued = w.journal()[t.request_event + 1];
  CHECK(issued.kind == EventKind::token_issued);
  CHECK(w.journal().str(issued.name) == "client_credentials");
  CHECK(issued.a == 60 * kMicrosPerSecond);
  CHECK(w.journal().text(issued).find(at) != std::string::npos);
}

TEST_CASE("OAuth errors: invalid_client, unsupported grant, unauthorized client, invalid_scope") {
  World w(make_spec(kAuthWorld), 1);
  auto bad_secret = token(w, "grant_type=client_credentials&client_id=agent&client_secret=wrong");
  CHECK(bad_secret.response.status == 401);
  CHECK(fl::Json::parse(bad_secret.response.body)["error"] == "invalid_client");
  CHECK(fl::Json::parse(token(w, "grant_type=password&client_id=agent&client_secret=s3cret").response.body)["error"] ==
        "unsupported_grant_type");
  CHECK(fl::Json::parse(token(w, "grant_type=refresh_token&client_id=ro&client_secret=x&refresh_token=a").response.body)["error"] ==
        "unauthorized_client");
  CHECK(fl::Json::parse(token(w, "grant_type=client_credentials&client_id=ro&client_secret=x&scope=docs:write").response.body)["error"] ==
        "invalid_scope");
  CHECK(call(w, "GET", "https://auth.mock/oauth/token").response.status == 405);
  CHECK(count_kind(w.journal(), EventKind::token_denied) == 4);
}

TEST_CASE("OAuth client authentication with HTTP Basic and a JSON body") {
  World w(make_spec(kAuthWorld), 1);
  // base64("agent:s3cret") = YWdlbnQ6czNjcmV0
  auto t = call(w, "POST", "https://auth.mock/oauth/token",
                {{"Authorization", "Basic YWdlbnQ6czNjcmV0"}, {"Content-Type", "application/json"}},
                R"({"grant_type": "client_credentials"})");
  CHECK(t.response.status == 200);
  CHECK(fl::Json::parse(t.response.body)["scope"] == "docs:read docs:write");
}

TEST_CASE("authorization code for a pre-consented user, then refresh with rotation") {
  World w(make_spec(kAuthWorld), 1);
  auto t = token(w, "grant_type=authorization_code&code=consent-1&client_id=agent&client_secret=s3cret");
  REQUIRE(t.response.status == 200);
  auto j = fl::Json::parse(t.response.body);
  std::string rt1 = j["refresh_token"];
  CHECK(j["refresh_token_expires_in"] == 600);
  CHECK(w.journal().str(w.journal()[t.request_event + 1].value) == "alice");
  auto again = token(w, "grant_type=authorization_code&code=consent-1&client_id=agent&client_secret=s3cret");
  CHECK(fl::Json::parse(again.response.body)["error"] == "invalid_grant");  // codes are single-use
  wait(w, 61 * kMicrosPerSecond);
  auto r = token(w, "grant_type=refresh_token&client_id=agent&client_secret=s3cret&refresh_token=" + rt1);
  REQUIRE(r.response.status == 200);
  std::string rt2 = fl::Json::parse(r.response.body)["refresh_token"];
  CHECK(rt2 != rt1);
  CHECK(call(w, "GET", "https://docs.mock/docs", {{"Authorization", "Bearer " + std::string(fl::Json::parse(r.response.body)["access_token"])}})
            .response.status == 200);
  auto reuse = token(w, "grant_type=refresh_token&client_id=agent&client_secret=s3cret&refresh_token=" + rt1);
  CHECK(reuse.response.status == 400);
  CHECK(fl::Json::parse(reuse.response.body)["error"] == "invalid_grant");  // rotated away
  wait(w, 600 * kMicrosPerSecond);
  auto old = token(w, "grant_type=refresh_token&client_id=agent&client_secret=s3cret&refresh_token=" + rt2);
  CHECK(fl::Json::parse(old.response.body)["error"] == "invalid_grant");  // refresh token expired
  CHECK(fl::Json::parse(old.response.body)["error_description"] == "the refresh token expired");
}

TEST_CASE("refresh tokens revoked at a given time get invalid_grant") {
  World w(make_spec(kAuthWorld), 1);
  auto t = token(w, "grant_type=authorization_code&code=consent-1&client_id=agent&client_secret=s3cret");
  std::string rt = fl::Json::parse(t.response.body)["refresh_token"];
  wait(w, 5000 * kMicrosPerSecond);
  auto r = token(w, "grant_type=refresh_token&client_id=agent&client_secret=s3cret&refresh_token=" + rt);
  CHECK(fl::Json::parse(r.response.body)["error"] == "invalid_grant");
  CHECK(fl::Json::parse(r.response.body)["error_description"] == "the refresh token was revoked");
}

TEST_CASE("revoke_users: one user's tokens are revoked, the other user's keep working") {
  fl::Json spec = fl::Json::parse(kAuthWorld);
  auto& o = spec["services"][2]["oauth"];
  o["revoke_refresh_tokens_at_s"] = 100;
  o["revoke_access_tokens_at_s"] = 100;
  o["revoke_users"] = {"carol"};
  o["access_token_ttl_s"] = 600;
  o["codes"].push_back({{"code", "consent-2"}, {"client_id", "agent"}, {"user", "carol"}, {"scopes", {"docs:read"}}});
  World w(make_spec(spec.dump()), 1);
  auto a = fl::Json::parse(token(w, "grant_type=authorization_code&code=consent-1&client_id=agent&client_secret=s3cret").response.body);
  auto c = fl::Json::parse(token(w, "grant_type=authorization_code&code=consent-2&client_id=agent&client_secret=s3cret").response.body);
  auto bearer = [](const fl::Json& t) { return Headers{{"Authorization", "Bearer " + t["access_token"].get<std::string>()}}; };
  CHECK(call(w, "GET", "https://docs.mock/docs", bearer(c)).response.status == 200);
  wait(w, 100 * kMicrosPerSecond);
  auto denied = call(w, "GET", "https://docs.mock/docs", bearer(c));
  CHECK(denied.response.status == 401);
  CHECK(w.journal().str(w.journal()[denied.request_event + 1].name) == "revoked");
  CHECK(call(w, "GET", "https://docs.mock/docs", bearer(a)).response.status == 200);
  auto rc = token(w, "grant_type=refresh_token&client_id=agent&client_secret=s3cret&refresh_token=" + c["refresh_token"].get<std::string>());
  CHECK(fl::Json::parse(rc.response.body)["error"] == "invalid_grant");
  auto ra = token(w, "grant_type=refresh_token&client_id=agent&client_secret=s3cret&refresh_token=" + a["refresh_token"].get<std::string>());
  CHECK(ra.response.status == 200);
  bool named = false;
  for (std::size_t id = 1; id <= w.journal().size(); ++id) {
    const Event& e = w.journal()[static_cast<EventId>(id)];
    if (e.kind == EventKind::credential && w.journal().str(e.name) == "auth:refresh_tokens:carol") named = true;
  }
  CHECK(named);
}

TEST_CASE("metadata service issues short-lived credentials") {
  World w(make_spec(kAuthWorld), 1);
  CHECK(call(w, "GET", "https://metadata.mock/token").response.status == 403);
  auto t = call(w, "GET", "https://metadata.mock/token", {{"Metadata-Flavor", "Google"}});
  REQUIRE(t.response.status == 200);
  auto j = fl::Json::parse(t.response.body);
  CHECK(j["expires_in"] == 300);
  CHECK(j["expires_at"] == "2026-01-01T00:05:00Z");
  auto bearer = Headers{{"Authorization", "Bearer " + std::string(j["access_token"])}};
  CHECK(call(w, "GET", "https://storage.mock/objects", bearer).response.status == 200);
  wait(w, 300 * kMicrosPerSecond);
  CHECK(call(w, "GET", "https://storage.mock/objects", bearer).response.status == 401);
  // Tokens from one issuer are not accepted by a service trusting another.
  auto t2 = call(w, "GET", "https://metadata.mock/token", {{"Metadata-Flavor", "Google"}});
  auto b2 = Headers{{"Authorization", "Bearer " + std::string(fl::Json::parse(t2.response.body)["access_token"])}};
  CHECK(call(w, "GET", "https://docs.mock/docs", b2).response.status == 401);
}

TEST_CASE("OAuth errors echo learner input safely") {
  World w(make_spec(kAuthWorld), 1);
  auto t = token(w, "grant_type=%FF%FE&client_id=agent&client_secret=s3cret");
  CHECK(t.response.status == 400);
  auto j = fl::Json::parse(t.response.body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["error"] == "unsupported_grant_type");
}
