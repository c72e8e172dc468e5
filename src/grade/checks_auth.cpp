// Checks about credentials (lab 1, lesson 1): the least-privileged API key for each request,
// no request refused for an expired or revoked credential, one token refresh at a time, a
// 401 answered by at most one refresh and one retry, and a user whose consent was withdrawn
// escalated while the other users carry on. Messages name keys and tokens, never their values.
#include <algorithm>
#include <map>

#include "grade/checks_common.h"
#include "sim/http.h"

namespace fl::grade {

namespace {

using namespace detail;

const sim::ServiceSpec* auth_service(const Trace& tr, std::string_view id) {
  if (!tr.world()) return nullptr;
  for (const auto& s : tr.world()->services)
    if (s.id == id) return &s;
  return nullptr;
}

// The parameters of a token request: a form body or a JSON object.
std::map<std::string, std::string> token_params(std::string_view body) {
  std::map<std::string, std::string> out;
  if (!body.empty() && body.front() == '{') {
    Json j = parse_json_or_discarded(body);
    if (j.is_object())
      for (auto it = j.begin(); it != j.end(); ++it)
        if (it->is_string()) out[it.key()] = it->get<std::string>();
    return out;
  }
  for (auto& [k, v] : sim::parse_query(body)) out.emplace(k, v);
  return out;
}

// Every request to an issuer (an OAuth or metadata service) with what it asked for and got.
struct TokenRequest {
  int request = -1;           // index into Trace::requests()
  std::string grant;          // grant_type ("metadata" for a metadata service)
  std::string subject;        // whose token: user, client or instance ("" if unknown)
  std::string refresh_token;  // the refresh token it presented, if any
  bool issued = false;
  std::string error;          // token_denied error ("invalid_grant", ...)
  EventId outcome_event = 0;
};

std::vector<TokenRequest> token_requests(const Trace& tr, const sim::ServiceSpec& issuer) {
  std::vector<TokenRequest> out;
  const auto& reqs = tr.requests();
  const auto& j = tr.journal();
  std::map<int, std::size_t> by_request;  // request index -> position in out
  for (int i = 0; i < static_cast<int>(reqs.size()); ++i) {
    if (reqs[i].service != issuer.id) continue;
    TokenRequest t;
    t.request = i;
    if (issuer.kind == sim::ServiceKind::metadata) {
      t.grant = "metadata";
      t.subject = issuer.metadata.subject;
    } else {
      auto p = token_params(reqs[i].body);
      t.grant = p["grant_type"];
      t.refresh_token = p["refresh_token"];
      if (t.grant == "client_credentials") t.subject = p["client_id"];
      if (t.grant == "authorization_code")
        for (const auto& c : issuer.oauth.codes)
          if (c.code == p["code"]) t.subject = c.user;
    }
    by_request[i] = out.size();
    out.push_back(std::move(t));
  }
  // Outcomes, and refresh tokens -> subjects from the tokens issued so far (journal order).
  std::map<std::string, std::string> refresh_owner;
  for (EventId id = 1; id <= j.size(); ++id) {
    auto issued = sim::decode<sim::TokenIssuedEvent>(j, id);
    auto denied = issued ? std::nullopt : sim::decode<sim::TokenDeniedEvent>(j, id);
    if (!issued && !denied) continue;
    auto it = by_request.find(tr.request_index(issued ? issued->request : denied->request));
    if (it == by_request.end()) continue;
    TokenRequest& t = out[it->second];
    t.outcome_event = id;
    if (t.subject.empty() && !t.refresh_token.empty()) {
      auto o = refresh_owner.find(t.refresh_token);
      if (o != refresh_owner.end()) t.subject = o->second;
    }
    if (denied) {
      t.error = std::string(denied->error.text);
      continue;
    }
    t.issued = true;
    t.subject = std::string(issued->subject.text);
    Json details = parse_json_or_discarded(issued->details);
    if (details.is_object() && details.contains("refresh_token") && details["refresh_token"].is_string())
      refresh_owner[details["refresh_token"].get<std::string>()] = t.subject;
  }
  return out;
}

std::string token_request_ref(const Trace& tr, const TokenRequest& t) {
  const RequestRec& r = tr.requests()[t.request];
  std::string s = "token request #" + std::to_string(r.id) + " at t=" + seconds(r.sent) + " s";
  if (!t.subject.empty()) s += " (for " + t.subject + ")";
  return s;
}

// Tokens the issuers handed out (access and refresh), by value: what a request presented.
struct IssuedToken {
  std::string id;        // "at-7", "rt-7", "mt-3": what messages show instead of the value
  std::string subject;
  Micros expires = sim::kForever;
};

std::map<std::string, IssuedToken> issued_tokens(const Trace& tr) {
  std::map<std::string, IssuedToken> out;
  const auto& j = tr.journal();
  for (const sim::TokenIssuedEvent& e : sim::events_of<sim::TokenIssuedEvent>(j)) {
    Json d = parse_json_or_discarded(e.details);
    if (!d.is_object()) continue;
    auto field = [&](const char* k) { return d.contains(k) && d[k].is_string() ? d[k].get<std::string>() : std::string(); };
    std::string subject(e.subject.text);
    if (std::string at = field("access_token"); !at.empty()) out[at] = {field("token_id"), subject, e.expires_at};
    if (std::string rt = field("refresh_token"); !rt.empty())
      out[rt] = {field("refresh_token_id"), subject, e.refresh_expires_at > 0 ? e.refresh_expires_at : sim::kForever};
  }
  return out;
}

// --- token_margin --------------------------------------------------------------------------

struct MarginParams {
  std::vector<std::string> services;
  double margin_s = 30;
};

class TokenMargin final : public TypedCheck<MarginParams> {
 public:
  std::string_view name() const override { return "token_margin"; }
  std::string_view summary() const override {
    return "no request to the listed services presents an issued bearer token with less than margin_s of its "
           "lifetime left (tokens are renewed before they expire, with a safety margin)";
  }

 protected:
  void parse(ParamReader& r, MarginParams& p) const override {
    r.known_keys({"services", "margin_s"});
    p.services = r.string_list("services", {});
    if (p.services.empty()) r.error("services", "list the services whose bearer tokens are judged");
    p.margin_s = r.number("margin_s", p.margin_s, 0, 86400);
  }

  CheckOutcome run(const MarginParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& j = tr.journal();
    const auto tokens = issued_tokens(tr);
    const Micros margin = sim::from_seconds(p.margin_s);
    std::size_t judged = 0, late = 0;
    std::string first;
    for (const auto& r : tr.requests()) {
      if (!contains(p.services, r.service)) continue;
      const sim::Headers headers = j.headers(j.at(r.id));  // get() views into it: keep it alive
      auto h = headers.get("Authorization");
      if (!h || h->size() < 7 || !sim::iequals(h->substr(0, 7), "Bearer ")) continue;
      auto it = tokens.find(std::string(h->substr(7)));
      if (it == tokens.end()) continue;
      ++judged;
      const IssuedToken& t = it->second;
      if (t.expires == sim::kForever || r.sent <= t.expires - margin) continue;
      ++late;
      if (o.evidence.size() < 30) o.evidence.push_back(r.id);
      if (first.empty())
        first = request_ref(r) + " presented token " + t.id + (t.subject.empty() ? "" : " (" + t.subject + ")") +
                (r.sent >= t.expires ? ", which had expired " + seconds(r.sent - t.expires) + " s earlier"
                                     : " with only " + seconds(t.expires - r.sent) + " s of its lifetime left");
    }
    const std::string where = join_or(p.services);
    if (late == 0) {
      o.passed = true;
      o.message = "All " + num(judged) + " requests to " + where + " presented a token with at least " +
                  fixed(p.margin_s, 0) + " s of its lifetime left.";
      return o;
    }
    o.message = first + ". Renew a token before it expires, while at least " + fixed(p.margin_s, 0) +
                " s remain: note when it expires (the time you sent the token request plus expires_in) and check "
                "before each use. " + num(late) + " of " + num(judged) + " requests to " + where + " came too late.";
    return o;
  }
};

// --- tokens_not_leaked ---------------------------------------------------------------------

struct TokenLeakParams {
  std::vector<std::string> where{"logs", "urls", "metrics", "states", "tasks"};
};

class TokensNotLeaked final : public TypedCheck<TokenLeakParams> {
 public:
  std::string_view name() const override { return "tokens_not_leaked"; }
  std::string_view summary() const override {
    return "no access or refresh token an issuer handed out appears in log lines, URLs, metric names, trace states "
           "or task reports";
  }

 protected:
  void parse(ParamReader& r, TokenLeakParams& p) const override {
    r.known_keys({"where"});
    p.where = r.string_list("where", p.where);
    for (const auto& w : p.where)
      if (w != "logs" && w != "urls" && w != "metrics" && w != "states" && w != "tasks")
        r.error("where", "unknown place \"" + w + "\"; expected logs, urls, metrics, states or tasks");
  }

  CheckOutcome run(const TokenLeakParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& j = tr.journal();
    const auto tokens = issued_tokens(tr);
    auto leaked = [&](std::string_view hay) -> const IssuedToken* {
      if (hay.size() < 8) return nullptr;
      for (const auto& [value, t] : tokens)
        if (value.size() >= 8 && hay.find(value) != std::string_view::npos) return &t;
      return nullptr;
    };
    std::size_t hits = 0;
    std::string first;
    for (EventId id = 1; id <= j.size() && !tokens.empty(); ++id) {
      const sim::Event& e = j.at(id);
      const IssuedToken* t = nullptr;
      const char* place = nullptr;
      if (auto log = contains(p.where, "logs") ? sim::decode<sim::LogEvent>(j, id) : std::nullopt) {
        t = leaked(log->message);
        if (!t) t = leaked(log->fields);
        place = "log line";
      } else if (auto req = contains(p.where, "urls") ? sim::decode<sim::RequestEvent>(j, id) : std::nullopt) {
        t = leaked(req->url);
        place = "the URL of request";
      } else if (auto metric = contains(p.where, "metrics") ? sim::decode<sim::MetricEvent>(j, id) : std::nullopt) {
        t = leaked(metric->metric.text);
        place = "metric";
      } else if (auto state = contains(p.where, "states") ? sim::decode<sim::StateEvent>(j, id) : std::nullopt) {
        t = leaked(state->state.text);
        place = "trace state";
      } else if (auto task = contains(p.where, "tasks") ? sim::decode<sim::TaskOutcomeEvent>(j, id) : std::nullopt) {
        t = leaked(task->reason);
        if (!t) t = leaked(task->details);
        place = "task report";
      }
      if (!t) continue;
      ++hits;
      if (o.evidence.size() < 30) o.evidence.push_back(e.id);
      if (first.empty())
        first = std::string(place) + " #" + std::to_string(e.id) + " at t=" + seconds(e.time) + " s contains token " +
                t->id + (t->subject.empty() ? "" : " (" + t->subject + ")");
    }
    if (hits == 0) {
      o.passed = true;
      o.message = "None of the " + num(tokens.size()) + " tokens issued appeared in " + join_or(p.where) + ".";
      return o;
    }
    o.message = first + " (" + num(hits) + (hits == 1 ? " place" : " places") + " in all). A token is a credential: "
                "anyone who reads it can act as the user until it expires. Log its id or expiry, never the value "
                "(nor the token response's body).";
    return o;
  }
};

// --- key_per_method ----------------------------------------------------------------------

struct KeyMethodParams {
  std::string service;
  std::vector<std::string> read_keys, write_keys;
  std::vector<std::string> read_methods{"GET", "HEAD", "OPTIONS"};
};

class KeyPerMethod final : public TypedCheck<KeyMethodParams> {
 public:
  std::string_view name() const override { return "key_per_method"; }
  std::string_view summary() const override {
    return "requests to a service that reads use one of the read keys, and only writes use a write key (least "
           "privilege)";
  }

 protected:
  void parse(ParamReader& r, KeyMethodParams& p) const override {
    r.known_keys({"service", "read_keys", "write_keys", "read_methods"});
    p.service = r.string("service", "");
    if (p.service.empty()) r.error("service", "missing: name the service whose keys are checked");
    p.read_keys = r.string_list("read_keys", {});
    p.write_keys = r.string_list("write_keys", {});
    if (p.read_keys.empty()) r.error("read_keys", "list the names of the keys meant for reads");
    if (p.write_keys.empty()) r.error("write_keys", "list the names of the keys meant for writes");
    p.read_methods = r.string_list("read_methods", p.read_methods);
  }

  CheckOutcome run(const KeyMethodParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& j = tr.journal();
    const sim::WorldSpec* world = tr.world();
    std::size_t reads = 0, writes = 0, wrong = 0;
    std::string first;
    for (const auto& r : tr.requests()) {
      if (r.service != p.service || !world) continue;
      // The key it presented: any key's value in a header or the URL.
      const sim::ApiKeySpec* used = nullptr;
      sim::Headers h = j.headers(j.at(r.id));
      for (const auto& k : world->api_keys) {
        bool found = r.url.find(k.key) != std::string_view::npos;
        for (std::size_t i = 0; i < h.size() && !found; ++i) found = h.value(i).find(k.key) != std::string_view::npos;
        if (found) {
          used = &k;
          break;
        }
      }
      if (!used) continue;  // no known key: the service refuses it, other checks see that
      bool read = std::any_of(p.read_methods.begin(), p.read_methods.end(),
                              [&](const std::string& m) { return sim::iequals(m, r.method); });
      (read ? reads : writes)++;
      const auto& allowed = read ? p.read_keys : p.write_keys;
      if (contains(allowed, used->name)) continue;
      ++wrong;
      if (o.evidence.size() < 30) o.evidence.push_back(r.id);
      if (first.empty())
        first = request_ref(r) + " (" + std::string(r.method) + (read ? ", a read" : ", a write") + ") used the key \"" +
                used->name + "\"; " + (read ? "reads" : "writes") + " must use " + join_or(allowed);
    }
    if (wrong == 0) {
      o.passed = true;
      o.message = reads + writes == 0 ? "No request to " + p.service + " carried one of its keys."
                                      : "All " + num(reads) + " reads to " + p.service + " used " + join_or(p.read_keys) +
                                            " and all " + num(writes) + " writes used " + join_or(p.write_keys) + ".";
      return o;
    }
    o.message = first + " (" + num(wrong) + " of " + num(reads + writes) +
                " requests used the wrong key). Least privilege: a leaked read-only key cannot move money, so send the "
                "full key only with the requests that need it.";
    return o;
  }
};

// --- no_auth_failure ---------------------------------------------------------------------

struct AuthFailureParams {
  std::vector<std::string> services;  // empty: every service
  std::vector<std::string> reasons{"missing", "unknown", "not_for_service", "not_yet_valid",
                                   "revoked", "expired", "insufficient_scope"};
};

const char* auth_reason_text(std::string_view reason) {
  if (reason == "expired") return "an expired credential";
  if (reason == "revoked") return "a revoked credential";
  if (reason == "missing") return "no credential";
  if (reason == "unknown") return "an unknown credential";
  if (reason == "insufficient_scope") return "a credential without the needed scope";
  if (reason == "not_yet_valid") return "a key that was not valid yet";
  return "a key not meant for this service";
}

class NoAuthFailure final : public TypedCheck<AuthFailureParams> {
 public:
  std::string_view name() const override { return "no_auth_failure"; }
  std::string_view summary() const override {
    return "no request to the listed services is refused for one of the listed auth reasons (e.g. an expired "
           "token or a revoked key)";
  }

 protected:
  void parse(ParamReader& r, AuthFailureParams& p) const override {
    r.known_keys({"services", "reasons"});
    p.services = r.string_list("services", {});
    p.reasons = r.string_list("reasons", p.reasons);
    for (const auto& x : p.reasons)
      if (x != "missing" && x != "unknown" && x != "not_for_service" && x != "not_yet_valid" && x != "revoked" &&
          x != "expired" && x != "insufficient_scope")
        r.error("reasons", "unknown reason \"" + x +
                               "\"; expected missing, unknown, not_for_service, not_yet_valid, revoked, expired or "
                               "insufficient_scope");
    if (p.reasons.empty()) r.error("reasons", "list at least one reason");
  }

  CheckOutcome run(const AuthFailureParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& j = tr.journal();
    std::size_t hits = 0, judged = 0;
    std::string first;
    for (const auto& r : tr.requests())
      if (p.services.empty() || contains(p.services, r.service)) ++judged;
    for (const sim::AuthEvent& e : sim::events_of<sim::AuthEvent>(j)) {
      std::string_view service = e.service.text, reason = e.reason.text;
      if (!p.services.empty() && !contains(p.services, service)) continue;
      if (!contains(p.reasons, reason)) continue;
      ++hits;
      if (o.evidence.size() < 30) o.evidence.push_back(e.request ? e.request : e.id);
      if (first.empty()) {
        int ri = tr.request_index(e.request);
        std::string cred(e.credential.text);
        first = (ri >= 0 ? request_ref(tr.requests()[ri]) : "a request at t=" + seconds(e.time) + " s") +
                " was refused with " + std::to_string(e.status) + " for " + auth_reason_text(reason) +
                (cred.empty() ? std::string() : " (" + cred + ")");
      }
    }
    const std::string where = p.services.empty() ? std::string("any service") : join_or(p.services);
    std::vector<std::string> reasons;
    for (const auto& x : p.reasons) reasons.push_back(auth_reason_text(x));
    if (hits == 0) {
      o.passed = true;
      o.message = "None of the " + num(judged) + " requests to " + where + " was refused for " + join_or(reasons) + ".";
      return o;
    }
    std::string advice;
    if (contains(p.reasons, "expired"))
      advice = " Renew a credential before it expires: note when it does (expires_in, counted from when you sent the "
               "request) and fetch a new one while a margin remains.";
    else if (contains(p.reasons, "revoked"))
      advice = " Read a rotating secret when you use it (secrets.get), not once at start-up, so that the new key is "
               "in use before the old one is revoked.";
    o.message = first + "; " + num(hits) + " of " + num(judged) + " requests to " + where + " were refused for " +
                join_or(reasons) + "." + advice;
    return o;
  }
};

// --- single_flight_refresh ---------------------------------------------------------------

struct SingleFlightParams {
  std::string issuer;
  double window_s = 10;
};

class SingleFlightRefresh final : public TypedCheck<SingleFlightParams> {
 public:
  std::string_view name() const override { return "single_flight_refresh"; }
  std::string_view summary() const override {
    return "an agent never has two token requests for the same subject in flight, nor asks again within window_s "
           "of getting a new token (no refresh stampede)";
  }

 protected:
  void parse(ParamReader& r, SingleFlightParams& p) const override {
    r.known_keys({"issuer", "window_s"});
    p.issuer = r.string("issuer", "");
    if (p.issuer.empty()) r.error("issuer", "missing: name the OAuth or metadata service that issues the tokens");
    p.window_s = r.number("window_s", p.window_s, 0, 86400);
  }

  CheckOutcome run(const SingleFlightParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const sim::ServiceSpec* issuer = auth_service(tr, p.issuer);
    if (!issuer) {
      o.message = "The lab has no service \"" + p.issuer + "\" issuing tokens.";
      return o;
    }
    std::vector<TokenRequest> toks = token_requests(tr, *issuer);
    const auto& reqs = tr.requests();
    const Micros window = sim::from_seconds(p.window_s);
    std::size_t bad = 0;
    std::string first;
    // Per agent and subject, the earlier token requests (in send order).
    std::map<std::pair<sim::Atom, std::string>, std::vector<const TokenRequest*>> earlier;
    for (const auto& t : toks) {
      const RequestRec& r = reqs[t.request];
      std::string subject = t.subject.empty() ? std::string(r.body) : t.subject;
      auto& list = earlier[{r.agent, subject}];
      for (const TokenRequest* prev : list) {
        const RequestRec& q = reqs[prev->request];
        bool in_flight = q.received < 0 || q.received > r.sent;
        bool just_renewed = prev->issued && q.received >= 0 && r.sent - q.received < window;
        if (!in_flight && !just_renewed) continue;
        ++bad;
        if (o.evidence.size() < 30) {
          o.evidence.push_back(q.id);
          o.evidence.push_back(r.id);
        }
        if (first.empty()) {
          first = token_request_ref(tr, t) + " by " + tr.who(r) + " was sent ";
          first += in_flight ? "while " + token_request_ref(tr, *prev) + " by " + tr.who(q) + " was still waiting for its answer"
                             : seconds(r.sent - q.received) + " s after " + token_request_ref(tr, *prev) + " by " +
                                   tr.who(q) + " had already got a new token";
          if (!t.error.empty()) first += " (it was refused: " + t.error + ")";
        }
        break;
      }
      list.push_back(&t);
    }
    if (bad == 0) {
      o.passed = true;
      o.message = "All " + num(toks.size()) + " token requests to " + p.issuer +
                  " were single-flight: never two at once for the same subject, and none within " +
                  fixed(p.window_s, 1) + " s of a new token.";
      return o;
    }
    o.message = first + ". " + num(bad) + " of " + num(toks.size()) +
                " token requests were part of a refresh stampede. Let one task refresh and the others wait for its "
                "result (a shared promise or a flag and a wait), then use the new token; with rotating refresh "
                "tokens a second refresh with the same token is refused.";
    return o;
  }
};

// --- unauthorized_handling -----------------------------------------------------------------

struct UnauthorizedParams {
  std::vector<std::string> services;  // empty: every service
  std::string issuer;                 // where refreshes go ("" = any token request is not counted)
  std::int64_t max_retries = 1;
  std::int64_t max_refreshes = 1;
};

class UnauthorizedHandling final : public TypedCheck<UnauthorizedParams> {
 public:
  std::string_view name() const override { return "unauthorized_handling"; }
  std::string_view summary() const override {
    return "after a 401, a call is retried at most max_retries times, and the task sends at most max_refreshes token "
           "requests before retrying or giving up";
  }

 protected:
  void parse(ParamReader& r, UnauthorizedParams& p) const override {
    r.known_keys({"services", "issuer", "max_retries", "max_refreshes"});
    p.services = r.string_list("services", {});
    p.issuer = r.string("issuer", "");
    p.max_retries = r.integer("max_retries", p.max_retries, 0, 100);
    p.max_refreshes = r.integer("max_refreshes", p.max_refreshes, 0, 100);
  }

  CheckOutcome run(const UnauthorizedParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    // Token requests per (agent, task), in send order.
    std::map<std::pair<sim::Atom, sim::Atom>, std::vector<int>> refreshes;
    if (!p.issuer.empty())
      for (int i = 0; i < static_cast<int>(reqs.size()); ++i)
        if (reqs[i].service == p.issuer) refreshes[{reqs[i].agent, reqs[i].task}].push_back(i);
    std::size_t seen = 0, bad = 0;
    std::string first;
    for (const auto& chain : tr.chains()) {
      // The first 401 of the call, then how many times it was sent again.
      std::size_t at = 0;
      while (at < chain.size() && reqs[chain[at]].status != 401) ++at;
      if (at == chain.size()) continue;
      const RequestRec& r = reqs[chain[at]];
      if (!p.services.empty() && !contains(p.services, r.service)) continue;
      ++seen;
      const std::size_t retries = chain.size() - at - 1;
      // Token requests the same task sent from the 401 to its retry (or, without one, to its next other request).
      Micros until = r.next >= 0 ? reqs[r.next].sent : -1;
      if (until < 0) {
        for (std::size_t k = static_cast<std::size_t>(chain[at]) + 1; k < reqs.size(); ++k)
          if (reqs[k].agent == r.agent && reqs[k].task == r.task && reqs[k].service != p.issuer && reqs[k].sent >= r.received) {
            until = reqs[k].sent;
            break;
          }
      }
      std::size_t refreshed = 0;
      EventId extra = 0;
      auto it = refreshes.find({r.agent, r.task});
      if (it != refreshes.end() && r.received >= 0)
        for (int k : it->second)
          if (reqs[k].sent >= r.received && (until < 0 || reqs[k].sent <= until)) {
            ++refreshed;
            if (static_cast<std::int64_t>(refreshed) == p.max_refreshes + 1) extra = reqs[k].id;
          }
      const bool too_many_retries = static_cast<std::int64_t>(retries) > p.max_retries;
      const bool too_many_refreshes = static_cast<std::int64_t>(refreshed) > p.max_refreshes;
      if (!too_many_retries && !too_many_refreshes) continue;
      ++bad;
      if (o.evidence.size() < 30) {
        o.evidence.push_back(r.id);
        if (too_many_retries) o.evidence.push_back(reqs[chain.back()].id);
        if (extra) o.evidence.push_back(extra);
      }
      if (first.empty()) {
        first = request_ref(r) + " got 401 (" + tr.who(r) + ")";
        if (too_many_retries)
          first += ", and the same call was sent " + count(retries, "more time", "more times") + " (last as #" +
                   std::to_string(reqs[chain.back()].id) + " at t=" + seconds(reqs[chain.back()].sent) + " s)";
        if (too_many_refreshes)
          first += std::string(too_many_retries ? "; " : ", and ") + "the task sent " +
                   count(refreshed, "token request", "token requests") + " to " + p.issuer + " before " +
                   (r.next >= 0 ? "retrying" : "moving on");
      }
    }
    const std::string rule = "after a 401, refresh at most " + count(static_cast<std::size_t>(p.max_refreshes), "time", "times") +
                             " and retry at most " + count(static_cast<std::size_t>(p.max_retries), "time", "times") +
                             "; if that fails too, escalate";
    if (bad == 0) {
      o.passed = true;
      o.message = seen == 0 ? "No call got a 401, so there was nothing to limit (" + rule + ")."
                            : "All " + num(seen) + " calls that got a 401 were handled within the limit: " + rule + ".";
      return o;
    }
    o.message = first + ". " + rule + ": a credential that fails again after a fresh one will not start working by "
                "itself, and a loop of refreshes can get the client locked out. " + num(bad) + " of " + num(seen) +
                " calls with a 401 went over.";
    return o;
  }
};

// --- consent_escalation --------------------------------------------------------------------

struct ConsentParams {
  std::string issuer;
  std::vector<std::string> users;
  double others_min_done_share = 0.95;
};

class ConsentEscalation final : public TypedCheck<ConsentParams> {
 public:
  std::string_view name() const override { return "consent_escalation"; }
  std::string_view summary() const override {
    return "when a user's OAuth consent is withdrawn, that user's tasks are escalated and the refused refresh token "
           "is never sent again, while the other users' tasks are still done";
  }

 protected:
  void parse(ParamReader& r, ConsentParams& p) const override {
    r.known_keys({"issuer", "users", "others_min_done_share"});
    p.issuer = r.string("issuer", "");
    if (p.issuer.empty()) r.error("issuer", "missing: name the OAuth service");
    p.users = r.string_list("users", {});
    if (p.users.empty()) r.error("users", "list the users whose tasks are judged (task ids start with \"<user>-\")");
    p.others_min_done_share = r.number("others_min_done_share", p.others_min_done_share, 0, 1);
  }

  CheckOutcome run(const ConsentParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const sim::ServiceSpec* issuer = auth_service(tr, p.issuer);
    if (!issuer || issuer->kind != sim::ServiceKind::oauth) {
      o.message = "The lab has no OAuth service \"" + p.issuer + "\".";
      return o;
    }
    const sim::OAuthSpec& oa = issuer->oauth;
    const Micros revoked_at = std::min(oa.revoke_refresh_tokens_at, oa.revoke_access_tokens_at);
    if (revoked_at == sim::kForever) {
      o.message = "The OAuth service \"" + p.issuer + "\" never revokes a user's tokens, so there is nothing to judge.";
      return o;
    }
    auto withdrawn = [&](const std::string& u) { return oa.revoke_users.empty() || contains(oa.revoke_users, u); };
    auto user_of = [&](const std::string& task) -> std::string {
      for (const auto& u : p.users)
        if (task.size() > u.size() && task.compare(0, u.size(), u) == 0 && task[u.size()] == '-') return u;
      return {};
    };
    // 1. The withdrawn users' tasks that arrived after the revocation must be escalated.
    std::size_t must = 0, escalated = 0, others = 0, others_done = 0;
    const TaskRec* first_bad = nullptr;
    const TaskRec* first_other = nullptr;
    for (const auto& t : tr.tasks()) {
      std::string u = user_of(t.id);
      if (u.empty() || t.arrived < revoked_at) continue;
      if (withdrawn(u)) {
        ++must;
        if (t.outcome == "escalated") ++escalated;
        else if (!first_bad) first_bad = &t;
      } else {
        ++others;
        if (t.outcome == "done") ++others_done;
        else if (!first_other) first_other = &t;
      }
    }
    std::vector<std::string> who;
    for (const auto& u : p.users)
      if (withdrawn(u)) who.push_back(u);
    const std::string users = join_or(who);
    if (first_bad) {
      o.evidence = {first_bad->arrival_event};
      if (first_bad->outcome_event) o.evidence.push_back(first_bad->outcome_event);
      o.message = "Task " + first_bad->id + " of " + user_of(first_bad->id) + " arrived at t=" + seconds(first_bad->arrived) +
                  " s, after " + users + " withdrew consent at t=" + seconds(revoked_at) + " s, and " +
                  (first_bad->outcome.empty() ? std::string("was never reported")
                                              : "ended as " + first_bad->outcome + " (#" +
                                                    std::to_string(first_bad->outcome_event) + ")") +
                  ". Once the token endpoint answers invalid_grant for a user, only that user can fix it: escalate "
                  "their tasks for re-consent (" + num(must - escalated) + " of " + num(must) + " were not escalated).";
      return o;
    }
    // 2. A refused refresh token is never sent again once the refusal has arrived (two
    // sent at once are a stampede, which single_flight_refresh judges).
    std::vector<TokenRequest> toks = token_requests(tr, *issuer);
    const auto& reqs = tr.requests();
    std::map<std::string, Micros> refused;  // refresh token -> when the refusal arrived
    for (const auto& t : toks) {
      if (t.refresh_token.empty()) continue;
      const RequestRec& r = reqs[t.request];
      auto known = refused.find(t.refresh_token);
      if (known != refused.end() && r.sent >= known->second) {
        o.evidence = {r.id};
        o.message = token_request_ref(tr, t) + " sent a refresh token again after the token endpoint had refused it "
                    "with invalid_grant. A revoked grant stays revoked: stop refreshing for that user and escalate.";
        return o;
      }
      if (t.error == "invalid_grant" && r.received >= 0) refused.emplace(t.refresh_token, r.received);
    }
    // 3. The other users carry on.
    double share = others == 0 ? 1.0 : static_cast<double>(others_done) / static_cast<double>(others);
    if (share + 1e-12 < p.others_min_done_share) {
      o.evidence = {first_other->arrival_event};
      if (first_other->outcome_event) o.evidence.push_back(first_other->outcome_event);
      o.message = "Only " + percent(share) + " of the other users' tasks after t=" + seconds(revoked_at) + " s were done (" +
                  num(others_done) + " of " + num(others) + "; for example " + first_other->id + " " +
                  (first_other->outcome.empty() ? std::string("was never reported") : "ended as " + first_other->outcome) +
                  "). One user's withdrawn consent must not stop the others: at least " +
                  percent(p.others_min_done_share) + " of their tasks must still be done.";
      return o;
    }
    o.passed = true;
    o.message = must == 0 ? "No task of " + users + " arrived after consent was withdrawn at t=" + seconds(revoked_at) +
                                " s; the other users' tasks were done (" + percent(share) + ")."
                          : "All " + num(must) + " tasks of " + users + " after consent was withdrawn at t=" +
                                seconds(revoked_at) + " s were escalated, no refused refresh token was sent again, and " +
                                percent(share) + " of the other users' tasks were done.";
    return o;
  }
};

}  // namespace

void register_auth_checks(Registry& r) {
  add_kind(r, std::make_unique<KeyPerMethod>());
  add_kind(r, std::make_unique<NoAuthFailure>());
  add_kind(r, std::make_unique<SingleFlightRefresh>());
  add_kind(r, std::make_unique<UnauthorizedHandling>());
  add_kind(r, std::make_unique<ConsentEscalation>());
  add_kind(r, std::make_unique<TokenMargin>());
  add_kind(r, std::make_unique<TokensNotLeaked>());
}

}  // namespace fl::grade
