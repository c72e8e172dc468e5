// faultline lab test [LAB_DIR...]
// Proves each lab: its reference passes every check on every seed, and each naive solution
// fails exactly the checks its self_test entry lists, on each seed listed. Without LAB_DIR,
// every graded lab under ./labs. Exit 0 when every lab holds, 1 when one does not, 2 for bad
// input (a missing or invalid lab).
#include <algorithm>
#include <ostream>

#include "base/files.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/parallel.h"
#include "grade/lab_check.h"
#include "grade/lab_runner.h"

namespace fl::cli {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none)" : out;
}

struct Job {
  std::string file;      // relative to the lab folder
  std::vector<std::string> expect_fails;
  std::vector<std::string> may_fail;  // not compared: they may fail on some seeds
  std::vector<std::uint64_t> seeds;
  bool reference = false;
};

int test_lab(const std::string& dir, int jobs, CommandContext& ctx) {
  Diagnostics diags;
  auto lab = grade::LabRunner::load(dir, diags);
  if (!lab) {
    ctx.err << diags.to_string() << "faultline lab test: " << dir << " is not a valid lab\n";
    return kBadInput;
  }
  const grade::LabGrading& g = lab->grading();
  if (g.playground) {
    ctx.out << "skip " << dir << " (playground)\n";
    return kOk;
  }
  std::vector<Job> list;
  list.push_back({"reference.lua", {}, {}, g.seeds, true});
  for (const auto& n : g.naive) list.push_back({n.file, n.fails, n.may_fail, n.seeds, false});

  std::vector<std::string> lines(list.size());
  std::vector<bool> ok(list.size(), true);
  parallel_for(list.size(), max_parallel_jobs(jobs), [&](std::size_t i) {
    const Job& job = list[i];
    std::string error;
    auto code = read_file(dir + "/" + job.file, &error);
    if (!code) {
      ok[i] = false;
      lines[i] = "FAIL " + dir + "/" + job.file + ": " + error + "\n";
      return;
    }
    std::string chunk = job.file.substr(job.file.find_last_of('/') + 1);
    grade::GradeOptions go;
    go.seeds = job.seeds;
    go.solution = job.file;
    grade::Report rep = grade::grade(g, lab->starter(*code, chunk), go);
    std::string out;
    if (rep.status == grade::Status::error) {
      ok[i] = false;
      out += "FAIL " + dir + "/" + job.file + ": " + rep.message + "\n";
    }
    std::vector<std::string> expected = job.expect_fails;
    std::sort(expected.begin(), expected.end());
    for (std::uint64_t seed : job.seeds) {
      std::vector<std::string> got = grade::failed_on(rep, seed);
      std::vector<std::string> sorted;
      for (const auto& id : got)
        if (std::find(job.may_fail.begin(), job.may_fail.end(), id) == job.may_fail.end()) sorted.push_back(id);
      std::sort(sorted.begin(), sorted.end());
      if (sorted == expected) continue;
      ok[i] = false;
      out += "FAIL " + dir + "/" + job.file + " on seed " + std::to_string(seed) + ": expected to fail [" +
             join(job.expect_fails) + "], failed [" + join(got) + "]\n";
      for (const auto& t : rep.tests) {
        bool failed = std::find(got.begin(), got.end(), t.id) != got.end();
        bool want = std::find(expected.begin(), expected.end(), t.id) != expected.end();
        if (failed != want) out += "     " + t.id + ": " + t.message + "\n";
      }
    }
    if (ok[i]) {
      std::string seeds;
      for (auto s : job.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
      out = "ok   " + dir + "/" + job.file +
            (job.reference ? " passes every check" : " fails [" + join(job.expect_fails) + "]") + " on seeds " +
            seeds + "\n";
    }
    lines[i] = std::move(out);
  });
  bool all = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    ctx.out << lines[i];
    all = all && ok[i];
  }
  return all ? kOk : kFailed;
}

}  // namespace

void add_lab_command(CLI::App& app, CommandContext& ctx) {
  auto* lab = app.add_subcommand("lab", "Work with labs");
  lab->require_subcommand(1);
  auto dirs = std::make_shared<std::vector<std::string>>();
  auto jobs = std::make_shared<int>(1);
  auto* test = lab->add_subcommand("test", "Prove labs: the reference passes, each naive solution fails what lab.json says");
  test->add_option("LAB_DIR", *dirs, "Lab folders (default: every lab under ./labs)");
  test->add_option("--jobs", *jobs, "Grade this many solutions at once")->check(CLI::Range(1, 256));
  test->callback([&ctx, dirs, jobs] {
    std::vector<std::string> list = *dirs;
    if (list.empty())
      for (const auto& name : grade::subfolders_of("labs")) list.push_back("labs/" + name);
    if (list.empty()) {
      ctx.err << "faultline lab test: no lab folders given and none under ./labs\n";
      ctx.result = kBadInput;
      return;
    }
    int result = kOk;
    for (const auto& d : list) {
      int r = test_lab(d, *jobs, ctx);
      result = std::max(result, r);
    }
    ctx.result = result;
  });
  add_lab_files_command(*lab, ctx);
}

}  // namespace fl::cli
