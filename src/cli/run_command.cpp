// `faultline run LAB_DIR SOLUTION.lua [--seed N] [--trace FILE.jsonl]`: runs learner code
// against a lab's world and prints what happened: the outcome, requests by status, work
// items by outcome and the log. Exit 0 for a completed run, 1 when the code failed (a
// syntax or runtime error, or a limit), 2 for bad input (unreadable file, invalid lab).
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>

#include "base/files.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/terminal_text.h"
#include "grade/lab_check.h"
#include "lab/run.h"

namespace fl::cli {

namespace {

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string seconds(sim::Micros us) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(us) / 1e6);
  return buf;
}

void print_summary(const lab::Run& run, std::ostream& out) {
  const sim::Journal& j = run.journal();
  // Requests by what came back.
  std::map<std::string, int> by_result;  // "200", "429", "timeout" (sorted: a total order)
  std::size_t requests = 0, answered = 0;
  std::map<std::string, int> items;  // outcome -> count
  std::size_t item_count = 0;
  for (sim::EventId id = 1; id <= j.size(); ++id) {
    const sim::Event& e = j[id];
    switch (e.kind) {
      case sim::EventKind::request: ++requests; break;
      case sim::EventKind::response:
        ++answered;
        ++by_result[std::to_string(sim::ResponseEvent::decode(j, e).status)];
        break;
      case sim::EventKind::net_error:
        ++answered;
        ++by_result[std::string(sim::NetErrorEvent::decode(j, e).error.text)];
        break;
      case sim::EventKind::task:
        if (sim::TaskArrivedEvent::is(j, e)) ++item_count;
        if (auto o = sim::decode<sim::TaskOutcomeEvent>(j, id)) ++items[std::string(o->outcome.text)];
        break;
      default: break;
    }
  }
  out << "requests: " << requests;
  if (requests > 0) {
    out << " (";
    bool first = true;
    for (const auto& [k, n] : by_result) {
      out << (first ? "" : ", ") << k << ": " << n;
      first = false;
    }
    if (requests > answered) out << (first ? "" : ", ") << "no answer: " << requests - answered;
    out << ")";
  }
  out << "\n";
  if (item_count > 0 || !run.workload().empty()) {
    std::size_t reported = 0;
    for (const auto& [k, n] : items) reported += static_cast<std::size_t>(n);
    out << "work items: " << run.workload().size() << " (arrived " << item_count;
    for (const auto& [k, n] : items) out << ", " << k << " " << n;
    out << ", without an outcome " << run.workload().size() - reported << ")\n";
  }
  // Tasks stopped because their agent's main returned (the sandbox notes it on "finished"),
  // and the lab's scheduled crashes with their restarts.
  for (const sim::AgentLifecycleEvent& a : sim::events_of<sim::AgentLifecycleEvent>(j)) {
    char t[32];
    std::snprintf(t, sizeof t, "%.3f", static_cast<double>(a.time) / 1e6);
    if (a.change.text == "crashed")
      out << "crash: " << a.agent.text << " crashed at t=" << t << " s: " << terminal_text(a.message, Newlines::escape)
          << "\n";
    else if (a.change.text == "restarted")
      out << "crash: " << a.agent.text << " restarted at t=" << t << " s with a fresh Lua state\n";
    if (a.change.text != "finished" || a.message.empty()) continue;
    out << "note: " << a.agent.text << ": " << terminal_text(a.message, Newlines::escape) << "\n";
  }
  // The log, as the console shows it.
  bool any = false;
  bool many_agents = run.lab().agents.count > 1;
  for (const sim::LogEvent& log : sim::events_of<sim::LogEvent>(j)) {
    if (!any) out << "log:\n";
    any = true;
    char t[32];
    std::snprintf(t, sizeof t, "%10.3f", static_cast<double>(log.time) / 1e6);
    out << "  " << t << "  ";
    if (many_agents) out << log.agent.text << " ";
    std::string level(log.level.text);
    level.resize(5, ' ');
    out << level << " " << terminal_text(log.message, Newlines::escape);
    if (!log.fields.empty()) out << " " << terminal_text(log.fields, Newlines::escape);
    out << "\n";
  }
}

}  // namespace

void add_run_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("run", "Run a solution against a lab's world and show what happened");
  struct Options {
    std::string lab_dir, solution, trace;
    std::uint64_t seed = 0;
    bool seed_given = false;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("LAB_DIR", opt->lab_dir, "Lab folder (holding lab.json)")->required();
  cmd->add_option("SOLUTION", opt->solution, "The learner's Lua file")->required();
  cmd->add_option("--seed", opt->seed, "Seed of the run (default: the lab's first seed)");
  cmd->add_option("--trace", opt->trace, "Write the run's journal as JSON Lines to this file");
  cmd->callback([&ctx, opt, cmd] {
    opt->seed_given = cmd->count("--seed") > 0;
    Diagnostics diags;
    std::string dir = opt->lab_dir;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    // The loader `faultline check` and `grade` use: run refuses exactly what they refuse.
    auto graded = grade::load_learner_graded_lab(dir, dir, diags);  // a learner's copy runs too
    if (!graded) {
      ctx.err << diags.to_string();
      ctx.err << "faultline run: " << dir << "/lab.json is not a valid lab\n";
      ctx.result = kBadInput;
      return;
    }
    std::string error;
    auto code = read_file(opt->solution, &error);
    if (!code) {
      ctx.err << "faultline run: " << error << "\n";
      ctx.result = kBadInput;
      return;
    }
    std::unique_ptr<std::ofstream> trace;
    if (!opt->trace.empty()) {
      trace = std::make_unique<std::ofstream>(opt->trace, std::ios::binary | std::ios::trunc);
      if (!*trace) {
        ctx.err << "faultline run: cannot write " << opt->trace << "\n";
        ctx.result = kBadInput;
        return;
      }
    }
    auto shared = std::make_shared<const lab::Lab>(std::move(*graded->package.lab));
    std::uint64_t seed = opt->seed_given ? opt->seed : shared->seeds.front();
    lab::Run run(shared, *code, base_name(opt->solution), seed);
    run.run_to_end();
    lab::RunSummary s = run.summary();

    std::ostream& out = ctx.out;
    out << "lab: " << (shared->title.empty() ? shared->id : shared->title) << " (" << dir << "), seed " << seed
        << ", " << shared->agents.count << (shared->agents.count == 1 ? " agent" : " agents") << "\n";
    out << "outcome: " << sandbox::to_string(s.status);
    if (s.status == sandbox::Status::limit) out << " (" << s.limit << ")";
    out << " after " << seconds(s.virtual_duration) << " of simulated time";
    if (!s.agent.empty() && s.status != sandbox::Status::completed) out << ", in " << s.agent;
    out << "\n";
    if (!s.message.empty()) out << terminal_text(s.message, Newlines::keep) << "\n";
    if (!s.traceback.empty()) {
      out << "stack traceback (your code):\n";
      std::size_t start = 0;
      while (start <= s.traceback.size()) {
        auto nl = s.traceback.find('\n', start);
        std::string_view line = std::string_view(s.traceback).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        out << "  " << terminal_text(line, Newlines::escape) << "\n";
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
    }
    print_summary(run, out);
    out << "digest: " << s.digest << "\n";
    if (trace) {
      run.journal().write_jsonl(*trace);
      trace->flush();
      if (!*trace) {
        ctx.err << "faultline run: cannot write " << opt->trace << "\n";
        ctx.result = kBadInput;
        return;
      }
    }
    ctx.result = s.status == sandbox::Status::completed ? kOk : kFailed;
  });
}

}  // namespace fl::cli
