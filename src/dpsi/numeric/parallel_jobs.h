// File: dpsi/numeric/parallel_jobs.h
// The one thread pool of the experiments (scaling, easy and hard instance): jobs 0..count-1 taken in
// order by min(threads, count) workers, the calling thread being worker 0. Jobs write only their own
// result slots, so results never depend on the thread count (only timings do). The first exception a
// job throws is rethrown after every worker has stopped; jobs not yet started are skipped. Worker
// threads free FLINT's thread-local caches (release_thread_caches) before they end, because jobs may
// use Ball arithmetic.
#pragma once

#include <cstddef>
#include <functional>

namespace dpsi {

// The number of workers run_jobs uses: min(max(threads, 1), max(count, 1)).
int job_workers(std::size_t count, int threads);

void run_jobs(std::size_t count, int threads, const std::function<void(std::size_t job)>& job);

// The same, telling each job which worker (0..job_workers - 1) runs it, for per-worker state that is
// not thread-safe (samplers caching per-measurement tables).
void run_jobs_with_worker(std::size_t count, int threads, const std::function<void(std::size_t job, int worker)>& job);

}  // namespace dpsi
