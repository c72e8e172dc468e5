// Fault handlers: one per FaultKind. A handler runs when its fault's trigger fired for a
// request (World::Impl::run_faults) and changes the exchange: it answers instead of the route,
// fails the connection, or modifies the answer. Nothing else in src/sim knows fault kinds.
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
void answer_status(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
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
  w.journal_fault(x, f, index, f.status, 0);
  answer_status(w, f, index, x);
  if (f.after_effect) w.finish_response(x);  // the pipeline's headers were added before
  x.connected = true;
  x.finished = true;
}

void on_latency(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  Micros d = f.latency.sample(w.rng);
  w.journal_fault(x, f, index, 0, d);
  x.latency = add_sat(x.latency, d);
}

void on_dns(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  w.journal_fault(x, f, index, 0, 0);
  fail(x, NetErrorKind::dns, f.message.empty() ? "could not resolve host \"" + host_of(x) + "\"" : f.message);
  x.latency = w.spec->network.error_delay;
  x.finished = true;
}

void on_refused(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  w.journal_fault(x, f, index, 0, 0);
  fail(x, NetErrorKind::refused, f.message.empty() ? "connection to " + host_of(x) + " refused" : f.message);
  x.latency = w.spec->network.error_delay;
  x.finished = true;
}

void on_reset(World::Impl& w, const FaultSpec& f, int index, Exchange& x) {
  if (x.result == Exchange::Result::error) return;
  w.journal_fault(x, f, index, 0, 0);
  fail(x, NetErrorKind::reset, f.message.empty() ? "connection to " + host_of(x) + " reset by peer" : f.message);
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
  Micros d = f.latency.sample(w.rng);
  d = add_sat(d, from_seconds(static_cast<double>(x.response.body.size()) / f.bytes_per_s));
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
  w.journal_fault(x, f, index, f.mode == OutageMode::status ? f.status : 0, 0);
  switch (f.mode) {
    case OutageMode::status:
      answer_status(w, f, index, x);
      x.connected = true;
      break;
    case OutageMode::refused:
      fail(x, NetErrorKind::refused, f.message.empty() ? "connection to " + host_of(x) + " refused" : f.message);
      x.latency = w.spec->network.error_delay;
      break;
    case OutageMode::hang:
      x.result = Exchange::Result::hang;
      break;
    case OutageMode::reset:
      fail(x, NetErrorKind::reset, f.message.empty() ? "connection to " + host_of(x) + " reset by peer" : f.message);
      x.connected = true;
      break;
  }
  x.finished = true;
}

}  // namespace

FaultHandler fault_handler(FaultKind kind) {
  switch (kind) {
    case FaultKind::status: return on_status;
    case FaultKind::latency: return on_latency;
    case FaultKind::dns: return on_dns;
    case FaultKind::refused: return on_refused;
    case FaultKind::reset: return on_reset;
    case FaultKind::hang: return on_hang;
    case FaultKind::slow: return on_slow;
    case FaultKind::empty_body: return on_empty_body;
    case FaultKind::malformed_body: return on_malformed_body;
    case FaultKind::outage: return on_outage;
  }
  return on_status;
}

// Before the route: the request never reaches the application (connection-level faults,
// outages, and status/reset/hang unless after_effect). After: modifiers of the answer.
bool fault_runs_before_route(const FaultSpec& f) {
  switch (f.kind) {
    case FaultKind::dns:
    case FaultKind::refused:
    case FaultKind::outage: return true;
    case FaultKind::status:
    case FaultKind::reset:
    case FaultKind::hang: return !f.after_effect;
    case FaultKind::latency:
    case FaultKind::slow:
    case FaultKind::empty_body:
    case FaultKind::malformed_body: return false;
  }
  return false;
}

}  // namespace fl::sim
