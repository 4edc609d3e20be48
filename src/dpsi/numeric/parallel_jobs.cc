// The experiments' thread pool (see parallel_jobs.h).
#include "dpsi/numeric/parallel_jobs.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "dpsi/numeric/ball.h"

namespace dpsi {

int job_workers(std::size_t count, int threads) {
  return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), std::max<std::size_t>(count, 1)));
}

void run_jobs_with_worker(std::size_t count, int threads, const std::function<void(std::size_t job, int worker)>& job) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&](int index) {
    for (;;) {
      const std::size_t taken = next.fetch_add(1);
      if (taken >= count) return;
      try {
        job(taken, index);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  const int used = job_workers(count, threads);
  std::vector<std::thread> pool;
  for (int index = 1; index < used; ++index) {
    pool.emplace_back([&worker, index] {
      worker(index);
      release_thread_caches();
    });
  }
  worker(0);
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

void run_jobs(std::size_t count, int threads, const std::function<void(std::size_t job)>& job) {
  run_jobs_with_worker(count, threads, [&job](std::size_t index, int) { job(index); });
}

}  // namespace dpsi
