#include <atomic>
#include <thread>
#include <vector>

#include "cli/parallel.h"

namespace fl::cli {

int max_parallel_jobs(int requested) { return requested < 1 ? 1 : requested; }

void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& fn) {
  jobs = max_parallel_jobs(jobs);
  if (jobs == 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> threads;
  std::size_t count = static_cast<std::size_t>(jobs) < n ? static_cast<std::size_t>(jobs) : n;
  for (std::size_t t = 1; t < count; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

}  // namespace fl::cli
