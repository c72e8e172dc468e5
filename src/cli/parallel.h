#pragma once
// Runs fn(0) ... fn(n-1) on up to `jobs` threads (natively) or one after another (the wasm
// build, which has no threads: parallel_serial.cpp is linked instead of parallel_threads.cpp).
// fn must be safe to call concurrently for different indices.
#include <cstddef>
#include <functional>

namespace fl::cli {

void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& fn);
// The number of jobs actually usable (1 without threads).
int max_parallel_jobs(int requested);

}  // namespace fl::cli
