// Sandbox benchmark (docs/performance.md, "Sandbox"):
//  1. http.request calls per second for a minimal Lua loop against a mock service that
//     answers every request after a fixed virtual latency (the sandbox's own cost: argument
//     checks, the Request, the yield to the scheduler, the resume and the response table);
//  2. the same loop through lab::Run and the real simulator (a one-route service, journal on);
//  3. the real time each script of the hostile corpus (tests/hostile) takes to be stopped,
//     run through lab::Run against the playground and lab 2 as `faultline run` runs it.
// Prints figures; asserts nothing. Wall-clock time is read here only, never in the core.
// Rates are given per CPU-second of this process (std::clock: the per-core figure on a
// shared machine) and per wall-second.
//
//   bench_sandbox [all|requests|sim|hostile] [REQUESTS] [HOSTILE_DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <queue>
#include <sstream>
#include <string>
#include <vector>

#include "lab/run.h"
#include "sandbox/sandbox.h"

using namespace fl;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double cpu_since(std::clock_t c0) { return static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC; }

// A mock service: every request is answered 1 ms (virtual) later with a small JSON body.
class BenchHost final : public sandbox::Host {
 public:
  std::int64_t now_us() const override { return now_; }
  void send_request(const sandbox::Origin&, sandbox::Request&, sandbox::WaitToken token) override {
    queue_.push({now_ + 1000, seq_++, token, true});
  }
  void wake_at(std::int64_t at, sandbox::WaitToken token) override { queue_.push({at, seq_++, token, false}); }
  std::optional<std::string> secret(std::string_view) const override { return std::nullopt; }

  void run(sandbox::Sandbox& sb) {
    sb.start();
    while (!sb.finished()) {
      if (sb.has_ready()) {
        sb.run(1'000'000);
        continue;
      }
      if (queue_.empty()) {
        sb.stop(sandbox::Status::error, "", "deadlock");
        break;
      }
      Item it = queue_.top();
      if (it.at > sb.config().limits.virtual_us) {
        sb.stop(sandbox::Status::limit, "virtual_time", "the run reached its virtual time limit");
        break;
      }
      queue_.pop();
      now_ = it.at;
      if (it.http) {
        // One reply object, refilled: its buffers come back from deliver() (a swap).
        reply_.ok = true;
        reply_.response.status = 200;
        reply_.response.headers.resize(1);
        reply_.response.headers[0].name = "Content-Type";
        reply_.response.headers[0].value = "application/json";
        reply_.response.body = "{\"ok\":true}";
        reply_.elapsed_us = 1000;
        sb.deliver(it.token, std::move(reply_));
      } else {
        sb.deliver(it.token);
      }
    }
  }

 private:
  struct Item {
    std::int64_t at;
    std::uint64_t seq;
    sandbox::WaitToken token;
    bool http;
    bool operator<(const Item& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  std::priority_queue<Item> queue_;
  sandbox::HttpResult reply_;
  std::int64_t now_ = 0;
  std::uint64_t seq_ = 0;
};

std::string loop_code(long n) {
  return "for i = 1, " + std::to_string(n) +
         " do\n  local res = http.request{ url = \"https://bench.mock/x\", timeout = 5 }\n"
         "  if res.status ~= 200 then error('unexpected') end\nend\n";
}

void bench_requests(long n) {
  sandbox::Config c;
  c.code = loop_code(n);
  c.limits.instructions = 2'000'000'000;
  c.limits.virtual_us = INT64_MAX / 2;
  BenchHost host;
  sandbox::Sandbox sb(std::move(c), host);
  auto t0 = Clock::now();
  std::clock_t c0 = std::clock();
  host.run(sb);
  double cpu = cpu_since(c0), s = seconds_since(t0);
  std::printf("sandbox: %ld http.request calls: %.3f s CPU = %.0f calls per CPU-second (%.0f ns each); "
              "%.3f s wall = %.0f calls/s; %s\n",
              n, cpu, n / cpu, cpu * 1e9 / static_cast<double>(n), s, n / s, sb.result().summary().c_str());
}

void bench_requests_sim(long n) {
  std::string text = R"({ "id": "bench", "title": "bench", "world": {
    "network": { "latency": 1 },
    "services": [ { "id": "bench", "host": "bench.mock",
      "routes": [ { "id": "x", "path": "/x", "responses": [ { "json": { "ok": true } } ] } ] } ] },
    "limits": { "instructions": 2000000000, "journal_events": 100000000, "virtual_s": 2000000 } })";
  Diagnostics d;
  auto json = parse_json(text, "bench.json", d);
  auto lab = lab::parse_lab(*json, "bench.json", d);
  if (!lab) {
    std::printf("bench lab invalid: %s\n", d.to_string().c_str());
    return;
  }
  auto shared = std::make_shared<const lab::Lab>(std::move(*lab));
  lab::Run run(shared, loop_code(n), "bench.lua", 1);
  auto t0 = Clock::now();
  std::clock_t c0 = std::clock();
  run.run_to_end();
  double cpu = cpu_since(c0), s = seconds_since(t0);
  std::printf("sandbox + simulator (journal on): %ld requests: %.3f s CPU = %.0f per CPU-second; %.3f s wall = "
              "%.0f/s; %s, %zu journal events\n",
              n, cpu, n / cpu, s, n / s, run.result().summary().c_str(), run.journal().size());
}

// Each script through lab::Run against the playground and lab 2, as `faultline run` runs it
// (the journal limit, for one, is the lab runner's).
void bench_hostile(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".lua") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const char* lab_dir : {"labs/00-playground", "labs/02-rate-limits"}) {
    std::string path = std::string(FL_SOURCE_DIR) + "/" + lab_dir;
    Diagnostics d;
    auto loaded = lab::load_lab(path, path, d);
    if (!loaded) {
      std::printf("%s is not a valid lab: %s\n", lab_dir, d.to_string().c_str());
      return;
    }
    auto lab = std::make_shared<const lab::Lab>(std::move(*loaded));
    double worst = 0, total = 0;
    std::string worst_name;
    std::printf("hostile corpus (%zu scripts) against %s, real time per script:\n", files.size(), lab_dir);
    for (const auto& f : files) {
      std::ifstream in(f);
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string name = f.filename().string();
      auto t0 = Clock::now();
      std::string outcome;
      {
        lab::Run run(lab, ss.str(), name, lab->seeds.front());
        run.run_to_end();
        lab::RunSummary r = run.summary();
        outcome = r.status == sandbox::Status::limit ? "limit " + r.limit : std::string(sandbox::to_string(r.status));
      }
      double s = seconds_since(t0);  // includes closing the Lua states and the world
      std::printf("  %-34s %7.3f s  %s\n", name.c_str(), s, outcome.c_str());
      total += s;
      if (s > worst) {
        worst = s;
        worst_name = name;
      }
    }
    std::printf("hostile corpus against %s: worst %.3f s (%s), total %.3f s\n", lab_dir, worst,
                worst_name.c_str(), total);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // bench_sandbox [all|requests|sim|hostile] [REQUESTS] [HOSTILE_DIR]
  std::string what = argc > 1 ? argv[1] : "all";
  long n = argc > 2 ? std::atol(argv[2]) : 1'000'000;
  std::string dir = argc > 3 ? argv[3] : std::string(FL_SOURCE_DIR) + "/tests/hostile";
  if (what == "all" || what == "requests") {
    bench_requests(n);
    bench_requests(n);  // twice: the first includes warming up the allocator
  }
  if (what == "all" || what == "sim") bench_requests_sim(n / 4);
  if (what == "all" || what == "hostile") bench_hostile(dir);
  return 0;
}
