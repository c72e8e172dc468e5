#include "lab/run.h"

#include <cinttypes>
#include <cstdio>

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
}

Run::~Run() = default;

bool Run::step(std::size_t max_events, std::int64_t max_instructions) {
  if (done_) return true;
  if (!started_) {
    started_ = true;
    sim::EventInput e;
    e.kind = sim::EventKind::run;
    e.name = world_->intern("start");
    e.text = std::string_view();
    world_->record(e);
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
  sim::EventInput e;
  e.kind = sim::EventKind::run;
  e.name = world_->intern("end");
  e.value = world_->intern(sandbox::to_string(r.status));
  std::string detail = r.status == sandbox::Status::limit ? r.limit + ": " + r.message : r.message;
  e.text = detail;
  if (r.agent > 0 && static_cast<std::size_t>(r.agent) < agent_atoms_.size()) e.agent = agent_atoms_[r.agent];
  e.code = r.line;
  world_->record(e);
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

sim::EventInput Run::event(sim::EventKind kind, const sandbox::Origin& o) {
  sim::EventInput e;
  e.kind = kind;
  sim::ClientInfo c = client(o);
  e.agent = c.agent;
  e.task = c.task;
  e.code = o.line;
  return e;
}

std::int64_t Run::now_us() const { return world_->now(); }

void Run::send_request(const sandbox::Origin& origin, sandbox::Request& request, sandbox::WaitToken token) {
  sim::Request req;
  req.method = std::move(request.method);
  req.url = std::move(request.url);
  for (const auto& h : request.headers) req.headers.add(h.name, h.value);
  req.body = std::move(request.body);
  world_->send(std::move(req), client(origin), request.timeout_us, [this, token](sim::Outcome o) {
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
}

void Run::wake_at(std::int64_t at_us, sandbox::WaitToken token) {
  world_->schedule(at_us, [this, token] { sandbox_->deliver(token); });
}

std::optional<std::string> Run::secret(std::string_view name) const { return world_->secret(name); }
std::vector<std::string> Run::secret_names() const { return world_->secret_names(); }

void Run::on_agent(int agent, sandbox::AgentEvent event, std::string_view message, int line) {
  static const char* const names[] = {"started", "finished", "failed"};
  sim::EventInput e;
  e.kind = sim::EventKind::agent;
  if (agent > 0 && static_cast<std::size_t>(agent) < agent_atoms_.size()) e.agent = agent_atoms_[agent];
  e.name = world_->intern(names[static_cast<int>(event)]);
  e.text = message;
  e.code = line;
  world_->record(e);
}

void Run::on_sleep(const sandbox::Origin& origin, std::int64_t duration_us) {
  sim::EventInput e = event(sim::EventKind::sleep, origin);
  e.a = duration_us;
  world_->record(e);
}

void Run::on_log(const sandbox::Origin& origin, sandbox::LogLevel level, std::string_view message,
                 std::string_view fields_json) {
  sim::EventInput e = event(sim::EventKind::log, origin);
  e.name = world_->intern(sandbox::to_string(level));
  e.text = message;
  e.body = fields_json == "{}" ? std::string_view() : fields_json;
  world_->record(e);
}

Run::JournalFill Run::journal_fill() const {
  const sim::Journal::Stats s = world_->journal().stats();
  return {static_cast<std::int64_t>(s.events), static_cast<std::int64_t>(s.payload_bytes + s.atom_bytes)};
}

void Run::on_metric(const sandbox::Origin& origin, std::string_view op, std::string_view name, double value) {
  sim::EventInput e = event(sim::EventKind::metric, origin);
  e.name = world_->intern(name);
  e.value = world_->intern(op);
  e.set_real(value);
  world_->record(e);
}

void Run::on_state(const sandbox::Origin& origin, std::string_view key, std::string_view value) {
  sim::EventInput e = event(sim::EventKind::state, origin);
  e.name = world_->intern(key);
  e.value = world_->intern(value);
  world_->record(e);
}

void Run::on_item_arrived(const sandbox::WorkItem& item) {
  sim::EventInput e;
  e.kind = sim::EventKind::task;
  e.task = world_->intern(item.id);
  e.name = world_->intern("arrived");
  // {"priority":"..."}: built by hand (one per work item), Json for the rare escaped case.
  std::string body = "{}";
  if (!item.priority.empty()) {
    bool plain = true;
    for (char c : item.priority) plain = plain && c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    body = plain ? "{\"priority\":\"" + item.priority + "\"}" : Json{{"priority", item.priority}}.dump();
  }
  e.body = body;
  world_->record(e);
}

void Run::on_item_taken(const sandbox::Origin& origin, const sandbox::WorkItem& item) {
  sim::EventInput e = event(sim::EventKind::task, origin);
  e.task = world_->intern(item.id);
  e.name = world_->intern("taken");
  world_->record(e);
}

void Run::on_item_outcome(const sandbox::Origin& origin, const sandbox::WorkItem& item, sandbox::Outcome outcome,
                          std::string_view reason, std::string_view details_json) {
  sim::EventInput e = event(sim::EventKind::task, origin);
  e.task = world_->intern(item.id);
  e.name = world_->intern("outcome");
  e.value = world_->intern(sandbox::to_string(outcome));
  e.text = reason;
  e.body = details_json;
  world_->record(e);
}

}  // namespace fl::lab
