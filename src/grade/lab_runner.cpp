#include "grade/lab_runner.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "base/files.h"
#include "base/json_file.h"
#include "sandbox/sandbox.h"
#include "sim/world.h"

namespace fl::grade {

namespace {

// --- workload ------------------------------------------------------------------------

// "{n}" in strings of a data template becomes the item's number (1-based).
Json render(const Json& t, std::size_t n) {
  if (t.is_string()) {
    std::string s = t.get<std::string>(), out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.compare(i, 3, "{n}") == 0) {
        out += std::to_string(n);
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  }
  if (t.is_object()) {
    Json o = Json::object();
    for (auto it = t.begin(); it != t.end(); ++it) o[it.key()] = render(it.value(), n);
    return o;
  }
  if (t.is_array()) {
    Json a = Json::array();
    for (const auto& x : t) a.push_back(render(x, n));
    return a;
  }
  return t;
}

std::string pad(std::size_t n, std::size_t width) {
  std::string s = std::to_string(n);
  return s.size() >= width ? s : std::string(width - s.size(), '0') + s;
}

// --- the host: sandbox calls onto the world and the journal ---------------------------

class WorldHost final : public sandbox::Host {
 public:
  WorldHost(sim::World& w, int agents) : w_(w) {
    agent_atoms_.push_back(0);
    for (int i = 1; i <= agents; ++i) agent_atoms_.push_back(w.intern("agent-" + std::to_string(i)));
  }
  void attach(sandbox::Sandbox* sb) { sb_ = sb; }

  std::int64_t now_us() const override { return w_.now(); }

  void send_request(const sandbox::Origin& o, sandbox::Request& r, sandbox::WaitToken token) override {
    sim::Request req;
    req.method = std::move(r.method);
    req.url = std::move(r.url);
    for (const auto& h : r.headers) req.headers.add(h.name, h.value);
    req.body = std::move(r.body);
    sandbox::Sandbox* sb = sb_;
    w_.send(std::move(req), client(o), r.timeout_us, [sb, token](sim::Outcome out) {
      sandbox::HttpResult res;
      res.ok = out.ok();
      res.elapsed_us = out.received_at - out.sent_at;
      res.request_event = out.request_event;
      if (out.error) {
        res.error_kind = sim::to_string(out.error->kind);
        res.error_message = std::move(out.error->message);
      } else {
        res.response.status = out.response.status;
        for (std::size_t i = 0; i < out.response.headers.size(); ++i)
          res.response.headers.push_back(
              {std::string(out.response.headers.name(i)), std::string(out.response.headers.value(i))});
        res.response.body = std::move(out.response.body);
      }
      sb->deliver(token, std::move(res));
    });
  }

  void wake_at(std::int64_t at_us, sandbox::WaitToken token) override {
    sandbox::Sandbox* sb = sb_;
    w_.schedule(at_us, [sb, token] { sb->deliver(token); });
  }

  std::optional<std::string> secret(std::string_view name) const override { return w_.secret(name); }
  std::vector<std::string> secret_names() const override { return w_.secret_names(); }

  void on_agent(int agent, sandbox::AgentEvent ev, std::string_view message, int line) override {
    sim::EventInput in;
    in.kind = sim::EventKind::agent;
    in.agent = agent_atom(agent);
    in.name = w_.intern(ev == sandbox::AgentEvent::started    ? "started"
                        : ev == sandbox::AgentEvent::finished ? "finished"
                                                              : "failed");
    in.text = message;
    in.code = line;
    w_.record(in);
  }
  void on_sleep(const sandbox::Origin& o, std::int64_t duration_us) override {
    sim::EventInput in = origin_event(sim::EventKind::sleep, o);
    in.a = duration_us;
    w_.record(in);
  }
  void on_log(const sandbox::Origin& o, sandbox::LogLevel level, std::string_view message,
              std::string_view fields) override {
    sim::EventInput in = origin_event(sim::EventKind::log, o);
    in.name = w_.intern(sandbox::to_string(level));
    in.text = message;
    in.body = fields == "{}" ? std::string_view() : fields;
    w_.record(in);
  }
  void on_metric(const sandbox::Origin& o, std::string_view op, std::string_view name, double value) override {
    sim::EventInput in = origin_event(sim::EventKind::metric, o);
    in.name = w_.intern(name);
    in.value = w_.intern(op);
    in.set_real(value);
    w_.record(in);
  }
  void on_state(const sandbox::Origin& o, std::string_view key, std::string_view value) override {
    sim::EventInput in = origin_event(sim::EventKind::state, o);
    in.name = w_.intern(key);
    in.value = w_.intern(value);
    w_.record(in);
  }
  void on_item_arrived(const sandbox::WorkItem& item) override {
    sim::EventInput in;
    in.kind = sim::EventKind::task;
    in.task = w_.intern(item.id);
    in.name = w_.intern("arrived");
    std::string data = item.priority.empty() ? std::string("{}") : Json{{"priority", item.priority}}.dump();
    in.body = data;
    w_.record(in);
  }
  void on_item_taken(const sandbox::Origin& o, const sandbox::WorkItem& item) override {
    sim::EventInput in;
    in.kind = sim::EventKind::task;
    in.agent = agent_atom(o.agent);
    in.task = w_.intern(item.id);
    in.name = w_.intern("taken");
    w_.record(in);
  }
  void on_item_outcome(const sandbox::Origin& o, const sandbox::WorkItem& item, sandbox::Outcome outcome,
                       std::string_view reason, std::string_view details) override {
    sim::EventInput in;
    in.kind = sim::EventKind::task;
    in.agent = agent_atom(o.agent);
    in.task = w_.intern(item.id);
    in.name = w_.intern("outcome");
    in.value = w_.intern(sandbox::to_string(outcome));
    in.text = reason;
    in.body = details;
    w_.record(in);
  }

 private:
  sim::Atom agent_atom(int agent) {
    if (agent > 0 && static_cast<std::size_t>(agent) < agent_atoms_.size()) return agent_atoms_[agent];
    return agent > 0 ? w_.intern("agent-" + std::to_string(agent)) : 0;
  }
  sim::Atom task_atom(std::uint32_t task) {
    while (task_atoms_.size() <= task) task_atoms_.push_back(w_.intern("task-" + std::to_string(task_atoms_.size())));
    return task_atoms_[task];
  }
  sim::ClientInfo client(const sandbox::Origin& o) { return {agent_atom(o.agent), task_atom(o.task)}; }
  sim::EventInput origin_event(sim::EventKind kind, const sandbox::Origin& o) {
    sim::EventInput in;
    in.kind = kind;
    in.agent = agent_atom(o.agent);
    in.task = task_atom(o.task);
    return in;
  }

  sim::World& w_;
  sandbox::Sandbox* sb_ = nullptr;
  std::vector<sim::Atom> agent_atoms_;
  std::vector<sim::Atom> task_atoms_;
};

struct RunState {
  std::unique_ptr<sim::World> world;
};

}  // namespace

std::optional<WorkloadSpec> parse_workload(const Json& workload, const std::string& file, Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  JsonReader r(file, diags);
  WorkloadSpec spec;
  const std::string at = "/workload";
  if (!workload.is_object()) {
    r.error(at, "expected an object with \"streams\" and/or \"items\", found " + json_type_name(workload));
    return std::nullopt;
  }
  r.reject_unknown_keys(workload, at, {"streams", "items", "description"});
  struct Pending {
    sandbox::WorkItem item;
    std::size_t order;
  };
  std::vector<Pending> all;
  std::set<std::string> ids;
  auto add = [&](sandbox::WorkItem item, const std::string& where) {
    if (!ids.insert(item.id).second) {
      r.error(where, "work item id \"" + item.id + "\" is used twice");
      return;
    }
    all.push_back({std::move(item), all.size()});
  };
  if (workload.contains("streams")) {
    const Json& streams = workload["streams"];
    if (!streams.is_array()) r.error(at + "/streams", "expected an array, found " + json_type_name(streams));
    for (std::size_t i = 0; streams.is_array() && i < streams.size(); ++i) {
      const Json& s = streams[i];
      const std::string sat = json_pointer(at + "/streams", i);
      if (!s.is_object()) {
        r.error(sat, "expected a stream object, found " + json_type_name(s));
        continue;
      }
      r.reject_unknown_keys(s, sat, {"id", "count", "priority", "start_s", "every_s", "per_arrival", "data", "variants",
                                     "description"});
      std::string id = r.string(s, sat, "id").value_or("");
      double count = r.number(s, sat, "count").value_or(0);
      std::string priority = r.string_or(s, sat, "priority", "");
      double start = r.number_or(s, sat, "start_s", 0);
      double every = r.number_or(s, sat, "every_s", 1);
      double per = r.number_or(s, sat, "per_arrival", 1);
      if (!(count >= 1 && count <= 200000 && count == std::floor(count)))
        r.error(json_pointer(sat, "count"), "expected a whole number from 1 to 200000");
      if (!(start >= 0 && start <= 1e7)) r.error(json_pointer(sat, "start_s"), "expected seconds from 0");
      if (!(every > 0 && every <= 1e7)) r.error(json_pointer(sat, "every_s"), "expected seconds more than 0");
      if (!(per >= 1 && per <= 200000 && per == std::floor(per)))
        r.error(json_pointer(sat, "per_arrival"), "expected a whole number from 1");
      Json data = s.contains("data") ? s["data"] : Json::object();
      if (!data.is_object()) r.error(json_pointer(sat, "data"), "expected an object");
      struct Variant {
        std::size_t every, offset;
        Json data;
        std::string priority;
      };
      std::vector<Variant> variants;
      if (s.contains("variants")) {
        const Json& vs = s["variants"];
        for (std::size_t k = 0; vs.is_array() && k < vs.size(); ++k) {
          const Json& v = vs[k];
          const std::string vat = json_pointer(json_pointer(sat, "variants"), k);
          if (!v.is_object()) {
            r.error(vat, "expected {\"every\", \"offset\", \"data\"}");
            continue;
          }
          r.reject_unknown_keys(v, vat, {"every", "offset", "data", "priority"});
          double ev = r.number(v, vat, "every").value_or(0);
          double off = r.number_or(v, vat, "offset", 0);
          if (!(ev >= 1 && ev == std::floor(ev))) r.error(json_pointer(vat, "every"), "expected a whole number from 1");
          if (!(off >= 0 && off == std::floor(off))) r.error(json_pointer(vat, "offset"), "expected a whole number from 0");
          variants.push_back({static_cast<std::size_t>(std::max(1.0, ev)), static_cast<std::size_t>(std::max(0.0, off)),
                              v.contains("data") && v["data"].is_object() ? v["data"] : Json::object(),
                              r.string_or(v, vat, "priority", "")});
        }
        if (!vs.is_array()) r.error(json_pointer(sat, "variants"), "expected an array");
      }
      if (diags.error_count() > before || id.empty()) continue;
      const auto n = static_cast<std::size_t>(count);
      const auto per_n = static_cast<std::size_t>(per);
      const std::size_t width = std::to_string(n).size() < 4 ? 4 : std::to_string(n).size();
      for (std::size_t k = 0; k < n; ++k) {
        sandbox::WorkItem item;
        item.id = id + "-" + pad(k + 1, width);
        item.at_us = sim::from_seconds(start + static_cast<double>(k / per_n) * every);
        item.priority = priority;
        Json d = data;
        for (const auto& v : variants)
          if (k % v.every == v.offset % v.every) {
            for (auto it = v.data.begin(); it != v.data.end(); ++it) d[it.key()] = it.value();
            if (!v.priority.empty()) item.priority = v.priority;
          }
        item.data_json = render(d, k + 1).dump();
        add(std::move(item), sat);
      }
    }
  }
  if (workload.contains("items")) {
    const Json& items = workload["items"];
    if (!items.is_array()) r.error(at + "/items", "expected an array, found " + json_type_name(items));
    for (std::size_t i = 0; items.is_array() && i < items.size(); ++i) {
      const Json& x = items[i];
      const std::string iat = json_pointer(at + "/items", i);
      if (!x.is_object()) {
        r.error(iat, "expected an item object");
        continue;
      }
      r.reject_unknown_keys(x, iat, {"id", "at_s", "priority", "data"});
      sandbox::WorkItem item;
      item.id = r.string(x, iat, "id").value_or("");
      double t = r.number_or(x, iat, "at_s", 0);
      if (!(t >= 0 && t <= 1e7)) r.error(json_pointer(iat, "at_s"), "expected seconds from 0");
      item.at_us = sim::from_seconds(t);
      item.priority = r.string_or(x, iat, "priority", "");
      item.data_json = x.contains("data") && x["data"].is_object() ? x["data"].dump() : "{}";
      if (!item.id.empty()) add(std::move(item), json_pointer(iat, "id"));
    }
  }
  if (diags.error_count() > before) return std::nullopt;
  std::stable_sort(all.begin(), all.end(), [](const Pending& a, const Pending& b) {
    return a.item.at_us != b.item.at_us ? a.item.at_us < b.item.at_us : a.order < b.order;
  });
  for (auto& p : all) spec.items.push_back(std::move(p.item));
  return spec;
}

std::unique_ptr<LabRunner> LabRunner::load(const std::string& dir, Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  auto lab = std::make_unique<LabRunner>();
  lab->dir_ = dir;
  const std::string file = dir + "/lab.json";
  std::string error;
  auto text = read_file(file, &error);
  if (!text) {
    diags.error(file, "", error);
    return nullptr;
  }
  auto json = parse_json(*text, file, diags);
  if (!json) return nullptr;
  if (!json->is_object()) {
    diags.error(file, "", "expected a lab object");
    return nullptr;
  }
  JsonReader r(file, diags);
  if (const Json* w = r.object(*json, "", "world")) {
    auto spec = sim::parse_world(*w, file, "/world", diags);
    if (spec) lab->world_ = std::make_shared<const sim::WorldSpec>(std::move(*spec));
  }
  auto g = parse_lab_grading(*json, file, Registry::builtin(), diags);
  if (g) lab->grading_ = std::move(*g);
  if (json->contains("workload")) {
    auto wl = parse_workload((*json)["workload"], file, diags);
    if (wl) lab->workload_ = std::move(*wl);
    if (json->at("workload").is_object() && json->at("workload").contains("params"))
      lab->params_json_ = json->at("workload")["params"].dump();
  }
  if (json->contains("agents")) {
    const Json& a = (*json)["agents"];
    if (!a.is_number_integer() || a.get<std::int64_t>() < 1 || a.get<std::int64_t>() > 64)
      r.error("/agents", "expected a number of agent instances from 1 to 64");
    else
      lab->agents_ = static_cast<int>(a.get<std::int64_t>());
  }
  if (json->contains("limits")) {
    const Json& l = (*json)["limits"];
    if (!l.is_object()) {
      r.error("/limits", "expected an object");
    } else {
      r.reject_unknown_keys(l, "/limits", {"instructions", "memory_mb", "virtual_s", "tasks", "journal_events"});
      auto num = [&](const char* key, double lo, double hi, auto set) {
        if (!l.contains(key)) return;
        double v = r.number_or(l, "/limits", key, lo);
        if (!(v >= lo && v <= hi)) r.error(json_pointer("/limits", key), "out of range");
        else set(v);
      };
      num("instructions", 1e5, 2e9, [&](double v) { lab->limits_.instructions = static_cast<std::int64_t>(v); });
      num("memory_mb", 1, 1024, [&](double v) { lab->limits_.memory_bytes = static_cast<std::int64_t>(v) << 20; });
      num("virtual_s", 1, 86400 * 7, [&](double v) { lab->limits_.virtual_us = sim::from_seconds(v); });
      num("tasks", 1, 100000, [&](double v) { lab->limits_.tasks = static_cast<std::int64_t>(v); });
      num("journal_events", 1000, 5e6, [&](double v) { lab->limits_.journal_events = static_cast<std::int64_t>(v); });
    }
  }
  if (diags.error_count() > before || !lab->world_) return nullptr;
  auto brief = read_file(dir + "/brief.md", &error);
  auto starter = read_file(dir + "/starter.lua", &error);
  lab->hash_ = lab_hash(*text, brief.value_or(""), starter.value_or(""));
  return lab;
}

RunOutput LabRunner::run(const std::string& code, const std::string& chunkname, std::uint64_t seed) const {
  RunOutput out;
  auto state = std::make_shared<RunState>();
  out.facts.seed = seed;
  try {
    state->world = std::make_unique<sim::World>(world_, seed);
    sim::World& w = *state->world;
    WorldHost host(w, agents_);
    sandbox::Config config;
    config.code = code;
    config.chunkname = chunkname;
    config.seed = seed;
    config.agents = agents_;
    config.limits = limits_;
    config.workload = workload_.items;
    config.params_json = params_json_;
    config.epoch_seconds = w.epoch_seconds();
    config.require_main = true;
    sandbox::Sandbox sb(std::move(config), host);
    host.attach(&sb);
    sb.start();
    while (!sb.finished()) {
      if (sb.has_ready()) {
        sb.run(5'000'000);
        continue;
      }
      if (w.idle()) {
        bool no_timeout = false;
        std::string waits = sb.describe_waits(&no_timeout);
        sb.stop(sandbox::Status::error, "",
                "nothing can happen any more: " + (waits.empty() ? std::string("every task is waiting") : waits) +
                    (no_timeout ? " (a request without a timeout never got an answer)" : ""));
        break;
      }
      if (w.next_event_time() > limits_.virtual_us) {
        sb.stop(sandbox::Status::limit, std::string(sandbox::limit_names::virtual_time),
                "the run went on past " + std::to_string(limits_.virtual_us / sim::kMicrosPerSecond) +
                    " s of virtual time");
        break;
      }
      w.step(1);
      if (static_cast<std::int64_t>(w.journal().size()) > limits_.journal_events) {
        sb.stop(sandbox::Status::limit, std::string(sandbox::limit_names::journal),
                "the run recorded more than " + std::to_string(limits_.journal_events) + " events");
        break;
      }
    }
    w.stop();
    const sandbox::Result& res = sb.result();
    switch (res.status) {
      case sandbox::Status::completed: out.facts.status = RunFacts::Status::completed; break;
      case sandbox::Status::limit: out.facts.status = RunFacts::Status::limit; break;
      default: out.facts.status = RunFacts::Status::error; break;
    }
    out.facts.message = res.message;
    if (res.status == sandbox::Status::limit && !res.limit.empty() && res.message.find(res.limit) == std::string::npos)
      out.facts.message = res.limit + " limit: " + res.message;
    out.facts.line = res.line;
    out.facts.agent = res.agent > 0 ? "agent-" + std::to_string(res.agent) : "";
    sim::EventInput end;
    end.kind = sim::EventKind::run;
    end.name = w.intern("ended");
    end.value = w.intern(sandbox::to_string(res.status));
    end.text = res.message;
    w.journal().append(w.now(), end);
    out.facts.virtual_duration = w.now();
    out.facts.digest = w.journal().digest();
    out.journal = &w.journal();
    out.world = &w.spec();
  } catch (const std::exception& e) {
    out.facts.status = RunFacts::Status::error;
    out.facts.message = std::string("internal error while running: ") + e.what();
  }
  out.keep_alive = state;
  return out;
}

Runner LabRunner::runner(std::string code, std::string chunkname) const {
  return [this, code = std::move(code), chunkname = std::move(chunkname)](std::uint64_t seed) {
    return run(code, chunkname, seed);
  };
}

}  // namespace fl::grade
