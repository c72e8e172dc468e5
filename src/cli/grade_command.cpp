// faultline grade LAB_DIR SOLUTION.lua... [--seed N] [--format exercism|gradescope|text]
//                 [--jobs N] [--db FILE]
// Grades each solution on every seed the lab lists (or on --seed alone) and prints one
// result per solution, in argument order. Exit 0 only if every solution passed; 1 if any
// failed or errored; 2 for bad input (unreadable file, invalid lab, bad option).
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <ostream>

#include "base/files.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/console.h"
#include "cli/parallel.h"
#include "cli/terminal_text.h"
#include "grade/lab_runner.h"
#include "grade/results.h"
#include "store/database.h"
#include "store/submissions.h"

namespace fl::cli {

namespace {

struct GradeOptions {
  std::string lab_dir;
  std::vector<std::string> solutions;
  std::int64_t seed = -1;
  std::string format = "exercism";
  int jobs = 1;
  std::string db;
};

// A progress bar on stderr, drawn only when stderr is a terminal.
class Progress {
 public:
  Progress(std::ostream& err, std::size_t total) : err_(err), total_(total), on_(stderr_is_terminal() && total > 0) {
    draw();
  }
  void advance() {
    ++done_;
    draw();
  }
  void finish() {
    if (on_) err_ << "\r" << std::string(60, ' ') << "\r" << std::flush;
  }

 private:
  void draw() {
    if (!on_) return;
    const std::size_t width = 30;
    std::size_t filled = total_ ? done_ * width / total_ : width;
    err_ << "\rgrading [" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << done_ << "/"
         << total_ << std::flush;
  }
  std::ostream& err_;
  std::size_t total_, done_ = 0;
  bool on_;
};

std::string render(const grade::Report& rep, const std::string& format, double seconds) {
  if (format == "gradescope") return grade::gradescope_json(rep, seconds);
  if (format == "text") return terminal_text(grade::text_report(rep), Newlines::keep);
  return grade::exercism_json(rep);
}

int run_grade(const GradeOptions& o, CommandContext& ctx) {
  Diagnostics diags;
  // A learner's copy of the lab (no reference or naive solutions) grades the same.
  auto lab = grade::LabRunner::load(o.lab_dir, diags, /*learner_copy=*/true);
  if (!lab) {
    ctx.err << diags.to_string();
    ctx.err << "faultline grade: " << o.lab_dir << " is not a valid lab\n";
    return kBadInput;
  }
  if (lab->grading().playground) {
    ctx.err << "faultline grade: " << o.lab_dir << " is a playground: it has no checks to grade\n";
    return kBadInput;
  }
  // Read every solution first: an unreadable one is bad input before anything is graded.
  std::vector<std::string> codes;
  for (const auto& path : o.solutions) {
    std::string error;
    auto code = read_file(path, &error);
    if (!code) {
      ctx.err << "faultline grade: " << error << "\n";
      return kBadInput;
    }
    codes.push_back(std::move(*code));
  }
  std::unique_ptr<store::Database> db;
  if (!o.db.empty()) {
    std::string error;
    db = store::Database::open(o.db, &error);
    if (!db) {
      ctx.err << "faultline grade: cannot open the database " << o.db << ": " << error << "\n";
      return kBadInput;
    }
  }
  std::vector<std::uint64_t> seeds;
  if (o.seed >= 0) seeds.push_back(static_cast<std::uint64_t>(o.seed));

  const std::size_t n = o.solutions.size();
  std::vector<grade::Report> reports(n);
  std::vector<std::string> outputs(n);
  std::vector<bool> ready(n, false);
  std::size_t next_to_print = 0;
  std::mutex mu;
  Progress progress(ctx.err, n);
  const int seed_threads = seed_jobs(n, o.jobs);
  parallel_for(n, max_parallel_jobs(o.jobs), [&](std::size_t i) {
    auto start = std::chrono::steady_clock::now();
    grade::GradeOptions go;
    go.seeds = seeds;
    go.solution = o.solutions[i];
    go.lab_hash = lab->hash();
    // The chunk name is the file name, so errors read "solution.lua:12: ...".
    std::string chunk = o.solutions[i];
    if (auto slash = chunk.find_last_of('/'); slash != std::string::npos) chunk = chunk.substr(slash + 1);
    // The grading API's loop (grade/grader.h), each run to its end in one step; seeds on the
    // threads the solutions leave idle.
    grade::Grading grading(lab->grading(), lab->starter(codes[i], chunk), go);
    parallel_for(grading.seed_count(), seed_threads, [&](std::size_t s) {
      if (!grading.wanted(s)) return;
      std::unique_ptr<grade::SeedRun> run = grading.start(s);
      while (!run->step(SIZE_MAX, INT64_MAX)) {
      }
      grading.judge(s, run->finish());
    });
    grade::Report rep = grading.report();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string text = render(rep, o.format, secs);
    std::lock_guard<std::mutex> lock(mu);
    reports[i] = std::move(rep);
    outputs[i] = std::move(text);
    ready[i] = true;
    progress.advance();
    while (next_to_print < n && ready[next_to_print]) {
      if (o.format == "text" && next_to_print > 0) ctx.out << "\n";
      ctx.out << outputs[next_to_print];
      if (o.format != "text") ctx.out << "\n";
      ctx.out.flush();
      outputs[next_to_print].clear();
      ++next_to_print;
    }
  });
  progress.finish();

  bool all_passed = true;
  for (std::size_t i = 0; i < n; ++i) all_passed = all_passed && reports[i].status == grade::Status::pass;
  if (db) {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));  // wall clock: a record, never a grade
    for (std::size_t i = 0; i < n; ++i) {
      const grade::Report& r = reports[i];
      store::Submission s;
      s.lab_id = r.lab_id;
      s.solution = r.solution;
      s.code = codes[i];
      s.status = grade::to_string(r.status);
      s.score = r.score;
      s.max_score = r.max_score;
      s.lab_hash = r.lab_hash;
      s.trace_digest = r.trace_digest;
      s.results_json = grade::exercism_json(r);
      s.submitted_at = now;
      std::string error;
      if (!store::add_submission(*db, s, &error)) {
        ctx.err << "faultline grade: cannot record " << r.solution << " in " << o.db << ": " << error << "\n";
        return kBadInput;
      }
    }
  }
  return all_passed ? kOk : kFailed;
}

}  // namespace

void add_grade_command(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<GradeOptions>();
  auto* cmd = app.add_subcommand("grade", "Grade solutions to a lab on its seeds (results JSON on stdout)");
  cmd->add_option("LAB_DIR", opts->lab_dir, "The lab folder (holding lab.json)")->required();
  cmd->add_option("SOLUTION", opts->solutions, "Lua files to grade (one result each, in this order)")->required();
  cmd->add_option("--seed", opts->seed, "Grade on this seed alone (default: every seed the lab lists)")
      ->check(CLI::Range(static_cast<std::int64_t>(0), static_cast<std::int64_t>(9007199254740991LL)));
  cmd->add_option("--format", opts->format, "exercism (default), gradescope or text")
      ->check(CLI::IsMember({"exercism", "gradescope", "text"}));
  cmd->add_option("--jobs", opts->jobs, "Threads: grade up to N solutions at once; spare ones run a solution's seeds at once")->check(CLI::Range(1, 256));
  cmd->add_option("--db", opts->db, "Also append each result to this SQLite progress database");
  cmd->callback([&ctx, opts] { ctx.result = run_grade(*opts, ctx); });
}

}  // namespace fl::cli
