// The field table and the typed views of journal events (see journal_events.h): for each
// kind, which field holds what, encoded and decoded here and nowhere else.
#include "sim/journal_events.h"

#include <algorithm>

#include "base/json_file.h"
#include "sim/journal.h"

namespace fl::sim {

namespace {

const EventFields kEventFields[kEventKindCount] = {
#define FL_EVENT_FIELDS_ROW(kind, name, value, code, a, b, text, body) {#kind, name, value, code, a, b, text, body},
    FL_EVENT_KINDS(FL_EVENT_FIELDS_ROW)
#undef FL_EVENT_FIELDS_ROW
};

Name name_of(const Journal& j, Atom a) {
  Name n;
  n.atom = a;
  n.text = j.str(a);
  return n;
}

Atom atom_of(Journal& j, const Name& n) { return n.atom ? n.atom : j.intern(n.text); }

void decode_header(const Journal& j, const Event& e, EventHeader& h) {
  h.id = e.id;
  h.time = e.time;
  h.agent = name_of(j, e.agent);
  h.task = name_of(j, e.task);
  h.service = name_of(j, e.service);
}

EventInput encode_header(Journal& j, EventKind kind, const EventHeader& h) {
  EventInput in;
  in.kind = kind;
  in.agent = atom_of(j, h.agent);
  in.task = atom_of(j, h.task);
  in.service = atom_of(j, h.service);
  return in;
}

// The event names of the workload's `task` events.
constexpr std::string_view kTaskArrived = "arrived", kTaskTaken = "taken", kTaskOutcome = "outcome",
                           kTaskHandedBack = "handed_back";

bool is_outcome_name(std::string_view s) {
  return s == "done" || s == "fallback" || s == "escalated" || s == "dead_letter" || s == "failed";
}

// {"priority":"..."}: written by hand for the common plain value (one per work item), parsed
// by hand when it has that shape; anything else goes through the JSON library.
std::string priority_json(std::string_view priority) {
  if (priority.empty()) return "{}";
  bool plain = std::all_of(priority.begin(), priority.end(),
                           [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (plain) return "{\"priority\":\"" + std::string(priority) + "\"}";
  return Json{{"priority", std::string(priority)}}.dump();
}

std::string priority_from_json(std::string_view data) {
  constexpr std::string_view kHead = "{\"priority\":\"";
  if (data.size() > kHead.size() + 2 && data.substr(0, kHead.size()) == kHead && data.substr(data.size() - 2) == "\"}" &&
      std::none_of(data.begin() + static_cast<std::ptrdiff_t>(kHead.size()), data.end() - 2,
                   [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }))
    return std::string(data.substr(kHead.size(), data.size() - kHead.size() - 2));
  if (data.empty()) return "";
  Json j = parse_json_or_discarded(data);
  if (j.is_object() && j.contains("priority") && j["priority"].is_string()) return j["priority"].get<std::string>();
  return "";
}

// Views whose kind has one view accept every event of the kind.
template <class View>
bool whole_kind(const Event& e) {
  return e.kind == View::kKind;
}

}  // namespace

const EventFields& event_fields(EventKind kind) { return kEventFields[static_cast<int>(kind)]; }

const char* to_string(LimitDecision d) {
  switch (d) {
    case LimitDecision::allowed: return "allowed";
    case LimitDecision::rejected: return "rejected";
    case LimitDecision::penalized: return "penalized";
  }
  return "allowed";
}

// --- request: name[route] value[method] text[url] a[timeout_us] headers body ---------------

bool RequestEvent::is(const Journal&, const Event& e) { return whole_kind<RequestEvent>(e); }
RequestEvent RequestEvent::decode(const Journal& j, const Event& e) {
  RequestEvent v;
  decode_header(j, e, v);
  v.route = name_of(j, e.name);
  v.method = name_of(j, e.value);
  v.url = j.text(e);
  v.body = j.body(e);
  v.timeout = e.a;
  return v;
}
EventInput RequestEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, route);
  in.value = atom_of(j, method);
  in.a = timeout > 0 ? timeout : 0;
  in.text = url;
  in.headers = headers;
  in.body = body;
  return in;
}

// --- response: ref=request code[status] a[elapsed_us] headers body --------------------------

bool ResponseEvent::is(const Journal&, const Event& e) { return whole_kind<ResponseEvent>(e); }
ResponseEvent ResponseEvent::decode(const Journal& j, const Event& e) {
  ResponseEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.status = e.code;
  v.elapsed = e.a;
  v.body = j.body(e);
  return v;
}
EventInput ResponseEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.code = status;
  in.a = elapsed;
  in.headers = headers;
  in.body = body;
  return in;
}

// --- net_error: ref=request name[error] text[message] a[elapsed_us] -------------------------

bool NetErrorEvent::is(const Journal&, const Event& e) { return whole_kind<NetErrorEvent>(e); }
NetErrorEvent NetErrorEvent::decode(const Journal& j, const Event& e) {
  NetErrorEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.error = name_of(j, e.name);
  v.message = j.text(e);
  v.elapsed = e.a;
  return v;
}
EventInput NetErrorEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.name = atom_of(j, error);
  in.text = message;
  in.a = elapsed;
  return in;
}

// --- fault: ref=request name[fault] value[id] code[status] a[delay_us] b[index] --------------

bool FaultEvent::is(const Journal&, const Event& e) { return whole_kind<FaultEvent>(e); }
FaultEvent FaultEvent::decode(const Journal& j, const Event& e) {
  FaultEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.fault = name_of(j, e.name);
  v.label = name_of(j, e.value);
  v.status = e.code;
  v.delay = e.a;
  v.index = e.b;
  return v;
}
EventInput FaultEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.name = atom_of(j, fault);
  in.value = atom_of(j, label);
  in.code = status;
  in.a = delay;
  in.b = index;
  return in;
}

// --- rate_limit: ref=request name[limiter] value[decision] text[partition] code[limit]
//     a[remaining] b[reset_us] ------------------------------------------------------------------

bool RateLimitEvent::is(const Journal&, const Event& e) { return whole_kind<RateLimitEvent>(e); }
RateLimitEvent RateLimitEvent::decode(const Journal& j, const Event& e) {
  RateLimitEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.limiter = name_of(j, e.name);
  std::string_view d = j.str(e.value);
  v.decision = d == "rejected" ? LimitDecision::rejected : d == "penalized" ? LimitDecision::penalized : LimitDecision::allowed;
  v.partition = j.text(e);
  v.limit = e.code;
  v.remaining = e.a;
  v.reset = e.b;
  return v;
}
EventInput RateLimitEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.name = atom_of(j, limiter);
  in.value = j.intern(to_string(decision));
  in.text = partition;
  in.code = limit;
  in.a = remaining;
  in.b = reset;
  return in;
}

// --- auth: ref=request name[reason] value[credential] code[status] text[detail] ------------

bool AuthEvent::is(const Journal&, const Event& e) { return whole_kind<AuthEvent>(e); }
AuthEvent AuthEvent::decode(const Journal& j, const Event& e) {
  AuthEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.reason = name_of(j, e.name);
  v.credential = name_of(j, e.value);
  v.status = e.code;
  v.detail = j.text(e);
  return v;
}
EventInput AuthEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.name = atom_of(j, reason);
  in.value = atom_of(j, credential);
  in.code = status;
  in.text = detail;
  return in;
}

// --- token_issued: ref=request name[grant] value[subject] a[expires_at_us]
//     b[refresh_expires_at_us] text[details] --------------------------------------------------

bool TokenIssuedEvent::is(const Journal&, const Event& e) { return whole_kind<TokenIssuedEvent>(e); }
TokenIssuedEvent TokenIssuedEvent::decode(const Journal& j, const Event& e) {
  TokenIssuedEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.grant = name_of(j, e.name);
  v.subject = name_of(j, e.value);
  v.expires_at = e.a;
  v.refresh_expires_at = e.b;
  v.details = j.text(e);
  return v;
}
EventInput TokenIssuedEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.name = atom_of(j, grant);
  in.value = atom_of(j, subject);
  in.a = expires_at;
  in.b = refresh_expires_at;
  in.text = details;
  return in;
}

// --- token_denied: ref=request name[error] value[grant] code[status] text[description] -----

bool TokenDeniedEvent::is(const Journal&, const Event& e) { return whole_kind<TokenDeniedEvent>(e); }
TokenDeniedEvent TokenDeniedEvent::decode(const Journal& j, const Event& e) {
  TokenDeniedEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.error = name_of(j, e.name);
  v.grant = name_of(j, e.value);
  v.status = e.code;
  v.description = j.text(e);
  return v;
}
EventInput TokenDeniedEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.name = atom_of(j, error);
  in.value = atom_of(j, grant);
  in.code = status;
  in.text = description;
  return in;
}

// --- effect: ref=request name[ledger] value[result] a[entry] text[idempotency_key] ---------

bool EffectEvent::is(const Journal&, const Event& e) { return whole_kind<EffectEvent>(e); }
EffectEvent EffectEvent::decode(const Journal& j, const Event& e) {
  EffectEvent v;
  decode_header(j, e, v);
  v.request = e.ref;
  v.ledger = name_of(j, e.name);
  v.result = name_of(j, e.value);
  v.entry = e.a;
  v.idempotency_key = j.text(e);
  return v;
}
EventInput EffectEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.ref = request;
  in.name = atom_of(j, ledger);
  in.value = atom_of(j, result);
  in.a = entry;
  in.text = idempotency_key;
  return in;
}

// --- scenario: name[scenario] value[state] text[from] ---------------------------------------

bool ScenarioEvent::is(const Journal&, const Event& e) { return whole_kind<ScenarioEvent>(e); }
ScenarioEvent ScenarioEvent::decode(const Journal& j, const Event& e) {
  ScenarioEvent v;
  decode_header(j, e, v);
  v.scenario = name_of(j, e.name);
  v.state = name_of(j, e.value);
  v.from = j.text(e);
  return v;
}
EventInput ScenarioEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, scenario);
  in.value = atom_of(j, state);
  in.text = from;
  return in;
}

// --- credential: name[credential] value[change] ---------------------------------------------

bool CredentialEvent::is(const Journal&, const Event& e) { return whole_kind<CredentialEvent>(e); }
CredentialEvent CredentialEvent::decode(const Journal& j, const Event& e) {
  CredentialEvent v;
  decode_header(j, e, v);
  v.credential = name_of(j, e.name);
  v.change = name_of(j, e.value);
  return v;
}
EventInput CredentialEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, credential);
  in.value = atom_of(j, change);
  return in;
}

// --- log: name[level] text[message] body[fields] code=line ----------------------------------

bool LogEvent::is(const Journal&, const Event& e) { return whole_kind<LogEvent>(e); }
LogEvent LogEvent::decode(const Journal& j, const Event& e) {
  LogEvent v;
  decode_header(j, e, v);
  v.level = name_of(j, e.name);
  v.message = j.text(e);
  v.fields = j.body(e);
  v.line = e.code;
  return v;
}
EventInput LogEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, level);
  in.text = message;
  in.body = fields == "{}" ? std::string_view() : fields;  // no fields: nothing stored
  in.code = line;
  return in;
}

// --- metric: name[metric] value[op] real b[amount] code=line --------------------------------

bool MetricEvent::is(const Journal&, const Event& e) { return whole_kind<MetricEvent>(e); }
MetricEvent MetricEvent::decode(const Journal& j, const Event& e) {
  MetricEvent v;
  decode_header(j, e, v);
  v.metric = name_of(j, e.name);
  v.op = name_of(j, e.value);
  v.amount = e.real();
  v.line = e.code;
  return v;
}
EventInput MetricEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, metric);
  in.value = atom_of(j, op);
  in.set_real(amount);
  in.code = line;
  return in;
}

// --- state: name[key] value[state] code=line -------------------------------------------------

bool StateEvent::is(const Journal&, const Event& e) { return whole_kind<StateEvent>(e); }
StateEvent StateEvent::decode(const Journal& j, const Event& e) {
  StateEvent v;
  decode_header(j, e, v);
  v.key = name_of(j, e.name);
  v.state = name_of(j, e.value);
  v.line = e.code;
  return v;
}
EventInput StateEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, key);
  in.value = atom_of(j, state);
  in.code = line;
  return in;
}

// --- sleep: a[duration_us] code=line ----------------------------------------------------------

bool SleepEvent::is(const Journal&, const Event& e) { return whole_kind<SleepEvent>(e); }
SleepEvent SleepEvent::decode(const Journal& j, const Event& e) {
  SleepEvent v;
  decode_header(j, e, v);
  v.duration = e.a;
  v.line = e.code;
  return v;
}
EventInput SleepEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.a = duration;
  in.code = line;
  return in;
}

// --- task: name[event: arrived | taken | outcome] value[outcome] text[detail] body[data] ----

bool TaskArrivedEvent::is(const Journal& j, const Event& e) {
  if (e.kind != kKind) return false;
  std::string_view name = j.str(e.name);
  return name == kTaskArrived || name == "created" || name == "queued";
}
TaskArrivedEvent TaskArrivedEvent::decode(const Journal& j, const Event& e) {
  TaskArrivedEvent v;
  decode_header(j, e, v);
  v.priority = priority_from_json(j.body(e));
  return v;
}
EventInput TaskArrivedEvent::encode(Journal& j, std::string& scratch) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = j.intern(kTaskArrived);
  scratch = priority_json(priority);
  in.body = scratch;
  return in;
}

bool TaskTakenEvent::is(const Journal& j, const Event& e) { return e.kind == kKind && j.str(e.name) == kTaskTaken; }
TaskTakenEvent TaskTakenEvent::decode(const Journal& j, const Event& e) {
  TaskTakenEvent v;
  decode_header(j, e, v);
  v.line = e.code;
  return v;
}
EventInput TaskTakenEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = j.intern(kTaskTaken);
  in.code = line;
  return in;
}

bool TaskHandedBackEvent::is(const Journal& j, const Event& e) {
  return e.kind == kKind && j.str(e.name) == kTaskHandedBack;
}
TaskHandedBackEvent TaskHandedBackEvent::decode(const Journal& j, const Event& e) {
  TaskHandedBackEvent v;
  decode_header(j, e, v);
  return v;
}
EventInput TaskHandedBackEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = j.intern(kTaskHandedBack);
  return in;
}

// --- store: name[op] value[result] text[key] body[value] ----------------------------------

bool StoreEvent::is(const Journal&, const Event& e) { return whole_kind<StoreEvent>(e); }
StoreEvent StoreEvent::decode(const Journal& j, const Event& e) {
  StoreEvent v;
  decode_header(j, e, v);
  v.op = name_of(j, e.name);
  v.result = name_of(j, e.value);
  v.key = j.text(e);
  v.value = j.body(e);
  v.line = e.code;
  return v;
}
EventInput StoreEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, op);
  in.value = atom_of(j, result);
  in.text = key;
  in.body = value;
  in.code = line;
  return in;
}

bool TaskOutcomeEvent::is(const Journal& j, const Event& e) {
  if (e.kind != kKind) return false;
  std::string_view name = j.str(e.name);
  return (name == kTaskOutcome && e.value != 0) || is_outcome_name(name);
}
TaskOutcomeEvent TaskOutcomeEvent::decode(const Journal& j, const Event& e) {
  TaskOutcomeEvent v;
  decode_header(j, e, v);
  v.outcome = j.str(e.name) == kTaskOutcome ? name_of(j, e.value) : name_of(j, e.name);
  v.reason = j.text(e);
  v.details = j.body(e);
  v.line = e.code;
  return v;
}
EventInput TaskOutcomeEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = j.intern(kTaskOutcome);
  in.value = atom_of(j, outcome);
  in.text = reason;
  in.body = details;
  in.code = line;
  return in;
}

// --- agent: name[event: started | finished | failed] text[message] code[line] ---------------

bool AgentLifecycleEvent::is(const Journal&, const Event& e) { return whole_kind<AgentLifecycleEvent>(e); }
AgentLifecycleEvent AgentLifecycleEvent::decode(const Journal& j, const Event& e) {
  AgentLifecycleEvent v;
  decode_header(j, e, v);
  v.change = name_of(j, e.name);
  v.message = j.text(e);
  v.line = e.code;
  return v;
}
EventInput AgentLifecycleEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, change);
  in.text = message;
  in.code = line;
  return in;
}

// --- run: name[event: start | end] value[reason] text[detail] code=line ---------------------

bool RunEvent::is(const Journal&, const Event& e) { return whole_kind<RunEvent>(e); }
RunEvent RunEvent::decode(const Journal& j, const Event& e) {
  RunEvent v;
  decode_header(j, e, v);
  v.event = name_of(j, e.name);
  v.reason = name_of(j, e.value);
  v.detail = j.text(e);
  v.line = e.code;
  return v;
}
EventInput RunEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, event);
  in.value = atom_of(j, reason);
  in.text = detail;
  in.code = line;
  return in;
}

// --- note: name[label] text[text] body[data] -------------------------------------------------

bool NoteEvent::is(const Journal&, const Event& e) { return whole_kind<NoteEvent>(e); }
NoteEvent NoteEvent::decode(const Journal& j, const Event& e) {
  NoteEvent v;
  decode_header(j, e, v);
  v.label = name_of(j, e.name);
  v.text = j.text(e);
  v.data = j.body(e);
  return v;
}
EventInput NoteEvent::encode(Journal& j, std::string&) const {
  EventInput in = encode_header(j, kKind, *this);
  in.name = atom_of(j, label);
  in.text = text;
  in.body = data;
  return in;
}

}  // namespace fl::sim
