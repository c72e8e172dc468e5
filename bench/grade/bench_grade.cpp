// bench_grade [LAB_DIR] [SOLUTION] [REPEATS]: time to grade one solution on every seed of a
// lab (default: lab 2's reference), the best and the median of REPEATS runs, plus the split
// between running (world + sandbox) and checking, and the CPU time of this process per grade.
// Prints figures; asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "base/files.h"
#include "grade/grader.h"
#include "grade/lab_runner.h"

int main(int argc, char** argv) {
  std::string lab_dir = argc > 1 ? argv[1] : std::string(FL_SOURCE_DIR) + "/labs/02-rate-limits";
  std::string solution = argc > 2 ? argv[2] : lab_dir + "/reference.lua";
  int repeats = argc > 3 ? std::atoi(argv[3]) : 10;
  fl::Diagnostics diags;
  auto lab = fl::grade::LabRunner::load(lab_dir, diags);
  if (!lab) {
    std::fprintf(stderr, "%s", diags.to_string().c_str());
    return 2;
  }
  std::string error;
  auto code = fl::read_file(solution, &error);
  if (!code) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 2;
  }
  using clock = std::chrono::steady_clock;
  std::vector<double> total_ms, run_ms, cpu_ms;
  std::string status, digest;
  std::size_t events = 0;
  for (int i = 0; i < repeats; ++i) {
    double running = 0;
    auto runner = lab->runner(*code, "reference.lua");
    auto timed = [&](std::uint64_t seed) {
      auto t0 = clock::now();
      auto out = runner(seed);
      running += std::chrono::duration<double, std::milli>(clock::now() - t0).count();
      if (out.journal) events += out.journal->size();
      return out;
    };
    fl::grade::GradeOptions go;
    go.solution = solution;
    auto t0 = clock::now();
    std::clock_t c0 = std::clock();  // CPU time: the steadier figure on a shared machine
    auto rep = fl::grade::grade(lab->grading(), timed, go);
    cpu_ms.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    total_ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
    run_ms.push_back(running);
    status = fl::grade::to_string(rep.status);
    digest = rep.trace_digest;
  }
  std::sort(total_ms.begin(), total_ms.end());
  std::sort(run_ms.begin(), run_ms.end());
  std::sort(cpu_ms.begin(), cpu_ms.end());
  std::printf("lab %s, %zu seeds, %s: status %s, digest %s\n", lab->grading().id.c_str(), lab->grading().seeds.size(),
              solution.c_str(), status.c_str(), digest.c_str());
  std::printf("journal events per grade: %zu\n", events / static_cast<std::size_t>(repeats));
  std::printf("grade time (all seeds): best %.1f ms, median %.1f ms (running %.1f ms, checks %.1f ms), %d repeats\n",
              total_ms.front(), total_ms[total_ms.size() / 2], run_ms[run_ms.size() / 2],
              total_ms[total_ms.size() / 2] - run_ms[run_ms.size() / 2], repeats);
  std::printf("grade CPU time (all seeds): best %.1f ms, median %.1f ms\n", cpu_ms.front(), cpu_ms[cpu_ms.size() / 2]);
  return 0;
}
