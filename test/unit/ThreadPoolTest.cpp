// The runtime's thread pool: every index exactly once, however jobs follow each other and
// however many indices; work really spread over threads, the caller's from the top and the
// workers' from the bottom; workers with denormals flushed; a prompt shutdown.
#include "phonon/rt/ThreadPool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace phonon::rt {
namespace {

using Clock = std::chrono::steady_clock;

void busyFor(std::chrono::microseconds d) {
  const auto end = Clock::now() + d;
  while (Clock::now() < end) {
  }
}

constexpr uint32_t kMaxCount = 1000;

/// One job of the exactly-once test. tag and count are checked by the task: a worker that ran
/// a task with the arguments of another job (stale job data) would see the wrong ones.
struct CountingJob {
  uint32_t tag = 0;
  uint32_t count = 0;
  uint32_t round = 0;
  std::atomic<uint32_t> errors{0};
  std::atomic<uint32_t> runs[kMaxCount] = {};
  /// Plain writes: parallelFor must make them visible to the caller (ThreadSanitizer checks).
  uint32_t lastRound[kMaxCount] = {};
};

template <uint32_t Tag> void countTask(void* args, uint32_t index) {
  auto* job = static_cast<CountingJob*>(args);
  if (job->tag != Tag || index >= job->count) {
    job->errors.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  job->runs[index].fetch_add(1, std::memory_order_relaxed);
  job->lastRound[index] = job->round;
}

TEST(ThreadPoolTest, EveryIndexRunsExactlyOnce) {
  // Back-to-back jobs with different tasks, arguments and counts: a worker that wakes late for
  // one job must neither run the next with stale data nor claim its indices.
  const uint32_t counts[] = {1, 7, kMaxCount};
  const TaskFn tasks[] = {countTask<0>, countTask<1>, countTask<2>};
  for (unsigned threads : {1u, 2u, 4u}) {
    ThreadPool pool(threads);
    ASSERT_EQ(pool.threads(), threads);
    auto jobs = std::make_unique<CountingJob[]>(3);
    for (uint32_t round = 1; round <= 2000; ++round)
      for (uint32_t j = 0; j < 3; ++j) {
        CountingJob& job = jobs[j];
        job.tag = j;
        job.count = counts[j];
        job.round = round;
        pool.parallelFor(job.count, tasks[j], &job);
        bool ok = job.errors.load() == 0;
        for (uint32_t i = 0; i < kMaxCount; ++i) {
          const uint32_t expected = i < job.count ? 1 : 0;
          ok = ok && job.runs[i].load(std::memory_order_relaxed) == expected &&
               (i >= job.count || job.lastRound[i] == round);
          job.runs[i].store(0, std::memory_order_relaxed);
        }
        ASSERT_TRUE(ok) << threads << " threads, round " << round << ", count " << job.count
                        << ", errors " << job.errors.load();
      }
  }
}

/// Each task records the thread it ran on (and, for the denormal test, that thread's MXCSR).
struct SlowJob {
  static constexpr uint32_t kTasks = 64;
  std::chrono::microseconds busy{50};
  std::thread::id ids[kTasks];
  unsigned csr[kTasks] = {};
};

void slowTask(void* args, uint32_t index) {
  auto* job = static_cast<SlowJob*>(args);
  job->ids[index] = std::this_thread::get_id();
#if defined(__x86_64__) || defined(__i386__)
  job->csr[index] = _mm_getcsr();
#endif
  busyFor(job->busy);
}

TEST(ThreadPoolTest, SlowTasksRunOnMoreThanOneThread) {
  ThreadPool pool(2);
  // On a loaded machine the worker may not get a core during one job: retry, with longer tasks.
  for (int attempt = 1; attempt <= 20; ++attempt) {
    SlowJob job;
    job.busy = std::chrono::microseconds(50 * attempt);
    pool.parallelFor(SlowJob::kTasks, slowTask, &job);
    ASSERT_EQ(std::count(job.ids, job.ids + SlowJob::kTasks, std::thread::id()), 0);
    if (std::set<std::thread::id>(job.ids, job.ids + SlowJob::kTasks).size() >= 2) return;
  }
  FAIL() << "every task ran on one thread in 20 attempts";
}

/// The first task to start waits for a second one to start (on the other thread), so that both
/// threads claim through the rest of the job.
struct MeetJob {
  static constexpr uint32_t kTasks = 64;
  std::atomic<uint32_t> started{0};
  bool met = false;
  std::thread::id ids[kTasks];
};

void meetTask(void* args, uint32_t index) {
  auto* job = static_cast<MeetJob*>(args);
  job->ids[index] = std::this_thread::get_id();
  if (job->started.fetch_add(1) == 0) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(100);
    while (job->started.load() < 2 && Clock::now() < deadline) {
    }
    job->met = job->started.load() >= 2;
  }
  busyFor(std::chrono::microseconds(20));
}

TEST(ThreadPoolTest, TheCallerTakesTheTopIndicesAndTheWorkerTheBottom) {
  // Each thread keeps to its end of the indices (a bank's lanes stay in one core's cache from
  // block to block): the caller's are count - 1 down to some m, the worker's 0 up to m - 1,
  // however their claims interleave in time.
  const std::thread::id caller = std::this_thread::get_id();
  ThreadPool pool(2);
  int met = 0;
  for (int attempt = 1; attempt <= 20 && met < 3; ++attempt) {
    MeetJob job;
    pool.parallelFor(MeetJob::kTasks, meetTask, &job);
    const auto firstOfCaller = std::find(job.ids, job.ids + MeetJob::kTasks, caller);
    ASSERT_NE(firstOfCaller, job.ids + MeetJob::kTasks) << "the caller ran no task";
    ASSERT_EQ(std::count(firstOfCaller, job.ids + MeetJob::kTasks, caller),
              job.ids + MeetJob::kTasks - firstOfCaller)
        << "the caller's indices are not the top ones (attempt " << attempt << ")";
    met += job.met;
  }
  EXPECT_EQ(met, 3) << "the worker did not join a job in 20 attempts";
}

struct ManyJob {
  std::vector<std::atomic<uint8_t>> runs;
  explicit ManyJob(uint32_t count) : runs(count) {}
};

void manyTask(void* args, uint32_t index) {
  static_cast<ManyJob*>(args)->runs[index].fetch_add(1, std::memory_order_relaxed);
}

TEST(ThreadPoolTest, JobsOfMoreIndicesThanOneClaimWordHolds) {
  // The claim word holds 16-bit bounds: a longer job runs as several, each index still once.
  ThreadPool pool(2);
  for (uint32_t count : {65535u, 65536u, 65537u, 200000u}) {
    ManyJob job(count);
    pool.parallelFor(count, manyTask, &job);
    uint32_t wrong = 0;
    for (uint32_t i = 0; i < count; ++i) wrong += job.runs[i].load() != 1;
    EXPECT_EQ(wrong, 0u) << count << " indices";
  }
}

/// The first task to start waits for all the others to finish: only dynamic claiming lets the
/// other thread take them all meanwhile.
struct StallJob {
  uint32_t count = 0;
  std::atomic<bool> started{false};
  std::atomic<uint32_t> finished{0};
  std::atomic<bool> othersFinishedMeanwhile{false};
};

void stallTask(void* args, uint32_t) {
  auto* job = static_cast<StallJob*>(args);
  if (!job->started.exchange(true)) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (job->finished.load() < job->count - 1 && Clock::now() < deadline) {
    }
    job->othersFinishedMeanwhile = job->finished.load() == job->count - 1;
  }
  job->finished.fetch_add(1);
}

TEST(ThreadPoolTest, ASlowTaskDoesNotHoldUpTheOthers) {
  ThreadPool pool(2);
  StallJob job;
  job.count = 100;
  pool.parallelFor(job.count, stallTask, &job);
  EXPECT_EQ(job.finished.load(), job.count);
  EXPECT_TRUE(job.othersFinishedMeanwhile.load());
}

TEST(ThreadPoolTest, WorkersFlushDenormals) {
#if defined(__x86_64__) || defined(__i386__)
  // New threads inherit the creator's MXCSR on Linux: start the pool from a thread without
  // FTZ/DAZ, so that only the pool can have set them on its workers.
  const unsigned saved = _mm_getcsr();
  _mm_setcsr(saved & ~0x8040u);
  const std::thread::id caller = std::this_thread::get_id();
  bool sawWorker = false;
  {
    ThreadPool pool(2);
    for (int attempt = 1; attempt <= 20 && !sawWorker; ++attempt) {
      SlowJob job;
      job.busy = std::chrono::microseconds(50 * attempt);
      pool.parallelFor(SlowJob::kTasks, slowTask, &job);
      for (uint32_t i = 0; i < SlowJob::kTasks; ++i) {
        if (job.ids[i] == caller) {
          EXPECT_EQ(job.csr[i] & 0x8040u, 0u) << "the pool changed the caller's MXCSR";
        } else {
          sawWorker = true;
          EXPECT_EQ(job.csr[i] & 0x8040u, 0x8040u) << "a worker without FTZ/DAZ";
        }
      }
    }
  }
  EXPECT_EQ(_mm_getcsr() & 0x8040u, 0u);
  _mm_setcsr(saved);
  EXPECT_TRUE(sawWorker) << "no task ran on a worker in 20 attempts";
#else
  GTEST_SKIP() << "FTZ/DAZ are set on x86 only";
#endif
}

struct IdJob {
  static constexpr uint32_t kTasks = 50;
  std::atomic<uint32_t> runs{0};
  std::thread::id ids[kTasks];
};

void idTask(void* args, uint32_t index) {
  auto* job = static_cast<IdJob*>(args);
  job->ids[index] = std::this_thread::get_id();
  job->runs.fetch_add(1);
}

TEST(ThreadPoolTest, SmallJobsRunOnTheCallingThread) {
  const std::thread::id caller = std::this_thread::get_id();
  ThreadPool single(1);
  IdJob all;
  single.parallelFor(IdJob::kTasks, idTask, &all);
  EXPECT_EQ(all.runs.load(), IdJob::kTasks);
  EXPECT_EQ(std::count(all.ids, all.ids + IdJob::kTasks, caller), IdJob::kTasks);

  ThreadPool pool(4);
  IdJob one;
  pool.parallelFor(1, idTask, &one);
  EXPECT_EQ(one.runs.load(), 1u);
  EXPECT_EQ(one.ids[0], caller);
  IdJob none;
  pool.parallelFor(0, idTask, &none);
  EXPECT_EQ(none.runs.load(), 0u);
}

struct SumJob {
  std::atomic<uint64_t> sum{0};
};

void sumTask(void* args, uint32_t index) {
  static_cast<SumJob*>(args)->sum.fetch_add(index + 1, std::memory_order_relaxed);
}

TEST(ThreadPoolTest, ParallelForCWorksThroughACPointer) {
  ThreadPool pool(3);
  // As compiled code holds it: a plain function pointer and an opaque pool.
  void (*parallelFor)(void*, uint32_t, TaskFn, void*) = &ThreadPool::parallelForC;
  void* opaque = &pool;
  for (int round = 0; round < 100; ++round) {
    SumJob job;
    parallelFor(opaque, 1000, sumTask, &job);
    ASSERT_EQ(job.sum.load(), 1000u * 1001u / 2);
  }
}

TEST(ThreadPoolTest, ZeroThreadsMeansHardwareConcurrency) {
  ThreadPool pool(0);
  EXPECT_EQ(pool.threads(), std::max(1u, std::thread::hardware_concurrency()));
  SumJob job;
  pool.parallelFor(100, sumTask, &job);
  EXPECT_EQ(job.sum.load(), 100u * 101u / 2);
}

TEST(ThreadPoolTest, DestructionWithIdleWorkersIsPrompt) {
  using std::chrono::milliseconds;
  // Workers that may not have reached their loop yet.
  auto start = Clock::now();
  for (int i = 0; i < 20; ++i) ThreadPool pool(4);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));

  // Workers asleep on the futex, long past their spin.
  std::optional<ThreadPool> pool(std::in_place, 4);
  SumJob job;
  pool->parallelFor(100, sumTask, &job);
  std::this_thread::sleep_for(milliseconds(50));
  start = Clock::now();
  pool.reset();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
}

} // namespace
} // namespace phonon::rt
