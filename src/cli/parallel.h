#pragma once
// Runs fn(0) ... fn(n-1) on up to `jobs` threads (natively) or one after another (the wasm
// build, which has no threads: parallel_serial.cpp is linked instead of parallel_threads.cpp).
// fn must be safe to call concurrently for different indices.
#include <algorithm>
#include <cstddef>
#include <functional>

namespace fl::cli {

void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& fn);
// The number of jobs actually usable (1 without threads).
int max_parallel_jobs(int requested);

// Threads for the seeds of one solution when `solutions` are graded with `jobs` threads: the
// threads the solutions leave idle (one solution, --jobs 2: two seeds at once), else 1.
inline int seed_jobs(std::size_t solutions, int jobs) {
  const std::size_t usable = static_cast<std::size_t>(max_parallel_jobs(jobs));
  const std::size_t per_solution = solutions == 0 ? 1 : usable / std::min(solutions, usable);
  return per_solution <= 1 ? 1 : static_cast<int>(per_solution);
}

}  // namespace fl::cli
