// Authentication: API keys with scopes (rotation, revocation, expiry), bearer tokens issued by
// an OAuth 2.0 token endpoint (client credentials, authorization code, refresh token) or by a
// metadata service; 401 with WWW-Authenticate for missing/unknown/expired/revoked credentials,
// 403 for a missing scope.
#include <algorithm>

#include "sim/world_impl.h"

namespace fl::sim {

namespace {

// Whether an OAuth server's revocation times apply to `subject`'s tokens (all users unless
// `revoke_users` names some: one user withdrawing consent).
bool revocation_hits(const OAuthSpec& o, const std::string& subject) {
  return o.revoke_users.empty() || std::find(o.revoke_users.begin(), o.revoke_users.end(), subject) != o.revoke_users.end();
}

bool has_all(const std::vector<std::string>& have, const std::vector<std::string>& need, std::string* missing) {
  for (const auto& s : need)
    if (std::find(have.begin(), have.end(), s) == have.end()) {
      if (missing) *missing = s;
      return false;
    }
  return true;
}

std::string join_scopes(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> split_scopes(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto sp = s.find(' ');
    if (sp != 0) out.emplace_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s = s.substr(sp + 1);
  }
  return out;
}

// Strips "Scheme " (case-insensitive) from a header value; nullopt if the scheme differs.
std::optional<std::string_view> strip_scheme(std::string_view value, std::string_view scheme) {
  if (scheme.empty()) return value;
  if (value.size() <= scheme.size() || !iequals(value.substr(0, scheme.size()), scheme) || value[scheme.size()] != ' ')
    return std::nullopt;
  value.remove_prefix(scheme.size() + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value;
}

std::string dquote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

}  // namespace

std::string base64_decode(std::string_view in, bool* ok) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  *ok = true;
  for (char c : in) {
    if (c == '=') break;
    int v = val(c);
    if (v < 0) {
      *ok = false;
      return {};
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

bool World::Impl::check_auth(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  const AuthSpec& a = svc.auth;
  if (a.type == AuthType::none) return true;
  const RouteSpec* rt = x.route >= 0 ? &svc.routes[x.route] : nullptr;

  auto deny = [&](int status, const char* reason, std::string_view credential, std::string description,
                  const std::vector<std::string>* scope) {
    EventInput e;
    e.kind = EventKind::auth;
    e.agent = x.client.agent;
    e.task = x.client.task;
    e.service = services[x.service].atom;
    e.ref = x.request_event;
    e.name = journal.intern(reason);
    e.value = journal.intern(credential);
    e.code = status;
    e.text = description;
    journal.append(now, e);
    std::string error = status == 403 ? "insufficient_scope" : std::string_view(reason) == "missing" ? "unauthorized" : "invalid_token";
    answer(x, status, "{\"error\":" + safe_dump(Json(error)) + ",\"error_description\":" + safe_dump(Json(description)) + "}");
    std::string scheme = a.type == AuthType::api_key && !a.scheme.empty() ? a.scheme : a.type == AuthType::api_key ? "ApiKey" : "Bearer";
    std::string www = scheme + " realm=" + dquote(svc.id);
    if (std::string_view(reason) != "missing") www += ", error=" + dquote(error) + ", error_description=" + dquote(description);
    if (scope) www += ", scope=" + dquote(join_scopes(*scope));
    x.response.headers.add("WWW-Authenticate", www);
    return false;
  };

  if (a.type == AuthType::api_key) {
    std::optional<std::string> presented;
    if (!a.query.empty()) {
      for (auto& [k, v] : parse_query(x.url->query))
        if (k == a.query) presented = v;
    } else if (auto h = x.req.headers.get(a.header)) {
      if (auto v = strip_scheme(*h, a.scheme)) presented = std::string(*v);
    }
    if (!presented || presented->empty())
      return deny(401, "missing", "", "no API key: send it in " + (a.query.empty() ? a.header + (a.scheme.empty() ? "" : " as \"" + a.scheme + " KEY\"") : "the query parameter " + a.query), nullptr);
    const ApiKeySpec* key = nullptr;
    for (const auto& k : spec->api_keys)
      if (k.key == *presented) key = &k;
    if (!key) return deny(401, "unknown", "", "the API key is not valid", nullptr);
    if (!key->services.empty() && std::find(key->services.begin(), key->services.end(), x.service) == key->services.end())
      return deny(401, "not_for_service", key->name, "the API key is not valid for " + svc.id, nullptr);
    if (now < key->valid_from) return deny(401, "not_yet_valid", key->name, "the API key is not active yet", nullptr);
    if (now >= key->revoked_at) return deny(401, "revoked", key->name, "the API key was revoked", nullptr);
    if (now >= key->expires_at) return deny(401, "expired", key->name, "the API key expired", nullptr);
    std::string missing;
    if (rt && !has_all(key->scopes, rt->scopes, &missing))
      return deny(403, "insufficient_scope", key->name, "the API key lacks the scope \"" + missing + "\"", &rt->scopes);
    x.credential = key->name;
    return true;
  }

  // Bearer tokens from an issuer service.
  auto h = x.req.headers.get("Authorization");
  std::optional<std::string_view> token = h ? strip_scheme(*h, "Bearer") : std::nullopt;
  if (!token || token->empty()) return deny(401, "missing", "", "no access token: send \"Authorization: Bearer TOKEN\"", nullptr);
  auto it = tokens.find(*token);
  if (it == tokens.end() || it->second.issuer != a.issuer) return deny(401, "unknown", "", "the access token is not valid", nullptr);
  const TokenRecord& t = it->second;
  if (now >= t.expires_at) return deny(401, "expired", t.id, "the access token expired", nullptr);
  const ServiceSpec& issuer = spec->services[t.issuer];
  if (issuer.kind == ServiceKind::oauth && now >= issuer.oauth.revoke_access_tokens_at &&
      t.issued_at < issuer.oauth.revoke_access_tokens_at && revocation_hits(issuer.oauth, t.subject))
    return deny(401, "revoked", t.id, "the access token was revoked", nullptr);
  std::string missing;
  if (rt && !has_all(t.scopes, rt->scopes, &missing))
    return deny(403, "insufficient_scope", t.id, "the access token lacks the scope \"" + missing + "\"", &rt->scopes);
  x.credential = t.subject;
  return true;
}

void World::Impl::serve_token_endpoint(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  const OAuthSpec& o = svc.oauth;
  // Parameters: JSON object or application/x-www-form-urlencoded.
  std::vector<std::pair<std::string, std::string>> params;
  auto ctype = x.req.headers.get("Content-Type");
  bool is_json = (ctype && ctype->find("json") != std::string_view::npos) ||
                 (!ctype && !x.req.body.empty() && x.req.body.front() == '{');
  if (is_json) {
    Json j = parse_json_or_discarded(x.req.body);
    if (j.is_object())
      for (auto it = j.begin(); it != j.end(); ++it)
        if (it->is_string()) params.emplace_back(it.key(), it->get<std::string>());
  } else {
    params = parse_query(x.req.body);
  }
  auto param = [&](std::string_view k) -> std::string {
    for (auto& [pk, pv] : params)
      if (pk == k) return pv;
    return {};
  };
  std::string grant = param("grant_type");
  auto deny = [&](int status, const char* error, std::string description) {
    EventInput e;
    e.kind = EventKind::token_denied;
    e.agent = x.client.agent;
    e.task = x.client.task;
    e.service = services[x.service].atom;
    e.ref = x.request_event;
    e.name = journal.intern(error);
    e.value = journal.intern(grant);
    e.code = status;
    e.text = description;
    journal.append(now, e);
    answer(x, status, "{\"error\":" + safe_dump(Json(error)) + ",\"error_description\":" + safe_dump(Json(description)) + "}");
    x.response.headers.add("Cache-Control", "no-store");
    if (status == 401) x.response.headers.add("WWW-Authenticate", "Basic realm=" + dquote(svc.id));
  };
  if (x.req.method != "POST") {
    answer(x, 405, json_error("method_not_allowed", "the token endpoint accepts POST only"));
    x.response.headers.add("Allow", "POST");
    return;
  }
  // Client authentication: HTTP Basic or client_id/client_secret parameters.
  std::string client_id = param("client_id"), secret = param("client_secret");
  if (auto h = x.req.headers.get("Authorization")) {
    if (auto b = strip_scheme(*h, "Basic")) {
      bool ok;
      std::string decoded = base64_decode(*b, &ok);
      auto colon = decoded.find(':');
      if (ok && colon != std::string::npos) {
        client_id = percent_decode(decoded.substr(0, colon), true);
        secret = percent_decode(decoded.substr(colon + 1), true);
      }
    }
  }
  const OAuthClientSpec* client = nullptr;
  for (const auto& c : o.clients)
    if (c.client_id == client_id) client = &c;
  if (!client || client->client_secret != secret) return deny(401, "invalid_client", "unknown client or wrong client secret");
  if (grant.empty()) return deny(400, "invalid_request", "missing grant_type");
  if (grant != "client_credentials" && grant != "authorization_code" && grant != "refresh_token")
    return deny(400, "unsupported_grant_type", "grant_type \"" + grant + "\" is not supported");
  if (std::find(client->grants.begin(), client->grants.end(), grant) == client->grants.end())
    return deny(400, "unauthorized_client", "this client may not use grant_type " + grant);

  std::vector<std::string> allowed;  // scopes this grant may carry
  std::string subject;
  RefreshRecord* old_refresh = nullptr;
  if (grant == "client_credentials") {
    allowed = client->scopes;
    subject = client->client_id;
  } else if (grant == "authorization_code") {
    std::string code = param("code");
    const AuthCodeSpec* c = nullptr;
    for (const auto& ac : o.codes)
      if (ac.code == code) c = &ac;
    if (!c || c->client_id != client->client_id) return deny(400, "invalid_grant", "unknown authorization code");
    if (used_codes.count(code)) return deny(400, "invalid_grant", "the authorization code was already used");
    used_codes.insert(code);
    allowed = c->scopes;
    subject = c->user;
  } else {
    std::string rt = param("refresh_token");
    auto it = refresh_tokens.find(rt);
    if (rt.empty() || it == refresh_tokens.end() || it->second.issuer != x.service)
      return deny(400, "invalid_grant", "unknown refresh token");
    RefreshRecord& r = it->second;
    if (r.client_id != client->client_id) return deny(400, "invalid_grant", "the refresh token belongs to another client");
    if (r.revoked) return deny(400, "invalid_grant", "the refresh token was revoked (it was already used or rotated)");
    if (now >= o.revoke_refresh_tokens_at && r.issued_at < o.revoke_refresh_tokens_at && revocation_hits(o, r.subject))
      return deny(400, "invalid_grant", "the refresh token was revoked");
    if (now >= r.expires_at) return deny(400, "invalid_grant", "the refresh token expired");
    allowed = r.scopes;
    subject = r.subject;
    old_refresh = &r;
  }
  std::vector<std::string> scopes = allowed;
  std::string requested = param("scope");
  if (!requested.empty()) {
    scopes = split_scopes(requested);
    std::string missing;
    if (!has_all(allowed, scopes, &missing)) return deny(400, "invalid_scope", "scope \"" + missing + "\" is not granted to this client");
  }

  // Issue.
  ++token_counter;
  std::string access = "at_" + random_hex(rng, 24) + "_" + std::to_string(token_counter);
  TokenRecord t;
  t.issuer = x.service;
  t.subject = subject;
  t.scopes = scopes;
  t.issued_at = now;
  t.expires_at = add_sat(now, o.access_ttl);
  t.id = "at-" + std::to_string(token_counter);
  tokens.emplace(access, t);
  schedule_token_expiry(t.id, t.expires_at);
  std::string refresh;
  Micros refresh_expires = 0;
  bool issue_refresh = grant == "authorization_code" || (grant == "client_credentials" && o.client_credentials_refresh) ||
                       (grant == "refresh_token" && o.rotate_refresh_tokens);
  if (issue_refresh) {
    refresh = "rt_" + random_hex(rng, 24) + "_" + std::to_string(token_counter);
    RefreshRecord r;
    r.issuer = x.service;
    r.client_id = client->client_id;
    r.subject = subject;
    r.scopes = grant == "refresh_token" ? old_refresh->scopes : scopes;
    r.issued_at = now;
    r.expires_at = o.refresh_ttl > 0 ? add_sat(now, o.refresh_ttl) : kForever;
    refresh_expires = r.expires_at == kForever ? 0 : r.expires_at;
    refresh_tokens.emplace(refresh, r);
    if (r.expires_at != kForever) schedule_token_expiry("rt-" + std::to_string(token_counter), r.expires_at);
    if (old_refresh) old_refresh->revoked = true;  // rotation: the old one dies
  }
  Json body = {{"access_token", access}, {"token_type", "Bearer"}, {"expires_in", ceil_seconds(o.access_ttl)},
               {"scope", join_scopes(scopes)}};
  if (!refresh.empty()) {
    body["refresh_token"] = refresh;
    if (o.refresh_ttl > 0) body["refresh_token_expires_in"] = ceil_seconds(o.refresh_ttl);
  }
  EventInput e;
  e.kind = EventKind::token_issued;
  e.agent = x.client.agent;
  e.task = x.client.task;
  e.service = services[x.service].atom;
  e.ref = x.request_event;
  e.name = journal.intern(grant);
  e.value = journal.intern(subject);
  e.a = t.expires_at;
  e.b = refresh_expires;
  Json details = {{"access_token", access}, {"token_id", t.id}, {"scope", join_scopes(scopes)}};
  if (!refresh.empty()) {
    details["refresh_token"] = refresh;
    details["refresh_token_id"] = "rt-" + std::to_string(token_counter);
  }
  std::string details_text = safe_dump(details);
  e.text = details_text;
  journal.append(now, e);
  answer(x, 200, safe_dump(body));
  x.response.headers.add("Cache-Control", "no-store");
}

void World::Impl::serve_metadata(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  const MetadataSpec& m = svc.metadata;
  if (x.req.method != "GET") {
    answer(x, 405, json_error("method_not_allowed", "the metadata endpoint accepts GET only"));
    x.response.headers.add("Allow", "GET");
    return;
  }
  for (const auto& [name, value] : m.require_headers) {
    auto h = x.req.headers.get(name);
    if (!h || *h != value) {
      EventInput e;
      e.kind = EventKind::token_denied;
      e.agent = x.client.agent;
      e.task = x.client.task;
      e.service = services[x.service].atom;
      e.ref = x.request_event;
      e.name = journal.intern("missing_header");
      e.value = journal.intern("metadata");
      e.code = 403;
      std::string why = "requests to the metadata service need the header " + name + ": " + value;
      e.text = why;
      journal.append(now, e);
      answer(x, 403, json_error("forbidden", why));
      return;
    }
  }
  ++token_counter;
  std::string access = "mt_" + random_hex(rng, 24) + "_" + std::to_string(token_counter);
  TokenRecord t;
  t.issuer = x.service;
  t.subject = m.subject;
  t.scopes = m.scopes;
  t.issued_at = now;
  t.expires_at = add_sat(now, m.ttl);
  t.id = "mt-" + std::to_string(token_counter);
  tokens.emplace(access, t);
  schedule_token_expiry(t.id, t.expires_at);
  Json body = {{"access_token", access}, {"token_type", "Bearer"}, {"expires_in", ceil_seconds(m.ttl)},
               {"expires_at", iso8601(spec->epoch_seconds + ceil_seconds(t.expires_at))}};
  EventInput e;
  e.kind = EventKind::token_issued;
  e.agent = x.client.agent;
  e.task = x.client.task;
  e.service = services[x.service].atom;
  e.ref = x.request_event;
  e.name = journal.intern("metadata");
  e.value = journal.intern(m.subject);
  e.a = t.expires_at;
  Json details = {{"access_token", access}, {"token_id", t.id}, {"scope", join_scopes(m.scopes)}};
  std::string details_text = safe_dump(details);
  e.text = details_text;
  journal.append(now, e);
  answer(x, 200, safe_dump(body));
  x.response.headers.add("Cache-Control", "no-store");
}

// A background `credential` event when a token expires, so the timeline shows it even if the
// token is never used again (a use after expiry is the `auth` event with reason "expired").
void World::Impl::schedule_token_expiry(const std::string& id, Micros at) {
  Atom name = journal.intern(id), change = journal.intern("expired");
  add_timer(at, [this, name, change] {
    EventInput e;
    e.kind = EventKind::credential;
    e.name = name;
    e.value = change;
    journal.append(now, e);
  }, true);
}

// Background journal events for scheduled credential changes, so the timeline shows them.
void World::Impl::schedule_credential_events() {
  struct Change {
    Micros at;
    std::string name;
    const char* change;
  };
  std::vector<Change> changes;
  for (const auto& k : spec->api_keys) {
    if (k.valid_from > 0) changes.push_back({k.valid_from, k.name, "activated"});
    if (k.revoked_at != kForever) changes.push_back({k.revoked_at, k.name, "revoked"});
    if (k.expires_at != kForever) changes.push_back({k.expires_at, k.name, "expired"});
  }
  for (const auto& s : spec->secrets)
    for (std::size_t v = 1; v < s.versions.size(); ++v) changes.push_back({s.versions[v].from, s.name, "rotated"});
  for (const auto& svc : spec->services) {
    if (svc.kind != ServiceKind::oauth) continue;
    // "auth:refresh_tokens", or "auth:refresh_tokens:carol" when only some users are hit.
    std::string whose;
    for (const auto& u : svc.oauth.revoke_users) whose += ":" + u;
    if (svc.oauth.revoke_refresh_tokens_at != kForever)
      changes.push_back({svc.oauth.revoke_refresh_tokens_at, svc.id + ":refresh_tokens" + whose, "revoked"});
    if (svc.oauth.revoke_access_tokens_at != kForever)
      changes.push_back({svc.oauth.revoke_access_tokens_at, svc.id + ":access_tokens" + whose, "revoked"});
  }
  // Stable by time: equal times keep declaration order.
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.at < b.at; });
  for (const auto& c : changes) {
    Atom name = journal.intern(c.name), change = journal.intern(c.change);
    add_timer(c.at, [this, name, change] {
      EventInput e;
      e.kind = EventKind::credential;
      e.name = name;
      e.value = change;
      journal.append(now, e);
    }, true);
  }
}

}  // namespace fl::sim
