// The thread pool. Synchronisation, in one place:
//
// A job is published by parallelFor in this order: task_/args_/base_ (plain stores),
// remaining_ = count, the claim word = generation << 32 | 0 << 16 | count (release), then
// generation_ (release) and a futex wake. Workers watch generation_ only to know that there
// may be something to claim; the claim word alone decides what they run.
//
// The claim word's low half holds the indices not yet claimed, [low, high), 16 bits each. The
// caller claims from the top (high - 1, down) and the workers from the bottom (low, up), each
// by a compare-exchange, and only while the word's high half is the generation the claimer
// woke for and low < high. So from one job to the next each thread runs about the same
// indices — the same lanes of a bank, whose state then stays in that core's cache — and they
// meet wherever the work happens to balance. A job of more than kMaxJobIndices indices runs as
// several jobs of at most that many, base_ being the first index of each. task_, args_ and
// base_ are read only after a successful claim, and that is what keeps a late worker safe: a
// successful claim of generation g means index i of job g had not yet run, so job g cannot be
// complete, so the caller (which writes the next job only after seeing remaining_ reach 0) has
// not yet written job g+1; and the acquiring compare-exchange reads from the release sequence
// of the caller's store of the claim word, so it sees job g's fields. A worker that wakes late
// for g and finds the claim word at g+1 (or at g with nothing left) claims nothing and goes
// back to generation_, which already shows g+1, and joins that job properly. Claiming never
// carries into the generation, since it stops at low == high.
//
// Completion: each finished task decrements remaining_ (release); the caller returns when it
// reads 0 (acquire), which makes every task's writes visible to it. Only threads that claimed
// an index of job g decrement remaining_, all before job g completes, so the reset for job g+1
// is never disturbed by a stale decrement.
#include "phonon/rt/ThreadPool.h"

#include <algorithm>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace phonon::rt {
namespace {

// Bounded busy waits before falling back to a futex: between the jobs of one block a worker
// stays awake and picks up the next job without a wake-up; the caller usually finds the last
// tasks finishing within microseconds. A pause is roughly 10-150 cycles depending on the CPU,
// so these are some tens to hundreds of microseconds.
constexpr unsigned kWorkerSpins = 1u << 13;
constexpr unsigned kCallerSpins = 1u << 14;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// The real-time rule on the audio thread (ScopedFlushDenormals) holds for the workers too, for
// their whole life: tasks are parts of the same block.
void flushDenormalsOnThisThread() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_setcsr(_mm_getcsr() | 0x8040); // FTZ (bit 15) | DAZ (bit 6)
#endif
}

} // namespace

ThreadPool::ThreadPool(unsigned threads)
    : threads_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())) {
  workers_.reserve(threads_ - 1);
  try {
    for (unsigned i = 1; i < threads_; ++i) workers_.emplace_back([this] { workerLoop(); });
  } catch (...) {
    stopWorkers();
    throw;
  }
}

ThreadPool::~ThreadPool() {
  stopWorkers();
}

void ThreadPool::stopWorkers() noexcept {
  stop_.store(true, std::memory_order_relaxed);
  // The release bump makes stop_ visible to a worker that sees the new generation.
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  for (std::thread& t : workers_)
    if (t.joinable()) t.join();
}

void ThreadPool::workerLoop() noexcept {
  flushDenormalsOnThisThread();
  // The generation at construction, not the current one: a worker that starts late still
  // looks at the first job.
  uint32_t seen = 0;
  for (;;) {
    uint32_t generation = generation_.load(std::memory_order_acquire);
    for (unsigned spin = 0; generation == seen && spin < kWorkerSpins; ++spin) {
      cpuRelax();
      generation = generation_.load(std::memory_order_acquire);
    }
    if (generation == seen) {
      generation_.wait(seen, std::memory_order_acquire);
      continue;
    }
    seen = generation;
    if (stop_.load(std::memory_order_relaxed)) return;
    runTasks(generation, false);
  }
}

void ThreadPool::runTasks(uint32_t generation, bool fromTop) noexcept {
  const uint64_t tag = static_cast<uint64_t>(generation) << 32;
  uint64_t word = claim_.load(std::memory_order_relaxed);
  for (;;) {
    const uint32_t low = static_cast<uint32_t>(word >> 16) & 0xffff;
    const uint32_t high = static_cast<uint32_t>(word) & 0xffff;
    if ((word & ~uint64_t{0xffffffff}) != tag || low == high) return;
    // From the top the high bound drops; from the bottom the low one rises (bit 16 up).
    const uint64_t claimed = fromTop ? word - 1 : word + (uint64_t{1} << 16);
    // On failure `word` is reloaded and checked again.
    if (!claim_.compare_exchange_weak(word, claimed, std::memory_order_acquire,
                                      std::memory_order_relaxed))
      continue;
    task_(args_, base_ + (fromTop ? high - 1 : low));
    // Only a worker (from the bottom) wakes the caller: the caller itself is not waiting when
    // it finishes last.
    if (remaining_.fetch_sub(1, std::memory_order_release) == 1 && !fromTop)
      remaining_.notify_all();
    word = claim_.load(std::memory_order_relaxed);
  }
}

void ThreadPool::parallelFor(uint32_t count, TaskFn task, void* args) noexcept {
  if (threads_ == 1 || count <= 1) {
    for (uint32_t i = 0; i < count; ++i) task(args, i);
    return;
  }
  for (uint32_t base = 0; base < count;) {
    const uint32_t indices = std::min(count - base, kMaxJobIndices);
    runJob(base, indices, task, args);
    base += indices;
  }
}

void ThreadPool::runJob(uint32_t base, uint32_t count, TaskFn task, void* args) noexcept {
  // Only runJob and the destructor write generation_, never at the same time.
  const uint32_t generation = generation_.load(std::memory_order_relaxed) + 1;
  task_ = task;
  args_ = args;
  base_ = base;
  remaining_.store(count, std::memory_order_relaxed);
  claim_.store(static_cast<uint64_t>(generation) << 32 | count, std::memory_order_release);
  generation_.store(generation, std::memory_order_release);
  // A futex wake only when some worker sleeps (libstdc++ counts waiters); spinning ones see
  // the store.
  generation_.notify_all();

  runTasks(generation, true);

  // The last tasks are on workers. Spin first; sleep only if they take long (a preempted
  // worker), so that a caller of higher priority on the same core cannot starve it.
  for (unsigned spin = 0;; ++spin) {
    const uint32_t left = remaining_.load(std::memory_order_acquire);
    if (left == 0) return;
    if (spin < kCallerSpins)
      cpuRelax();
    else
      remaining_.wait(left, std::memory_order_acquire);
  }
}

void ThreadPool::parallelForC(void* pool, uint32_t count, TaskFn task, void* args) noexcept {
  static_cast<ThreadPool*>(pool)->parallelFor(count, task, args);
}

} // namespace phonon::rt
