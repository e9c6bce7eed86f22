// A fixed pool of worker threads and a blocking parallel_for over an index range.
//
// Determinism rule: parallel work must not depend on which worker runs an index. Give
// each index its own RNG stream (ael::Rng::stream(seed, {index, ...})) and write results
// to slot `index`; never accumulate across indices in completion order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ael {

class ThreadPool {
 public:
  /// `threads` workers (0: one per core). The calling thread also works, so a pool of
  /// size 1 runs everything inline.
  explicit ThreadPool(unsigned threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /// Number of threads that execute work (workers + the caller).
  unsigned size() const { return static_cast<unsigned>(workers_.size()) + 1; }

  /// Calls fn(index, worker) for every index in [0, n) and waits. `worker` is in
  /// [0, size()) and identifies per-thread scratch (e.g. a cloned objective). Indices are
  /// handed out in chunks of `grain`. The first exception thrown by fn is rethrown here
  /// after all workers stopped. Nested calls from inside fn run inline (no deadlock).
  void parallel_for(std::size_t n, const std::function<void(std::size_t, unsigned)>& fn,
                    std::size_t grain = 1);

  /// The process-wide pool (sized by set_global_threads, default all cores).
  static ThreadPool& global();
  /// Resizes the global pool; call before it is first used (e.g. from `--threads`).
  static void set_global_threads(unsigned threads);

 private:
  struct Job;
  void worker_loop(unsigned worker);
  void run_job(Job& job, unsigned worker);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Job* job_ = nullptr;
  std::size_t generation_ = 0;
  bool stopping_ = false;
  std::mutex submit_mutex_;
};

}  // namespace ael
