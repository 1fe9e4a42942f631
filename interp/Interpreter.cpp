#include "phonon/interp/Interpreter.h"

#include "phonon/ir/Channels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace phonon::interp {

namespace {

/// The module with its stereo values split into channels (ir/Channels.h), as the engines run it.
ir::Module splitForRunning(ir::Module m) {
  ir::splitChannels(m);
  return m;
}

/// A bus voice's graph in the interpreter: each instance an interpreted patch of the graph.
class InterpretedVoiceGraph final : public rt::VoiceGraph {
public:
  explicit InterpretedVoiceGraph(const ir::Module& graph) : graph_(graph), prototype_(graph) {}

  const pattern::PatternProgram& program() const override { return prototype_.module().patterns; }
  uint64_t instanceBytes(float sampleRate) const override {
    return prototype_.memoryBytes(sampleRate);
  }
  void prepare(float sampleRate, uint32_t maxFrames, uint32_t count) override {
    instances_.clear();
    for (uint32_t k = 0; k < count; ++k) {
      instances_.push_back(std::make_unique<InterpretedPatch>(graph_));
      instances_.back()->init(sampleRate, maxFrames);
    }
  }
  void restart(uint32_t k) override { instances_[k]->restart(); }
  void process(uint32_t k, const phonon_block_context& ctx) override { instances_[k]->run(ctx); }
  InstanceMemory instanceMemory(uint32_t k) override {
    InterpretedPatch& i = *instances_[k];
    rt::Patch::Memory m = i.memory();
    return {m.state, i.stateLayout().size, m.arena, i.arenaLayout().size};
  }

private:
  ir::Module graph_;
  InterpretedPatch prototype_;
  std::vector<std::unique_ptr<InterpretedPatch>> instances_;
};

} // namespace

InterpretedPatch::InterpretedPatch(ir::Module module, Stepping stepping)
    : module_(splitForRunning(std::move(module))), layout_(ir::layoutState(module_)),
      schedule_(module_.patterns, module_.cps) {
  std::vector<rt::BusVoiceGraph> busVoices;
  for (const ir::VoiceTemplate& t : module_.voiceTemplates)
    busVoices.push_back({t.bus, interpretedVoiceGraph(t.graph)});
  std::shared_ptr<rt::VoiceGraph> shared;
  if (!module_.voiceShared.empty()) shared = interpretedVoiceGraph(module_.voiceShared[0]);
  sounds_ =
      rt::PatchSounds(module_.voices, ir::fileTable(module_), std::move(busVoices),
                      std::move(shared), static_cast<uint32_t>(module_.voiceSharedBuses.size()));
  if (std::vector<ir::Unavailable> missing = ir::unavailable(module_); !missing.empty())
    throw std::runtime_error(missing[0].reason);
  if (ir::hasChannelWork(module_))
    throw std::runtime_error("stereo values in a scheduled module: split-channels runs before "
                             "fuse");
  state_ = static_cast<unsigned char*>(rt::allocateState(layout_.size, layout_.align));
  values_.assign(module_.instrs.size(), 0.0f);
  rightOutputs_.assign(module_.instrs.size(), 0.0f);
  size_t maxPorts = 0;
  for (const ir::Instr& in : module_.instrs) maxPorts = std::max(maxPorts, in.operands.size());
  inputs_.assign(maxPorts, 0.0f);
  for (size_t i = 0; i < module_.instrs.size(); ++i)
    if (module_.instrs[i].op == ir::Opcode::Tempo || module_.instrs[i].op == ir::Opcode::VoicePitch)
      tempo_.push_back(i);
  stemNumber_.assign(module_.instrs.size(), 0);
  for (size_t i = 0; i < module_.instrs.size(); ++i)
    if (module_.instrs[i].op == ir::Opcode::Stem) {
      stemNumber_[i] = static_cast<uint32_t>(stemNames_.size());
      stemNames_.push_back(ir::outputName(module_.instrs[i].outputIndex));
    }
  size_t laneWords = 0;
  for (size_t i = 0; i < module_.instrs.size(); ++i)
    if (layout_.wordStride[i] != 0)
      laneWords = std::max(laneWords, module_.instrs[i].node->stateSize / 4);
  laneState_.assign((laneWords + 1) / 2, 0);
  if (stepping == Stepping::Blocks && blocksSuit(module_)) {
    stepping_ = Stepping::Blocks;
    const size_t n = module_.instrs.size();
    // A multiple of 16 (a vector loop's step), at least 16.
    const size_t fit = kChunkBytes / (sizeof(float) * std::max<size_t>(n, 1)) / 16 * 16;
    chunkFrames_ = static_cast<uint32_t>(std::clamp<size_t>(fit, 16, kMaxChunkFrames));
    chunk_.assign(n * chunkFrames_, 0.0f);
    rightSlot_.assign(n, 0);
    size_t pairs = 0;
    for (size_t i = 0; i < n; ++i)
      if (module_.instrs[i].op == ir::Opcode::Node && module_.instrs[i].node->numOutputs == 2)
        rightSlot_[i] = static_cast<uint32_t>(pairs++);
    rightChunk_.assign(pairs * chunkFrames_, 0.0f);
    rightScratch_.assign(chunkFrames_, 0.0f);
    at_.assign(n, nullptr);
    rightAt_.assign(n, nullptr);
    constant_.assign(n, 0);
    filled_.assign(n, 0);
    operandBuffers_.assign(maxPorts, nullptr);
    sumPartials_.assign(ir::kSumPartials * chunkFrames_, 0.0f);
    mix_.assign(2 * chunkFrames_, 0.0f);
  }
}

bool InterpretedPatch::blocksSuit(const ir::Module& module) {
  for (const ir::Instr& in : module.instrs) {
    if (in.op == ir::Opcode::FeedbackRead || in.op == ir::Opcode::FeedbackWrite) return false;
    if (in.op == ir::Opcode::Node &&
        (!in.node->run || !in.node->runConst || in.operands.size() != in.node->numPorts))
      return false;
  }
  return true;
}

void InterpretedPatch::gatherLane(size_t instr) {
  const size_t words = module_.instrs[instr].node->stateSize / 4;
  const unsigned char* at = state_ + layout_.offsets[instr];
  for (size_t w = 0; w < words; ++w)
    std::memcpy(reinterpret_cast<unsigned char*>(laneState_.data()) + 4 * w,
                at + w * layout_.wordStride[instr], 4);
}

void InterpretedPatch::scatterLane(size_t instr) {
  const size_t words = module_.instrs[instr].node->stateSize / 4;
  unsigned char* at = state_ + layout_.offsets[instr];
  for (size_t w = 0; w < words; ++w)
    std::memcpy(at + w * layout_.wordStride[instr],
                reinterpret_cast<const unsigned char*>(laneState_.data()) + 4 * w, 4);
}

InterpretedPatch::~InterpretedPatch() {
  rt::freeState(state_);
}

void InterpretedPatch::init(float sampleRate, uint32_t maxFrames) {
  schedule_.reset(static_cast<uint32_t>(sampleRate));
  sampleRate_ = sampleRate;
  sounds_.init(sampleRate, maxFrames, module_.cps, module_.patterns.start);
  files_.clear(); // the loaded files, as the compiled init reads them
  for (uint32_t k = 0; k < sounds_.numFiles(); ++k)
    files_.push_back({sounds_.files()[k].samples, sounds_.files()[k].frames});
  // State sized at init: every node's arena slice, allocated once, before any block.
  nodes::Env env{sampleRate, 1.0f / sampleRate, module_.patterns.start.toDouble()};
  arenaLayout_ = ir::layoutArena(module_, env, files_);
  arena_.reset(arenaLayout_.size, initPool_);
  nodeArgs_.assign(module_.instrs.size(), {});
  for (size_t i = 0; i < module_.instrs.size(); ++i)
    if (module_.instrs[i].op == ir::Opcode::Node && module_.instrs[i].node->stateSize != 0)
      nodeArgs_[i] = ir::constArgs(module_, static_cast<ir::ValueId>(i), files_);
  restart();
}

void InterpretedPatch::restart() {
  std::memset(state_, 0, layout_.size);
  auto* env = reinterpret_cast<nodes::Env*>(state_);
  env->sampleRate = sampleRate_;
  env->invSampleRate = 1.0f / sampleRate_;
  env->startCycle = module_.patterns.start.toDouble();
  origin_.reset();
  auto* base = static_cast<unsigned char*>(arena_.reset(arenaLayout_.size)); // zeroed, kept
  for (size_t i = 0; i < module_.instrs.size(); ++i) {
    const ir::Instr& in = module_.instrs[i];
    if (in.op == ir::Opcode::Const) values_[i] = in.value;
    if (in.op == ir::Opcode::Const && !std::isfinite(in.value)) noteNonFinite(i, 0);
    if (in.op == ir::Opcode::Node && in.node->stateSize != 0) {
      std::vector<nodes::ConstArg>& args = nodeArgs_[i];
      nodes::InitArgs init{args.data(), static_cast<uint32_t>(args.size()),
                           arenaLayout_.sizes[i] ? base + arenaLayout_.offsets[i] : nullptr,
                           arenaLayout_.sizes[i]};
      if (layout_.wordStride[i] == 0) {
        in.node->init(state_ + layout_.offsets[i], env, in.seed, &init);
      } else { // a lane of a lane-contiguous bank: init a struct, then spread its words
        in.node->init(laneState_.data(), env, in.seed, &init);
        scatterLane(i);
      }
    }
  }
}

bool InterpretedPatch::anchorClock(uint64_t frame, Rational cycle) {
  schedule_.anchor(frame, cycle);
  sounds_.anchor(frame, cycle);
  reinterpret_cast<nodes::Env*>(state_)->startCycle = cycle.toDouble();
  return true;
}

uint64_t InterpretedPatch::memoryBytes(float sampleRate) const {
  nodes::Env env{sampleRate, 1.0f / sampleRate, module_.patterns.start.toDouble()};
  return layout_.size + ir::layoutArena(module_, env).size;
}

void InterpretedPatch::process(const phonon_block_context& ctx) {
  schedule_.prepare(ctx.frame_position, ctx.frames);
  phonon_block_context full = ctx;
  rt::attachSchedule(full, schedule_);
  sounds_.process(full);
  run(full);
}

void InterpretedPatch::run(const phonon_block_context& ctx) {
  for (size_t i : tempo_)
    values_[i] =
        module_.instrs[i].op == ir::Opcode::Tempo ? static_cast<float>(ctx.cps) : ctx.voice_pitch;
  if (stepping_ == Stepping::Blocks)
    runBlocks(ctx);
  else
    runSamples(ctx);
}

void InterpretedPatch::takeSegmentValues(const phonon_block_context& ctx, uint32_t seg) {
  // The event-rate values, as the compiled code reads them from the table; a non-finite one is
  // noted at the segment's first frame, before any value computed there.
  const float* row = ctx.segment_values + static_cast<size_t>(seg) * ctx.num_event_slots;
  for (size_t i = 0; i < module_.instrs.size(); ++i)
    if (module_.instrs[i].op == ir::Opcode::Pattern) {
      values_[i] = row[module_.instrs[i].slot];
      if (!std::isfinite(values_[i])) [[unlikely]]
        noteNonFinite(i, ctx.frame_position + ctx.segment_starts[seg]);
    }
}

void InterpretedPatch::runSamples(const phonon_block_context& ctx) {
  const auto* env = reinterpret_cast<const nodes::Env*>(state_);
  const size_t n = module_.instrs.size();
  const float* const* voices = ctx.voice_outputs;
  for (uint32_t seg = 0; seg < ctx.num_segments; ++seg) {
    takeSegmentValues(ctx, seg);
    uint32_t begin = ctx.segment_starts[seg];
    uint32_t end = seg + 1 < ctx.num_segments ? ctx.segment_starts[seg + 1] : ctx.frames;
    for (uint32_t f = begin; f < end; ++f) {
      float mix[2] = {0.0f, 0.0f};
      bool first = true;
      for (size_t i = 0; i < n; ++i) {
        const ir::Instr& in = module_.instrs[i];
        switch (in.op) {
        case ir::Opcode::Const:
        case ir::Opcode::Tempo:
        case ir::Opcode::VoicePitch:
        case ir::Opcode::Pattern:
          break;
        case ir::Opcode::VoiceInput: // a shared bus's channel, computed for this block
          values_[i] = ctx.voice_inputs[in.slot][f];
          break;
        case ir::Opcode::Voices: // the player's channels, rendered by sounds_ for this block
          values_[i] = voices[2 * in.slot][f];
          rightOutputs_[i] = voices[2 * in.slot + 1][f];
          if (!std::isfinite(values_[i]) || !std::isfinite(rightOutputs_[i])) [[unlikely]]
            noteNonFinite(i, ctx.frame_position + f);
          break;
        case ir::Opcode::Node: {
          for (size_t p = 0; p < in.operands.size(); ++p) inputs_[p] = values_[in.operands[p]];
          if (layout_.wordStride[i] != 0) { // a lane of a lane-contiguous bank
            gatherLane(i);
            in.node->tick(laneState_.data(), inputs_.data(), &values_[i], env);
            scatterLane(i);
          } else if (in.node->numOutputs == 2) { // out[1] is for its `right`
            float out[2];
            void* state = in.node->stateSize ? state_ + layout_.offsets[i] : nullptr;
            in.node->tick(state, inputs_.data(), out, env);
            values_[i] = out[0];
            rightOutputs_[i] = out[1];
          } else {
            void* state = in.node->stateSize ? state_ + layout_.offsets[i] : nullptr;
            in.node->tick(state, inputs_.data(), &values_[i], env);
          }
          if (!std::isfinite(values_[i])) [[unlikely]]
            noteNonFinite(i, ctx.frame_position + f);
          break;
        }
        case ir::Opcode::Bus:
          values_[i] = values_[in.operands[0]];
          break;
        case ir::Opcode::Right:
          values_[i] = rightOutputs_[in.operands[0]];
          if (!std::isfinite(values_[i])) [[unlikely]]
            noteNonFinite(i, ctx.frame_position + f);
          break;
        case ir::Opcode::Sum:
          // The order the IR defines (ir::sumOf), which a bank's partials follow.
          for (size_t p = 0; p < in.operands.size(); ++p) inputs_[p] = values_[in.operands[p]];
          values_[i] = ir::sumOf(inputs_.data(), in.operands.size());
          break;
        case ir::Opcode::FeedbackRead:
          std::memcpy(&values_[i], state_ + layout_.feedbackOffset + 4 * in.slot, 4);
          break;
        case ir::Opcode::FeedbackWrite:
          std::memcpy(state_ + layout_.feedbackOffset + 4 * in.slot, &values_[in.operands[0]], 4);
          break;
        case ir::Opcode::Output: {
          // The same order of additions as the compiled code, per channel.
          float left = values_[in.operands[0]];
          float right = values_[in.operands.back()];
          mix[0] = first ? left : mix[0] + left;
          mix[1] = first ? right : mix[1] + right;
          first = false;
          break;
        }
        case ir::Opcode::Stem:
          if (ctx.stem_outputs) {
            float* const* pair = ctx.stem_outputs + 2 * stemNumber_[i];
            pair[0][f] = values_[in.operands[0]];
            pair[1][f] = values_[in.operands.back()];
          }
          break;
        }
      }
      // Every output is a stereo pair (left, right); a mono value went to both channels
      // unchanged.
      for (uint32_t c = 0; c < ctx.num_channels; ++c) ctx.outputs[c][f] = mix[c & 1];
    }
  }
}

namespace {

/// Whether any of v's n values is NaN or ±Inf: one vector loop, no early exit.
bool anyNonFinite(const float* v, uint32_t n) {
  uint32_t bad = 0;
  for (uint32_t f = 0; f < n; ++f) bad |= nodes::nonFiniteBit(v[f]);
  return bad != 0;
}

} // namespace

const float* InterpretedPatch::valuesOf(ir::ValueId i) {
  if (constant_[i] && !filled_[i]) {
    float* own = chunk_.data() + static_cast<size_t>(i) * chunkFrames_;
    std::fill(own, own + chunkFrames_, values_[i]); // the whole buffer: later chunks read it too
    filled_[i] = 1;
  }
  return at_[i];
}

void InterpretedPatch::runBlocks(const phonon_block_context& ctx) {
  for (uint32_t seg = 0; seg < ctx.num_segments; ++seg) {
    takeSegmentValues(ctx, seg);
    const uint32_t begin = ctx.segment_starts[seg];
    const uint32_t end = seg + 1 < ctx.num_segments ? ctx.segment_starts[seg + 1] : ctx.frames;
    for (uint32_t start = begin; start < end; start += chunkFrames_)
      runChunk(ctx, start, std::min(chunkFrames_, end - start), start == begin);
  }
}

void InterpretedPatch::runChunk(const phonon_block_context& ctx, uint32_t start, uint32_t frames,
                                bool first) {
  const auto* env = reinterpret_cast<const nodes::Env*>(state_);
  const size_t n = module_.instrs.size();
  // The chunk's first origin of a non-finite value in the reference's order (noteNonFinite):
  // the earliest frame, and at that frame the earliest instruction whose value is not finite
  // (either channel of a player's) while its operands are.
  uint32_t badFrame = frames;
  size_t badInstr = 0;
  float badValue = 0.0f;
  auto check = [&](size_t i, const float* v, const float* right) {
    const ir::Instr& in = module_.instrs[i];
    for (uint32_t f = 0; f < badFrame; ++f) {
      if (std::isfinite(v[f]) && (!right || std::isfinite(right[f]))) continue;
      bool operandsFinite = true;
      for (ir::ValueId op : in.operands)
        operandsFinite = operandsFinite && std::isfinite(constant_[op] ? values_[op] : at_[op][f]);
      if (!operandsFinite) continue;
      badFrame = f;
      badInstr = i;
      badValue = v[f];
      return;
    }
  };
  float* mix[2] = {mix_.data(), mix_.data() + chunkFrames_};
  bool firstOutput = true;
  for (size_t i = 0; i < n; ++i) {
    const ir::Instr& in = module_.instrs[i];
    float* own = chunk_.data() + i * chunkFrames_;
    switch (in.op) {
    case ir::Opcode::Const:
    case ir::Opcode::Tempo:
    case ir::Opcode::VoicePitch:
    case ir::Opcode::Pattern:
      // Constant over the segment: its buffer filled once per segment, when first read.
      if (first) filled_[i] = 0;
      at_[i] = own;
      constant_[i] = 1;
      break;
    case ir::Opcode::VoiceInput:
      at_[i] = ctx.voice_inputs[in.slot] + start;
      constant_[i] = 0;
      break;
    case ir::Opcode::Voices:
      at_[i] = ctx.voice_outputs[2 * in.slot] + start;
      rightAt_[i] = ctx.voice_outputs[2 * in.slot + 1] + start;
      constant_[i] = 0;
      if (!origin_ && (anyNonFinite(at_[i], frames) || anyNonFinite(rightAt_[i], frames)))
          [[unlikely]]
        check(i, at_[i], rightAt_[i]);
      break;
    case ir::Opcode::Node: {
      const nodes::NodeInfo& node = *in.node;
      const size_t ports = in.operands.size();
      bool allConstant = true;
      for (size_t p = 0; p < ports; ++p) allConstant = allConstant && constant_[in.operands[p]];
      at_[i] = own;
      constant_[i] = 0;
      if (allConstant && node.stateSize == 0 && !node.has(nodes::NodeStateful) &&
          node.numOutputs == 1) {
        // A pure node of values constant over the segment: one tick for the segment.
        if (first) {
          for (size_t p = 0; p < ports; ++p) inputs_[p] = values_[in.operands[p]];
          node.tick(nullptr, inputs_.data(), &values_[i], env);
          filled_[i] = 0;
          if (!origin_ && !std::isfinite(values_[i])) [[unlikely]]
            check(i, valuesOf(static_cast<ir::ValueId>(i)), nullptr);
        }
        constant_[i] = 1;
        break;
      }
      float* right = node.numOutputs == 2 ? rightChunk_.data() + rightSlot_[i] * chunkFrames_
                                          : rightScratch_.data(); // zeros
      float* outs[2] = {own, right};
      rightAt_[i] = right;
      const bool lane = layout_.wordStride[i] != 0; // a lane of a lane-contiguous bank
      void* state = node.stateSize ? state_ + layout_.offsets[i] : nullptr;
      if (lane) {
        gatherLane(i);
        state = laneState_.data();
      }
      int32_t bad;
      if (allConstant) {
        for (size_t p = 0; p < ports; ++p) inputs_[p] = values_[in.operands[p]];
        bad = node.runConst(state, inputs_.data(), outs, env, frames);
      } else {
        for (size_t p = 0; p < ports; ++p) operandBuffers_[p] = valuesOf(in.operands[p]);
        bad = node.run(state, operandBuffers_.data(), outs, env, frames);
      }
      if (lane) scatterLane(i);
      if (bad && !origin_) [[unlikely]]
        check(i, own, nullptr);
      break;
    }
    case ir::Opcode::Bus:
      at_[i] = at_[in.operands[0]];
      constant_[i] = constant_[in.operands[0]];
      values_[i] = values_[in.operands[0]];
      if (constant_[i]) { // its own buffer, filled when read
        at_[i] = own;
        if (first) filled_[i] = 0;
      }
      break;
    case ir::Opcode::Right:
      at_[i] = rightAt_[in.operands[0]];
      constant_[i] = 0;
      if (!origin_ && anyNonFinite(at_[i], frames)) [[unlikely]]
        check(i, at_[i], nullptr);
      break;
    case ir::Opcode::Sum: {
      // ir::sumOf's additions in its order, each over the chunk's frames: per chunk of
      // operands, partials from +0 taking operand k into partial k % kSumPartials, then the
      // partials in order; then the chunks' totals in order.
      const size_t count = in.operands.size();
      const size_t size = ir::sumChunkSize(count);
      for (size_t from = 0; from < count; from += size) {
        float* partials = sumPartials_.data();
        std::fill(partials, partials + ir::kSumPartials * chunkFrames_, 0.0f);
        const size_t end = count - from < size ? count : from + size;
        for (size_t k = from; k < end; ++k) {
          float* partial = partials + (k % ir::kSumPartials) * chunkFrames_;
          const float* v = valuesOf(in.operands[k]);
          for (uint32_t f = 0; f < frames; ++f) partial[f] += v[f];
        }
        for (uint32_t f = 0; f < frames; ++f) {
          float chunk = partials[f];
          for (uint32_t p = 1; p < ir::kSumPartials; ++p) chunk += partials[p * chunkFrames_ + f];
          own[f] = from == 0 ? chunk : own[f] + chunk;
        }
      }
      at_[i] = own;
      constant_[i] = 0;
      break;
    }
    case ir::Opcode::FeedbackRead:
    case ir::Opcode::FeedbackWrite:
      break; // never here: blocksSuit
    case ir::Opcode::Output: {
      // The same order of additions as runSamples, per channel.
      const float* left = valuesOf(in.operands[0]);
      const float* right = valuesOf(in.operands.back());
      for (uint32_t f = 0; f < frames; ++f) {
        mix[0][f] = firstOutput ? left[f] : mix[0][f] + left[f];
        mix[1][f] = firstOutput ? right[f] : mix[1][f] + right[f];
      }
      firstOutput = false;
      break;
    }
    case ir::Opcode::Stem:
      if (ctx.stem_outputs) {
        float* const* pair = ctx.stem_outputs + 2 * stemNumber_[i];
        const float* left = valuesOf(in.operands[0]);
        const float* right = valuesOf(in.operands.back());
        std::copy(left, left + frames, pair[0] + start);
        std::copy(right, right + frames, pair[1] + start);
      }
      break;
    }
  }
  if (firstOutput) {
    std::fill(mix[0], mix[0] + frames, 0.0f);
    std::fill(mix[1], mix[1] + frames, 0.0f);
  }
  for (uint32_t c = 0; c < ctx.num_channels; ++c)
    std::copy(mix[c & 1], mix[c & 1] + frames, ctx.outputs[c] + start);
  if (badFrame < frames && !origin_) [[unlikely]]
    origin_ = rt::NonFiniteOrigin{static_cast<uint32_t>(badInstr),
                                  ctx.frame_position + start + badFrame, badValue};
}

void InterpretedPatch::noteNonFinite(size_t instr, uint64_t frame) {
  if (origin_) return;
  // The origin is the value that turned non-finite from finite operands; the ones computed
  // from it only pass it on.
  for (ir::ValueId op : module_.instrs[instr].operands)
    if (!std::isfinite(values_[op])) return;
  origin_ = rt::NonFiniteOrigin{static_cast<uint32_t>(instr), frame, values_[instr]};
}

std::string InterpretedPatch::takeWarning() {
  std::string w = schedule_.takeWarning();
  return w.empty() ? sounds_.takeWarning() : w;
}

std::shared_ptr<rt::VoiceGraph> interpretedVoiceGraph(const ir::Module& graph) {
  return std::make_shared<InterpretedVoiceGraph>(graph);
}

std::optional<rt::NonFiniteOrigin>
locateNonFinite(const ir::Module& module, const rt::RenderOptions& options, uint64_t frames) {
  InterpretedPatch patch(module);
  rt::RenderOptions replay = options;
  replay.frames = frames;
  replay.threads = 1; // the interpreter runs no batches
  // `frames` ends at the first non-finite output sample: the origin is at or before it.
  rt::render(patch, replay, [](const float*, uint32_t) {});
  return patch.nonFiniteOrigin();
}

} // namespace phonon::interp
