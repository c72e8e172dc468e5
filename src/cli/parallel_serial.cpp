#include "cli/parallel.h"

namespace fl::cli {

int max_parallel_jobs(int) { return 1; }

void parallel_for(std::size_t n, int, const std::function<void(std::size_t)>& fn) {
  for (std::size_t i = 0; i < n; ++i) fn(i);
}

}  // namespace fl::cli
