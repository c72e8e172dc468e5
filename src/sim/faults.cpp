// The fault kinds: one row per FaultKind (at the end of this file) with the lab.json fields
// the kind takes, its parser and its handler. A handler runs when its fault's trigger fired
// for a request (World::Impl::run_faults) and changes the exchange: it answers instead of the
// route, fails the connection, or modifies the answer. Nothing else in src/sim switches on
// fault kinds. Adding a kind: a row in FL_FAULT_KINDS (world_spec.h), then its parser,
// handler and row here, and its section in docs/lab-format.md.
#include <vector>

#include "sim/fault_kinds.h"
#include "sim/world_impl.h"

namespace fl::sim {

namespace {

std::string host_of(const Exchange& x) { return x.url ? std::string(x.url->host) : std::string(); }

void fail(Exchange& x, NetErrorKind kind, std::string message) {
  x.result = Exchange::Result::error;
  x.error_kind = kind;
  x.error_message = std::move(message);
  x.response = Response{};
}

// A status answer from a fault (status and outage kinds).
void answer_status(World::Impl& w, const StatusAnswer& f, int index, Exchange& x) {
  std::string body = f.body.text;
  bool json = f.body.json;
  if (f.body.text.empty() && !f.body.json) {
    body = w.fault_bodies[index];
    json = true;
  }
  w.answer(x, f.status, std::move(body), json);
  x.custom_headers = !f.headers.empty();
  for (std::size_t i = 0; i < f.headers.size(); ++i) x.response.headers.set(f.headers.name(i), f.headers.value(i));
  if (f.retry_after >= 0) {
    if (f.retry_after_style == RetryAfterStyle::http_date)
      x.response.headers.set("Retry-After", http_date(w.spec->epoch_seconds + ceil_seconds(add_sat(w.now, f.retry_after))));
    else
      x.response.headers.set("Retry-After", std::to_string(ceil_seconds(f.retry_after)));
  }
}

void on_status(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  if (x.result != Exchange::Result::response) return;  // the connection already failed
  const auto& p = std::get<StatusFault>(f.params);
  w.journal_fault(x, f, index, p.answer.status, 0);
  answer_status(w, p.answer, index, x);
  if (p.after_effect) w.finish_response(x);  // the pipeline's headers were added before
  x.connected = true;
  x.finished = true;
}

void on_latency(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  Micros d = std::get<DelayFault>(f.params).latency.sample(w.rng);
  w.journal_fault(x, f, index, 0, d);
  x.latency = add_sat(x.latency, d);
}

void on_dns(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  w.journal_fault(x, f, index, 0, 0);
  const std::string& message = std::get<ConnectionFault>(f.params).message;
  fail(x, NetErrorKind::dns, message.empty() ? "could not resolve host \"" + host_of(x) + "\"" : message);
  x.latency = w.spec->network.error_delay;
  x.finished = true;
}

void on_refused(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  w.journal_fault(x, f, index, 0, 0);
  const std::string& message = std::get<ConnectionFault>(f.params).message;
  fail(x, NetErrorKind::refused, message.empty() ? "connection to " + host_of(x) + " refused" : message);
  x.latency = w.spec->network.error_delay;
  x.finished = true;
}

void on_reset(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  if (x.result == Exchange::Result::error) return;
  w.journal_fault(x, f, index, 0, 0);
  const std::string& message = std::get<ConnectionFault>(f.params).message;
  fail(x, NetErrorKind::reset, message.empty() ? "connection to " + host_of(x) + " reset by peer" : message);
  x.connected = true;  // the reset comes after the network round trip
  x.finished = true;
}

void on_hang(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  if (x.result == Exchange::Result::error) return;
  w.journal_fault(x, f, index, 0, 0);
  x.result = Exchange::Result::hang;
  x.response = Response{};
  x.finished = true;
}

void on_slow(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  if (x.result != Exchange::Result::response) return;
  const auto& p = std::get<DelayFault>(f.params);
  Micros d = p.latency.sample(w.rng);
  d = add_sat(d, from_seconds(static_cast<double>(x.response.body.size()) / p.bytes_per_s));
  w.journal_fault(x, f, index, 0, d);
  x.latency = add_sat(x.latency, d);
}

void on_empty_body(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  if (x.result != Exchange::Result::response) return;
  w.journal_fault(x, f, index, 0, 0);
  x.response.body.clear();
}

void on_malformed_body(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  if (x.result != Exchange::Result::response) return;
  w.journal_fault(x, f, index, 0, 0);
  std::string& b = x.response.body;
  if (b.size() >= 2)
    b.resize(b.size() / 2);  // cut mid-document: no longer valid JSON
  else
    b = "{\"";
}

void on_outage(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  const auto& p = std::get<OutageFault>(f.params);
  w.journal_fault(x, f, index, p.mode == OutageMode::status ? p.answer.status : 0, 0);
  switch (p.mode) {
    case OutageMode::status:
      answer_status(w, p.answer, index, x);
      x.connected = true;
      break;
    case OutageMode::refused:
      fail(x, NetErrorKind::refused, p.message.empty() ? "connection to " + host_of(x) + " refused" : p.message);
      x.latency = w.spec->network.error_delay;
      break;
    case OutageMode::hang:
      x.result = Exchange::Result::hang;
      break;
    case OutageMode::reset:
      fail(x, NetErrorKind::reset, p.message.empty() ? "connection to " + host_of(x) + " reset by peer" : p.message);
      x.connected = true;
      break;
  }
  x.finished = true;
}

// --- parsers: each kind's fields, after the trigger ----------------------------------------

void parse_retry_after(FaultFieldReader& r, StatusAnswer& a) {
  if (r.get("retry_after_s")) a.retry_after = r.seconds("retry_after_s", -1);
  std::string fmt = r.choice("retry_after_format", "seconds", {"seconds", "http_date"});
  a.retry_after_style = fmt == "http_date" ? RetryAfterStyle::http_date : RetryAfterStyle::seconds;
  if (r.get("retry_after_format") && !r.get("retry_after_s"))
    r.error("retry_after_format", "retry_after_format needs retry_after_s");
}

void parse_status(FaultFieldReader& r, FaultSpec& f) {
  StatusFault p;
  if (r.get("status"))
    p.answer.status = r.status("status").value_or(503);
  else
    r.error(nullptr, "missing required field \"status\" (the HTTP status to answer with)");
  p.answer.headers = r.headers("headers");
  p.answer.body = r.body();
  parse_retry_after(r, p.answer);
  p.after_effect = r.boolean_or("after_effect", false);
  f.params = std::move(p);
}

void parse_latency(FaultFieldReader& r, FaultSpec& f) {
  DelayFault p;
  if (r.get("latency"))
    p.latency = r.distribution("latency");
  else
    r.error(nullptr, "missing required field \"latency\"");
  f.params = std::move(p);
}

void parse_slow(FaultFieldReader& r, FaultSpec& f) {
  DelayFault p;
  const Json* b = r.get("bytes_per_s");
  if (!b)
    r.error(nullptr, "missing required field \"bytes_per_s\"");
  else if (!b->is_number() || !(b->get<double>() > 0))
    r.error("bytes_per_s", "bytes_per_s must be a number above 0, found " + b->dump());
  else
    p.bytes_per_s = b->get<double>();
  if (r.get("latency")) p.latency = r.distribution("latency");
  f.params = std::move(p);
}

void parse_connection(FaultFieldReader& r, FaultSpec& f) {  // dns, refused
  ConnectionFault p;
  p.message = r.string_or("message", "");
  f.params = std::move(p);
}

void parse_reset(FaultFieldReader& r, FaultSpec& f) {
  ConnectionFault p;
  p.after_effect = r.boolean_or("after_effect", false);
  p.message = r.string_or("message", "");
  f.params = std::move(p);
}

void parse_hang(FaultFieldReader& r, FaultSpec& f) {
  ConnectionFault p;
  p.after_effect = r.boolean_or("after_effect", false);
  f.params = std::move(p);
}

void parse_body(FaultFieldReader&, FaultSpec& f) { f.params = BodyFault{}; }

void parse_outage(FaultFieldReader& r, FaultSpec& f) {
  OutageFault p;
  std::string mode = r.choice("mode", "status", {"status", "refused", "hang", "reset"});
  p.mode = mode == "refused" ? OutageMode::refused
           : mode == "hang"  ? OutageMode::hang
           : mode == "reset" ? OutageMode::reset
                             : OutageMode::status;
  if (r.get("status")) p.answer.status = r.status("status").value_or(503);
  if (p.mode != OutageMode::status)
    for (const char* k : {"status", "headers", "json", "body", "retry_after_s"})
      if (r.get(k)) r.error(k, std::string("\"") + k + "\" applies to mode \"status\" only");
  p.answer.headers = r.headers("headers");
  p.answer.body = r.body();
  parse_retry_after(r, p.answer);
  p.message = r.string_or("message", "");
  if (f.when.windows.empty() && f.when.scenario < 0 && !r.get("scenario"))
    r.warning("an outage without from_s/until_s, windows or a scenario state lasts the whole run");
  f.params = std::move(p);
}

// --- stages: whether a fault runs before the route (the request never reaches the
// application) or after it (a modifier of the answer) -------------------------------------

bool always_before(const FaultSpec&) { return true; }
bool always_after(const FaultSpec&) { return false; }
bool before_unless_after_effect(const FaultSpec& f) {
  if (const auto* s = std::get_if<StatusFault>(&f.params)) return !s->after_effect;
  return !std::get<ConnectionFault>(f.params).after_effect;
}

// --- the table -------------------------------------------------------------------------------

struct FaultKindRow {
  FaultKind kind;
  std::vector<std::string_view> fields;  // lab.json fields besides the trigger's
  void (*parse)(FaultFieldReader&, FaultSpec&);
  FaultHandler inject;
  bool (*before_route)(const FaultSpec&);
  bool precedes_routing;  // fails the connection before any route is chosen
};

const FaultKindRow& fault_row(FaultKind kind) {
  static const std::vector<FaultKindRow> rows = {
      {FaultKind::status,
       {"status", "headers", "json", "body", "retry_after_s", "retry_after_format", "after_effect"},
       parse_status, on_status, before_unless_after_effect, false},
      {FaultKind::latency, {"latency"}, parse_latency, on_latency, always_after, false},
      {FaultKind::dns, {"message"}, parse_connection, on_dns, always_before, true},
      {FaultKind::refused, {"message"}, parse_connection, on_refused, always_before, true},
      {FaultKind::reset, {"after_effect", "message"}, parse_reset, on_reset, before_unless_after_effect, false},
      {FaultKind::hang, {"after_effect"}, parse_hang, on_hang, before_unless_after_effect, false},
      {FaultKind::slow, {"bytes_per_s", "latency"}, parse_slow, on_slow, always_after, false},
      {FaultKind::empty_body, {}, parse_body, on_empty_body, always_after, false},
      {FaultKind::malformed_body, {}, parse_body, on_malformed_body, always_after, false},
      {FaultKind::outage,
       {"mode", "status", "headers", "json", "body", "retry_after_s", "retry_after_format", "message"},
       parse_outage, on_outage, always_before, false},
  };
  for (const auto& row : rows)
    if (row.kind == kind) return row;
  return rows.front();  // unreachable: every kind has a row (faults_test checks it)
}

}  // namespace

const char* to_string(FaultKind kind) {
  switch (kind) {
#define FL_FAULT_KIND_NAME(k) \
  case FaultKind::k: return #k;
    FL_FAULT_KINDS(FL_FAULT_KIND_NAME)
#undef FL_FAULT_KIND_NAME
  }
  return "?";
}

std::optional<FaultKind> fault_kind_from_string(std::string_view name) {
  for (int k = 0; k < kFaultKindCount; ++k)
    if (name == to_string(static_cast<FaultKind>(k))) return static_cast<FaultKind>(k);
  return std::nullopt;
}

bool fault_takes_field(FaultKind kind, std::string_view key) {
  for (std::string_view f : fault_row(kind).fields)
    if (f == key) return true;
  return false;
}

void parse_fault_params(FaultFieldReader& fields, FaultSpec& spec) { fault_row(spec.kind).parse(fields, spec); }

bool fault_precedes_routing(FaultKind kind) { return fault_row(kind).precedes_routing; }

FaultHandler fault_handler(FaultKind kind) { return fault_row(kind).inject; }

bool fault_runs_before_route(const FaultSpec& f) { return fault_row(f.kind).before_route(f); }

const StatusAnswer* FaultSpec::answer() const {
  if (const auto* s = std::get_if<StatusFault>(&params)) return &s->answer;
  if (const auto* o = std::get_if<OutageFault>(&params)) return &o->answer;
  return nullptr;
}

}  // namespace fl::sim
