#include "lab/run.h"

#include <cinttypes>
#include <cstdio>
#include <variant>

namespace fl::lab {

namespace {

std::string task_name(std::uint32_t task) { return task <= 1 ? "main" : "task#" + std::to_string(task); }

std::string seconds_text(sim::Micros us) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g s", static_cast<double>(us) / 1e6);
  return buf;
}

}  // namespace

Run::Run(std::shared_ptr<const Lab> lab, std::string code, std::string chunkname, std::uint64_t seed)
    : lab_(std::move(lab)), seed_(seed) {
  workload_ = make_workload(*lab_, seed);
  world_ = std::make_unique<sim::World>(lab_->world, seed);
  sandbox::Config c;
  c.code = std::move(code);
  c.chunkname = std::move(chunkname);
  c.seed = seed;
  c.agents = lab_->agents.count;
  for (int i = 0; i < lab_->agents.count; ++i) c.agent_start_us.push_back(i * lab_->agents.stagger_us);
  c.limits = lab_->limits;
  c.workload = workload_;
  c.params_json = lab_->workload.params.dump();
  c.epoch_seconds = lab_->world->epoch_seconds;
  c.require_main = !lab_->workload.empty();
  agent_atoms_.push_back(0);
  for (int i = 1; i <= c.agents; ++i) agent_atoms_.push_back(world_->intern("agent-" + std::to_string(i)));
  sandbox_ = std::make_unique<sandbox::Sandbox>(std::move(c), static_cast<sandbox::Host&>(*this));
  crash_counts_.assign(lab_->agents.crashes.size(), 0);
  crash_fired_.assign(lab_->agents.crashes.size(), false);
}

Run::~Run() = default;

bool Run::step(std::size_t max_events, std::int64_t max_instructions) {
  if (done_) return true;
  if (!started_) {
    started_ = true;
    sim::RunEvent start;
    start.event = "start";
    record(start);
    for (std::size_t i = 0; i < lab_->agents.crashes.size(); ++i)
      if (lab_->agents.crashes[i].trigger == CrashSpec::Trigger::at_time)
        world_->schedule(lab_->agents.crashes[i].at_us, [this, i] { fire_crash(i); });
    sandbox_->start();
  }
  const sandbox::Limits& limits = lab_->limits;
  std::size_t events = 0;
  std::int64_t instructions = 0;
  while (!sandbox_->finished()) {
    if (sandbox_->has_ready()) {
      if (instructions >= max_instructions) return false;
      instructions += sandbox_->run(max_instructions - instructions);
      continue;
    }
    char msg[200];
    if (const JournalFill fill = journal_fill(); sandbox::journal_over_limit(limits, fill.events, fill.bytes, msg, sizeof msg)) {
      sandbox_->stop(sandbox::Status::limit, std::string(sandbox::limit_names::journal), msg);
      break;
    }
    if (events >= max_events) return false;
    if (world_->idle()) {
      // Nothing can happen any more, yet some agent has not finished.
      bool no_timeout = false;
      std::string waits = sandbox_->describe_waits(&no_timeout);
      if (no_timeout)
        sandbox_->stop(sandbox::Status::limit, std::string(sandbox::limit_names::virtual_time),
                       "waiting for ever: " + waits + "; a request without a timeout that is never answered waits "
                       "for ever (give every request a timeout)");
      else
        sandbox_->stop(sandbox::Status::error, "",
                       "deadlock: every task is waiting and nothing can wake them: " + waits);
      break;
    }
    if (world_->next_event_time() > limits.virtual_us) {
      std::string waits = sandbox_->describe_waits(nullptr);
      sandbox_->stop(sandbox::Status::limit, std::string(sandbox::limit_names::virtual_time),
                     "virtual time limit reached: the run would last more than " + seconds_text(limits.virtual_us) +
                         " of simulated time" + (waits.empty() ? "" : " (" + waits + ")"));
      break;
    }
    world_->step(1);
    ++events;
  }
  finish();
  return true;
}

void Run::run_to_end() {
  while (!step(SIZE_MAX, INT64_MAX)) {
  }
}

void Run::stop(const std::string& reason) {
  if (done_) return;
  if (!started_) started_ = true;
  sandbox_->stop(sandbox::Status::stopped, "", reason);
  finish();
}

void Run::finish() {
  if (done_) return;
  done_ = true;
  const sandbox::Result& r = sandbox_->result();
  sim::RunEvent end;
  end.event = "end";
  end.reason = sandbox::to_string(r.status);
  std::string detail = r.status == sandbox::Status::limit ? r.limit + ": " + r.message : r.message;
  end.detail = detail;
  if (r.agent > 0 && static_cast<std::size_t>(r.agent) < agent_atoms_.size()) end.agent = sim::Name::of(agent_atoms_[r.agent]);
  end.line = r.line;
  record(end);
  world_->stop();
}

RunSummary Run::summary() const {
  RunSummary s;
  const sandbox::Result& r = sandbox_->result();
  s.status = r.status;
  s.limit = r.limit;
  s.message = r.message;
  s.traceback = r.traceback;
  s.line = r.line;
  if (r.agent > 0) s.agent = "agent-" + std::to_string(r.agent);
  s.virtual_duration = world_->now();
  s.digest = world_->journal().digest();
  return s;
}

// --- sandbox::Host over the world ---------------------------------------------------------------

sim::ClientInfo Run::client(const sandbox::Origin& o) {
  auto key = std::make_pair(o.agent, o.task);
  auto it = clients_.find(key);
  if (it != clients_.end()) return it->second;
  sim::ClientInfo c = world_->client("agent-" + std::to_string(o.agent), task_name(o.task));
  clients_.emplace(key, c);
  return c;
}

sim::EventHeader Run::who(const sandbox::Origin& o) {
  sim::ClientInfo c = client(o);
  sim::EventHeader h;
  h.agent = sim::Name::of(c.agent);
  h.task = sim::Name::of(c.task);
  return h;
}

template <class View>
void Run::record(const View& view) {
  std::string scratch;
  world_->record(view.encode(world_->journal(), scratch));
}

std::int64_t Run::now_us() const { return world_->now(); }

void Run::send_request(const sandbox::Origin& origin, sandbox::Request& request, sandbox::WaitToken token) {
  sim::Request req;
  req.method = std::move(request.method);
  req.url = std::move(request.url);
  for (const auto& h : request.headers) req.headers.add(h.name, h.value);
  req.body = std::move(request.body);
  const sim::EventId request_event = world_->send(std::move(req), client(origin), request.timeout_us, [this, token](sim::Outcome o) {
    sandbox::HttpResult r;
    r.elapsed_us = o.received_at - o.sent_at;
    r.request_event = o.request_event;
    if (o.error) {
      r.ok = false;
      r.error_kind = sim::to_string(o.error->kind);
      r.error_message = std::move(o.error->message);
    } else {
      r.ok = true;
      r.response.status = o.response.status;
      r.response.headers.reserve(o.response.headers.size());
      for (std::size_t i = 0; i < o.response.headers.size(); ++i)
        r.response.headers.push_back({std::string(o.response.headers.name(i)), std::string(o.response.headers.value(i))});
      r.response.body = std::move(o.response.body);
    }
    sandbox_->deliver(token, std::move(r));
  });
  if (!crash_fired_.empty()) count_for_crashes(origin, request_event);
}

void Run::count_for_crashes(const sandbox::Origin& origin, sim::EventId request) {
  const sim::Journal& j = world_->journal();
  auto sent = sim::decode<sim::RequestEvent>(j, request);
  if (!sent) return;
  // The world handled the request as it was sent: its effects are in the journal already.
  std::map<std::string_view, std::uint64_t> applied;  // ledger -> entries this request added
  for (sim::EventId id = request + 1; id <= j.size(); ++id)
    if (auto e = sim::decode<sim::EffectEvent>(j, id); e && e->request == request && e->result.text == "applied")
      ++applied[e->ledger.text];
  const auto& crashes = lab_->agents.crashes;
  for (std::size_t i = 0; i < crashes.size(); ++i) {
    const CrashSpec& c = crashes[i];
    if (crash_fired_[i] || c.agent != origin.agent || c.trigger == CrashSpec::Trigger::at_time) continue;
    if (c.trigger == CrashSpec::Trigger::after_requests) {
      if ((c.service.empty() || c.service == sent->service.text) && (c.route.empty() || c.route == sent->route.text))
        ++crash_counts_[i];
    } else {
      for (const auto& [ledger, n] : applied)
        if (c.ledger.empty() || c.ledger == ledger) crash_counts_[i] += n;
    }
    if (crash_counts_[i] >= c.count) {
      // Not from inside the sandbox's call: the crash is the world's next event, at this time.
      crash_fired_[i] = true;
      world_->schedule(world_->now(), [this, i] { fire_crash(i); });
    }
  }
}

void Run::fire_crash(std::size_t index) {
  const CrashSpec& c = lab_->agents.crashes[index];
  crash_fired_[index] = true;
  sandbox_->crash_agent(c.agent, world_->now() + c.restart_after_us, c.describe());
}

void Run::wake_at(std::int64_t at_us, sandbox::WaitToken token) {
  world_->schedule(at_us, [this, token] { sandbox_->deliver(token); });
}

std::optional<std::string> Run::secret(std::string_view name) const { return world_->secret(name); }
std::vector<std::string> Run::secret_names() const { return world_->secret_names(); }

// What the sandbox reports, as the journal's typed events.
struct Run::Reporter {
  Run& run;
  const sandbox::Origin& origin;

  void operator()(const sandbox::AgentChanged& r) const {
    sim::AgentLifecycleEvent e;
    if (origin.agent > 0 && static_cast<std::size_t>(origin.agent) < run.agent_atoms_.size())
      e.agent = sim::Name::of(run.agent_atoms_[origin.agent]);
    e.change = sandbox::to_string(r.change);
    e.message = r.message;
    e.line = origin.line;
    run.record(e);
  }
  void operator()(const sandbox::Slept& r) const {
    sim::SleepEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.duration = r.duration_us;
    e.line = origin.line;
    run.record(e);
  }
  void operator()(const sandbox::Logged& r) const {
    sim::LogEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.level = sandbox::to_string(r.level);
    e.message = r.message;
    e.fields = r.fields_json;
    e.line = origin.line;
    run.record(e);
  }
  void operator()(const sandbox::MetricRecorded& r) const {
    sim::MetricEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.metric = r.name;
    e.op = r.op;
    e.amount = r.value;
    e.line = origin.line;
    run.record(e);
  }
  void operator()(const sandbox::StateSet& r) const {
    sim::StateEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.key = r.key;
    e.state = r.value;
    e.line = origin.line;
    run.record(e);
  }
  void operator()(const sandbox::ItemArrived& r) const {
    sim::TaskArrivedEvent e;  // no agent: the item is not anyone's yet
    e.task = r.item->id;
    e.priority = r.item->priority;
    run.record(e);
  }
  void operator()(const sandbox::ItemTaken& r) const {
    sim::TaskTakenEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.task = r.item->id;
    e.line = origin.line;
    run.record(e);
  }
  void operator()(const sandbox::ItemHandedBack& r) const {
    sim::TaskHandedBackEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.task = r.item->id;
    run.record(e);
  }
  void operator()(const sandbox::StoreWritten& r) const {
    sim::StoreEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.op = r.op;
    e.result = r.result;
    e.key = r.key;
    e.value = r.value_json;
    e.line = origin.line;
    run.record(e);
  }
  void operator()(const sandbox::ItemOutcome& r) const {
    sim::TaskOutcomeEvent e;
    static_cast<sim::EventHeader&>(e) = run.who(origin);
    e.task = r.item->id;
    e.outcome = sandbox::to_string(r.outcome);
    e.reason = r.reason;
    e.details = r.details_json;
    e.line = origin.line;
    run.record(e);
  }
};

void Run::report(const sandbox::HostEvent& event) { std::visit(Reporter{*this, event.origin}, event.what); }

Run::JournalFill Run::journal_fill() const {
  const sim::Journal::Stats s = world_->journal().stats();
  return {static_cast<std::int64_t>(s.events), static_cast<std::int64_t>(s.payload_bytes + s.atom_bytes)};
}

}  // namespace fl::lab
