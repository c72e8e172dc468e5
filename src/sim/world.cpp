// sim::World: clock, event queue and the request pipeline. The pipeline for one request:
//   parse URL -> find service by host -> match route -> journal `request`
//   -> faults that act before the route (dns, refused, outage, status, reset, hang)
//   -> built-in endpoints (OAuth token, metadata) or route: auth -> rate limits -> effects +
//      response selection -> rate-limit/service/Date headers
//   -> faults that act after the route (latency, slow, empty/malformed bodies, and status /
//      reset / hang with after_effect) -> latency -> delivery (or timeout) via the queue.
#include "sim/world.h"

#include <algorithm>
#include <charconv>

#include "sim/template.h"
#include "sim/world_impl.h"

namespace fl::sim {

namespace {

// Min-heap order on (time, seq): a total order since seq is unique.
struct Later {
  bool operator()(const World::Impl::Item& a, const World::Impl::Item& b) const {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
};

std::uint64_t rng_thunk(void* state) { return static_cast<Rng*>(state)->next_u64(); }

// The Content-Type of a generated body (views: no strlen per response).
std::string_view content_type(bool json) {
  return json ? std::string_view("application/json") : std::string_view("text/plain; charset=utf-8");
}

}  // namespace

std::string json_error(std::string_view error, std::string_view message) {
  std::string out = "{\"error\":";
  out += safe_dump(Json(std::string(error)));
  out += ",\"message\":";
  out += safe_dump(Json(std::string(message)));
  out += '}';
  return out;
}

std::string random_hex(Rng& rng, int digits) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  std::uint64_t v = 0;
  for (int i = 0; i < digits; ++i) {
    if (i % 16 == 0) v = rng.next_u64();
    s += hex[v & 15];
    v >>= 4;
  }
  return s;
}

// ----------------------------------------------------------------------------------------
// Construction

World::Impl::Impl(std::shared_ptr<const WorldSpec> s, std::uint64_t sd) : spec(std::move(s)), seed(sd), rng(Rng(sd).fork("services")) {
  const WorldSpec& w = *spec;
  a_get = journal.intern("GET");
  // Interned up front as before: the journal's size (a run limit) counts its atoms.
  for (LimitDecision d : {LimitDecision::allowed, LimitDecision::rejected, LimitDecision::penalized})
    journal.intern(to_string(d));
  services.resize(w.services.size());
  for (std::size_t i = 0; i < w.services.size(); ++i) {
    const ServiceSpec& svc = w.services[i];
    ServiceRuntime& rt = services[i];
    rt.atom = journal.intern(svc.id);
    rt.routes.resize(svc.routes.size());
    for (std::size_t r = 0; r < svc.routes.size(); ++r) {
      rt.routes[r].atom = journal.intern(svc.routes[r].id);
      for (const auto& resp : svc.routes[r].responses) rt.routes[r].weights.push_back(resp.weight);
    }
    rt.limiters.resize(svc.rate_limits.size());
    for (std::size_t l = 0; l < svc.rate_limits.size(); ++l) {
      const LimiterSpec& ls = svc.rate_limits[l];
      rt.limiters[l].atom = journal.intern(ls.id);
      rt.limiters[l].rejection_body =
          ls.body.text.empty() && !ls.body.json
              ? json_error("rate_limited", "Too many requests: limit " + std::to_string(ls.limit) + " exceeded; retry later")
              : ls.body.text;
      rt.limiters[l].applies.assign(svc.routes.size() + 1, ls.routes.empty() ? 1 : 0);  // +1: built-in endpoints
      for (const auto& rid : ls.routes)
        for (std::size_t r = 0; r < svc.routes.size(); ++r)
          if (svc.routes[r].id == rid) rt.limiters[l].applies[r] = 1;
    }
  }
  fault_counts.assign(w.faults.size(), 0);
  fault_numbers.assign(w.faults.size(), 0);
  for (const auto& f : w.faults) {
    fault_atoms.push_back(journal.intern(to_string(f.kind)));
    fault_id_atoms.push_back(journal.intern(f.id));
    const int status = f.answer() ? f.answer()->status : 503;  // the default body of a status answer
    const char* reason = reason_phrase(status);
    fault_bodies.push_back(json_error(status == 503 ? "service_unavailable" : status == 429 ? "rate_limited" : "error",
                                      *reason ? reason : "error"));
  }
  scenarios.resize(w.scenarios.size());
  for (std::size_t i = 0; i < w.scenarios.size(); ++i) {
    scenarios[i].atom = journal.intern(w.scenarios[i].id);
    for (const auto& st : w.scenarios[i].states) scenarios[i].state_atoms.push_back(journal.intern(st));
  }
}

World::World(const WorldSpec& spec, std::uint64_t seed) : World(std::make_shared<const WorldSpec>(spec), seed) {}

World::World(std::shared_ptr<const WorldSpec> spec, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(std::move(spec), seed)) {
  for (std::size_t i = 0; i < impl_->scenarios.size(); ++i)
    impl_->enter_state(static_cast<int>(i), impl_->spec->scenarios[i].initial, false, -1);
  impl_->schedule_credential_events();
}

World::~World() = default;

// ----------------------------------------------------------------------------------------
// Queue

void World::Impl::push(Micros at, std::uint32_t slot, ItemType type, bool background) {
  heap.push_back(Item{at, next_seq++, slot, type, background});
  std::push_heap(heap.begin(), heap.end(), Later{});
  if (!background) ++foreground;
}

TimerId World::Impl::add_timer(Micros at, std::function<void()> fn, bool background) {
  std::uint32_t slot;
  if (!free_timers.empty()) {
    slot = free_timers.back();
    free_timers.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(timers.size());
    timers.emplace_back();
  }
  Timer& t = timers[slot];
  t.fn = std::move(fn);
  t.live = true;
  t.background = background;
  ++t.generation;
  push(at < now ? now : at, slot, ItemType::timer, background);
  return (static_cast<TimerId>(t.generation) << 32) | (slot + 1);
}

bool World::Impl::run_one() {
  std::pop_heap(heap.begin(), heap.end(), Later{});
  Item item = heap.back();
  heap.pop_back();
  if (item.type == ItemType::timer) {
    Timer& t = timers[item.slot];
    if (!t.live) {  // cancelled (World::cancel already uncounted it): release the slot now
      free_timers.push_back(item.slot);
      return false;
    }
    if (!item.background) --foreground;
    now = item.time;
    std::function<void()> fn = std::move(t.fn);
    t.fn = nullptr;
    t.live = false;
    free_timers.push_back(item.slot);
    ++events_run;
    fn();
    return true;
  }
  if (!item.background) --foreground;
  now = item.time;
  ++events_run;
  deliver(item.slot);
  return true;
}

void World::Impl::deliver(std::uint32_t slot) {
  Delivery& d = deliveries[slot];
  Outcome& o = d.outcome;
  // The callback may send(), which can grow `deliveries`: run it from a local, and release
  // the slot only when it returns (its outcome is moved out before it starts).
  std::function<void(Outcome)> done = std::move(d.done);
  d.done = nullptr;
  d.live = false;
  ClientInfo client = d.client;
  Atom service = d.service;
  o.received_at = now;
  auto header = [&](EventHeader& h) {
    h.agent = Name::of(client.agent);
    h.task = Name::of(client.task);
    h.service = Name::of(service);
  };
  if (o.error) {
    NetErrorEvent e;
    header(e);
    e.request = o.request_event;
    e.elapsed = now - o.sent_at;
    e.error = to_string(o.error->kind);
    e.message = o.error->message;
    o.result_event = sim::record(journal, now, e);
  } else {
    ResponseEvent e;
    header(e);
    e.request = o.request_event;
    e.elapsed = now - o.sent_at;
    e.status = o.response.status;
    e.headers = &o.response.headers;
    e.body = o.response.body;
    o.result_event = sim::record(journal, now, e);
  }
  if (done) done(std::move(o));
  free_deliveries.push_back(slot);
}

Micros World::now() const { return impl_->now; }

TimerId World::schedule(Micros at, std::function<void()> fn) {
  if (impl_->stopped) return 0;
  return impl_->add_timer(at, std::move(fn), false);
}

TimerId World::schedule_after(Micros delay, std::function<void()> fn) {
  return schedule(delay > kForever - impl_->now ? kForever : impl_->now + (delay < 0 ? 0 : delay), std::move(fn));
}

bool World::cancel(TimerId id) {
  std::uint32_t slot = static_cast<std::uint32_t>(id & 0xffffffffu);
  if (slot == 0 || slot > impl_->timers.size()) return false;
  auto& t = impl_->timers[slot - 1];
  if (!t.live || t.generation != static_cast<std::uint32_t>(id >> 32)) return false;
  t.live = false;
  t.fn = nullptr;
  if (!t.background) --impl_->foreground;
  // The heap item stays until run_one pops it and releases the slot.
  return true;
}

bool World::step(std::size_t max_events) {
  Impl& w = *impl_;
  std::size_t n = 0;
  while (n < max_events) {
    if (w.stopped || w.foreground == 0) return true;
    if (w.run_one()) ++n;
  }
  return w.stopped || w.foreground == 0;
}

void World::run_until_idle() {
  while (!step(SIZE_MAX)) {
  }
}

void World::run_until(Micros t) {
  Impl& w = *impl_;
  while (!w.stopped && !w.heap.empty() && w.heap.front().time <= t) w.run_one();
  if (!w.stopped && t > w.now) w.now = t;
}

void World::stop() {
  Impl& w = *impl_;
  w.stopped = true;
  w.heap.clear();
  w.foreground = 0;
  for (auto& t : w.timers) t.fn = nullptr, t.live = false;
  for (auto& d : w.deliveries) d.done = nullptr, d.live = false;
}

bool World::stopped() const { return impl_->stopped; }
bool World::idle() const { return impl_->foreground == 0; }

Micros World::next_event_time() const {
  // The heap top may be a cancelled timer; that is only an early wake-up, never a late one.
  return impl_->heap.empty() ? kForever : impl_->heap.front().time;
}

std::uint64_t World::events_run() const { return impl_->events_run; }

// ----------------------------------------------------------------------------------------
// Journal and facts

Journal& World::journal() { return impl_->journal; }
const Journal& World::journal() const { return impl_->journal; }
Atom World::intern(std::string_view s) { return impl_->journal.intern(s); }

ClientInfo World::client(std::string_view agent, std::string_view task) {
  return ClientInfo{intern(agent), intern(task)};
}

EventId World::record(const EventInput& input) { return impl_->journal.append(impl_->now, input); }

const WorldSpec& World::spec() const { return *impl_->spec; }
std::uint64_t World::seed() const { return impl_->seed; }
Rng World::make_rng(std::string_view name) const { return Rng(impl_->seed).fork(name); }
std::int64_t World::epoch_seconds() const { return impl_->spec->epoch_seconds; }

std::optional<std::string> World::secret(std::string_view name) const {
  for (const auto& s : impl_->spec->secrets) {
    if (s.name != name) continue;
    const std::string* value = nullptr;
    for (const auto& v : s.versions)
      if (v.from <= impl_->now) value = &v.value;
    if (value) return *value;
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> World::secret_names() const {
  std::vector<std::string> out;
  for (const auto& s : impl_->spec->secrets) out.push_back(s.name);
  return out;  // the spec keeps them sorted
}

const std::vector<LedgerEntry>& World::ledger(std::string_view name) const {
  static const std::vector<LedgerEntry> empty;
  auto it = impl_->ledgers.find(name);
  return it == impl_->ledgers.end() ? empty : it->second.entries;
}

std::vector<std::string> World::ledger_names() const {
  std::vector<std::string> out;
  for (const auto& [name, l] : impl_->ledgers) out.push_back(name);
  return out;
}

std::string World::scenario_state(std::string_view id) const {
  int s = impl_->spec->find_scenario(id);
  if (s < 0) return "";
  return impl_->spec->scenarios[s].states[impl_->scenarios[s].state];
}

// ----------------------------------------------------------------------------------------
// Scenarios

void World::Impl::enter_state(int sc, int state, bool journal_it, int from) {
  ScenarioRuntime& rt = scenarios[sc];
  const ScenarioSpec& s = spec->scenarios[sc];
  rt.state = state;
  rt.entered = now;
  rt.requests = 0;
  std::uint64_t gen = ++rt.generation;
  if (journal_it) {
    ScenarioEvent e;
    e.scenario = Name::of(rt.atom);
    e.state = Name::of(rt.state_atoms[state]);
    e.from = from >= 0 ? std::string_view(s.states[from]) : std::string_view();
    sim::record(journal, now, e);
  }
  // The earliest timed transition out of this state (first declared on ties).
  int best = -1;
  for (std::size_t t = 0; t < s.transitions.size(); ++t) {
    const auto& tr = s.transitions[t];
    if (tr.from == state && tr.after >= 0 && (best < 0 || tr.after < s.transitions[best].after)) best = static_cast<int>(t);
  }
  if (best >= 0) {
    const auto& tr = s.transitions[best];
    Micros at = tr.after > kForever - now ? kForever : now + tr.after;
    add_timer(at, [this, sc, gen, to = tr.to, state] {
      if (scenarios[sc].generation == gen) enter_state(sc, to, true, state);
    }, true);
  }
}

void World::Impl::count_scenario_request(const Exchange& x) {
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioSpec& s = spec->scenarios[i];
    if (!s.services.empty() && std::find(s.services.begin(), s.services.end(), x.service) == s.services.end()) continue;
    ScenarioRuntime& rt = scenarios[i];
    ++rt.requests;
    for (const auto& tr : s.transitions)
      if (tr.from == rt.state && tr.after_requests > 0 && rt.requests >= tr.after_requests) {
        enter_state(static_cast<int>(i), tr.to, true, rt.state);
        break;
      }
  }
}

// ----------------------------------------------------------------------------------------
// Request pipeline

EventId World::send(Request request, ClientInfo client, Micros timeout, std::function<void(Outcome)> done) {
  return impl_->send(request, client, timeout, std::move(done));
}

const std::string& World::Impl::date_header() {
  std::int64_t sec = spec->epoch_seconds + now / kMicrosPerSecond;
  if (sec != date_second) {
    date_second = sec;
    date_text = http_date(sec);
  }
  return date_text;
}

int World::Impl::find_host(std::string_view host) const {
  for (std::size_t i = 0; i < spec->services.size(); ++i)
    if (iequals(spec->services[i].host, host)) return static_cast<int>(i);
  return -1;
}

void World::Impl::match_route(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  std::string_view path = x.url->path;
  // Split the request path once (ignoring empty segments, e.g. a trailing slash).
  std::size_t nseg = 0;
  bool too_long = path.size() > 65535;
  for (std::size_t pos = 1; !too_long && pos <= path.size();) {
    std::size_t end = pos;  // a plain loop: segments are short, a memchr call costs more
    while (end < path.size() && path[end] != '/') ++end;
    if (end > pos) {
      if (nseg == 16) {
        too_long = true;
        break;
      }
      x.segment_offset[nseg] = static_cast<std::uint16_t>(pos);
      x.segment_length[nseg] = static_cast<std::uint16_t>(end - pos);
      ++nseg;
    }
    pos = end + 1;
  }
  x.segment_count = nseg;
  for (std::size_t r = 0; r < svc.routes.size(); ++r) {
    const RouteSpec& rt = svc.routes[r];
    if (too_long && !rt.tail_wildcard) continue;
    if (rt.tail_wildcard ? nseg < rt.segments.size() : nseg != rt.segments.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; ok && i < rt.segments.size(); ++i)
      ok = rt.segments[i].is_param || rt.segments[i].literal == path.substr(x.segment_offset[i], x.segment_length[i]);
    if (!ok) continue;
    if (rt.scenario >= 0 &&
        std::find(rt.states.begin(), rt.states.end(), scenarios[rt.scenario].state) == rt.states.end())
      continue;
    if (!rt.query.empty() || !rt.headers.empty()) {
      auto q = rt.query.empty() ? decltype(parse_query("")){} : parse_query(x.url->query);
      for (const auto& [k, v] : rt.query) {
        bool found = false;
        for (const auto& [qk, qv] : q) found = found || (qk == k && (v == "*" || qv == v));
        ok = ok && found;
      }
      for (const auto& [k, v] : rt.headers) {
        auto h = x.req.headers.get(k);
        ok = ok && h && (v == "*" || *h == v);
      }
      if (!ok) continue;
    }
    if (!rt.method.empty() && rt.method != x.req.method) {
      x.method_mismatch = true;
      continue;
    }
    x.route = static_cast<int>(r);
    return;
  }
}

EventId World::Impl::send(const Request& request, ClientInfo client, Micros timeout,
                          std::function<void(Outcome)>&& done) {
  Exchange x(request);
  x.client = client;
  x.timeout = timeout;
  x.url = parse_url_view(x.req.url);
  if (x.url) x.service = find_host(x.url->host);
  if (x.service >= 0) match_route(x);

  RequestEvent in;
  in.agent = Name::of(client.agent);
  in.task = Name::of(client.task);
  in.service = Name::of(x.service >= 0 ? services[x.service].atom : 0);
  in.route = Name::of(x.route >= 0 ? services[x.service].routes[x.route].atom : 0);
  in.method = x.req.method == "GET" ? Name::of(a_get) : Name(x.req.method);
  in.timeout = timeout > 0 ? timeout : 0;
  in.url = x.req.url;
  in.headers = &x.req.headers;
  in.body = x.req.body;
  x.request_event = sim::record(journal, now, in);

  if (stopped) return x.request_event;
  if (!x.url) {
    x.result = Exchange::Result::error;
    x.error_kind = NetErrorKind::dns;
    x.error_message = "invalid URL \"" + x.req.url + "\" (expected http:// or https:// followed by a host)";
    x.latency = spec->network.error_delay;
  } else if (x.service < 0) {
    x.result = Exchange::Result::error;
    x.error_kind = NetErrorKind::dns;
    x.error_message = "could not resolve host \"" + std::string(x.url->host) + "\"";
    x.latency = spec->network.error_delay;
  } else {
    // Number this request for every fault whose scope it is in.
    for (std::size_t f = 0; f < spec->faults.size(); ++f)
      fault_numbers[f] = fault_in_scope(spec->faults[f], x) ? ++fault_counts[f] : 0;
    run_faults(x, true);
    if (!x.finished) {
      x.connected = true;
      serve(x);
    }
    if (x.connected) x.latency = add_sat(x.latency, base_latency(x));
    if (x.result == Exchange::Result::response) finish_response(x);
    x.finished = false;
    run_faults(x, false);
    if (x.connected) count_scenario_request(x);
  }

  // Deliver: the outcome, or a timeout if it would come later than the client waits.
  auto later = [this](Micros d) { return d > kForever - now ? kForever : now + d; };  // saturating
  Micros deliver_at;
  bool timed_out = false;
  if (x.result == Exchange::Result::hang || (timeout > 0 && x.latency > timeout)) {
    if (timeout <= 0) return x.request_event;  // hangs forever: never answered
    timed_out = true;
    deliver_at = later(timeout);
  } else {
    deliver_at = later(x.latency);
  }
  std::uint32_t slot;
  if (!free_deliveries.empty()) {
    slot = free_deliveries.back();
    free_deliveries.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(deliveries.size());
    deliveries.emplace_back();
  }
  Delivery& d = deliveries[slot];
  d.done = std::move(done);
  d.client = client;
  d.service = x.service >= 0 ? services[x.service].atom : 0;
  d.live = true;
  Outcome& o = d.outcome;  // reused slot: every field is assigned
  o.request_event = x.request_event;
  o.result_event = 0;
  o.sent_at = now;
  o.received_at = 0;
  if (timed_out) {
    o.error = NetworkError{NetErrorKind::timeout, "no response within " + Json(to_seconds(timeout)).dump() + " s"};
    o.response = Response{};
  } else if (x.result == Exchange::Result::error) {
    o.error = NetworkError{x.error_kind, std::move(x.error_message)};
    o.response = Response{};
  } else {
    o.error.reset();
    o.response = std::move(x.response);
  }
  push(deliver_at, slot, ItemType::delivery, false);
  return x.request_event;
}

bool World::Impl::fault_in_scope(const FaultSpec& f, const Exchange& x) const {
  const Trigger& t = f.when;
  if (!t.services.empty() && std::find(t.services.begin(), t.services.end(), x.service) == t.services.end()) return false;
  if (!t.route.empty() && (x.route < 0 || spec->services[x.service].routes[x.route].id != t.route)) return false;
  if (!t.methods.empty() && std::find(t.methods.begin(), t.methods.end(), x.req.method) == t.methods.end()) return false;
  return true;
}

// Runs the faults of one stage in declaration order. Each fault fires when every condition of
// its trigger holds; the probability is drawn last, so draws depend only on the run so far.
void World::Impl::run_faults(Exchange& x, bool before) {
  for (std::size_t i = 0; i < spec->faults.size() && !(before && x.finished); ++i) {
    const FaultSpec& f = spec->faults[i];
    if (fault_runs_before_route(f) != before) continue;
    std::uint64_t n = fault_numbers[i];
    if (n == 0) continue;
    const Trigger& t = f.when;
    if (!t.windows.empty()) {
      bool in = false;
      for (const auto& [from, until] : t.windows) in = in || (now >= from && now < until);
      if (!in) continue;
    }
    if (!t.nth.empty() && !std::binary_search(t.nth.begin(), t.nth.end(), n)) continue;
    if (t.every > 0 && n % t.every != 0) continue;
    if (t.first > 0 && n > t.first) continue;
    if (n <= t.after) continue;
    if (t.scenario >= 0 &&
        std::find(t.states.begin(), t.states.end(), scenarios[t.scenario].state) == t.states.end())
      continue;
    if (!rng.chance(t.probability)) continue;
    fault_handler(f.kind)(*this, f, static_cast<int>(i), x);
  }
}

EventId World::Impl::journal_fault(const Exchange& x, const FaultSpec& /*f*/, int index, int status, Micros delay) {
  FaultEvent e;
  e.agent = Name::of(x.client.agent);
  e.task = Name::of(x.client.task);
  e.service = Name::of(x.service >= 0 ? services[x.service].atom : 0);
  e.request = x.request_event;
  e.fault = Name::of(fault_atoms[index]);
  e.label = Name::of(fault_id_atoms[index]);
  e.status = status;
  e.delay = delay;
  e.index = index;
  return sim::record(journal, now, e);
}

Micros World::Impl::base_latency(const Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  const Distribution* d = &spec->network.latency;
  if (svc.latency.is_set()) d = &svc.latency;
  if (x.route >= 0 && svc.routes[x.route].latency.is_set()) d = &svc.routes[x.route].latency;
  return d->sample(rng);
}

void World::Impl::answer(Exchange& x, int status, std::string body, bool json) {
  x.result = Exchange::Result::response;
  x.response.status = status;
  x.custom_headers = false;
  x.response.headers.clear();
  if (!body.empty()) x.response.headers.add("Content-Type", content_type(json));
  x.response.body = std::move(body);
}

void World::Impl::not_found(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  if (x.method_mismatch) {
    std::string allow;
    for (const auto& rt : svc.routes) {
      // Methods of routes whose path matches: re-run matching per method cheaply.
      Request probe_request;
      probe_request.method = rt.method;
      probe_request.headers = x.req.headers;
      Exchange probe(probe_request);
      probe.url = x.url;
      probe.service = x.service;
      match_route(probe);
      if (probe.route >= 0 && !rt.method.empty() && allow.find(rt.method) == std::string::npos)
        allow += (allow.empty() ? "" : ", ") + rt.method;
    }
    answer(x, 405, json_error("method_not_allowed", x.req.method + " is not allowed on " + std::string(x.url->path)));
    if (!allow.empty()) x.response.headers.add("Allow", allow);
    return;
  }
  answer(x, 404, json_error("not_found", "no route for " + x.req.method + " " + std::string(x.url->path)));
}

void World::Impl::serve(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  bool builtin = (svc.kind == ServiceKind::oauth && x.url->path == svc.oauth.token_path) ||
                 (svc.kind == ServiceKind::metadata && x.url->path == svc.metadata.path);
  if (builtin) {
    x.route = -1;
    if (!apply_rate_limits(x)) return;
    if (svc.kind == ServiceKind::oauth)
      serve_token_endpoint(x);
    else
      serve_metadata(x);
    return;
  }
  if (x.route < 0) {
    not_found(x);
    return;
  }
  if (!check_auth(x)) return;
  if (!apply_rate_limits(x)) return;
  run_effect_route(x);
}

// Picks and renders the route's response (effects.cpp calls this for new effects).
void World::Impl::run_route(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  const RouteSpec& rt = svc.routes[x.route];
  RouteRuntime& rr = services[x.service].routes[x.route];
  ++rr.served;
  std::size_t idx = 0;
  std::size_t n = rt.responses.size();
  switch (rt.mode) {
    case ResponseMode::sequential:
    case ResponseMode::cycle:
      idx = rr.seq_index;
      if (++rr.seq_used >= rt.responses[idx].times) {
        rr.seq_used = 0;
        if (rr.seq_index + 1 < n) ++rr.seq_index;
        else if (rt.mode == ResponseMode::cycle) rr.seq_index = 0;
      }
      break;
    case ResponseMode::random: idx = static_cast<std::size_t>(rng.below(n)); break;
    case ResponseMode::weighted: idx = rng.weighted_choice(rr.weights); break;
  }
  const ResponseSpec& resp = rt.responses[idx];
  x.result = Exchange::Result::response;
  x.response.status = resp.status;
  x.response.headers.clear();
  bool dynamic = resp.body.dynamic || resp.headers_dynamic;
  TemplateContext ctx;
  if (dynamic) {
    if (x.params.empty())
      for (std::size_t i = 0; i < rt.segments.size() && i < x.segment_count; ++i)
        if (rt.segments[i].is_param && !rt.segments[i].param.empty())
          x.params.emplace_back(rt.segments[i].param,
                                percent_decode(x.url->path.substr(x.segment_offset[i], x.segment_length[i]), false));
    ctx.request = &x.req;
    ctx.url = &*x.url;
    ctx.params = &x.params;
    ctx.agent = journal.str(x.client.agent);
    ctx.task = journal.str(x.client.task);
    ctx.service = svc.id;
    ctx.route = rt.id;
    ctx.now = now;
    ctx.epoch_seconds = spec->epoch_seconds;
    ctx.seq = rr.served;
    ctx.effect_id = x.effect_id;
    ctx.effect_number = x.effect_number;
    ctx.effect_key = x.effect_key;
    ctx.random = rng_thunk;
    ctx.random_state = &rng;
  }
  if (resp.body.dynamic) {
    if (!resp.body.json)
      x.response.body = render_text(resp.body.text, ctx);
    else if (resp.body.compiled.ok)
      x.response.body = render_compiled(resp.body.compiled, ctx);
    else
      x.response.body = safe_dump(render_json(resp.body.tree, ctx));
  } else {
    x.response.body = resp.body.text;
  }
  bool has_type = !resp.headers.empty() && resp.headers.has("Content-Type");
  x.custom_headers = !resp.headers.empty();
  if (!has_type && (resp.body.json || !x.response.body.empty()))
    x.response.headers.add("Content-Type", content_type(resp.body.json));
  for (std::size_t i = 0; i < resp.headers.size(); ++i) {
    if (resp.headers_dynamic && has_placeholder(resp.headers.value(i)))
      x.response.headers.add(resp.headers.name(i), render_text(resp.headers.value(i), ctx));
    else
      x.response.headers.add(resp.headers.name(i), resp.headers.value(i));
  }
  x.latency = add_sat(x.latency, resp.latency.sample(rng));
}

void World::Impl::finish_response(Exchange& x) {
  Response& r = x.response;
  const ServiceSpec& svc = spec->services[x.service];
  if (x.limit_header_limiter >= 0) {
    const LimiterSpec& l = svc.rate_limits[x.limit_header_limiter];
    char buf[24];
    auto num = [&buf](std::int64_t v) {
      auto res = std::to_chars(buf, buf + sizeof buf, v);
      return std::string_view(buf, static_cast<std::size_t>(res.ptr - buf));
    };
    r.headers.add("X-RateLimit-Limit", num(l.limit));
    r.headers.add("X-RateLimit-Remaining", num(x.limit_remaining));
    std::int64_t reset = ceil_seconds(x.limit_reset);
    if (l.reset == ResetStyle::epoch) reset = spec->epoch_seconds + ceil_seconds(add_sat(now, x.limit_reset));
    r.headers.add("X-RateLimit-Reset", num(reset));
  }
  if (!x.ietf_policy.empty()) {
    r.headers.add("RateLimit-Policy", x.ietf_policy);
    r.headers.add("RateLimit", x.ietf_state);
  }
  // Only answers with author-written headers can already carry these.
  for (std::size_t i = 0; i < svc.headers.size(); ++i)
    if (!x.custom_headers || !r.headers.has(svc.headers.name(i))) r.headers.add(svc.headers.name(i), svc.headers.value(i));
  if (!x.custom_headers || !r.headers.has("Date")) r.headers.add("Date", date_header());
}

}  // namespace fl::sim
