// bench_sim: how many simulated requests per second the world handles, and how much memory
// each journal event takes. Prints one "name value" line per figure.
//
//   bench_sim [REQUESTS [--no-digest]]     (default 2,000,000)
//
// A fixed number of concurrent clients each send a request, wait for its outcome and send
// the next, through one service with a token-bucket limiter (some requests get 429), two
// faults (1 % 503s, 1 % latency spikes) and the journal recording everything.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/world.h"

using namespace fl::sim;

namespace {

const char* kWorld = R"({
  "network": {"latency": {"dist": "uniform", "min_ms": 1, "max_ms": 3}},
  "services": [{
    "id": "bench", "host": "bench.mock",
    "routes": [{"id": "item", "method": "GET", "path": "/v1/items/{id}",
                "responses": [{"json": {"id": "item-1", "name": "widget", "price": 1250}}]}],
    "rate_limits": [{"id": "global", "limit": 200, "refill_per_s": 20000, "headers": ["x-ratelimit"]}]
  }],
  "faults": [
    {"kind": "status", "service": "bench", "status": 503, "probability": 0.01, "retry_after_s": 1},
    {"kind": "latency", "service": "bench", "probability": 0.01, "latency": 50}
  ]})";

struct Client {
  World* world;
  ClientInfo info;
  std::uint64_t* budget;
  std::uint64_t* ok;
  std::uint64_t* limited;
  std::uint64_t* failed;
  Request request;

  void send() {
    if (*budget == 0) return;
    --*budget;
    world->send(request, info, 2 * kMicrosPerSecond, [this](Outcome o) {
      if (o.error) ++*failed;
      else if (o.response.status == 429) ++*limited;
      else if (o.response.status == 200) ++*ok;
      else ++*failed;
      send();
    });
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t requests = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2000000;
  fl::Diagnostics diags;
  auto spec = parse_world_text(kWorld, "bench", diags);
  if (!spec) {
    std::fprintf(stderr, "%s", diags.to_string().c_str());
    return 2;
  }
  World world(*spec, 1);
  std::uint64_t budget = requests, ok = 0, limited = 0, failed = 0;
  std::vector<Client> clients(64);
  for (std::size_t i = 0; i < clients.size(); ++i) {
    Client& c = clients[i];
    c = Client{&world, world.client("agent-" + std::to_string(i)), &budget, &ok, &limited, &failed, {}};
    c.request.method = "GET";
    c.request.url = "https://bench.mock/v1/items/" + std::to_string(i);
    c.request.headers.add("Accept", "application/json");
    c.request.headers.add("Authorization", "Bearer sk_bench_0123456789");
  }
  // Wall time, and this process's CPU time (the machines are shared: CPU time is the
  // per-core figure; wall time includes waiting for a core).
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  for (auto& c : clients) c.send();
  world.run_until_idle();
  std::clock_t cpu_end = std::clock();
  auto end = std::chrono::steady_clock::now();
  double secs = std::chrono::duration<double>(end - start).count();
  double cpu = static_cast<double>(cpu_end - cpu_start) / CLOCKS_PER_SEC;

  const Journal& j = world.journal();
  auto s = j.stats();
  double total = static_cast<double>(s.event_bytes + s.payload_bytes + s.atom_bytes);
  double excluding = total - static_cast<double>(s.body_bytes + s.header_value_bytes);
  std::printf("requests %llu\n", static_cast<unsigned long long>(requests));
  std::printf("responses_200 %llu\nresponses_429 %llu\nother_failures %llu\n", static_cast<unsigned long long>(ok),
              static_cast<unsigned long long>(limited), static_cast<unsigned long long>(failed));
  std::printf("wall_seconds %.3f\ncpu_seconds %.3f\n", secs, cpu);
  std::printf("requests_per_second_wall %.0f\n", static_cast<double>(requests) / secs);
  std::printf("requests_per_cpu_second %.0f\n", static_cast<double>(requests) / cpu);
  std::printf("virtual_seconds %.3f\n", to_seconds(world.now()));
  std::printf("journal_events %zu\n", s.events);
  std::printf("events_per_request %.2f\n", static_cast<double>(s.events) / static_cast<double>(requests));
  std::printf("bytes_per_event_total %.1f\n", total / static_cast<double>(s.events));
  std::printf("bytes_per_event_excluding_bodies_and_header_values %.1f\n", excluding / static_cast<double>(s.events));
  if (argc > 2 && std::string(argv[2]) == "--no-digest") return 0;
  auto dstart = std::chrono::steady_clock::now();
  std::clock_t dcpu = std::clock();
  std::string digest = j.digest();
  double dsecs = static_cast<double>(std::clock() - dcpu) / CLOCKS_PER_SEC;
  (void)dstart;
  std::printf("digest %s\n", digest.c_str());
  std::printf("digest_events_per_cpu_second %.0f\n", static_cast<double>(s.events) / dsecs);
  return 0;
}
