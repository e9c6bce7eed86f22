#include "util/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>

namespace ael {

struct ThreadPool::Job {
  std::size_t n = 0;
  std::size_t grain = 1;
  const std::function<void(std::size_t, unsigned)>* fn = nullptr;
  std::atomic<std::size_t> next{0};
  std::atomic<unsigned> active{0};
  std::mutex error_mutex;
  std::exception_ptr error;
};

namespace {
thread_local bool in_pool_work = false;
}

ThreadPool::ThreadPool(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < threads; ++i) {
    workers_.emplace_back([this, i] { worker_loop(i); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::run_job(Job& job, unsigned worker) {
  const bool was_in_pool = in_pool_work;
  in_pool_work = true;
  for (;;) {
    const std::size_t begin = job.next.fetch_add(job.grain);
    if (begin >= job.n) break;
    const std::size_t end = std::min(job.n, begin + job.grain);
    for (std::size_t i = begin; i < end; ++i) {
      try {
        (*job.fn)(i, worker);
      } catch (...) {
        std::lock_guard<std::mutex> lock(job.error_mutex);
        if (!job.error) job.error = std::current_exception();
        job.next.store(job.n);  // stop handing out work
      }
    }
  }
  in_pool_work = was_in_pool;
}

void ThreadPool::worker_loop(unsigned worker) {
  std::size_t seen = 0;
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || (job_ && generation_ != seen); });
      if (stopping_) return;
      seen = generation_;
      job = job_;
      job->active.fetch_add(1);
    }
    run_job(*job, worker);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job->active.fetch_sub(1);
    }
    done_.notify_all();
  }
}

void ThreadPool::parallel_for(std::size_t n, const std::function<void(std::size_t, unsigned)>& fn,
                              std::size_t grain) {
  if (n == 0) return;
  grain = std::max<std::size_t>(1, grain);
  // Inline when there is nobody to share with, or when called from pool work (a nested
  // parallel_for would otherwise wait for workers that are busy running its parent).
  if (workers_.empty() || in_pool_work || n <= grain) {
    const bool was_in_pool = in_pool_work;
    in_pool_work = true;
    try {
      for (std::size_t i = 0; i < n; ++i) fn(i, 0);
    } catch (...) {
      in_pool_work = was_in_pool;
      throw;
    }
    in_pool_work = was_in_pool;
    return;
  }
  std::lock_guard<std::mutex> submit(submit_mutex_);
  Job job;
  job.n = n;
  job.grain = grain;
  job.fn = &fn;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &job;
    ++generation_;
  }
  wake_.notify_all();
  run_job(job, 0);
  {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return job.active.load() == 0; });
    job_ = nullptr;
  }
  if (job.error) std::rethrow_exception(job.error);
}

namespace {
unsigned global_threads = 0;
}

ThreadPool& ThreadPool::global() {
  static ThreadPool pool(global_threads);
  return pool;
}

void ThreadPool::set_global_threads(unsigned threads) { global_threads = threads; }

}  // namespace ael
