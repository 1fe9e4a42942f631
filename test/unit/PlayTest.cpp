// Real-time playback (runtime/play): the lock-free ring, the player's two ends driven without a
// sound card (underruns, the fade, the end, what the callback allocates), and PortAudio itself
// on the devices a machine without a sound card still has: none at all (the error), ALSA's null
// device, and a JACK server with its dummy driver where jackd is installed. A binary of its
// own: its global operator new counts the allocations of the thread that plays the callback.
#include "phonon/play/Play.h"
#include "phonon/play/Player.h"
#include "phonon/play/RingBuffer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <new>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

thread_local bool countingHere = false;
std::atomic<uint64_t> allocations{0};

void* allocate(std::size_t size) {
  if (countingHere) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

} // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

using namespace phonon::play;
using namespace std::chrono_literals;

/// Frame n of the source is (n, -n) on its two sides: what arrives tells where it came from.
class CountingSource : public BlockSource {
public:
  void prepare(float, uint32_t) override {}
  void render(float* out, uint32_t frames) override {
    if (const int64_t us = delayMicroseconds.load()) std::this_thread::sleep_for(us * 1us);
    const uint64_t first = next.load();
    if (throwAt && first >= throwAt)
      throw std::runtime_error("the source broke at " + std::to_string(first));
    for (uint32_t i = 0; i < frames; ++i) {
      out[2 * i] = static_cast<float>(first + i);
      out[2 * i + 1] = -static_cast<float>(first + i);
    }
    next.store(first + frames);
  }
  std::atomic<int64_t> delayMicroseconds{0}; ///< set from the test while the source runs
  uint64_t throwAt = 0;
  std::atomic<uint64_t> next{0}; ///< the next frame's number
};

/// A sine at 440 Hz, a fifth of full scale.
class SineSource : public BlockSource {
public:
  void prepare(float sampleRate, uint32_t) override { step_ = 2.0 * M_PI * 440.0 / sampleRate; }
  void render(float* out, uint32_t frames) override {
    for (uint32_t i = 0; i < frames; ++i, phase_ += step_) {
      out[2 * i] = out[2 * i + 1] = 0.2f * static_cast<float>(std::sin(phase_));
    }
  }

private:
  double phase_ = 0.0, step_ = 0.0;
};

/// Waits (up to a second) until the ring holds `frames` frames ahead.
void waitFor(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000 && !condition(); ++i) std::this_thread::sleep_for(1ms);
}

TEST(FrameRing, WrapsAndKeepsOrder) {
  FrameRing ring(6, 2); // rounded up to 8 frames
  EXPECT_EQ(ring.capacity(), 8u);
  std::vector<float> in(2 * 20), out(2 * 20);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i);
  EXPECT_EQ(ring.write(in.data(), 5), 5u);
  EXPECT_EQ(ring.read(out.data(), 3), 3u);
  EXPECT_EQ(ring.write(in.data() + 10, 10), 6u); // only the free room: 8 - 2
  EXPECT_EQ(ring.readable(), 8u);
  EXPECT_EQ(ring.writable(), 0u);
  EXPECT_EQ(ring.read(out.data() + 6, 20), 8u); // across the wrap
  for (size_t i = 0; i < 2 * 5; ++i) EXPECT_EQ(out[i], in[i]) << i;
  for (size_t i = 0; i < 2 * 6; ++i) EXPECT_EQ(out[10 + i], in[10 + i]) << i;
  EXPECT_EQ(ring.read(out.data(), 1), 0u);
}

TEST(FrameRing, OneProducerOneConsumerLoseNothing) {
  FrameRing ring(64, 2);
  constexpr uint64_t total = 1 << 17;
  std::thread producer([&] {
    std::vector<float> block(2 * 37);
    for (uint64_t n = 0; n < total;) {
      size_t frames = std::min<uint64_t>(37, total - n);
      for (size_t i = 0; i < frames; ++i)
        block[2 * i] = block[2 * i + 1] = static_cast<float>(n + i);
      size_t written = 0;
      while (written < frames) {
        const size_t n = ring.write(block.data() + 2 * written, frames - written);
        if (n == 0) std::this_thread::yield(); // two cores, shared: let the reader run
        written += n;
      }
      n += frames;
    }
  });
  std::vector<float> got(2 * 29);
  uint64_t expected = 0, mismatches = 0;
  while (expected < total) {
    size_t n = ring.read(got.data(), 29);
    if (n == 0) std::this_thread::yield();
    for (size_t i = 0; i < n; ++i, ++expected)
      mismatches += got[2 * i] != static_cast<float>(expected) || got[2 * i + 1] != got[2 * i];
  }
  producer.join();
  EXPECT_EQ(mismatches, 0u);
}

TEST(Player, PlaysTheSourceInOrderAheadOfTheDevice) {
  CountingSource source;
  PlayerConfig config;
  config.blockSize = 64;
  config.aheadFrames = 256;
  Player player(source, config);
  player.start();
  EXPECT_GE(player.aheadFrames(), 256u);
  std::vector<float> out(2 * 100);
  uint64_t expected = 0;
  for (int callback = 0; callback < 50; ++callback) {
    // Refilled: the render thread keeps the ring within a block of its 256 frames.
    waitFor([&] { return source.next >= expected + 150; });
    player.consume(out.data(), 100, 2, false);
    for (int i = 0; i < 100; ++i, ++expected) {
      ASSERT_EQ(out[2 * i], static_cast<float>(expected));
      ASSERT_EQ(out[2 * i + 1], -static_cast<float>(expected));
    }
  }
  EXPECT_EQ(player.ringUnderruns(), 0u);
  EXPECT_EQ(player.framesPlayed(), 5000u);
  EXPECT_FALSE(player.finished());
}

TEST(Player, AGapIsSilenceAndAnUnderrun) {
  CountingSource source;
  PlayerConfig config;
  config.blockSize = 64;
  config.aheadFrames = 128;
  Player player(source, config);
  player.start();
  source.delayMicroseconds = 200000; // the render thread falls behind from now on
  std::vector<float> out(2 * 512, 1.0f);
  player.consume(out.data(), 512, 2, /*deviceUnderflow=*/true);
  const uint64_t had = player.framesPlayed();
  EXPECT_LT(had, 512u);
  for (size_t i = 2 * had; i < out.size(); ++i) ASSERT_EQ(out[i], 0.0f) << i;
  EXPECT_EQ(player.ringUnderruns(), 1u);
  EXPECT_EQ(player.underrunFrames(), 512u - had);
  EXPECT_EQ(player.deviceUnderflows(), 1u);
  EXPECT_FALSE(player.finished());
}

TEST(Player, StopFadesOutThenEnds) {
  SineSource source;
  source.prepare(48000, 64);
  PlayerConfig config;
  config.blockSize = 64;
  config.aheadFrames = 1024;
  config.fadeFrames = 300;
  Player player(source, config);
  player.start();
  std::vector<float> before(2 * 100), fade(2 * 400);
  player.consume(before.data(), 100, 2, false);
  player.requestStop(); // the ring still holds 924 frames, more than the fade
  player.consume(fade.data(), 400, 2, false);
  EXPECT_TRUE(player.finished());
  // The fade continues the sine without a jump and decays linearly to silence.
  EXPECT_NEAR(fade[0], 0.2f * std::sin(2 * M_PI * 440 * 100 / 48000.0), 1e-4);
  for (int i = 0; i < 300; ++i) {
    const float gain = 1.0f - i / 300.0f;
    ASSERT_NEAR(fade[2 * i], gain * 0.2f * std::sin(2 * M_PI * 440 * (100 + i) / 48000.0), 1e-4)
        << i;
  }
  for (int i = 300; i < 400; ++i) ASSERT_EQ(fade[2 * i], 0.0f) << i;
  EXPECT_EQ(player.ringUnderruns(), 0u);
  std::vector<float> after(2 * 64, 1.0f);
  player.consume(after.data(), 64, 2, false);
  for (float x : after) ASSERT_EQ(x, 0.0f);
}

TEST(Player, EndsAfterItsFramesWithoutCountingTheEnd) {
  CountingSource source;
  PlayerConfig config;
  config.blockSize = 64;
  config.aheadFrames = 4096;
  config.frames = 1000;
  Player player(source, config);
  player.start(); // all 1000 frames fit ahead
  EXPECT_EQ(source.next, 1000u);
  std::vector<float> out(2 * 600);
  waitFor([&] { return player.renderFinished(); });
  player.consume(out.data(), 600, 2, false);
  EXPECT_FALSE(player.finished());
  player.consume(out.data(), 600, 2, false);
  EXPECT_EQ(out[2 * 399], 999.0f);
  EXPECT_EQ(out[2 * 400], 0.0f);
  EXPECT_TRUE(player.finished());
  EXPECT_EQ(player.framesPlayed(), 1000u);
  EXPECT_EQ(player.ringUnderruns(), 0u);
}

TEST(Player, MonoAndWideDevices) {
  CountingSource source;
  PlayerConfig config;
  config.blockSize = 64;
  config.aheadFrames = 2048;
  Player player(source, config);
  player.start();
  std::vector<float> mono(300), wide(4 * 300, 7.0f);
  player.consume(mono.data(), 300, 1, false);
  for (int i = 0; i < 300; ++i) ASSERT_EQ(mono[i], 0.0f) << i; // (n + -n) / 2
  player.consume(wide.data(), 300, 4, false);
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(wide[4 * i], 300.0f + i);
    ASSERT_EQ(wide[4 * i + 1], -300.0f - i);
    ASSERT_EQ(wide[4 * i + 2], 0.0f);
    ASSERT_EQ(wide[4 * i + 3], 0.0f);
  }
}

TEST(Player, ASourceThatThrowsEndsThePlaybackWithItsMessage) {
  CountingSource source;
  source.throwAt = 128;
  PlayerConfig config;
  config.blockSize = 64;
  config.aheadFrames = 1024;
  Player player(source, config);
  player.start();
  std::string error;
  EXPECT_TRUE(player.failed(error));
  EXPECT_EQ(error, "the source broke at 128");
  std::vector<float> out(2 * 256);
  player.consume(out.data(), 256, 2, false);
  EXPECT_TRUE(player.finished());
  EXPECT_EQ(player.framesPlayed(), 128u);
  EXPECT_EQ(player.ringUnderruns(), 0u);
}

TEST(Player, TheCallbackAllocatesNothing) {
  CountingSource source;
  PlayerConfig config;
  config.blockSize = 64;
  config.aheadFrames = 512;
  config.fadeFrames = 1000;
  Player player(source, config);
  player.start();
  std::vector<float> out(4 * 256);
  allocations = 0;
  countingHere = true;
  for (int i = 0; i < 200; ++i) {
    player.consume(out.data(), 1 + (i * 37) % 256, 1 + i % 4, i % 7 == 0);
    if (i == 150) player.requestStop();
    std::this_thread::sleep_for(200us); // the render thread keeps up, so the fade gets its frames
  }
  countingHere = false;
  EXPECT_EQ(allocations.load(), 0u);
  EXPECT_TRUE(player.finished());
}

// ---- PortAudio, on the devices a machine without a sound card has ----

/// An ALSA configuration of its own for this process (read when PortAudio starts), and no JACK
/// server: PortAudio sees exactly what the configuration defines.
class AlsaConfig {
public:
  explicit AlsaConfig(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            ("phonon-play-test-" + std::to_string(getpid()) + ".conf");
    std::ofstream(path_) << text;
    setenv("ALSA_CONFIG_PATH", path_.c_str(), 1);
    setenv("JACK_DEFAULT_SERVER", ("phonon-play-test-none-" + std::to_string(getpid())).c_str(), 1);
    setenv("JACK_NO_START_SERVER", "1", 1);
  }
  ~AlsaConfig() {
    unsetenv("ALSA_CONFIG_PATH");
    std::filesystem::remove(path_);
  }

private:
  std::filesystem::path path_;
};

TEST(PlayDevice, NoDeviceIsAnErrorNotACrash) {
  // Only a PCM that cannot open (no card 99): no ALSA device, and no JACK server either.
  AlsaConfig config("pcm.!default { type hw card 99 }\n");
  std::vector<OutputDevice> devices;
  std::string error;
  ASSERT_TRUE(listOutputDevices(devices, error)) << error;
  EXPECT_TRUE(devices.empty());
  SineSource source;
  PlayOptions options;
  options.frames = 4800;
  PlayStats stats;
  EXPECT_FALSE(play(source, options, stats, error));
  EXPECT_EQ(error.rfind("no audio output device (", 0), 0u) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST(PlayDevice, AlsaNullDevicePlaysTwoSeconds) {
  AlsaConfig config("pcm.!default { type null }\n");
  std::vector<OutputDevice> devices;
  std::string error;
  ASSERT_TRUE(listOutputDevices(devices, error)) << error;
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(devices[0].name, "default");
  EXPECT_EQ(devices[0].hostApi, "ALSA");
  EXPECT_TRUE(devices[0].isDefault);
  SineSource source;
  PlayOptions options;
  options.frames = 2 * 48000;
  PlayStats stats;
  ASSERT_TRUE(play(source, options, stats, error)) << error;
  EXPECT_EQ(stats.device, "default");
  EXPECT_EQ(stats.framesPlayed, 2u * 48000);
  EXPECT_FALSE(stats.interrupted);
  // No xrun count is asserted here: ALSA's null PCM has no clock. It takes frames as fast as
  // they come (hundreds of times real time), so the ring is empty at most callbacks, which is
  // what the count then says. The JACK dummy driver below keeps time.
}

TEST(PlayDevice, StopFadesOutOnTheAlsaNullDevice) {
  AlsaConfig config("pcm.!default { type null }\n");
  SineSource source;
  std::atomic<bool> stop{true}; // stopped from the start: the fade, then the end
  PlayOptions options;
  options.stop = &stop;
  PlayStats stats;
  std::string error;
  ASSERT_TRUE(play(source, options, stats, error)) << error;
  EXPECT_TRUE(stats.interrupted);
  EXPECT_LE(stats.framesPlayed, 960u + 4096u); // the 20 ms fade and at most a callback more
}

/// `jackd` on the PATH, or empty.
std::string findJackd() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::filesystem::path candidate =
        std::filesystem::path(dirs.substr(start, end - start)) / "jackd";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

TEST(PlayDevice, JackDummyServerPlaysTwoSecondsWithoutXruns) {
  const std::string jackd = findJackd();
  if (jackd.empty())
    GTEST_SKIP() << "jackd is not installed (Debian: jackd2), so there is no "
                    "JACK dummy server to play on";
  AlsaConfig config("pcm.!default { type hw card 99 }\n"); // JACK's device only
  const std::string server = "phonon-play-test-" + std::to_string(getpid());
  setenv("JACK_DEFAULT_SERVER", server.c_str(), 1);
  std::vector<std::string> args = {jackd, "-n", server, "-d", "dummy", "-r", "48000", "-p", "256"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, jackd.c_str(), &quiet, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&quiet);
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  } reaper{pid};

  // The server takes a moment to come up.
  std::vector<OutputDevice> devices;
  std::string error;
  bool up = false;
  for (int attempt = 0; attempt < 50 && !up; ++attempt) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      reaper.pid = -1;
      GTEST_SKIP() << "jackd -d dummy did not start on this machine";
    }
    std::this_thread::sleep_for(100ms);
    devices.clear();
    ASSERT_TRUE(listOutputDevices(devices, error)) << error;
    for (const OutputDevice& d : devices) up = up || d.hostApi.rfind("JACK", 0) == 0;
  }
  if (!up) GTEST_SKIP() << "the JACK dummy server did not answer within 5 s";

  SineSource source;
  PlayOptions options;
  options.device = "jack";
  options.frames = 2 * 48000;
  options.latencyMs = 100; // room for a loaded test machine's scheduling
  PlayStats stats;
  const auto begin = std::chrono::steady_clock::now();
  ASSERT_TRUE(play(source, options, stats, error)) << error;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  EXPECT_EQ(stats.hostApi.rfind("JACK", 0), 0u) << stats.hostApi;
  EXPECT_EQ(stats.framesPlayed, 2u * 48000);
  EXPECT_EQ(stats.xruns(), 0u) << stats.ringUnderruns << " ring underruns, "
                               << stats.deviceUnderflows << " device underflows";
  EXPECT_GT(seconds, 1.9); // the dummy driver keeps time: two seconds take two seconds
}

// Last: PortAudio is left half-initialised after its assertion (play() says so and stops).
TEST(PlayDevice, AnAlsaConfigurationPortAudioAssertsOnIsAnError) {
  AlsaConfig config("pcm.nothing { type null }\n");
  std::vector<OutputDevice> devices;
  std::string error;
  EXPECT_FALSE(listOutputDevices(devices, error));
  EXPECT_NE(error.find("PortAudio failed while listing the ALSA devices"), std::string::npos)
      << error;
}

} // namespace
