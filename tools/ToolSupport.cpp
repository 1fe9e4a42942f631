#include "ToolSupport.h"

#include "phonon/frontend/Frontend.h"

#include <pthread.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace phonon::tools {

int runWithLargeStack(const std::function<int()>& body) {
  struct Job {
    const std::function<int()>* body;
    int result;
  } job{&body, 1};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, size_t(1) << 30);
  pthread_t thread;
  auto entry = [](void* p) -> void* {
    auto* j = static_cast<Job*>(p);
    j->result = (*j->body)();
    return nullptr;
  };
  if (pthread_create(&thread, &attr, entry, &job) != 0) {
    pthread_attr_destroy(&attr);
    return body(); // fall back to the main thread's stack
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  return job.result;
}

bool writeFileAtomically(const std::string& path, const std::string& data, std::string& error) {
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string templ = dir + "." + base + ".tmp-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    error = "cannot create " + path + ": " + std::strerror(errno);
    return false;
  }
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      error = "cannot write " + path + ": " + std::strerror(errno);
      close(fd);
      std::remove(name.data());
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (close(fd) != 0 || std::rename(name.data(), path.c_str()) != 0) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    std::remove(name.data());
    return false;
  }
  return true;
}

std::optional<int> parseOptLevel(const std::string& arg) {
  if (arg.size() == 3 && arg[0] == '-' && arg[1] == 'O' && arg[2] >= '0' && arg[2] <= '3')
    return arg[2] - '0';
  return std::nullopt;
}

std::optional<double> parseNumber(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
    return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<ir::Module> compilePatch(const CompileRequest& request) {
  DiagnosticEngine diags;
  std::optional<SourceFile> file;
  std::optional<ir::Module> module = compileFile(request.path, diags, file);
  diags.flush(std::cerr);
  if (!module)
    return std::nullopt;
  if (auto problems = ir::verify(*module); !problems.empty()) {
    std::cerr << "phonon: internal error: sema produced invalid IR:\n";
    for (const std::string& p : problems)
      std::cerr << "  " << p << "\n";
    return std::nullopt;
  }
  std::vector<const passes::Pass*> pipeline;
  if (request.passes) {
    for (const std::string& name : *request.passes) {
      const passes::Pass* pass = passes::findPass(name);
      if (!pass) {
        std::cerr << "phonon: error: unknown pass '" << name << "'; the passes are:";
        for (const passes::Pass& p : passes::allPasses())
          std::cerr << " " << p.name;
        std::cerr << "\n";
        return std::nullopt;
      }
      pipeline.push_back(pass);
    }
  } else {
    pipeline = passes::pipelineForLevel(request.optLevel);
  }
  if (!passes::runPasses(*module, pipeline, request.passOptions, std::cerr, std::cerr))
    return std::nullopt;
  return module;
}

} // namespace phonon::tools
