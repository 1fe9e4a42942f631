// A compiled bus voice's graph: one state block and one arena per instance, allocated when
// the engine prepares, zeroed and initialised again at each voice start.
#include "phonon/rt/VoiceGraph.h"

#include "phonon/rt/Patch.h"

#include <algorithm>
#include <cstring>

namespace phonon::rt {

namespace {

class DescriptorVoiceGraph final : public VoiceGraph {
public:
  DescriptorVoiceGraph(const phonon_patch_descriptor* graph, pattern::PatternProgram program)
      : graph_(graph), program_(std::move(program)) {}
  ~DescriptorVoiceGraph() override {
    for (Instance& i : instances_) freeState(i.state);
  }

  const pattern::PatternProgram& program() const override { return program_; }

  uint64_t instanceBytes(float sampleRate) const override {
    return graph_->state_size + graph_->arena_size(sampleRate, nullptr);
  }

  void prepare(float sampleRate, uint32_t maxFrames, uint32_t count) override {
    sampleRate_ = sampleRate;
    arenaBytes_ = graph_->arena_size(sampleRate, nullptr);
    stride_ = std::max<uint32_t>(1, maxFrames);
    buffers_.assign(static_cast<size_t>(graph_->num_buffers) * stride_, 0.0f);
    for (Instance& i : instances_) freeState(i.state);
    instances_.clear();
    instances_.resize(count);
    for (Instance& i : instances_) {
      i.state = allocateState(graph_->state_size, graph_->state_align);
      i.arena = std::make_unique<Arena>();
      i.arena->reset(arenaBytes_);
    }
  }

  void restart(uint32_t k) override {
    Instance& i = instances_[k];
    std::memset(i.state, 0, graph_->state_size);
    void* arena = i.arena->reset(arenaBytes_); // the block it has: zeroed, not reallocated
    graph_->init(i.state, sampleRate_, arena, nullptr);
  }

  void process(uint32_t k, const phonon_block_context& ctx) override {
    phonon_block_context own = ctx;
    own.buffers = buffers_.data();
    own.buffer_stride = stride_;
    graph_->process(instances_[k].state, &own);
  }

  InstanceMemory instanceMemory(uint32_t k) override {
    Instance& i = instances_[k];
    return {static_cast<unsigned char*>(i.state), graph_->state_size,
            static_cast<unsigned char*>(i.arena->data()), arenaBytes_};
  }

private:
  struct Instance {
    void* state = nullptr;
    std::unique_ptr<Arena> arena;
  };

  const phonon_patch_descriptor* graph_;
  pattern::PatternProgram program_;
  float sampleRate_ = 48000.0f;
  uint64_t arenaBytes_ = 0;
  uint32_t stride_ = 1;
  std::vector<float> buffers_; ///< between the graph's kernels; shared, instances run in turn
  std::vector<Instance> instances_;
};

} // namespace

bool copyVoiceInstance(VoiceGraph& graph, uint32_t to, VoiceGraph& other, uint32_t from) {
  const VoiceGraph::InstanceMemory mine = graph.instanceMemory(to);
  const VoiceGraph::InstanceMemory theirs = other.instanceMemory(from);
  if (!mine.state || !theirs.state || mine.stateBytes != theirs.stateBytes ||
      mine.arenaBytes != theirs.arenaBytes || (mine.arenaBytes && (!mine.arena || !theirs.arena)))
    return false;
  const auto oldBegin = reinterpret_cast<uintptr_t>(theirs.arena);
  const auto newBegin = reinterpret_cast<uintptr_t>(mine.arena);
  const uintptr_t size = mine.arenaBytes;
  uint64_t b = 0;
  for (; b + sizeof(uintptr_t) <= mine.stateBytes; b += sizeof(uintptr_t)) {
    uintptr_t oldWord, newWord;
    std::memcpy(&oldWord, theirs.state + b, sizeof oldWord);
    std::memcpy(&newWord, mine.state + b, sizeof newWord);
    if (size && oldWord >= oldBegin && oldWord <= oldBegin + size && newWord >= newBegin &&
        newWord <= newBegin + size)
      oldWord = oldWord - oldBegin + newBegin;
    std::memcpy(mine.state + b, &oldWord, sizeof oldWord);
  }
  std::memcpy(mine.state + b, theirs.state + b, mine.stateBytes - b);
  if (size) std::memcpy(mine.arena, theirs.arena, size);
  return true;
}

std::shared_ptr<VoiceGraph> descriptorVoiceGraph(const phonon_patch_descriptor* graph,
                                                 pattern::PatternProgram program) {
  return std::make_shared<DescriptorVoiceGraph>(graph, std::move(program));
}

} // namespace phonon::rt
