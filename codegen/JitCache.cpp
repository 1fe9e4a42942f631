// The JIT cache (JitCache.h): keys, the in-memory table and the folder of object files.
#include "JitCache.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/Support/BLAKE3.h>
#include <llvm/Support/raw_ostream.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <vector>

extern "C" const char phonon_nodes_bitcode[];
extern "C" const char phonon_nodes_bitcode_end[];

namespace phonon::codegen {

namespace {

constexpr char kMagic[8] = {'P', 'H', 'N', 'J', 'I', 'T', 'C', '\n'};
constexpr uint32_t kFormat = 1;
/// magic, format, reserved word, key, object size, BLAKE3 of the object.
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 32 + 8 + 32;

using Hash = std::array<uint8_t, 32>;

Hash blake3(llvm::StringRef bytes) {
  llvm::BLAKE3 hasher;
  hasher.update(bytes);
  return hasher.final();
}

/// The GNU build ID of the loaded object (executable or library) holding this code: any change
/// to the compiler, its node bitcode included, changes it.
std::string buildId() {
  struct Search {
    uintptr_t address;
    std::string id;
  } search{reinterpret_cast<uintptr_t>(&buildId), {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) -> int {
        auto* s = static_cast<Search*>(data);
        bool holds = false;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          uintptr_t start = info->dlpi_addr + ph.p_vaddr;
          if (ph.p_type == PT_LOAD && s->address >= start && s->address < start + ph.p_memsz)
            holds = true;
        }
        if (!holds) return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
            const char* name = p + sizeof(ElfW(Nhdr));
            const char* desc = name + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0 && desc + note->n_descsz <= end)
              s->id.assign(desc, note->n_descsz);
            p = desc + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &search);
  if (!search.id.empty()) return search.id;
  // Linked without a build ID: the file itself.
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&buildId), &info) && info.dli_fname)
    if (auto file = llvm::MemoryBuffer::getFile(info.dli_fname)) {
      Hash h = blake3((*file)->getBuffer());
      return std::string(h.begin(), h.end());
    }
  return {};
}

/// What, besides the patch and the target, decides the code: the compiler.
const std::string& compilerIdentity() {
  static const std::string identity = [] {
    std::string id = "phonon-jit-cache " + std::to_string(kFormat) + " LLVM " LLVM_VERSION_STRING;
    id += '\0';
    id += buildId();
    Hash nodes =
        blake3(llvm::StringRef(phonon_nodes_bitcode, static_cast<size_t>(phonon_nodes_bitcode_end -
                                                                         phonon_nodes_bitcode)));
    id.append(nodes.begin(), nodes.end());
    return id;
  }();
  return identity;
}

void putWord(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint64_t getWord(const char* in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= uint64_t(static_cast<uint8_t>(in[i])) << (8 * i);
  return value;
}

/// The folder's ledger: the bytes of its entries as last counted, in decimal (JitCache.h).
constexpr char kLedgerName[] = "bytes";

bool isEntryName(const std::string& name) {
  return name.size() == 66 && name.compare(64, 2, ".o") == 0 &&
         std::all_of(name.begin(), name.begin() + 64,
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

std::string JitCacheKey::hex() const {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

namespace {

/// Adds `text` to a key, its length first, so that no two sequences of fields hash alike.
void hashField(llvm::BLAKE3& hasher, llvm::StringRef text) {
  std::string size;
  putWord(size, text.size(), 8);
  hasher.update(size);
  hasher.update(text);
}

/// Adds what code generation targets to a key: triple, CPU, features and -O level.
void hashTarget(llvm::BLAKE3& hasher, const llvm::TargetMachine& machine, int optLevel) {
  hashField(hasher, machine.getTargetTriple().str());
  hashField(hasher, machine.getTargetCPU());
  hashField(hasher, machine.getTargetFeatureString());
  hashField(hasher, std::to_string(optLevel));
}

} // namespace

JitCacheKey jitCacheKey(const ir::Module& m, const llvm::TargetMachine& machine, int optLevel,
                        unsigned modules, bool stems) {
  llvm::BLAKE3 hasher;
  hashField(hasher, compilerIdentity());
  hashTarget(hasher, machine, optLevel);
  hashField(hasher, std::to_string(modules));
  hashField(hasher, stems ? "stems" : "main mix only"); // CodegenOptions::stems
  // The printed IR is the whole module (print → parse → print is the identity), and code
  // generation is a function of the module: its own schedule completion included.
  hashField(hasher, ir::print(m));
  JitCacheKey key;
  key.bytes = hasher.final();
  return key;
}

namespace {

/// Hashes what is written to it, so that a module is hashed as it prints, never held as text.
class HashingStream : public llvm::raw_ostream {
public:
  explicit HashingStream(llvm::BLAKE3& hasher) : hasher_(hasher) {}
  ~HashingStream() override { flush(); }

private:
  void write_impl(const char* bytes, size_t size) override {
    hasher_.update(llvm::StringRef(bytes, size));
    written_ += size;
  }
  uint64_t current_pos() const override { return written_; }

  llvm::BLAKE3& hasher_;
  uint64_t written_ = 0;
};

} // namespace

JitCacheKey jitModuleKey(const llvm::Module& lowered, const llvm::TargetMachine& machine,
                         int optLevel, bool small) {
  llvm::BLAKE3 hasher;
  hashField(hasher, compilerIdentity());
  hashField(hasher, "module"); // never equal to a whole patch's key
  hashTarget(hasher, machine, optLevel);
  hashField(hasher, small ? "small" : "full");
  {
    HashingStream os(hasher);
    lowered.print(os, nullptr);
  }
  JitCacheKey key;
  key.bytes = hasher.final();
  return key;
}

namespace {
constexpr char kPackMagic[8] = {'P', 'H', 'N', 'O', 'B', 'J', 'S', '\n'};
} // namespace

std::string packObjects(const std::vector<std::string_view>& objects) {
  if (objects.size() == 1) return std::string(objects[0]);
  std::string out(kPackMagic, 8);
  putWord(out, objects.size(), 8);
  for (std::string_view o : objects) putWord(out, o.size(), 8);
  for (std::string_view o : objects) out += o;
  return out;
}

std::vector<std::string_view> unpackObjects(std::string_view entry) {
  if (entry.size() < 8 || std::memcmp(entry.data(), kPackMagic, 8) != 0) return {entry};
  const uint64_t header = 16;
  if (entry.size() < header) return {};
  const uint64_t count = getWord(entry.data() + 8, 8);
  if (count == 0 || count > (entry.size() - header) / 8) return {};
  std::vector<std::string_view> objects;
  uint64_t at = header + 8 * count;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t size = getWord(entry.data() + header + 8 * i, 8);
    if (size > entry.size() - at) return {};
    objects.push_back(entry.substr(at, size));
    at += size;
  }
  if (at != entry.size()) return {};
  return objects;
}

JitCacheSettings jitCacheSettingsFromEnvironment() {
  JitCacheSettings settings;
  if (const char* off = std::getenv("PHONON_NO_CACHE"); off && *off && std::strcmp(off, "0") != 0)
    settings.enabled = false;
  // XDG: a relative XDG_CACHE_HOME is to be ignored.
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && xdg[0] == '/')
    settings.directory = std::string(xdg) + "/phonon";
  else if (const char* home = std::getenv("HOME"); home && home[0] == '/')
    settings.directory = std::string(home) + "/.cache/phonon";
  return settings;
}

void configureJitCache(const JitCacheSettings& settings) {
  JitCache::instance().configure(settings);
}

JitCache& JitCache::instance() {
  static JitCache* cache = [] {
    auto* c = new JitCache; // never destroyed: patches may outlive static destruction
    c->settings_ = jitCacheSettingsFromEnvironment();
    return c;
  }();
  return *cache;
}

void JitCache::configure(const JitCacheSettings& settings) {
  std::lock_guard lock(mutex_);
  settings_ = settings;
  entries_.clear();
  memoryBytes_ = 0;
}

bool JitCache::enabled() const {
  std::lock_guard lock(mutex_);
  return settings_.enabled;
}

std::shared_ptr<LinkedCode> JitCache::linked(const JitCacheKey& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  it->second.lastUse = ++clock_;
  return it->second.linked.lock();
}

std::unique_ptr<llvm::MemoryBuffer> JitCache::object(const JitCacheKey& key, bool& fromDisk) {
  fromDisk = false;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.object) {
      it->second.lastUse = ++clock_;
      return llvm::MemoryBuffer::getMemBufferCopy(*it->second.object, "phonon-jit-cache");
    }
  }
  std::unique_ptr<llvm::MemoryBuffer> file = readFile(key);
  fromDisk = file != nullptr;
  return file;
}

void JitCache::store(const JitCacheKey& key, llvm::StringRef object, bool writeFile) {
  {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[key];
    if (entry.object) memoryBytes_ -= entry.object->size();
    entry.object = std::make_shared<const std::string>(object.str());
    entry.lastUse = ++clock_;
    memoryBytes_ += object.size();
    evictMemory();
  }
  if (writeFile) this->writeFile(key, object);
}

void JitCache::remember(const JitCacheKey& key, const std::shared_ptr<LinkedCode>& code) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[key];
  entry.linked = code;
  entry.lastUse = ++clock_;
}

void JitCache::discard(const JitCacheKey& key) {
  std::string path;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      if (it->second.object) memoryBytes_ -= it->second.object->size();
      entries_.erase(it);
    }
    path = filePath(key);
  }
  if (!path.empty()) ::unlink(path.c_str());
}

std::string JitCache::filePath(const JitCacheKey& key) const {
  if (!settings_.enabled || settings_.directory.empty()) return {};
  return settings_.directory + "/" + key.hex() + ".o";
}

std::unique_ptr<llvm::MemoryBuffer> JitCache::readFile(const JitCacheKey& key) const {
  std::string path;
  {
    std::lock_guard lock(mutex_);
    path = filePath(key);
  }
  if (path.empty()) return nullptr;
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file) return nullptr;
  llvm::StringRef bytes = (*file)->getBuffer();
  // Anything else is a foreign, truncated or damaged file: a miss, overwritten by the compile.
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic, 8) != 0 ||
      getWord(bytes.data() + 8, 4) != kFormat ||
      std::memcmp(bytes.data() + 16, key.bytes.data(), 32) != 0 ||
      getWord(bytes.data() + 48, 8) != bytes.size() - kHeaderBytes)
    return nullptr;
  llvm::StringRef object = bytes.substr(kHeaderBytes);
  if (std::memcmp(blake3(object).data(), bytes.data() + 56, 32) != 0) return nullptr;
  // Recently used: eviction goes by modification time.
  ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
  return llvm::MemoryBuffer::getMemBufferCopy(object, path);
}

void JitCache::writeFile(const JitCacheKey& key, llvm::StringRef object) const {
  std::string path;
  {
    std::lock_guard lock(mutex_);
    path = filePath(key);
  }
  if (path.empty()) return;
  std::error_code ec;
  std::filesystem::path directory = std::filesystem::path(path).parent_path();
  std::filesystem::create_directories(directory, ec);
  if (ec) return;
  std::string header(kMagic, 8);
  putWord(header, kFormat, 4);
  putWord(header, 0, 4);
  header.append(key.bytes.begin(), key.bytes.end());
  putWord(header, object.size(), 8);
  Hash sum = blake3(object);
  header.append(sum.begin(), sum.end());
  // Atomically: a reader sees the old file, or none, or the whole new one.
  std::string temp = (directory / "tmp-XXXXXX").string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return;
  bool written = true;
  for (llvm::StringRef part : {llvm::StringRef(header), object}) {
    for (const char* p = part.data(); written && p < part.end();) {
      ssize_t n = ::write(fd, p, static_cast<size_t>(part.end() - p));
      if (n > 0)
        p += n;
      else if (n < 0 && errno != EINTR)
        written = false;
    }
  }
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) written = false;
  if (!written) {
    ::unlink(temp.c_str());
    return;
  }
  commitEntry(directory.string(), temp, path, kHeaderBytes + object.size());
}

void JitCache::commitEntry(const std::string& directory, const std::string& temp,
                           const std::string& path, uint64_t bytes) const {
  uint64_t limit;
  {
    std::lock_guard lock(mutex_);
    limit = settings_.maxDiskBytes;
  }
  // The ledger, held under an exclusive flock while the entry replaces any file of its name
  // and the count is read and rewritten, so that processes writing at once add up exactly (a
  // scan, rare, holds it too).
  const std::string ledgerPath = directory + "/" + kLedgerName;
  int fd = ::open(ledgerPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0 && ::flock(fd, LOCK_EX) != 0) {
    ::close(fd);
    fd = -1;
  }
  struct stat replaced {};
  const uint64_t replacedBytes = ::lstat(path.c_str(), &replaced) == 0 && S_ISREG(replaced.st_mode)
                                     ? static_cast<uint64_t>(replaced.st_size)
                                     : 0;
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    if (fd >= 0) ::close(fd);
    return;
  }
  std::optional<uint64_t> counted;
  if (fd >= 0) {
    char text[32] = {};
    ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    char* end = nullptr;
    uint64_t value = n > 0 ? std::strtoull(text, &end, 10) : 0;
    if (n > 0 && end == text + n) counted = value;
  }
  // A count below what it replaced is off (files removed behind its back): counted afresh.
  if (counted && *counted < replacedBytes) counted.reset();
  uint64_t total = counted ? *counted - replacedBytes + bytes : scanAndEvict(directory, limit);
  if (counted && total > limit) total = scanAndEvict(directory, limit);
  if (fd >= 0) {
    std::string text = std::to_string(total);
    if (::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()))
      (void)::ftruncate(fd, static_cast<off_t>(text.size()));
    ::close(fd);
  }
}

uint64_t JitCache::scanAndEvict(const std::string& directory, uint64_t limit) {
  struct File {
    std::string path;
    uint64_t bytes;
    timespec modified;
  };
  std::vector<File> files;
  uint64_t total = 0;
  std::error_code ec;
  const time_t now = std::time(nullptr);
  for (const auto& item : std::filesystem::directory_iterator(directory, ec)) {
    std::string name = item.path().filename().string();
    struct stat st {};
    if (::lstat(item.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    // A writer that died left its temporary file: gone after an hour.
    if (name.rfind("tmp-", 0) == 0 && now - st.st_mtim.tv_sec > 3600) ::unlink(item.path().c_str());
    if (!isEntryName(name)) continue;
    files.push_back({item.path().string(), static_cast<uint64_t>(st.st_size), st.st_mtim});
    total += static_cast<uint64_t>(st.st_size);
  }
  if (total <= limit) return total;
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) {
    return a.modified.tv_sec != b.modified.tv_sec ? a.modified.tv_sec < b.modified.tv_sec
                                                  : a.modified.tv_nsec < b.modified.tv_nsec;
  });
  // Down to three quarters of the bound, so that the next scan is a quarter of it away.
  const uint64_t target = limit / 4 * 3;
  for (const File& f : files) {
    if (total <= target) break;
    if (::unlink(f.path.c_str()) == 0) total -= f.bytes;
  }
  return total;
}

void JitCache::evictMemory() {
  while (memoryBytes_ > settings_.maxMemoryBytes) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->second.object &&
          (oldest == entries_.end() || it->second.lastUse < oldest->second.lastUse))
        oldest = it;
    if (oldest == entries_.end()) break;
    memoryBytes_ -= oldest->second.object->size();
    oldest->second.object.reset();
  }
  // Entries with neither an object nor live code are empty.
  for (auto it = entries_.begin(); it != entries_.end();)
    it = !it->second.object && it->second.linked.expired() ? entries_.erase(it) : std::next(it);
}

} // namespace phonon::codegen
