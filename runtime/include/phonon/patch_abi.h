/* The compiled-patch ABI (DESIGN §5): what a JIT-compiled patch or a `phononc -o patch.o`
 * object exposes to the runtime. Plain C so that any host can load a patch. */
#ifndef PHONON_PATCH_ABI_H
#define PHONON_PATCH_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PHONON_PATCH_ABI_VERSION 7u
/** The name of the phonon_patch_descriptor every compiled patch defines. */
#define PHONON_PATCH_SYMBOL "phonon_patch"
/* Defined by code compiled for the compiling machine's CPU (`phononc --cpu=native`): the CPU
 * and its features as text, which a loader compares with its own before running the code. */
#define PHONON_HOST_CPU_SYMBOL "phonon_host_cpu"

/** What the runtime hands to process() for one block. */
typedef struct phonon_block_context {
  uint32_t frames;         /**< samples in this block */
  uint32_t num_channels;   /**< equals the descriptor's num_output_channels */
  float* const* outputs;   /**< num_channels buffers of `frames` samples, written by process() */
  uint64_t frame_position; /**< index of the block's first sample since the render started */
  double cycle_begin;      /**< cycle position of the first sample */
  double cycle_end;        /**< cycle position just after the last sample */
  /** Event-rate values (LANGUAGE §4.3), prepared by the runtime from the pattern program: the
   *  block is cut into num_segments segments (at least one); segment s starts at sample
   *  segment_starts[s] (the first is 0) and holds the values
   *  segment_values[s * num_event_slots + slot], constant over the segment. A slot may be an
   *  event stream's onset column (1 on a one-sample segment at each onset, else 0) or its
   *  active column (1 while an event is active): the compiled code reads them all alike. */
  uint32_t num_segments;
  uint32_t num_event_slots;
  const uint32_t* segment_starts;
  const float* segment_values;
  /** The tempo of this block in cycles per second (a `block`-rate value: a live session may
   *  change it at a block boundary; a render keeps the patch's cps). */
  double cps;
  /** The buffers between kernels (DESIGN §6 allocate-buffers): the descriptor's num_buffers
   *  blocks of buffer_stride floats (buffer_stride >= frames), buffer b at
   *  buffers + b * buffer_stride; owned by the host, contents need not survive the block. */
  float* buffers;
  uint32_t buffer_stride;
  /** Runs task(args, i) for every i in [0, count) on the host's thread pool and returns when
   *  all have finished; it must not allocate, lock or do I/O. Null: the patch runs the tasks of
   *  its parallel batches itself, in order. */
  void (*parallel_for)(void* pool, uint32_t count, void (*task)(void* args, uint32_t index),
                       void* args);
  void* pool;
  /** The voices of the patch's sound patterns (LANGUAGE §8.2), rendered by the host before
   *  process() from the program's sound patterns: player p's left channel is
   *  voice_outputs[2p], its right voice_outputs[2p + 1], `frames` samples each. */
  uint32_t num_voice_players;
  const float* const* voice_outputs;
  /** Each output alone (LANGUAGE §2.4): 2 × the descriptor's num_stems buffers of `frames`
   *  samples, stem s's left channel at stem_outputs[2s] and its right at [2s + 1], written by
   *  process() besides the main mix. Null: the main mix only, and no stem is computed apart. */
  float* const* stem_outputs;
  /** A bus voice's pitch ratio 2^(note/12) (LANGUAGE §8.4), which its graph's pitch parameters
   *  are multiplied by (`voice.pitch`); 1 for a patch's own graph. */
  float voice_pitch;
  /** In a voice template's graph: the buses its voices share (`voice.input N` reads
   *  voice_inputs[N], `frames` samples), the stems of the patch's voice_shared graph, computed
   *  by the host once per block before the voices. Null elsewhere. */
  const float* const* voice_inputs;
} phonon_block_context;

/** A sample a file port names (`convolve`'s response), loaded by the host before init: mono,
 *  at the engine rate. Or, for a file a node writes (`tap`, an output file slot of the
 *  program), a zero-filled buffer the host owns and may write to: round(seconds·sr) frames of
 *  the node's channels, interleaved, which the node fills while the patch runs and the host
 *  writes to the file after a render. The same layout as the nodes' ConstArg. */
typedef struct phonon_file_data {
  const float* samples;
  uint32_t frames;
} phonon_file_data;

struct phonon_patch_descriptor;

/** A bus voice (`s "~name"`, LANGUAGE §8.4): the bus's graph compiled as a patch of its own,
 *  whose main mix is the bus's value. The host runs one instance of it per voice, each with
 *  its own state from the voice's start, over the samples the voice sounds; its patterns keep
 *  global time, its pitch parameters are multiplied by the block context's voice_pitch. */
typedef struct phonon_voice_template {
  const char* bus; /**< the bus's name, without its `~` */
  const struct phonon_patch_descriptor* graph;
} phonon_voice_template;

/** The compiled patch. */
typedef struct phonon_patch_descriptor {
  uint32_t abi_version;         /**< PHONON_PATCH_ABI_VERSION */
  uint32_t num_output_channels; /**< the main mix: 2 (a stereo pair) */
  uint64_t state_size;          /**< bytes of state the host allocates */
  uint64_t state_align;         /**< its alignment */
  int64_t cps_num;              /**< the tempo in cycles per second, exactly */
  int64_t cps_den;
  /** Prepares zero-filled state for a sample rate (phases, filter memories, noise seeds).
   *  `arena` is the patch's arena: arena_size(sample_rate, files) zero-filled bytes, 64-byte
   *  aligned (null when that is 0), allocated by the host before init and kept until the next
   *  init; the nodes' delay lines and tables live there (state sized at init). `files` holds
   *  num_files loaded samples, in the program's file order (null when there are none); init
   *  reads them and keeps no pointer into them, except into an output file's buffer, which
   *  the host keeps until the next init. */
  void (*init)(void* state, float sample_rate, void* arena, const phonon_file_data* files);
  /** Computes one block into ctx->outputs. */
  void (*process)(void* state, const phonon_block_context* ctx);
  /** The serialized pattern program (runtime/pattern/Program.h): the patterns behind the
   *  event slots and the sound patterns behind the voice players; empty when the patch plays
   *  no pattern. */
  const uint8_t* program;
  uint64_t program_size;
  uint32_t num_event_slots;   /**< patterns in the program */
  uint32_t num_voice_players; /**< sound patterns in the program */
  uint32_t num_buffers;       /**< buffers the host provides in every block context */
  /** The bytes of arena init needs at this sample rate and with these files: the sum of every
   *  node's slice. */
  uint64_t (*arena_size)(float sample_rate, const phonon_file_data* files);
  uint32_t num_files; /**< samples the program's file list names */
  /** The outputs the patch writes apart when the host asks (phonon_block_context's
   *  stem_outputs), in the order out, out1, out2, …: their names ("out", "out1", …), which
   *  name their stem files. */
  uint32_t num_stems;
  const char* const* stem_names;
  /** The bus voices the sound patterns may name, in the module's template order; a voice
   *  template's own graph has none. */
  uint32_t num_voice_templates;
  const phonon_voice_template* voice_templates;
  /** The buses that keep state and that bus voices read, shared by every voice (LANGUAGE
   *  §8.4): a graph whose stem k is the k-th of them, which the host runs once per block before
   *  the voices and hands to each voice template's graph as its voice_inputs (stem k's left
   *  channel at [2k], its right at [2k + 1]); null when no bus voice reads one. */
  const struct phonon_patch_descriptor* voice_shared;
} phonon_patch_descriptor;

#ifdef __cplusplus
}
#endif

#endif
