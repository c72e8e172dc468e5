#pragma once
// A small sandbox::Host for the sandbox's tests: virtual time, an event queue ordered by
// (time, sequence), and a mock HTTP service (a function from request to result). It records
// everything the sandbox reports, so tests can assert on logs, metrics, states and outcomes.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sandbox/sandbox.h"

namespace fl::sandbox::testing {

struct Reply {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  std::int64_t latency_us = 10'000;
  std::string error_kind;  // non-empty: a network error instead
};

class FakeHost : public Host {
 public:
  std::function<Reply(const Request&)> service = [](const Request& r) {
    Reply rep;
    rep.headers = {{"Content-Type", "application/json"}};
    rep.body = "{\"method\":\"" + r.method + "\",\"url\":\"" + r.url + "\"}";
    return rep;
  };
  std::map<std::string, std::string> secrets{{"API_KEY", "sk-test-123"}};

  // What the sandbox reported.
  std::vector<std::string> logs;      // "info hello {\"a\":1}"
  std::vector<std::string> metrics;   // "inc name 1"
  std::vector<std::string> states;    // "breaker=open"
  std::vector<std::string> outcomes;  // "q-1 done" / "q-2 fallback: reason"
  std::vector<std::string> taken;     // "agent-1 q-1"
  std::vector<Request> requests;
  std::vector<std::string> agents;    // "1 started", "1 finished", "1 failed: message"
  std::vector<std::int64_t> sleeps;
  std::vector<std::string> handed_back;  // "agent-1 q-1"
  std::vector<std::string> store_writes;  // "put k {\"a\":1} written"

  std::int64_t now_us() const override { return now_; }

  void send_request(const Origin&, Request& request, WaitToken token) override {
    request_bytes += static_cast<std::int64_t>(request.url.size() + request.body.size());
    requests.push_back(request);
    Reply rep = service(request);
    HttpResult r;
    std::int64_t delay = rep.latency_us;
    if (!rep.error_kind.empty()) {
      r.ok = false;
      r.error_kind = rep.error_kind;
      r.error_message = "simulated " + rep.error_kind;
    } else {
      r.ok = true;
      r.response.status = rep.status;
      r.response.headers = rep.headers;
      r.response.body = rep.body;
    }
    if (request.timeout_us > 0 && delay > request.timeout_us) {
      delay = request.timeout_us;
      r = HttpResult{};
      r.ok = false;
      r.error_kind = "timeout";
      r.error_message = "no answer within the timeout";
    }
    if (delay < 0) return;  // hangs for ever
    r.elapsed_us = delay;
    schedule(now_ + delay, [this, token, r]() mutable { sandbox->deliver(token, std::move(r)); });
  }

  void wake_at(std::int64_t at_us, WaitToken token) override {
    schedule(at_us, [this, token] { sandbox->deliver(token); });
  }

  std::optional<std::string> secret(std::string_view name) const override {
    auto it = secrets.find(std::string(name));
    if (it == secrets.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::string> secret_names() const override {
    std::vector<std::string> out;
    for (const auto& [k, v] : secrets) out.push_back(k);
    return out;
  }

  // Stands in for a journal's size: what this host was told to record.
  JournalFill journal_fill() const override {
    return {static_cast<std::int64_t>(logs.size() + metrics.size() + states.size() + sleeps.size() + requests.size()),
            request_bytes};
  }

  void report(const HostEvent& event) override { std::visit(Recorder{*this, event.origin}, event.what); }

  // Records each kind of report as text.
  struct Recorder {
    FakeHost& h;
    const Origin& o;
    void operator()(const AgentChanged& r) const {
      std::string s = std::to_string(o.agent) + " " + to_string(r.change);
      if (!r.message.empty()) s += ": " + std::string(r.message);
      h.agents.push_back(s);
    }
    void operator()(const Slept& r) const { h.sleeps.push_back(r.duration_us); }
    void operator()(const Logged& r) const {
      std::string s = std::string(to_string(r.level)) + " " + std::string(r.message);
      if (!r.fields_json.empty()) s += " " + std::string(r.fields_json);
      if (h.tag_logs)
        s = "[" + std::to_string(o.agent) + "." + std::to_string(o.task) + " t=" + std::to_string(h.now_) + "] " + s;
      h.logs.push_back(s);
    }
    void operator()(const MetricRecorded& r) const {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", r.value);
      h.metrics.push_back(std::string(r.op) + " " + std::string(r.name) + " " + buf);
    }
    void operator()(const StateSet& r) const { h.states.push_back(std::string(r.key) + "=" + std::string(r.value)); }
    void operator()(const ItemArrived&) const {}
    void operator()(const ItemTaken& r) const {
      h.taken.push_back("agent-" + std::to_string(o.agent) + " " + r.item->id);
    }
    void operator()(const ItemOutcome& r) const {
      std::string s = r.item->id + " " + to_string(r.outcome);
      if (!r.reason.empty()) s += ": " + std::string(r.reason);
      if (!r.details_json.empty()) s += " " + std::string(r.details_json);
      h.outcomes.push_back(s);
    }
    void operator()(const ItemHandedBack& r) const {
      h.handed_back.push_back("agent-" + std::to_string(o.agent) + " " + r.item->id);
    }
    void operator()(const StoreWritten& r) const {
      std::string s = std::string(r.op) + " " + std::string(r.key);
      if (!r.value_json.empty()) s += " " + std::string(r.value_json);
      h.store_writes.push_back(s + " " + std::string(r.result));
    }
  };

  // Runs the sandbox to its end, slice by slice; returns its result.
  const Result& run(Sandbox& sb, std::int64_t slice = 200'000) {
    sandbox = &sb;
    sb.start();
    while (!sb.finished()) {
      if (sb.has_ready()) {
        sb.run(slice);
        ++slices;
        continue;
      }
      if (queue_.empty()) {
        bool no_timeout = false;
        std::string waits = sb.describe_waits(&no_timeout);
        if (no_timeout)
          sb.stop(Status::limit, "virtual_time", "waiting for ever: " + waits);
        else
          sb.stop(Status::error, "", "deadlock: " + waits);
        break;
      }
      auto it = queue_.begin();
      if (it->first.first > sb.config().limits.virtual_us) {
        sb.stop(Status::limit, "virtual_time", "the run reached its virtual time limit");
        break;
      }
      now_ = it->first.first;
      auto fn = std::move(it->second);
      queue_.erase(it);
      fn();
    }
    return sb.result();
  }

  // Runs `fn` at virtual time `at`, from the event loop (e.g. sandbox->crash_agent).
  void at(std::int64_t when, std::function<void()> fn) { schedule(when, std::move(fn)); }

  Sandbox* sandbox = nullptr;
  bool tag_logs = false;
  std::int64_t request_bytes = 0;  // what a journal would hold of the requests
  int slices = 0;

 private:
  void schedule(std::int64_t at, std::function<void()> fn) {
    queue_.emplace(std::make_pair(std::max(at, now_), seq_++), std::move(fn));
  }
  std::int64_t now_ = 0;
  std::uint64_t seq_ = 0;
  std::map<std::pair<std::int64_t, std::uint64_t>, std::function<void()>> queue_;
};

// One run of `code` with a fresh host; the host's records stay available.
struct Run {
  FakeHost host;
  Result result;
  Stats stats;
};

inline Config config_for(std::string code) {
  Config c;
  c.code = std::move(code);
  c.chunkname = "solution.lua";
  c.seed = 42;
  return c;
}

inline std::unique_ptr<Run> run_code(Config config, const std::function<void(FakeHost&)>& setup = {},
                                     std::int64_t slice = 200'000) {
  auto r = std::make_unique<Run>();
  if (setup) setup(r->host);
  Sandbox sb(std::move(config), r->host);
  r->result = r->host.run(sb, slice);
  r->stats = sb.stats();
  r->host.sandbox = nullptr;
  return r;
}

inline std::unique_ptr<Run> run_code(std::string code) { return run_code(config_for(std::move(code))); }

}  // namespace fl::sandbox::testing
