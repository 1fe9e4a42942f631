// The JIT cache (codegen/JitCache.h): an unchanged patch comes back from memory or from the
// folder with the same samples, bit for bit; a changed patch or level misses; a damaged,
// truncated or foreign file is ignored and replaced; the folder stays within its bound; the
// environment picks the folder or turns the cache off. Each test has a folder of its own.
#include "TestSupport.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace phonon::test {
namespace {

using Source = codegen::CodegenTimes::Source;
namespace fs = std::filesystem;

const char* const kPatch =
    "~lfo: sine 0.5 * 0.5 + 0.5\n"
    "out: saw 55 # lpf (~lfo * 1800 + 200) 0.8 # delay 0.125 0.5 0.4 + noise * 0.01 * 0.3\n";

std::vector<float> render(rt::Patch& patch) {
  rt::RenderOptions options;
  options.frames = 12000;
  options.blockSize = 256;
  return rt::renderToBuffer(patch, options);
}

/// Tolerance 0: the same bits (a NaN never equals itself, so none may appear either).
void expectSameBits(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
}

class JitCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("phonon-jit-cache-test-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    settings_.directory = folder_.string();
    codegen::configureJitCache(settings_);
  }
  void TearDown() override {
    codegen::configureJitCache(codegen::jitCacheSettingsFromEnvironment());
    fs::remove_all(folder_);
  }

  struct Compile {
    std::unique_ptr<rt::Patch> patch;
    Source source = Source::Compiled;
    codegen::CodegenTimes times;
  };
  Compile compile(const ir::Module& m, int level, bool cache = true, unsigned modules = 0) {
    Compile c;
    codegen::CodegenTimes times;
    std::string error;
    c.patch = codegen::compileJit(
        m,
        codegen::CodegenOptions{
            .optLevel = level, .modules = modules, .cache = cache, .times = &times},
        error);
    EXPECT_TRUE(c.patch) << error;
    c.source = times.source;
    c.times = times;
    return c;
  }
  /// A process starting afresh: the same folder, nothing in memory.
  void forgetMemory() { codegen::configureJitCache(settings_); }
  std::vector<fs::path> entries() const {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(folder_, ec))
      if (item.path().extension() == ".o") files.push_back(item.path());
    return files;
  }

  fs::path folder_;
  codegen::JitCacheSettings settings_;
};

TEST_F(JitCacheTest, ASplitCompilationIsOneEntryOfSeveralObjects) {
  // Forced into three modules: three objects, kept and linked as one entry.
  ir::Module m = compileOptimised(kPatch, 2);
  Compile fresh = compile(m, 2, true, 3);
  ASSERT_TRUE(fresh.patch);
  EXPECT_EQ(fresh.source, Source::Compiled);
  std::vector<float> expected = render(*fresh.patch);
  fresh.patch.reset();
  forgetMemory();
  Compile fromDisk = compile(m, 2, true, 3);
  ASSERT_TRUE(fromDisk.patch);
  EXPECT_EQ(fromDisk.source, Source::DiskCache);
  expectSameBits(render(*fromDisk.patch), expected);
  // The module count is part of the key: one module is compiled afresh, and sounds the same.
  Compile single = compile(m, 2, true, 1);
  ASSERT_TRUE(single.patch);
  EXPECT_EQ(single.source, Source::Compiled);
  expectSameBits(render(*single.patch), expected);
}

// Issue 15: a thread's first compile that leaves a core free has its target machine and the
// machine's subtargets made on a helper thread while it reads the node kernels (Compile.cpp,
// makeSubtargets). Its objects are those of a compile whose threads make theirs as they go:
// here the same split patch on one thread (the other core free: made ahead) and on two (on a
// two-core host none free: made as they go), each on a fresh thread, byte for byte.
TEST_F(JitCacheTest, AMachineMadeAheadCompilesTheSameObjects) {
  const ir::Module m = compileOptimised(kPatch, 2);
  auto objectsCompiledOn = [&](unsigned threads) {
    forgetMemory();
    std::thread fresh([&] {
      std::string error;
      EXPECT_TRUE(codegen::compileJit(
          m, codegen::CodegenOptions{.optLevel = 2, .modules = 2, .threads = threads}, error))
          << error;
    });
    fresh.join();
    std::vector<std::string> objects;
    std::vector<fs::path> files = entries();
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      objects.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      fs::remove(file);
    }
    return objects;
  };
  const std::vector<std::string> ahead = objectsCompiledOn(1);
  ASSERT_EQ(ahead.size(), 3u); // the patch's entry and its two modules'
  EXPECT_EQ(objectsCompiledOn(2), ahead);
}

TEST(JitCachePacking, ObjectsRoundTripAndBadEntriesGiveNothing) {
  std::vector<std::string_view> three{"\x7f"
                                      "ELF one",
                                      "two", ""};
  std::string packed = codegen::packObjects(three);
  EXPECT_EQ(codegen::unpackObjects(packed), three);
  // One object is stored as it is.
  EXPECT_EQ(codegen::packObjects({"\x7f"
                                  "ELF alone"}),
            "\x7f"
            "ELF alone");
  EXPECT_EQ(codegen::unpackObjects("\x7f"
                                   "ELF alone"),
            std::vector<std::string_view>{"\x7f"
                                          "ELF alone"});
  // Cut short, or with bytes left over: nothing, so the entry is compiled afresh.
  for (size_t cut = 8; cut < packed.size(); ++cut)
    EXPECT_TRUE(codegen::unpackObjects(std::string_view(packed).substr(0, cut)).empty()) << cut;
  EXPECT_TRUE(codegen::unpackObjects(packed + "x").empty());
}

// The tests that count the folder's entries compile one LLVM module: the patch's entry is then
// its only one (a split compilation adds an entry per module: AnEditRecompiles…).
TEST_F(JitCacheTest, CachedCodeRendersTheSameSamples) {
  for (unsigned modules : {1u, 0u})
    for (int level : {0, 2}) {
      SCOPED_TRACE("-O" + std::to_string(level) + ", modules " + std::to_string(modules));
      forgetMemory();
      ir::Module m = compileOptimised(kPatch, level);
      Compile fresh = compile(m, level, /*cache=*/false);
      ASSERT_TRUE(fresh.patch);
      EXPECT_EQ(fresh.source, Source::Compiled);
      std::vector<float> expected = render(*fresh.patch);

      Compile miss = compile(m, level, true, modules);
      ASSERT_TRUE(miss.patch);
      EXPECT_EQ(miss.source, Source::Compiled);
      // While `miss` runs, a recompile shares its code; each patch keeps its own state.
      Compile shared = compile(m, level, true, modules);
      ASSERT_TRUE(shared.patch);
      EXPECT_EQ(shared.source, Source::MemoryCache);
      expectSameBits(render(*miss.patch), expected);
      expectSameBits(render(*shared.patch), expected);
      miss.patch.reset();
      shared.patch.reset();
      // The code is gone; the object is still in memory.
      Compile memory = compile(m, level, true, modules);
      ASSERT_TRUE(memory.patch);
      EXPECT_EQ(memory.source, Source::MemoryCache);
      expectSameBits(render(*memory.patch), expected);
      // And in the folder, for the next process.
      forgetMemory();
      Compile disk = compile(m, level, true, modules);
      ASSERT_TRUE(disk.patch);
      EXPECT_EQ(disk.source, Source::DiskCache);
      expectSameBits(render(*disk.patch), expected);
      if (modules == 1) {
        EXPECT_EQ(entries().size(), level == 0 ? 1u : 2u); // one per level
      }
    }
}

TEST_F(JitCacheTest, AChangedPatchOrLevelMisses) {
  ir::Module original = compileOptimised(kPatch, 2);
  Compile first = compile(original, 2, true, 1);
  ASSERT_TRUE(first.patch);
  std::vector<float> before = render(*first.patch);
  // One number changed: a new key, new code, other samples.
  std::string edited = kPatch;
  edited.replace(edited.find("1800"), 4, "1700");
  Compile changed = compile(compileOptimised(edited, 2), 2, true, 1);
  ASSERT_TRUE(changed.patch);
  EXPECT_EQ(changed.source, Source::Compiled);
  std::vector<float> after = render(*changed.patch);
  ASSERT_EQ(before.size(), after.size());
  EXPECT_NE(std::memcmp(before.data(), after.data(), before.size() * sizeof(float)), 0);
  // The same IR at another LLVM level is other code.
  Compile otherLevel = compile(original, 3, true, 1);
  ASSERT_TRUE(otherLevel.patch);
  EXPECT_EQ(otherLevel.source, Source::Compiled);
  EXPECT_EQ(compile(original, 2, true, 1).source, Source::MemoryCache);
  EXPECT_EQ(entries().size(), 3u);
}

// Four buses, four kernels (-O2): a live edit of one of them changes one kernel's code.
const char* const kBuses = "~bass: saw 55 # lpf 800 0.7 * 0.2\n"
                           "~low: sine 110 * 0.3\n"
                           "~air: noise # hpf 3000 0.7 * 0.05\n"
                           "~lead: square 220 # lpf 1200 0.7 * 0.1\n"
                           "out: ~bass + ~low + ~air + ~lead\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// With the cache, a patch is compiled as a module per kernel and one for the patch's glue, each
// kept under a key of its own: an edit of one bus compiles the module of the kernel that
// computes it, takes the others from the cache (memory, or the folder in a new process), and
// sounds as a compile from scratch does.
TEST_F(JitCacheTest, AnEditRecompilesOnlyTheKernelsItChanged) {
  const std::string edited = replaced(kBuses, "lpf 1200", "lpf 1300");
  ir::Module before = compileOptimised(kBuses, 2);
  ir::Module after = compileOptimised(edited, 2);
  ASSERT_EQ(before.schedule.kernels.size(), 4u);
  Compile first = compile(before, 2);
  ASSERT_TRUE(first.patch);
  EXPECT_EQ(first.times.modules, 5u);
  EXPECT_EQ(first.times.modulesCached, 0u);
  std::vector<float> heardBefore = render(*first.patch);

  Compile edit = compile(after, 2);
  ASSERT_TRUE(edit.patch);
  EXPECT_EQ(edit.source, Source::Compiled);
  EXPECT_EQ(edit.times.modules, 5u);
  EXPECT_EQ(edit.times.modulesCached, 4u); // all but ~lead's kernel: the glue too
  Compile scratch = compile(after, 2, /*cache=*/false);
  ASSERT_TRUE(scratch.patch);
  std::vector<float> expected = render(*scratch.patch);
  expectSameBits(render(*edit.patch), expected);
  ASSERT_EQ(heardBefore.size(), expected.size());
  EXPECT_NE(std::memcmp(heardBefore.data(), expected.data(), expected.size() * sizeof(float)), 0);

  // Saved back as it was: the whole patch's entry, nothing lowered.
  Compile undo = compile(before, 2);
  EXPECT_EQ(undo.source, Source::MemoryCache);
  expectSameBits(render(*undo.patch), heardBefore);

  // A new process, a second edit (of ~bass): the untouched modules come from the folder.
  forgetMemory();
  const std::string twice = replaced(edited, "lpf 800", "lpf 900");
  ir::Module again = compileOptimised(twice, 2);
  Compile second = compile(again, 2);
  ASSERT_TRUE(second.patch);
  EXPECT_EQ(second.times.modulesCached, 4u);
  Compile secondScratch = compile(again, 2, /*cache=*/false);
  expectSameBits(render(*second.patch), render(*secondScratch.patch));
}

// -O0 and a patch of more kernels than modules (several kernels a module): an edit still
// compiles only the module that holds the changed kernel, with the samples of a fresh compile.
TEST_F(JitCacheTest, AnEditOfABigPatchRecompilesOneModule) {
  // 24 buses of unlike chains (no two alike, so no banks): 24 kernels at -O2.
  const char* const sources[] = {"saw", "square", "tri", "sine"};
  const char* const filters[] = {"lpf", "hpf", "bpf", "lpf"};
  std::string text;
  for (int i = 0; i < 24; ++i) {
    text += "~v" + std::to_string(i) + ": " + sources[i % 4] + " " + std::to_string(50 + 7 * i) +
            " # " + filters[(i / 4) % 4] + " " + std::to_string(400 + 50 * i) + " 0.7";
    if (i % 3 == 0) text += " # delay 0.0" + std::to_string(i % 7 + 1) + " 0.3 0.2";
    text += " * 0.02\n";
  }
  text += "out: ~v0";
  for (int i = 1; i < 24; ++i) text += " + ~v" + std::to_string(i);
  text += "\n";
  const std::string edited = replaced(text, "tri 120 ", "tri 121 ");
  for (int level : {0, 2}) {
    SCOPED_TRACE("-O" + std::to_string(level));
    forgetMemory();
    Compile first = compile(compileOptimised(text, level), level);
    ASSERT_TRUE(first.patch);
    EXPECT_GT(first.times.modules, 8u);
    ir::Module after = compileOptimised(edited, level);
    Compile edit = compile(after, level);
    ASSERT_TRUE(edit.patch);
    EXPECT_EQ(edit.times.modules, first.times.modules);
    EXPECT_EQ(edit.times.modules - edit.times.modulesCached, 1u);
    Compile scratch = compile(after, level, /*cache=*/false);
    ASSERT_TRUE(scratch.patch);
    expectSameBits(render(*edit.patch), render(*scratch.patch));
  }
}

// A module's entry that does not check out is a miss like a patch's: compiled and replaced.
TEST_F(JitCacheTest, ADamagedModuleEntryIsCompiledAgain) {
  ir::Module m = compileOptimised(kBuses, 2);
  Compile first = compile(m, 2);
  ASSERT_TRUE(first.patch);
  std::vector<float> expected = render(*first.patch);
  first.patch.reset();
  ASSERT_EQ(entries().size(), 6u); // the patch's and its five modules'
  for (const fs::path& entry : entries()) {
    std::string bytes;
    {
      std::ifstream in(entry, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_GT(bytes.size(), 200u);
    bytes[bytes.size() - 100] ^= 0x10;
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << bytes;
  }
  forgetMemory();
  Compile again = compile(m, 2);
  ASSERT_TRUE(again.patch);
  EXPECT_EQ(again.source, Source::Compiled);
  EXPECT_EQ(again.times.modulesCached, 0u);
  expectSameBits(render(*again.patch), expected);
  // The edit of one bus in the next process finds the replaced entries.
  forgetMemory();
  Compile edit = compile(compileOptimised(replaced(kBuses, "lpf 1200", "lpf 1300"), 2), 2);
  ASSERT_TRUE(edit.patch);
  EXPECT_EQ(edit.times.modulesCached, 4u);
}

TEST_F(JitCacheTest, ABadFileIsIgnoredAndReplaced) {
  ir::Module m = compileOptimised(kPatch, 2);
  Compile first = compile(m, 2, true, 1);
  ASSERT_TRUE(first.patch);
  std::vector<float> expected = render(*first.patch);
  first.patch.reset();
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries()[0];
  std::string good;
  {
    std::ifstream in(entry, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(good.size(), 200u);
  std::string flipped = good;
  flipped[flipped.size() - 100] ^= 0x10; // damaged object
  std::string foreign = good;
  foreign[20] ^= 0x01;                                     // another key's header
  std::string truncated = good.substr(0, good.size() / 2); // a torn write
  std::string garbage = "not a phonon cache entry\n";
  for (const std::string* bad : {&flipped, &foreign, &truncated, &garbage}) {
    {
      std::ofstream out(entry, std::ios::binary | std::ios::trunc);
      out << *bad;
    }
    forgetMemory();
    Compile again = compile(m, 2, true, 1);
    ASSERT_TRUE(again.patch);
    EXPECT_EQ(again.source, Source::Compiled);
    expectSameBits(render(*again.patch), expected);
    // Replaced by a good entry, which the next process reads.
    again.patch.reset();
    forgetMemory();
    Compile next = compile(m, 2, true, 1);
    ASSERT_TRUE(next.patch);
    EXPECT_EQ(next.source, Source::DiskCache);
    expectSameBits(render(*next.patch), expected);
  }
}

TEST_F(JitCacheTest, TheFolderStaysWithinItsBound) {
  ir::Module first = compileOptimised("out: sine 220 * 0.2\n", 2);
  ASSERT_TRUE(compile(first, 2, true, 1).patch);
  ASSERT_EQ(entries().size(), 1u);
  uint64_t entryBytes = fs::file_size(entries()[0]);
  // Room for two entries of about this size.
  settings_.maxDiskBytes = entryBytes * 2 + entryBytes / 2;
  forgetMemory();
  for (const char* text :
       {"out: sine 230 * 0.2\n", "out: sine 240 * 0.2\n", "out: sine 250 * 0.2\n"}) {
    ASSERT_TRUE(compile(compileOptimised(text, 2), 2, true, 1).patch);
    uint64_t total = 0;
    for (const fs::path& p : entries()) total += fs::file_size(p);
    EXPECT_LE(total, settings_.maxDiskBytes);
  }
  // The newest stays; the oldest went.
  forgetMemory();
  EXPECT_EQ(compile(compileOptimised("out: sine 250 * 0.2\n", 2), 2, true, 1).source,
            Source::DiskCache);
  forgetMemory();
  EXPECT_EQ(compile(first, 2, true, 1).source, Source::Compiled);
}

// A write adds its bytes to the folder's ledger (the file `bytes`) instead of stating every
// file: only a count past the bound, or a ledger missing or unreadable, makes it scan the
// folder, which writes the exact count back.
TEST_F(JitCacheTest, AWriteCountsItsBytesAndScansOnlyPastTheBound) {
  auto ledger = [&] {
    std::ifstream in(folder_ / "bytes");
    uint64_t bytes = 0;
    in >> bytes;
    return bytes;
  };
  auto entryBytes = [&] {
    uint64_t total = 0;
    for (const fs::path& p : entries()) total += fs::file_size(p);
    return total;
  };
  ASSERT_TRUE(compile(compileOptimised("out: sine 220 * 0.2\n", 2), 2, true, 1).patch);
  const uint64_t one = entryBytes();
  EXPECT_EQ(ledger(), one);
  // An old entry the ledger never counted, far past the bound.
  const fs::path stranger = folder_ / (std::string(64, 'a') + ".o");
  std::ofstream(stranger) << std::string(one * 8, 'x');
  fs::last_write_time(stranger, fs::last_write_time(entries()[0]) - std::chrono::hours(2));
  settings_.maxDiskBytes = one * 4;
  forgetMemory();
  // Within the bound by the ledger: no scan, the stranger stays.
  ASSERT_TRUE(compile(compileOptimised("out: sine 230 * 0.2\n", 2), 2, true, 1).patch);
  EXPECT_EQ(ledger(), 2 * one);
  EXPECT_TRUE(fs::exists(stranger));
  // An unreadable ledger: a scan, the oldest (the stranger) removed to within 3/4 of the
  // bound, and the exact count written.
  std::ofstream(folder_ / "bytes") << "garbled";
  ASSERT_TRUE(compile(compileOptimised("out: sine 240 * 0.2\n", 2), 2, true, 1).patch);
  EXPECT_FALSE(fs::exists(stranger));
  EXPECT_EQ(entries().size(), 3u);
  EXPECT_EQ(ledger(), entryBytes());
  // A count past the bound: a scan, which finds the folder within it and corrects the count.
  std::ofstream(folder_ / "bytes") << settings_.maxDiskBytes;
  ASSERT_TRUE(compile(compileOptimised("out: sine 250 * 0.2\n", 2), 2, true, 1).patch);
  EXPECT_EQ(entries().size(), 4u);
  EXPECT_EQ(ledger(), entryBytes());
}

TEST_F(JitCacheTest, OffMeansNothingKept) {
  settings_.enabled = false;
  forgetMemory();
  ir::Module m = compileOptimised(kPatch, 2);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(compile(m, 2).source, Source::Compiled);
  EXPECT_TRUE(entries().empty());
  // Asked per compile: not cached, not stored.
  settings_.enabled = true;
  forgetMemory();
  for (int i = 0; i < 2; ++i) EXPECT_EQ(compile(m, 2, /*cache=*/false).source, Source::Compiled);
  EXPECT_TRUE(entries().empty());
}

// A folder that cannot be made (under a file) costs the cache, never the compile.
TEST_F(JitCacheTest, AFolderThatCannotBeWrittenIsNoError) {
  fs::create_directories(folder_);
  { std::ofstream(folder_ / "file") << "a file, not a folder\n"; }
  settings_.directory = (folder_ / "file" / "phonon").string();
  forgetMemory();
  ir::Module m = compileOptimised(kPatch, 2);
  Compile first = compile(m, 2);
  ASSERT_TRUE(first.patch);
  EXPECT_EQ(first.source, Source::Compiled);
  first.patch.reset();
  forgetMemory();
  EXPECT_EQ(compile(m, 2).source, Source::Compiled);
}

// Compiles on several threads at once (a live session's compiler beside a render), of the same
// patch and of others, share the cache and render what one compile alone renders.
TEST_F(JitCacheTest, ThreadsCompileAtOnce) {
  const std::vector<std::string> texts = {kPatch, "out: sine 330 * 0.2\n",
                                          "out: saw 110 # lpf 900 0.7 * 0.2\n"};
  std::vector<ir::Module> modules;
  std::vector<std::vector<float>> expected;
  for (const std::string& text : texts) {
    modules.push_back(compileOptimised(text, 2));
    Compile alone = compile(modules.back(), 2, /*cache=*/false);
    ASSERT_TRUE(alone.patch);
    expected.push_back(render(*alone.patch));
  }
  constexpr int kThreads = 6;
  std::vector<std::vector<float>> rendered(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::string error;
      auto patch =
          codegen::compileJit(modules[t % texts.size()], codegen::CodegenOptions{2}, error);
      if (patch)
        rendered[t] = render(*patch);
      else
        errors[t] = error;
    });
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE("thread " + std::to_string(t));
    ASSERT_TRUE(errors[t].empty()) << errors[t];
    expectSameBits(rendered[t], expected[t % texts.size()]);
  }
  // Each patch's entry (and its modules') was kept, by whichever thread finished first.
  for (const ir::Module& m : modules) EXPECT_EQ(compile(m, 2).source, Source::MemoryCache);
  EXPECT_GE(entries().size(), texts.size());
}

TEST_F(JitCacheTest, TheEnvironmentChoosesTheFolder) {
  struct Saved {
    const char* name;
    std::optional<std::string> value;
  };
  std::vector<Saved> saved;
  for (const char* name : {"XDG_CACHE_HOME", "HOME", "PHONON_NO_CACHE"}) {
    const char* v = std::getenv(name);
    saved.push_back({name, v ? std::optional<std::string>(v) : std::nullopt});
  }
  setenv("HOME", "/home/someone", 1);
  unsetenv("PHONON_NO_CACHE");
  setenv("XDG_CACHE_HOME", "/var/cache/someone", 1);
  codegen::JitCacheSettings s = codegen::jitCacheSettingsFromEnvironment();
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.directory, "/var/cache/someone/phonon");
  setenv("XDG_CACHE_HOME", "relative/ignored", 1); // the XDG spec: ignore a relative path
  EXPECT_EQ(codegen::jitCacheSettingsFromEnvironment().directory, "/home/someone/.cache/phonon");
  unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(codegen::jitCacheSettingsFromEnvironment().directory, "/home/someone/.cache/phonon");
  setenv("PHONON_NO_CACHE", "1", 1);
  EXPECT_FALSE(codegen::jitCacheSettingsFromEnvironment().enabled);
  setenv("PHONON_NO_CACHE", "0", 1);
  EXPECT_TRUE(codegen::jitCacheSettingsFromEnvironment().enabled);
  for (const Saved& v : saved)
    if (v.value)
      setenv(v.name, v.value->c_str(), 1);
    else
      unsetenv(v.name);
}

} // namespace
} // namespace phonon::test
