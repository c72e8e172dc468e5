// bench_timeline [REQUESTS] [FRAMES]: the CPU time of one ImGui frame (NewFrame to Render, no
// renderer) drawing the lab workspace's timeline of a synthetic trace (REQUESTS requests,
// default 34,000, about 3 journal events each: > 100,000 events) at several zooms, then the
// same for a real lab 2 run (the reference, seed 101). Also the time to build the model.
// Prints figures (median and worst of FRAMES frames per zoom); asserts nothing.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "base/files.h"
#include "grade/lab_runner.h"
#include "ui/theme.h"
#include "ui/timeline_model.h"
#include "ui/timeline_view.h"
#include "ui/views.h"

using namespace fl;

namespace {

const char* kBenchWorld = R"({
  "services": [
    {"id": "api", "host": "api.mock", "routes": [{"path": "/v1/items/{id}", "responses": [{"status": 200}]}]},
    {"id": "auth", "host": "auth.mock", "routes": [{"path": "/token", "responses": [{"status": 200}]}]}
  ],
  "faults": [
    {"kind": "outage", "service": "api", "from_s": 200, "until_s": 230},
    {"kind": "status", "service": "api", "status": 503, "probability": 0.1, "from_s": 400, "until_s": 420}
  ]
})";

// 8 agents x 4 tasks sending back to back (about 4 ms apart per agent), with the outcomes, the
// limiter's decisions, sleeps after failures, log lines and breaker states a real run has.
std::unique_ptr<sim::Journal> synthetic_journal(int requests) {
  auto j = std::make_unique<sim::Journal>();
  std::uint64_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return seed >> 33;
  };
  const char* agents[] = {"agent-1", "agent-2", "agent-3", "agent-4", "agent-5", "agent-6", "agent-7", "agent-8"};
  const char* tasks[] = {"task-1", "task-2", "task-3", "task-4"};
  sim::Micros t = 0;
  std::int64_t budget = 100;
  const sim::Headers limited{{"Retry-After", "1"}, {"X-RateLimit-Limit", "100"}, {"X-RateLimit-Remaining", "0"}};
  for (int i = 0; i < requests; ++i) {
    t += static_cast<sim::Micros>(next() % 1000);  // 8 agents: about one request per 0.5 ms overall
    const char* agent = agents[next() % 8];
    const char* task = tasks[next() % 4];
    const std::string url = "https://api.mock/v1/items/" + std::to_string(i);
    sim::RequestEvent q;
    q.agent = agent;
    q.task = task;
    q.service = "api";
    q.route = "GET /v1/items/{id}";
    q.method = "GET";
    q.url = url;
    q.timeout = 5 * sim::kMicrosPerSecond;
    const sim::EventId id = sim::record(*j, t, q);
    budget = std::min<std::int64_t>(100, budget + 1) - 1;
    sim::RateLimitEvent d;
    d.service = "api";
    d.request = id;
    d.limiter = "per-second";
    d.partition = "key:pipeline";
    d.limit = 100;
    d.remaining = std::max<std::int64_t>(budget, 0);
    d.decision = budget < 0 ? sim::LimitDecision::rejected : sim::LimitDecision::allowed;
    if (budget < 0) budget = 20;
    sim::record(*j, t, d);
    const auto roll = next() % 100;
    if (roll < 3) {
      sim::NetErrorEvent e;
      e.agent = agent;
      e.request = id;
      e.error = roll == 0 ? "timeout" : "reset";
      e.elapsed = roll == 0 ? q.timeout : 2000;
      sim::record(*j, t, e);
    } else {
      sim::ResponseEvent a;
      a.agent = agent;
      a.service = "api";
      a.request = id;
      a.status = d.refused() ? 429 : roll < 8 ? 503 : roll < 10 ? 404 : 200;
      a.elapsed = 20000 + static_cast<sim::Micros>(next() % 200000);
      if (d.refused()) a.headers = &limited;
      sim::record(*j, t, a);
    }
    if (roll < 8) {
      sim::SleepEvent s;
      s.agent = agent;
      s.task = task;
      s.duration = 50000 + static_cast<sim::Micros>(next() % 500000);
      sim::record(*j, t, s);
    }
    if (i % 50 == 0) {
      sim::LogEvent log;
      log.agent = agent;
      log.task = task;
      log.level = roll < 8 ? "warn" : "info";
      log.message = "progress";
      sim::record(*j, t, log);
    }
    if (i % 400 == 0) {
      sim::StateEvent st;
      st.agent = agent;
      st.key = "breaker";
      st.state = (i / 400) % 3 == 0 ? "open" : (i / 400) % 3 == 1 ? "half-open" : "closed";
      sim::record(*j, t, st);
    }
    if (i % 20 == 0) {
      sim::MetricEvent m;
      m.agent = agent;
      m.metric = "items.done";
      m.op = "inc";
      m.amount = 20;
      sim::record(*j, t, m);
    }
  }
  return j;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Frames of the timeline tab at 1600 x 900 with the pointer over the middle of the plot;
// `focus` sets the zoom (the view fits its events).
void measure(const char* label, const ui::TimelineModel& model, const ui::TimelineFocus& focus, int frames,
             const ui::ViewContext& ctx) {
  ImGuiIO& io = ImGui::GetIO();
  std::vector<double> wall, cpu;
  ui::TimelineReport report;
  for (int f = 0; f < frames + 3; ++f) {
    io.MousePos = ImVec2(900, 500);
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
    report = ui::draw_timeline(ctx, "timeline", model, focus, ImVec2(0, 0));
    ImGui::End();
    ImGui::Render();
    if (f >= 3) {  // the first frames create the windows
      cpu.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
      wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
  }
  const ImDrawData* data = ImGui::GetDrawData();
  std::printf("%-28s visible %10.4f s  frame median %6.3f ms (cpu %6.3f ms), worst %6.3f ms, %6d vertices\n", label,
              report.view_to_s - report.view_from_s, median(wall), median(cpu),
              *std::max_element(wall.begin(), wall.end()), data ? data->TotalVtxCount : 0);
}

// Zooms: the whole run, then spans around the middle from a tenth down to 10 ms.
void measure_zooms(const char* name, const ui::TimelineModel& model, int frames, const ui::ViewContext& ctx) {
  std::uint64_t generation = 1;
  const sim::Micros end = model.end;
  for (double fraction : {1.0, 0.1, 0.01, 0.001}) {
    ui::TimelineFocus focus;
    focus.generation = generation++;
    const sim::Micros from = static_cast<sim::Micros>(static_cast<double>(end) * (0.5 - fraction / 2));
    const sim::Micros to = static_cast<sim::Micros>(static_cast<double>(end) * (0.5 + fraction / 2));
    // The view fits its focus: two events whose times bound the span (journal events at those times).
    auto at = [&](sim::Micros t) {
      auto it = std::lower_bound(model.event_times.begin(), model.event_times.end(), t);
      return static_cast<sim::EventId>(std::min<std::size_t>(model.event_times.size() - 1, static_cast<std::size_t>(it - model.event_times.begin())) + 1);
    };
    focus.events = {at(from), at(to)};
    char label[96];
    std::snprintf(label, sizeof label, "%s 1/%g of the run", name, 1 / fraction);
    measure(label, model, focus, frames, ctx);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int requests = argc > 1 ? std::atoi(argv[1]) : 34000;
  const int frames = argc > 2 ? std::atoi(argv[2]) : 30;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1600, 900);
  io.DeltaTime = 1.0f / 60;
  io.IniFilename = nullptr;
  io.Fonts->AddFontDefault();
  unsigned char* pixels = nullptr;
  int tw = 0, th = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
  const ui::Palette& palette = ui::apply_theme(ui::Theme::dark);
  ui::AppState state;
  ui::Actions actions;
  const ui::ViewContext ctx{state, actions, palette, state.fonts};

  Diagnostics diags;
  auto world = sim::parse_world_text(kBenchWorld, "bench_world.json", diags);
  if (!world) {
    std::fprintf(stderr, "%s", diags.to_string().c_str());
    return 2;
  }
  const auto journal = synthetic_journal(requests);
  auto t0 = std::chrono::steady_clock::now();
  const ui::TimelineModel model = ui::build_timeline(*journal, *world);
  const double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::size_t rows = 0;
  for (const auto& lane : model.lanes) rows += lane.rows.size();
  std::printf("synthetic trace: %zu events, %zu requests, %zu lanes (%zu rows), %.1f s virtual; model built in %.1f ms\n",
              journal->size(), model.requests.size(), model.lanes.size(), rows,
              static_cast<double>(model.end) / 1e6, build_ms);
  measure_zooms("synthetic", model, frames, ctx);

  const std::string dir = std::string(FL_SOURCE_DIR) + "/labs/02-rate-limits";
  auto lab = grade::LabRunner::load(dir, diags);
  std::string error;
  auto code = read_file(dir + "/reference.lua", &error);
  if (lab && code) {
    const auto out = lab->run(*code, "reference.lua", 101);
    t0 = std::chrono::steady_clock::now();
    const ui::TimelineModel real = ui::build_timeline(*out.journal, *lab->lab().world);
    const double real_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("lab 2 reference, seed 101: %zu events, %zu requests, %.1f s virtual; model built in %.1f ms\n",
                out.journal->size(), real.requests.size(), static_cast<double>(real.end) / 1e6, real_ms);
    measure_zooms("lab 2", real, frames, ctx);
  }
  ImGui::DestroyContext();
  return 0;
}
