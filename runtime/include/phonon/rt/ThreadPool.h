// A real-time-safe thread pool for the parallel parts of a block: the audio thread hands out
// the indices of one job through one atomic claim word, taking them from the top while the
// workers take them from the bottom, and works on them itself; the workers wake
// through a futex (C++20 atomic wait), and nothing in parallelFor allocates, locks or does I/O.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace phonon::rt {

/// A task function as compiled patches call it (plain C ABI-compatible signature).
using TaskFn = void (*)(void* args, uint32_t index);

class ThreadPool {
public:
  /// `threads` = total threads that run tasks, including the calling thread: threads-1 workers
  /// are started here (never later). threads 0 means std::thread::hardware_concurrency() (at
  /// least 1). Every worker runs with denormals flushed (FTZ/DAZ), as the audio thread does.
  explicit ThreadPool(unsigned threads);
  /// Stops and joins the workers.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned threads() const { return threads_; }

  /// Runs task(args, i) for every i in [0, count), spread over the workers and the calling
  /// thread, and returns when all have finished (their writes are then visible to the caller).
  /// Real-time safe: never allocates, never takes a mutex/lock, never does I/O. Tasks are
  /// claimed one index at a time through an atomic word, so a slow task does not hold up the
  /// others: the calling thread takes them from the top (count - 1 down) and the workers from
  /// the bottom (0 up), so that from one call to the next each thread mostly runs the same
  /// indices (and touches the same data) wherever they meet. With threads() == 1 or count <= 1
  /// everything runs on the calling thread. Must not be called concurrently from two threads,
  /// nor from inside a task; tasks must not throw.
  void parallelFor(uint32_t count, TaskFn task, void* args) noexcept;

  /// The same as a C function pointer, for compiled code that receives it through the block
  /// context: `pool` is a ThreadPool*.
  static void parallelForC(void* pool, uint32_t count, TaskFn task, void* args) noexcept;

private:
  /// The indices of one job: the claim word holds two 16-bit bounds. parallelFor runs more as
  /// several jobs.
  static constexpr uint32_t kMaxJobIndices = 0xffff;

  void workerLoop() noexcept;
  /// Publishes the job of indices [base, base + count), count in [1, kMaxJobIndices], runs its
  /// share and waits for the rest.
  void runJob(uint32_t base, uint32_t count, TaskFn task, void* args) noexcept;
  /// Claims and runs indices of job `generation` until none is left: the highest left when
  /// `fromTop` (the caller), else the lowest (a worker, which wakes the caller when it ends
  /// the job).
  void runTasks(uint32_t generation, bool fromTop) noexcept;
  void stopWorkers() noexcept;

  unsigned threads_;
  std::vector<std::thread> workers_;

  // The job: written by parallelFor only while no task runs, published by the claim word
  // (see ThreadPool.cpp for why a late worker never reads a stale one).
  TaskFn task_ = nullptr;
  void* args_ = nullptr;
  uint32_t base_ = 0; ///< the job's first index, as parallelFor numbers them

  // Each on its own cache line: the claim word and the completion counter are hammered by all
  // threads during a job, the generation is polled by spinning workers between jobs.
  alignas(64) std::atomic<uint64_t> claim_{0};      ///< generation << 32 | low << 16 | high
  alignas(64) std::atomic<uint32_t> remaining_{0};  ///< tasks of the job not yet finished
  alignas(64) std::atomic<uint32_t> generation_{0}; ///< bumped once per job, and to stop
  std::atomic<bool> stop_{false};
};

} // namespace phonon::rt
