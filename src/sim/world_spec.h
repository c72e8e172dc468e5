#pragma once
// WorldSpec: the parsed, validated `world` object of a lab.json (see docs/lab-format.md for
// the file format, written for instructors). A WorldSpec is plain data; sim::World runs it.
//
//   fl::Diagnostics diags;
//   auto spec = fl::sim::parse_world(lab["world"], "labs/02-rate-limits/lab.json", "/world", diags);
//   if (!spec) { /* diags names the file and the JSON pointer of every problem */ }
//
// Indices (service, scenario, state) refer to positions in the vectors below; names are kept
// for messages and the journal.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/diagnostic.h"
#include "base/json_file.h"
#include "sim/http.h"
#include "sim/rng.h"
#include "sim/template.h"
#include "sim/time.h"

namespace fl::sim {

// A random (or fixed) duration: latency, delays.
struct Distribution {
  enum class Kind : std::uint8_t { none, fixed, uniform, exponential, lognormal };
  Kind kind = Kind::none;
  Micros fixed = 0;            // fixed
  Micros min = 0, max = 0;     // uniform [min, max)
  Micros mean = 0;             // exponential
  Micros median = 0;           // lognormal
  double sigma = 0;            // lognormal
  Micros cap = 0;              // exponential, lognormal: upper bound (0 = none)

  bool is_set() const { return kind != Kind::none; }
  Micros sample(Rng& rng) const;  // 0 for none; never negative
};

// A response body: static text, or a JSON/text template with {{placeholders}} rendered per
// request (see docs/lab-format.md, "Templates").
struct BodyTemplate {
  bool dynamic = false;
  bool json = false;       // declared with "json": sent with Content-Type: application/json
  std::string text;        // static body, or the template text when !json
  Json tree;               // the JSON template when json && dynamic
  CompiledJson compiled;   // the same, pre-serialised (when compiled.ok)
};

struct ResponseSpec {
  int status = 200;
  Headers headers;
  bool headers_dynamic = false;  // some header value has a placeholder
  BodyTemplate body;
  std::uint64_t times = 1;  // sequential mode: how many requests get this one before the next
  double weight = 1;        // weighted mode
  Distribution latency;     // extra latency for this response (added)
};

enum class ResponseMode : std::uint8_t { sequential, cycle, random, weighted };

struct EffectSpec {
  std::string ledger;                           // ledger name, e.g. "charges"
  std::string key_header = "Idempotency-Key";   // request header holding the idempotency key
  bool require_key = false;                     // 400 when the key is missing
};

// A route that reads a ledger instead of writing it (a reconciliation endpoint): it answers
// 200 {"data": [...]} with the stored answers of the entries whose request body (a JSON
// object) has `field` equal to the request's query parameter of the same name.
struct LookupSpec {
  std::string ledger;
  std::string field;  // e.g. "record": GET ...?record=rec-0042 finds {"record": "rec-0042", ...}
};

struct PathSegment {
  std::string literal;   // when !param
  std::string param;     // "{id}" -> "id"
  bool is_param = false;
};

struct RouteSpec {
  std::string id;                // unique within the service (defaults to "METHOD path")
  std::string method;            // "" matches any method
  std::string path;              // pattern as written: "/v1/charges/{id}", "/files/*"
  std::vector<PathSegment> segments;
  bool tail_wildcard = false;    // pattern ends with "/*": matches any rest
  std::vector<std::pair<std::string, std::string>> query;    // value "*" = present
  std::vector<std::pair<std::string, std::string>> headers;  // value "*" = present
  std::vector<std::string> scopes;  // all required (when the service has auth)
  int scenario = -1;                // route exists only in these states of a scenario
  std::vector<int> states;
  Distribution latency;             // replaces the service latency when set
  std::int64_t cost = 1;            // rate-limit cost
  ResponseMode mode = ResponseMode::sequential;
  std::vector<ResponseSpec> responses;
  std::optional<EffectSpec> effect;
  std::optional<LookupSpec> lookup;
};

enum class AuthType : std::uint8_t { none, api_key, bearer };
struct AuthSpec {
  AuthType type = AuthType::none;
  std::string header = "Authorization";  // api_key: header carrying the key
  std::string scheme = "Bearer";         // prefix before the key in `header` ("" = raw value)
  std::string query;                     // api_key: query parameter instead of a header
  int issuer = -1;                       // bearer: service index of the oauth/metadata issuer
  std::string issuer_id;
};

enum class LimiterAlgorithm : std::uint8_t { token_bucket, fixed_window, sliding_window };
enum class Partition : std::uint8_t { global, client, key, header };
enum class RetryAfterStyle : std::uint8_t { seconds, http_date, none };
enum class ResetStyle : std::uint8_t { seconds, epoch };

// Largest rate-limit `limit` and route `cost`: the token bucket counts micro-tokens
// (limit x 1e6) in 64 bits, and needs headroom for (capacity + cost) x 1e6.
inline constexpr std::int64_t kMaxRateAmount = 1'000'000'000'000;

struct LimiterSpec {
  std::string id;
  LimiterAlgorithm algorithm = LimiterAlgorithm::token_bucket;
  std::int64_t limit = 0;         // bucket capacity, or requests per window
  double refill_per_s = 0;        // token bucket
  Micros window = 0;              // fixed/sliding window length
  Partition partition = Partition::global;
  std::string partition_header;   // Partition::header
  std::vector<std::string> routes;  // route ids; empty = every route of the service
  RetryAfterStyle retry_after = RetryAfterStyle::seconds;
  ResetStyle reset = ResetStyle::seconds;
  bool x_ratelimit_headers = true;  // X-RateLimit-Limit/Remaining/Reset
  bool ietf_headers = false;        // RateLimit-Policy + RateLimit (draft-ietf-httpapi-ratelimit-headers)
  Micros penalty = 0;               // a request while blocked extends the block to now + penalty
  int status = 429;
  BodyTemplate body;                // default: JSON error object
};

struct OAuthClientSpec {
  std::string client_id, client_secret;
  std::vector<std::string> scopes;
  std::vector<std::string> grants;  // client_credentials, refresh_token, authorization_code
};
struct AuthCodeSpec {
  std::string code, client_id, user;
  std::vector<std::string> scopes;
};
struct OAuthSpec {
  std::string token_path = "/oauth/token";
  std::vector<OAuthClientSpec> clients;
  std::vector<AuthCodeSpec> codes;
  Micros access_ttl = 3600 * kMicrosPerSecond;
  Micros refresh_ttl = 0;                // 0 = refresh tokens never expire
  bool rotate_refresh_tokens = false;    // a refresh returns a new refresh token; the old one dies
  bool client_credentials_refresh = false;  // also issue a refresh token for client_credentials
  Micros revoke_refresh_tokens_at = kForever;  // refresh tokens issued before this die at it
  Micros revoke_access_tokens_at = kForever;
  std::vector<std::string> revoke_users;  // non-empty: the two revocations hit only these users' tokens
};
struct MetadataSpec {
  std::string path = "/credentials";
  std::vector<std::pair<std::string, std::string>> require_headers;
  Micros ttl = 900 * kMicrosPerSecond;
  std::vector<std::string> scopes;
  std::string subject = "instance";
};

enum class ServiceKind : std::uint8_t { http, oauth, metadata };

struct ServiceSpec {
  std::string id;
  std::string host;               // lower case
  ServiceKind kind = ServiceKind::http;
  std::string description;
  Distribution latency;           // replaces the network latency when set
  AuthSpec auth;
  Headers headers;                // added to every response of this service
  std::vector<RouteSpec> routes;
  std::vector<LimiterSpec> rate_limits;
  OAuthSpec oauth;                // kind oauth
  MetadataSpec metadata;          // kind metadata
};

// The fault kinds. Each is one row here and one row in src/sim/faults.cpp, which holds its
// parameters' parser (the lab.json fields it takes) and its handler; nothing else in src/sim
// switches on fault kinds.
#define FL_FAULT_KINDS(X)                                                           \
  X(status)         /* answer with `status` (any code) instead of the route */     \
  X(latency)        /* add a delay drawn from `latency` */                          \
  X(dns)            /* the host does not resolve */                                 \
  X(refused)        /* connection refused */                                        \
  X(reset)          /* connection reset (before or after the server acted) */       \
  X(hang)           /* no answer: the client waits until its timeout */             \
  X(slow)           /* the body trickles at `bytes_per_s` (plus `latency`) */       \
  X(empty_body)     /* the response body is empty */                                \
  X(malformed_body) /* the response body is cut short / not valid JSON */           \
  X(outage)         /* the service is down: 503 (or refused/hang/reset per `mode`) */
enum class FaultKind : std::uint8_t {
#define FL_FAULT_KIND_ENUM(kind) kind,
  FL_FAULT_KINDS(FL_FAULT_KIND_ENUM)
#undef FL_FAULT_KIND_ENUM
};
inline constexpr int kFaultKindCount = 0
#define FL_FAULT_KIND_COUNT(kind) +1
    FL_FAULT_KINDS(FL_FAULT_KIND_COUNT)
#undef FL_FAULT_KIND_COUNT
    ;
const char* to_string(FaultKind kind);
std::optional<FaultKind> fault_kind_from_string(std::string_view name);

// When a fault fires: every condition given must hold (AND); probability is drawn last.
struct Trigger {
  std::vector<int> services;            // service indices; empty = every service
  std::string route;                    // route id; "" = any
  std::vector<std::string> methods;     // empty = any
  std::vector<std::pair<Micros, Micros>> windows;  // [from, until); empty = always
  std::vector<std::uint64_t> nth;       // 1-based numbers among requests in scope
  std::uint64_t every = 0;              // every Nth request in scope
  std::uint64_t first = 0;              // only the first N requests in scope
  std::uint64_t after = 0;              // only after the first N requests in scope
  int scenario = -1;
  std::vector<int> states;
  double probability = 1;
};

enum class OutageMode : std::uint8_t { status, refused, hang, reset };

// Each kind's parameters (see docs/lab-format.md, "Faults"). Kinds that take the same
// fields share a struct.
struct StatusAnswer {      // an answer a fault gives instead of the route's
  int status = 503;
  Headers headers;         // extra response headers
  BodyTemplate body;
  Micros retry_after = -1; // Retry-After (>= 0 to send one)
  RetryAfterStyle retry_after_style = RetryAfterStyle::seconds;
};
struct StatusFault {       // status
  StatusAnswer answer;
  bool after_effect = false;  // the route runs (effects apply) first
};
struct DelayFault {        // latency, slow
  Distribution latency;
  double bytes_per_s = 0;  // slow: the body's rate
};
struct ConnectionFault {   // dns, refused, reset, hang
  bool after_effect = false;  // reset, hang: the route runs (effects apply) first
  std::string message;     // network error message override
};
struct BodyFault {};       // empty_body, malformed_body
struct OutageFault {       // outage
  OutageMode mode = OutageMode::status;
  StatusAnswer answer;     // mode status
  std::string message;     // network error message override
};
using FaultParams = std::variant<StatusFault, DelayFault, ConnectionFault, BodyFault, OutageFault>;

struct FaultSpec {
  FaultKind kind = FaultKind::status;
  std::string id;          // optional label, shown in the journal
  Trigger when;
  FaultParams params;      // the alternative of `kind` (see faults.cpp)

  // The answer a status or outage fault gives (nullptr for other kinds).
  const StatusAnswer* answer() const;
};

struct TransitionSpec {
  int from = 0, to = 0;
  Micros after = -1;                  // timed: this long after entering `from` (-1 = no)
  std::uint64_t after_requests = 0;   // after N requests handled in `from` (0 = no)
};
struct ScenarioSpec {
  std::string id;
  std::vector<std::string> states;
  int initial = 0;
  std::vector<int> services;          // whose requests count; empty = all
  std::vector<TransitionSpec> transitions;
};

struct ApiKeySpec {
  std::string name;                   // shown in the journal (never the key itself)
  std::string key;
  std::vector<std::string> scopes;
  std::vector<int> services;          // empty = every api_key service
  Micros valid_from = 0;
  Micros revoked_at = kForever;
  Micros expires_at = kForever;
};

struct SecretVersion {
  Micros from = 0;
  std::string value;
};
struct SecretSpec {
  std::string name;
  std::vector<SecretVersion> versions;  // sorted by `from`; the first starts at 0
};

struct NetworkSpec {
  Distribution latency;                 // default: fixed 20 ms
  Micros error_delay = 5 * kMicrosPerMs;  // DNS failures and refused connections arrive after this
};

struct WorldSpec {
  std::int64_t epoch_seconds = 1767225600;  // `start`: 2026-01-01T00:00:00Z by default
  NetworkSpec network;
  std::vector<ServiceSpec> services;
  std::vector<FaultSpec> faults;
  std::vector<ApiKeySpec> api_keys;
  std::vector<ScenarioSpec> scenarios;
  std::vector<SecretSpec> secrets;      // sorted by name

  int find_service(std::string_view id) const;       // -1 if none
  int find_service_by_host(std::string_view host) const;
  int find_scenario(std::string_view id) const;
};

// Parses and validates a `world` object. `file` and `pointer` locate it in diagnostics
// (e.g. "labs/x/lab.json", "/world"). Returns nullopt when any error was reported; warnings
// alone do not fail. Never throws.
std::optional<WorldSpec> parse_world(const Json& world, const std::string& file, const std::string& pointer,
                                     Diagnostics& diags);

// Convenience for tests and tools: parses JSON text holding a world object.
std::optional<WorldSpec> parse_world_text(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace fl::sim
