#!/usr/bin/env python3
"""Issue 15's figures in one run: Phonon against the peers, threads, compile time at scale.

usage: perf.py run [--build DIR] [--peers-dir DIR] [--peers-build DIR] [--work DIR]
                   [--runs N] [--quick] [--only LIST] [--timeout S] [--results FILE]
       perf.py patch SHAPE N     print a generated patch: SHAPE sum | chain | mixed | w5 (N chains)

`bench/run.sh` calls `perf.py run`; see bench/README.md for what it measures and how. The
peers' pieces (gen.py: the workloads and durations; bench.py: the peers' command lines and
versions; wavstat.py: reading WAVs) are imported from ../shared/bench, never copied.

Every figure is measured in this run, on this machine; runs are interleaved round-robin
across systems and reduced to medians. Targets are reported, never asserted: the exit status
is 1 only when an output is wrong (an RMS off the peers', Phonon's engines disagreeing, a
failed command), so that a broken render cannot pass for a fast one.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # ../shared/bench is read-only

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SR = 48000
RMS_TOLERANCE = 0.03  # relative: "a few %"; the peers agree with each other within 0.3 %
WORKLOADS = ['w1', 'w2', 'w3', 'w4', 'w5']
SHAPES = ['sum', 'chain', 'mixed']
SIZES = [10, 100, 1000, 10000, 100000]
QUICK_SIZES = [10, 100, 1000]
# The interpreter renders this many seconds where 60 s would take minutes; its realtime factor
# is normalised like every other (audio seconds / wall seconds).
INTERP_SECONDS = {'w1': 60, 'w2': 10, 'w3': 10, 'w4': 4, 'w5': 10}
W5_WIDE_CHAINS = 64
W5_WIDE_SECONDS = 20
# Peers that are never the best on any workload and cost minutes: left out unless PEERS names
# them (csound-k1: one sample per k-cycle; sc-2000synths: W4 as 2000 synths).
DEFAULT_PEERS = ['faust-scal', 'faust-vec', 'sc', 'csound-k64', 'cpp-sample', 'cpp-block']


# ---------------------------------------------------------------- generated patches
def lines_of(items, separator, per_line=16):
    """items joined by separator, per_line to a physical line: the parser takes lines of up to
    1 MB, and a line that begins with a space continues the statement (LANGUAGE §2.1)."""
    rows = [separator.join(items[k:k + per_line]) for k in range(0, len(items), per_line)]
    return (separator.rstrip() + '\n  ').join(rows)


def patch_sum(n):
    """n sines summed by one stack (the n-ary sum), like W4."""
    sines = lines_of([f'sine {50 + (i * 7.3) % 12000:.6g}' for i in range(n)], ', ')
    return f'-- {n} nodes: {n} sines summed\nout: stack [{sines}] * {1.0 / n:.6g}\n'


def patch_chain(n):
    """noise through n - 1 low-passes in series, like W3 with `lpf`."""
    filters = lines_of([f'lpf {8000 + (i % 50) * 100} 0.7' for i in range(n - 1)], ' # ')
    return f'-- {n} nodes: noise and {n - 1} lpf in series\nout: noise # {filters} * 0.5\n'


def mixed_counts(n):
    """(LFOs, groups) with LFOs + 3 groups = n: one LFO per 50 nodes shared by the groups."""
    lfos = max(1, n // 50)
    groups = (n - lfos) // 3
    return lfos + (n - lfos - 3 * groups), groups


def patch_mixed(n):
    """Groups of saw -> lpf -> delay summed; each lpf's cutoff swept by one of a few shared LFOs."""
    lfos, groups = mixed_counts(n)
    lines = [f'-- {n} nodes: {groups} groups of saw -> lpf -> delay summed, {lfos} shared LFOs']
    for k in range(lfos):
        lines.append(f'~lfo{k}: sine {0.05 + 0.01 * k:.6g} * 0.5 + 0.5')
    voices = lines_of([
        f'saw {55 + (g * 3.7) % 800:.6g} # lpf (~lfo{g % lfos} * {1500 + (g % 13) * 100} + 300) 1.5'
        f' # delay {0.002 + (g % 10) * 0.0005:.6g} 0.3 0.4' for g in range(groups)], ', ', 4)
    lines.append(f'out: stack [{voices}] * {1.0 / groups:.6g}')
    return '\n'.join(lines) + '\n'


PATCHES = {'sum': patch_sum, 'chain': patch_chain, 'mixed': patch_mixed}


def patch_w5(chains, gen):
    """gen.py's w5 (saw -> bq_lp -> delay -> tanh chains summed) with `chains` chains, the
    frequencies spread over the same octave."""
    saved = gen.NCH5, gen.W5_FREQS
    gen.NCH5, gen.W5_FREQS = chains, [110 * (1 + i / float(chains)) for i in range(chains)]
    try:
        return gen.phonon_sources()['w5']
    finally:
        gen.NCH5, gen.W5_FREQS = saved


# ---------------------------------------------------------------- running and timing
class Run:
    def __init__(self, rc, wall, rss_kb, text, killed):
        self.rc, self.wall, self.rss_kb, self.text = rc, wall, rss_kb, text
        self.killed = killed  # None, or why: 'timed out after N s', 'over N MB of memory'

    @property
    def ok(self):
        return self.rc == 0 and not self.killed

    def render_seconds(self, audio):
        """Render-only wall seconds: Phonon's summary ("…, 95x realtime", compile excluded) or
        a peer's `RENDER_S` line (the Faust and C++ drivers time only their compute loop)."""
        m = re.search(r'RENDER_S ([0-9.]+)', self.text)
        if m:
            return float(m.group(1))
        m = re.search(r'clipped, ([0-9.]+)x realtime', self.text)
        if m and float(m.group(1)) > 0:
            return audio / float(m.group(1))
        return None


class Runner:
    def __init__(self, log_path, env):
        self.log_path = log_path
        self.env = env
        self.gnu_time = os.access('/usr/bin/time', os.X_OK)
        open(log_path, 'w').close()

    def run(self, cmd, timeout=None, env=None, cwd=None, memory_mb=None, output=None):
        """Runs cmd with its output in the log. Killed past `timeout` seconds or `memory_mb` of
        resident memory (polled), so that a patch that blows up cannot hang the run or starve
        the machine. Peak RSS: GNU time's %M where /usr/bin/time exists, else VmHWM polled every
        0.1 s; not wait4's ru_maxrss, which a child forked from this process inherits from it
        (it read this script's 300 MB for every small patch).

        `output`, the file cmd writes, is removed before the clock starts. Every system then
        writes a new file: one that opens the last run's file with O_TRUNC (the peers) waited
        up to 30 ms in half of its W1 runs while ext4 flushed the old data (auto_da_alloc),
        where one that writes a new file and renames it over the old (Phonon) never did."""
        if output:
            try:
                os.unlink(output)
            except FileNotFoundError:
                pass
        killed = []
        done = threading.Event()
        peak_kb = [0]
        with tempfile.NamedTemporaryFile(prefix='rss-') as rss_file, \
                tempfile.TemporaryFile() as out:

            def target():
                """The measured process: GNU time's child when time wraps the command."""
                if not self.gnu_time:
                    return proc.pid
                try:
                    with open(f'/proc/{proc.pid}/task/{proc.pid}/children') as f:
                        return int(f.read().split()[0])
                except (OSError, ValueError, IndexError):
                    return None

            def resident_kb(pid):
                """(VmRSS, VmHWM) in kB."""
                try:
                    with open(f'/proc/{pid}/status') as f:
                        fields = dict(line.split(':', 1) for line in f if ':' in line)
                    return (int(fields['VmRSS'].split()[0]), int(fields['VmHWM'].split()[0]))
                except (OSError, ValueError, KeyError, TypeError):
                    return 0, 0

            def watch():
                while not done.wait(0.1):
                    pid = target()
                    now, high = resident_kb(pid) if pid else (0, 0)
                    peak_kb[0] = max(peak_kb[0], high)
                    why = None
                    if timeout and time.perf_counter() - start > timeout:
                        why = f'timed out after {timeout:g} s'
                    elif memory_mb and now > memory_mb * 1024:
                        why = f'over {memory_mb:g} MB of memory'
                    if why:
                        killed.append(why)
                        try:
                            os.killpg(proc.pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                        return

            wrapped = (['/usr/bin/time', '-f', '%M', '-o', rss_file.name, '--'] + cmd
                       if self.gnu_time else cmd)
            start = time.perf_counter()
            proc = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                                    env=env or self.env, start_new_session=True)
            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            _, status = os.waitpid(proc.pid, 0)
            wall = time.perf_counter() - start
            done.set()
            watcher.join()
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            text = out.read().decode(errors='replace')
            rss_kb = peak_kb[0]
            if self.gnu_time:
                numbers = [w for w in open(rss_file.name).read().split() if w.isdigit()]
                if numbers and not killed:
                    rss_kb = int(numbers[-1])
        why = killed[0] if killed else None
        with open(self.log_path, 'a') as log:
            log.write('$ ' + ' '.join(cmd) + f'\n{text[-4000:]}\n[rc={proc.returncode} '
                      f'wall={wall:.4f} maxrss={rss_kb}KB{" KILLED: " + why if why else ""}]\n')
        return Run(proc.returncode, wall, rss_kb, text, why)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fnum(x, spec='.1f', none='-'):
    return none if x is None else format(x, spec)


def rtf(x):
    """A realtime factor: 3 significant figures, the way the RESULTS tables write them."""
    if x is None:
        return '-'
    return f'{x:.0f}x' if x >= 100 else f'{x:.1f}x' if x >= 10 else f'{x:.2f}x'


def table(header, rows):
    """Markdown table text (printed and written to RESULTS.md alike)."""
    out = ['| ' + ' | '.join(header) + ' |', '|' + ' --- |' * len(header)]
    out += ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows]
    return '\n'.join(out)


# ---------------------------------------------------------------- the benchmark
class Bench:
    def __init__(self, a):
        self.a = a
        self.quick = a.quick
        self.runs = a.runs or (1 if a.quick else 3)
        self.only = set(filter(None, a.only.split(','))) if a.only else set()
        self.phonon = os.path.join(a.build, 'tools', 'phonon')
        self.phononc = os.path.join(a.build, 'tools', 'phononc')
        self.work = a.work
        os.makedirs(os.path.join(self.work, 'out'), exist_ok=True)
        # No measurement may read or fill the user's JIT cache; only the recompile section
        # turns a cache on, in a folder of its own.
        self.cache_dir = os.path.join(self.work, 'cache')
        env = dict(os.environ, PHONON_NO_CACHE='1', XDG_CACHE_HOME=self.cache_dir)
        self.runner = Runner(os.path.join(self.work, 'perf.log'), env)
        self.failures = []  # wrong outputs: the exit status
        self.sections = []  # (title, markdown) for RESULTS.md
        self.targets = []  # (target, measured, verdict)
        self.notes = []

    def wants(self, *keys):
        return not self.only or any(k in self.only for k in keys)

    def say(self, text=''):
        print(text, flush=True)

    def section(self, title, body, note=None):
        self.say(f'\n== {title}\n{body}')
        if note:
            self.say(note)
        self.sections.append((title, body + ('\n\n' + note if note else '')))

    def target(self, name, measured, passed):
        verdict = 'not measured' if passed is None else 'PASS' if passed else 'FAIL'
        self.targets.append((name, measured, verdict))

    def fail(self, message):
        self.failures.append(message)
        self.say(f'!! {message}')

    # ---------------------------------------------------------- setup
    def check_tools(self):
        missing = [p for p in (self.phonon, self.phononc) if not os.access(p, os.X_OK)]
        if missing:
            sys.exit('perf.py: missing ' + ', '.join(missing) + ': build Phonon first (`make` '
                     'in the repository root, or BUILD=DIR bench/run.sh for another build folder)')

    def load_peers(self):
        """Imports ../shared/bench's gen/bench/wavstat; builds the peers when missing."""
        d = self.a.peers_dir
        if not os.path.exists(os.path.join(d, 'gen.py')):
            sys.exit(f'perf.py: no gen.py in PEERS_DIR={d}: the shared peer benchmark is needed '
                     'for the workloads (set PEERS_DIR to ../shared/bench)')
        sys.path.insert(0, os.path.abspath(d))
        import bench as peer_bench  # noqa: E402  (../shared/bench/bench.py)
        import gen  # noqa: E402
        import wavstat  # noqa: E402
        self.gen, self.peer_bench, self.wavstat = gen, peer_bench, wavstat
        self.peers = self.a.peers.split(',') if self.a.peers else list(DEFAULT_PEERS)
        if not any(self.wants(w, 'workloads') for w in WORKLOADS):
            self.a.peers = 'none'  # only the workloads are rendered by the peers
        if self.a.peers == 'all':
            self.peers = [s for s in peer_bench.SYSTEMS if s != 'phonon']
        if self.a.peers == 'none':
            self.peers = []
        if self.quick:
            # gen.py bakes 60 s into the scsynth and Csound scores: QUICK keeps the peers whose
            # length is an argument, and shortens everything.
            self.peers = [s for s in self.peers if s.startswith(('faust-', 'cpp-'))]
            gen.DEFAULT_DUR = {w: (1 if w == 'w4' else 4) for w in gen.DEFAULT_DUR}
            for w in INTERP_SECONDS:
                INTERP_SECONDS[w] = 1
        tools = {'faust': 'faust', 'sc': 'scsynth', 'csound': 'csound', 'cpp': 'g++'}
        absent = sorted({t for s in self.peers for k, t in tools.items()
                         if s.startswith(k) and not self.which(t)})
        if absent:
            self.say(f'!! peers: {", ".join(absent)} not installed (INSTALL=1 {d}/run.sh as root, '
                     'or apt-get install faust supercollider-server csound): left out')
            self.peers = [s for s in self.peers
                          if not any(s.startswith(k) and tools[k] in absent for k in tools)]
        self.peer_build = os.path.abspath(self.a.peers_build)
        if self.peers and self.peers_missing():
            self.say(f'== building the peers into {self.peer_build} with {d}/run.sh (first time: '
                     'about 5 minutes)')
            env = dict(os.environ, BUILD=self.peer_build, RUNS='1', ONLY='w0', SYSTEMS='faust-scal')
            log = os.path.join(self.work, 'peers-build.log')
            with open(log, 'w') as f:
                rc = subprocess.run(['bash', os.path.join(d, 'run.sh')], env=env, stdout=f,
                                    stderr=subprocess.STDOUT).returncode
            still = self.peers_missing()
            if rc != 0 or still:
                self.say(f'!! peers: {d}/run.sh failed (rc={rc}, see {log}); missing: '
                         f'{", ".join(still)}: left out')
                self.peers = [s for s in self.peers
                              if not any(m.split(':')[0] == s for m in still)]
        if not self.peers and any(self.wants(w, 'workloads') for w in WORKLOADS):
            self.notes.append('No peer ran: no ratios to the best peer.')

    @staticmethod
    def which(tool):
        return any(os.access(os.path.join(p, tool), os.X_OK)
                   for p in os.environ.get('PATH', '').split(os.pathsep))

    def peers_missing(self):
        """Built peer files the selected peers need, as 'system: path', that do not exist."""
        missing = []
        for s in self.peers:
            for w in WORKLOADS:
                cmd = self.peer_bench.command(s, w, self.peer_build, '/dev/null')
                if cmd is None:
                    continue
                path = cmd[0] if os.path.isabs(cmd[0]) else next(
                    (c for c in cmd if c.startswith(self.peer_build)), None)
                if path and not os.path.exists(path):
                    missing.append(f'{s}: {path}')
        return missing

    def machine(self):
        cpu = '?'
        try:
            with open('/proc/cpuinfo') as f:
                cpu = next((line.split(':', 1)[1].strip() for line in f
                            if line.startswith('model name')), '?')
        except OSError:
            pass
        git = lambda *args: subprocess.run(['git', '-C', ROOT] + list(args), capture_output=True,
                                           text=True).stdout.strip()
        dirty = git('status', '--porcelain', '--untracked-files=no')
        commit = (git('rev-parse', '--short', 'HEAD') or '?') + (' (uncommitted changes)' if dirty else '')
        return dict(cpu=cpu, nproc=os.cpu_count(), kernel=platform.release(), commit=commit,
                    branch=git('rev-parse', '--abbrev-ref', 'HEAD'),
                    load=' '.join(f'{x:.1f}' for x in os.getloadavg()))

    # ---------------------------------------------------------- Phonon commands
    def render_cmd(self, src, out, seconds, threads=1, extra=()):
        # One channel, as the peers write: the workloads are mono, and a stereo file would be
        # the same samples twice, twice the bytes to write (W1's object: 21.7 → 18.3 ms).
        return [self.phonon, 'render', src, '-o', out, '--duration', f'{seconds:g}',
                '--sample-rate', str(SR), '--threads', str(threads), '--mono'] + list(extra)

    def write(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def stat(self, path, frames):
        """(rms over the first `frames` frames, frames in the file) of channel 0."""
        try:
            _, n, rms, _, finite = self.wavstat.stat(path, limit=frames)
            return (rms if finite else float('nan')), n
        except Exception as e:  # noqa: BLE001 (any unreadable file is a failed output)
            self.say(f'!! cannot read {path}: {e}')
            return None, 0

    def samples(self, path, frames):
        _, a = self.wavstat.read_wav(path)
        return a[:frames]

    # ---------------------------------------------------------- workloads
    def workloads(self):
        wls = [w for w in WORKLOADS if self.wants(w, 'workloads')]
        if not wls:
            return
        sources = self.gen.phonon_sources()
        outdir = os.path.join(self.work, 'out')
        summary, checks, engine_rows = [], [], []
        self.workload_results, self.best = {}, {}
        for w in wls:
            src = self.write(f'{w}.ph', sources[w])
            obj = os.path.join(self.work, f'{w}.o')
            # The object for this CPU, as the JIT compiles (portable objects are 4-wide).
            made = self.runner.run([self.phononc, src, '--cpu=native', '-o', obj])
            if not made.ok:
                self.fail(f'{w}: phononc {src} --cpu=native -o {obj} failed:\n{made.text[-2000:]}')
            seconds = self.gen.DEFAULT_DUR[w]
            systems = {}
            for s in self.peers:
                if self.peer_bench.command(s, w, self.peer_build, '/dev/null') is not None:
                    systems[s] = self.gen.duration(s, w)
            systems['phonon-jit'] = seconds
            # `phonon render` starts small patches on the interpreter while the JIT compiles
            # (W1): the render-only figures of the JIT are its code alone, `--engine jit`.
            systems['phonon-jit-code'] = seconds
            if made.ok:
                systems['phonon-obj'] = seconds
            systems['phonon-interp'] = min(seconds, INTERP_SECONDS[w])
            runs = {s: [] for s in systems}
            self.say(f'\n.. {w}: {", ".join(systems)} x {self.runs} (interleaved)')
            for _ in range(self.runs):
                for s, audio in systems.items():
                    out = os.path.join(outdir, f'{w}_{s}.wav')
                    if s == 'phonon-jit':
                        cmd = self.render_cmd(src, out, audio)
                    elif s == 'phonon-jit-code':
                        cmd = self.render_cmd(src, out, audio, extra=['--engine', 'jit'])
                    elif s == 'phonon-obj':
                        cmd = self.render_cmd(obj, out, audio)
                    elif s == 'phonon-interp':
                        cmd = self.render_cmd(src, out, audio, extra=['--engine', 'interp'])
                    else:
                        cmd = self.peer_bench.command(s, w, self.peer_build, out)
                    runs[s].append(self.runner.run(cmd, output=out))
            res = {}
            for s, audio in systems.items():
                ok = all(r.ok for r in runs[s])
                if not ok:
                    bad = next(r for r in runs[s] if not r.ok)
                    self.fail(f'{w} {s}: rc={bad.rc}\n{bad.text[-1500:]}')
                wall = median([r.wall for r in runs[s]])
                render = median([r.render_seconds(audio) for r in runs[s]])
                res[s] = dict(audio=audio, wall=wall, rtf=audio / wall, ok=ok,
                              rtf_render=(audio / render if render else None),
                              out=os.path.join(outdir, f'{w}_{s}.wav'))
            self.workload_results[w] = res
            self.check_outputs(w, res, checks, engine_rows)
            summary.append(self.workload_row(w, res))
            self.say('   ' + ' | '.join(f'{s} {rtf(x["rtf"])}' for s, x in res.items()))
        header = (['workload', 'audio s'] + self.peers + ['best peer', 'JIT', 'JIT ÷ best',
                  'object', 'interp (s)', 'JIT ÷ interp', 'object ÷ JIT'])
        self.section(
            'Workloads: realtime factor (whole process, wall time; median of '
            f'{self.runs} interleaved runs)',
            table(header, [[c for c in row] for row in summary]),
            'JIT ÷ best: the JIT\'s realtime factor over the best peer\'s, both from whole-process '
            'wall time (startup and compile included, as the peers\' are), each run writing a new '
            'file (the last run\'s is removed first, untimed: truncating it cost a peer up to '
            '30 ms of ext4 flushing in half its W1 runs). Every file is mono, '
            'as the peers write theirs (`phonon render --mono`). JIT ÷ interp and '
            'object ÷ JIT compare render-only realtime factors (Phonon\'s summary line, compile '
            'excluded), because the interpreter renders a shorter length (the seconds in '
            'brackets).')
        self.section('Workloads: render-only realtime factor (compile and startup excluded)',
                     table(['workload', 'faust-scal', 'faust-vec', 'cpp-sample', 'cpp-block',
                            'JIT', 'object', 'interp'],
                           [[w] + [rtf(self.workload_results[w].get(s, {}).get('rtf_render'))
                                   for s in ('faust-scal', 'faust-vec', 'cpp-sample', 'cpp-block',
                                             'phonon-jit-code', 'phonon-obj', 'phonon-interp')]
                            for w in wls]),
                     'scsynth and Csound print no render-only time. JIT here is `phonon render '
                     '--engine jit`: the compiled code from the first sample (plain `phonon render` '
                     'starts small patches on the interpreter while the JIT compiles).')
        self.section('Workloads: outputs checked (RMS of channel 0 against the peers\' median '
                     f'over the same frames, tolerance {RMS_TOLERANCE:.0%})',
                     table(['workload', 'peers (JIT\'s length)', 'JIT', 'peers (object\'s)',
                            'object', 'peers (interp\'s)', 'interp', 'check'], checks),
                     'An engine whose samples are the JIT\'s is not failed on a short window\'s '
                     'RMS (noise through narrow filters varies by a few % over 1 s).')
        self.section('Workloads: Phonon\'s engines against the JIT, sample for sample',
                     table(['workload', 'JIT code alone = JIT', 'object = JIT',
                            'interpreter = JIT'], engine_rows),
                     'Channel 0, bit for bit, over the shorter render of the two (the engines '
                     'promise identical samples).')
        self.workload_targets(wls)

    def workload_row(self, w, res):
        peer_rtfs = {s: x['rtf'] for s, x in res.items() if not s.startswith('phonon') and x['ok']}
        best = max(peer_rtfs, key=peer_rtfs.get) if peer_rtfs else None
        jit, obj, interp = (res.get(f'phonon-{e}') for e in ('jit', 'obj', 'interp'))
        code = res.get('phonon-jit-code')
        x = res[best]['rtf'] if best else None
        row = [w, f'{res["phonon-jit"]["audio"]:g}']
        row += [rtf(res[s]['rtf']) + ('' if res[s]['ok'] else ' FAILED') if s in res else 'n/a'
                for s in self.peers]
        row += [f'{best} {rtf(x)}' if best else '-', rtf(jit['rtf']),
                fnum(jit['rtf'] / x if x else None, '.2f'),
                rtf(obj['rtf']) if obj else '-', f'{rtf(interp["rtf"])} ({interp["audio"]:g})',
                fnum(self.ratio(code, interp), '.1f'), fnum(self.ratio(obj, code), '.2f')]
        self.best[w] = (best, x)
        return row

    @staticmethod
    def ratio(a, b):
        if not a or not b or not a.get('rtf_render') or not b.get('rtf_render'):
            return None
        return a['rtf_render'] / b['rtf_render']

    def check_outputs(self, w, res, checks, engine_rows):
        """Phonon's engines sample for sample against the JIT (the object over the whole
        render, the interpreter over its shorter one), then each one's RMS against the median
        of the peers' over the same frames."""
        identical = self.compare_engines(w, res, engine_rows)
        peers = [s for s in res if not s.startswith('phonon') and res[s]['ok']]
        cells, verdict = [], []
        for s in ('phonon-jit', 'phonon-obj', 'phonon-interp'):
            if s not in res:
                cells += ['-', '-']
                continue
            frames = int(round(res[s]['audio'] * SR))
            got, n = self.stat(res[s]['out'], frames)
            if got is None or n < frames:
                self.fail(f'{w} {s}: {n} frames in {res[s]["out"]}, {frames} expected')
                cells += ['-', 'short']
                verdict.append(f'{s} short')
                continue
            ref = median([self.stat(res[p]['out'], frames)[0] for p in peers])
            cells += [fnum(ref, '.5f', 'no peer'), fnum(got, '.5f')]
            if not ref or abs(got - ref) <= RMS_TOLERANCE * ref:
                continue
            off = f'{s}: RMS {got:.5f}, the peers\' {ref:.5f} over the same {frames} frames ' \
                  f'({(got / ref - 1) * 100:+.1f} %)'
            if s in identical:
                # The same samples as the JIT's, whose whole render was checked: a short
                # window of noise, not a wrong output.
                verdict.append(f'{s} {(got / ref - 1) * 100:+.1f} % (the JIT\'s samples)')
                continue
            self.fail(f'{w} {off}')
            verdict.append(f'{s} OFF')
        checks.append([w] + cells + ['; '.join(verdict) or ('ok' if peers else 'no peer')])

    def compare_engines(self, w, res, engine_rows):
        """Engines whose output is the JIT's bit for bit (over the shorter of the two)."""
        identical = set()
        cells = []
        for other in ('phonon-jit-code', 'phonon-obj', 'phonon-interp'):
            if other not in res:
                cells.append('-')
                continue
            frames = int(round(min(res[other]['audio'], res['phonon-jit']['audio']) * SR))
            try:
                jit = self.samples(res['phonon-jit']['out'], frames)
                b = self.samples(res[other]['out'], frames)
            except Exception as e:  # noqa: BLE001 (a missing or broken file is a failure)
                self.fail(f'{w}: cannot compare {other} with the JIT: {e}')
                cells.append('unreadable')
                continue
            if jit == b and len(b) == frames:
                identical.add(other)
                cells.append(f'identical ({frames} frames)')
                continue
            n = min(len(jit), len(b))
            first = next((i for i in range(n) if jit[i] != b[i]), n)
            diff = max((abs(x - y) for x, y in zip(jit, b)), default=0.0)
            cells.append(f'DIFFER from frame {first}, max |d| {diff:.3g}')
            self.fail(f'{w}: {other} differs from the JIT from frame {first} (max |d| {diff:.3g})')
        engine_rows.append([w] + cells)
        return identical

    def workload_targets(self, wls):
        r = self.workload_results
        for w in wls:
            best, x = self.best[w]
            need = 3.0 if w in ('w2', 'w4') else 1.5
            if best:
                ratio = r[w]['phonon-jit']['rtf'] / x
                self.target(f'{w}: JIT ≥ {need:g}× the best peer', f'{ratio:.2f}× ({best})',
                            ratio >= need)
            else:
                self.target(f'{w}: JIT ≥ {need:g}× the best peer', 'no peer ran', None)
        for w in [w for w in ('w2', 'w4') if w in wls]:
            ratio = self.ratio(r[w]['phonon-jit-code'], r[w].get('phonon-interp'))
            self.target(f'{w}: JIT ≥ 10× the interpreter (render only)', fnum(ratio, '.1f') + '×',
                        None if ratio is None else ratio >= 10)
        ratios = {w: self.ratio(r[w].get('phonon-obj'), r[w]['phonon-jit-code']) for w in wls}
        worst = min((v for v in ratios.values() if v), default=None)
        self.target('object files within 10 % of the JIT (render only, every workload)',
                    ', '.join(f'{w} {fnum(v, ".2f")}' for w, v in ratios.items()),
                    None if worst is None else worst >= 0.9)

    # ---------------------------------------------------------- threads
    def threads(self):
        if not self.wants('threads'):
            return
        w4 = self.write('w4.ph', self.gen.phonon_sources()['w4'])
        w5 = self.write(f'w5x{W5_WIDE_CHAINS}.ph', patch_w5(W5_WIDE_CHAINS, self.gen))
        cases = [('w4', w4, self.gen.DEFAULT_DUR['w4']),
                 (f'w5 × {W5_WIDE_CHAINS} chains', w5, 2 if self.quick else W5_WIDE_SECONDS)]
        rows = []
        for name, src, audio in cases:
            out = os.path.join(self.work, 'out', 'threads.wav')
            runs = {1: [], 2: []}
            for _ in range(self.runs):
                for t in (1, 2):
                    runs[t].append(self.runner.run(self.render_cmd(src, out, audio, threads=t),
                                                   output=out))
            res = {}
            for t in (1, 2):
                if not all(r.ok for r in runs[t]):
                    self.fail(f'{name} --threads {t} failed:\n{runs[t][0].text[-1500:]}')
                wall = median([r.wall for r in runs[t]])
                render = median([r.render_seconds(audio) for r in runs[t]])
                res[t] = (audio / wall, audio / render if render else None)
            speed = res[2][1] / res[1][1] if res[1][1] and res[2][1] else None
            rows.append([name, f'{audio:g}', rtf(res[1][0]), rtf(res[2][0]),
                         fnum(res[2][0] / res[1][0], '.2f'), rtf(res[1][1]), rtf(res[2][1]),
                         fnum(speed, '.2f')])
            self.target(f'{name}: --threads 2 ≥ 1.7× --threads 1 (render only)',
                        fnum(speed, '.2f') + '×', None if speed is None else speed >= 1.7)
        self.section(f'Threads: --threads 2 against --threads 1 (JIT, median of {self.runs})',
                     table(['patch', 'audio s', 't1 wall', 't2 wall', 't2 ÷ t1 wall', 't1 render',
                            't2 render', 't2 ÷ t1 render'], rows),
                     f'w5 × {W5_WIDE_CHAINS}: gen.py\'s w5 with {W5_WIDE_CHAINS} chains, '
                     f'110·(1 + i/{W5_WIDE_CHAINS}) Hz. "wall": whole process; "render": '
                     'Phonon\'s summary (compile excluded), which the target uses.')

    # ---------------------------------------------------------- compile time at scale
    def time_passes(self, text):
        """`;   NAME   MS` lines of --time-passes as {name: ms} (the last table printed)."""
        stages = {}
        for line in text.splitlines():
            m = re.match(r'^;\s*(\S.*?)\s{2,}([0-9]+(?:\.[0-9]+)?)\s*(?:ms)?\s*$', line)
            if m:
                stages[m.group(1)] = float(m.group(2))
        return stages

    def compile_figure(self, run, baseline, render=None):
        """(ms, how, stages) of a render: the `--time-passes` source-to-runnable total when
        the tools print one, else the whole process minus the empty patch's (and minus the
        render itself, from the summary, for the renders that are more than a compile)."""
        stages = self.time_passes(run.text) if self.render_time_passes else {}
        total = next((v for k, v in stages.items() if 'source to runnable' in k), None)
        if total is not None:
            return total, 'time-passes', stages
        how = 'process − empty' if render is None else 'process − render − empty'
        return max(0.0, (run.wall - baseline - (render or 0.0)) * 1000), how, stages

    def sizes(self):
        shapes = [s for s in SHAPES if self.wants('sizes', s)]
        if not shapes:
            return
        sizes = QUICK_SIZES if self.quick else SIZES
        if self.a.sizes:
            sizes = [int(x) for x in self.a.sizes.split(',')]
        audio = 1 if self.quick else 10
        timeout = self.a.timeout
        out = os.path.join(self.work, 'out', 'size.wav')
        empty = self.write('empty.ph', 'out: 0\n')
        probe = self.runner.run(self.render_cmd(empty, out, 0.01, extra=['--time-passes']))
        self.render_time_passes = probe.ok
        base = [self.runner.run(self.render_cmd(empty, out, 0.01), output=out)
                for _ in range(max(3, self.runs))]
        if not all(r.ok for r in base):
            self.fail(f'the empty patch `out: 0` does not render:\n{base[0].text[-1500:]}')
        baseline = median([r.wall for r in base])
        how_note = ('`phonon render --time-passes` prints its stages: compile = its "source to '
                    'runnable" line when there is one' if probe.ok else
                    '`phonon render` has no `--time-passes` in this build: compile = whole-process '
                    f'wall time of a 0.01 s render minus an empty patch\'s ({baseline * 1000:.0f} ms)')
        rows, stage_rows = [], []
        self.size_results = {}
        ten_line = os.path.join(ROOT, 'examples', 'demo.ph')
        cases = [('10-line patch (examples/demo.ph)', 'demo', 0, ten_line)]
        for shape in shapes:
            for n in sizes:
                cases.append((f'{shape} {n}', shape, n, None))
        memory = self.a.memory_mb
        killed_shapes = {}  # shape: the size that was killed
        for label, shape, n, path in cases:
            if shape in killed_shapes:
                rows.append([label] + ['-'] * 7 + [f'not tried: {killed_shapes[shape]} was killed'])
                self.size_results[(shape, n)] = f'not tried ({killed_shapes[shape]} was killed)'
                continue
            if path is None:
                path = self.write(f'{shape}{n}.ph', PATCHES[shape](n))
            flags = ['--time-passes'] if probe.ok else []
            # The largest patches compile once, in the render that the target times.
            reps = 0 if n >= 100000 else self.runs if n <= 1000 else 1
            compiles = []
            for _ in range(reps):
                compiles.append(self.runner.run(self.render_cmd(path, out, 0.01, extra=flags),
                                                timeout=timeout, memory_mb=memory, output=out))
                if not compiles[-1].ok:
                    break
            bad = next((r for r in compiles if not r.ok), None)
            if not bad:
                long = self.runner.run(self.render_cmd(path, out, audio, extra=flags),
                                       timeout=timeout, memory_mb=memory, output=out)
                bad = None if long.ok else long
            if bad and bad.killed:
                killed_shapes[shape] = f'{n:,}'.replace(',', ' ') if n else label
                rows.append([label] + ['-'] * 7 + [f'{bad.killed} (peak RSS '
                                                   f'{bad.rss_kb / 1024:.0f} MB by then)'])
                self.size_results[(shape, n)] = bad.killed
                continue
            if bad:
                self.fail(f'{label}: phonon render failed (rc={bad.rc}):\n{bad.text[-1500:]}')
                rows.append([label] + ['-'] * 7 + [f'FAILED rc={bad.rc}'])
                self.size_results[(shape, n)] = 'failed'
                continue
            render = long.render_seconds(audio)
            if compiles:
                figures = [self.compile_figure(r, baseline) for r in compiles]
            else:
                figures = [self.compile_figure(long, baseline, render or 0.0)]
            ms = median([f[0] for f in figures])
            how = figures[0][1]
            stages = figures[len(figures) // 2][2]
            # A patch that starts on the interpreter: source to runnable is the interpreter's
            # start, and the JIT's code is ready `ready after` ms later; the targets take the
            # JIT's code.
            # With a baseline tier, its code is the JIT's first (`baseline ready after`), the
            # quick code's (`quick code ready after`) and the optimised code's (`ready after`)
            # later.
            # A patch without feedback skips the baseline tier: its first code is the quick code.
            ready = [f[2]['ready after'] for f in figures if 'ready after' in f[2]]
            jit_ms = ms + median(ready) if len(ready) == len(figures) else ms

            def tier_ms(name):
                got = [f[2][name] for f in figures if name in f[2]]
                return ms + median(got) if got and len(got) == len(figures) else None

            baseline_ms, quick_ms = tier_ms('baseline ready after'), tier_ms('quick code ready after')
            first_jit_ms = baseline_ms or quick_ms or jit_ms
            first_tier = 'baseline' if baseline_ms else 'quick' if quick_ms else None
            if first_tier:
                later = (f'its quick code after {quick_ms:.0f} ms, ' if baseline_ms and quick_ms
                         else '')
                how += (f' (interpreter first; the JIT\'s {first_tier} code after '
                        f'{first_jit_ms:.0f} ms, {later}its optimised code after {jit_ms:.0f} ms)')
            elif jit_ms != ms:
                how += f' (interpreter first; the JIT\'s code after {jit_ms:.0f} ms)'
            if stages:
                stage_rows.append([label, ', '.join(f'{k} {v:.1f}' for k, v in stages.items())])
            rss = long.rss_kb / 1024
            rows.append([label, fnum(ms, '.0f'), how,
                         fnum(median([r.wall for r in compiles]), '.3f'),
                         fnum(max(r.rss_kb for r in compiles) / 1024 if compiles else None, '.0f'),
                         f'{long.wall:.2f}', f'{rss:.0f}',
                         rtf(audio / render if render else None), ''])
            self.size_results[(shape, n)] = dict(compile_ms=jit_ms, first_jit_ms=first_jit_ms,
                                                 first_tier=first_tier, first_sound_ms=ms,
                                                 total=long.wall, rss=rss)
        self.section(
            f'Compile time and render speed of generated patches (JIT, one thread)',
            table(['patch', 'compile ms', 'how', '0.01 s render: process s', 'its peak RSS MB',
                   f'{audio} s render: process s', 'its peak RSS MB', 'render realtime',
                   'note'], rows),
            f'Nodes are DSP nodes (oscillators, filters, delays; not arithmetic). `sum N`: N '
            f'sines in one stack; `chain N`: noise and N − 1 `lpf` in series; `mixed N`: groups of '
            f'saw → lpf (cutoff swept by one of N/50 shared LFO buses) → delay, summed '
            f'(`bench/perf.py patch SHAPE N` prints each). {how_note}. Compile: median of '
            f'{self.runs} 0.01 s renders up to 1 000 nodes, one at 10 000; at 100 000 nodes only the '
            f'{audio} s render runs (the target: compile and render in one process) and the compile '
            f'is its time less the render\'s. The {audio} s render is one run, its realtime factor '
            f'render-only (Phonon\'s summary). A case '
            f'that runs past {timeout:g} s or {memory:g} MB of resident memory is killed and the '
            f'larger sizes of its shape are not tried.')
        if stage_rows:
            self.section('--time-passes stages (ms, median run)', table(['patch', 'stages'], stage_rows))
        self.size_targets(shapes, sizes)

    def size_targets(self, shapes, sizes):
        """Each result is a dict of figures, or why there is none ('not tried', 'failed',
        'timed out after N s', 'over N MB of memory')."""
        r = self.size_results
        demo = r.get(('demo', 0))
        if demo:
            got = demo
            if isinstance(demo, dict):
                got = f'{demo["first_jit_ms"]:.0f} ms'
                notes = []
                if demo['first_jit_ms'] != demo['compile_ms']:
                    notes.append(f'the {demo["first_tier"]} code; the optimised code after '
                                 f'{demo["compile_ms"]:.0f} ms')
                if demo['first_sound_ms'] != demo['compile_ms']:
                    notes.append(f'the interpreter starts after {demo["first_sound_ms"]:.1f} ms')
                if notes:
                    got += f' ({"; ".join(notes)})'
            self.target('10-line patch source to runnable JIT code < 30 ms', got,
                        isinstance(demo, dict) and demo['first_jit_ms'] < 30)
        for n, limit in ((1000, 200), (10000, 2000)):
            got = {s: r[(s, n)] for s in shapes if (s, n) in r}
            if n not in sizes or not got:
                continue
            cells = ', '.join(f'{s} ' + (f'{v["compile_ms"]:.0f} ms' if isinstance(v, dict) else v)
                              for s, v in got.items())
            self.target(f'{n:,} nodes compile < {limit:,} ms'.replace(',', ' '), cells,
                        all(isinstance(v, dict) and v['compile_ms'] < limit for v in got.values()))
        for s in [s for s in ('sum', 'chain') if s in shapes and 100000 in sizes]:
            v = r.get((s, 100000), 'not tried')
            name = f'100 000 {s}: compile + render 10 s < 60 s and < 4 GB'
            if isinstance(v, dict):
                self.target(name, f'{v["total"]:.1f} s, {v["rss"]:.0f} MB',
                            v['total'] < 60 and v['rss'] < 4096)
            else:
                self.target(name, v, False)

    # ---------------------------------------------------------- unchanged recompile
    def recompile(self):
        if not self.wants('recompile'):
            return
        rows = []
        # Each with an edit of one bus: one number of one statement changed.
        cases = [('10-line patch (examples/demo.ph)', os.path.join(ROOT, 'examples', 'demo.ph'),
                  ('lpf 1200 0.7', 'lpf 1300 0.7'))]
        if not self.quick:
            cases.append(('sum 1000', self.write('sum1000.ph', patch_sum(1000)),
                          ('sine 57.3,', 'sine 57.35,')))
        cache_env = dict(os.environ, XDG_CACHE_HOME=self.cache_dir)
        cache_env.pop('PHONON_NO_CACHE', None)
        for label, src, (number, changed) in cases:
            # In one process: a live session whose file gets a comment appended (the same
            # scheduled IR); its swaps.tsv has read-to-compiled-code time.
            d = tempfile.mkdtemp(dir=self.work, prefix='live-')
            text = open(src).read()
            live = os.path.join(d, 'live.ph')
            with open(os.path.join(d, 'edits.txt'), 'w') as f:
                f.write('1.0 edit.ph\n')
            heard = os.path.join(d, 'heard.wav')

            def live_sessions(edited):
                """Recompile ms of each run's live session whose file is saved as `edited`."""
                with open(os.path.join(d, 'edit.ph'), 'w') as f:
                    f.write(edited)
                times = []
                for _ in range(self.runs):
                    # The session saves the edit over FILE: each run starts from the original.
                    with open(live, 'w') as f:
                        f.write(text)
                    shutil.rmtree(self.cache_dir, ignore_errors=True)
                    run = self.runner.run([self.phonon, 'live', live, '--render', heard,
                                           '--duration', '6', '--edits',
                                           os.path.join(d, 'edits.txt')],
                                          timeout=60, env=cache_env)
                    times.append(self.live_recompile_ms(run, heard + '.swaps.tsv', label))
                return times

            ms = live_sessions(text + '-- the same patch, saved again with a comment\n')
            # Across processes: the disk cache, cold then warm.
            out = os.path.join(d, 'x.wav')
            cold, warm = [], []
            for _ in range(self.runs):
                shutil.rmtree(self.cache_dir, ignore_errors=True)
                cold.append(self.runner.run(self.render_cmd(src, out, 0.01), env=cache_env,
                                            output=out).wall)
                warm.append(self.runner.run(self.render_cmd(src, out, 0.01), env=cache_env,
                                            output=out).wall)
            # The same session, the edit one number of one bus: only the modules of the kernels
            # that hold it are compiled (the others come from the JIT cache).
            if number not in text:
                self.fail(f'{label}: no `{number}` to edit')
            edits = live_sessions(text.replace(number, changed, 1))
            got = median(ms)
            compiled = sum(1 for x in ms if x is not None)
            rows.append([label, fnum(got, '.1f') + (f' ({compiled} of {len(ms)} edits compiled)'
                                                    if compiled < len(ms) else ''),
                         fnum(median(edits), '.1f'),
                         f'{median(cold) * 1000:.0f}',
                         f'{median(warm) * 1000:.0f}'])
            if label.startswith('10-line'):
                self.target('unchanged recompile < 5 ms (live session, 10-line patch)',
                            fnum(got, '.1f') + ' ms', None if got is None else got < 5)
        self.section(
            f'Unchanged recompile (median of {self.runs})',
            table(['patch', 'in process: live re-save, ms', 'in process: live edit of one bus, ms',
                   'new process, empty cache: 0.01 s '
                   'render, ms', 'new process, cache filled: ms'], rows),
            'In process: `phonon live FILE --render … --duration 6 --edits` saves FILE again at 1 s with a '
            'comment appended (the same scheduled IR), or with one number of one bus changed; the '
            'time is from reading the file to the '
            'compiled code being ready (swaps.tsv: jit_ms, or compile_ms when the interpreter '
            'did not stand in). Across processes: whole-process wall time of a 0.01 s render, '
            'the JIT cache in a folder of this run (emptied, then filled by the first render).')

    def live_recompile_ms(self, run, tsv, label):
        if not run.ok or not os.path.exists(tsv):
            self.fail(f'{label}: phonon live failed (rc={run.rc}):\n{run.text[-1500:]}')
            return None
        lines = open(tsv).read().splitlines()
        if len(lines) < 2:
            return None
        cols = dict(zip(lines[0].split('\t'), lines[1].split('\t')))
        for key in ('jit_ms', 'compile_ms'):
            try:
                return float(cols.get(key, '-'))
            except ValueError:
                continue
        self.say(f'   {label}: the live edit was not compiled: {cols.get("result", "?")}')
        return None

    # ---------------------------------------------------------- report
    def report(self, machine, started):
        title = (f'## Issue 15: bench/run.sh ({started:%Y-%m-%d}, {machine["commit"]}'
                 + (', QUICK' if self.quick else '')
                 + (f', ONLY={",".join(sorted(self.only))}' if self.only else '') + ')')
        lines = [title, '',
                 f'`bench/run.sh` at {started:%H:%M} UTC on {machine["branch"]} '
                 f'{machine["commit"]}; {machine["cpu"]}, {machine["nproc"]} cores, kernel '
                 f'{machine["kernel"]}; load average {machine["load"]} at the start, '
                 f'{" ".join(f"{x:.1f}" for x in os.getloadavg())} at the end; {self.runs} '
                 f'run(s) per figure, interleaved. Took {time.time() - self.t0:.0f} s.', '']
        if self.peers:
            used = {'faust': 'faust-', 'scsynth': 'sc', 'csound': 'csound-', 'g++': ''}
            versions = [v for k, v in self.versions.items()
                        if k in used and any(s.startswith(used[k]) for s in self.peers)]
            lines += ['Peers: ' + ', '.join(self.peers) + f' (built in {self.peer_build} by '
                      f'{self.a.peers_dir}/run.sh); ' + '; '.join(versions) + '.', '']
        lines += [n + '\n' for n in self.notes]
        lines += ['### Acceptance (issue 15)', '',
                  table(['target', 'measured', 'verdict'], self.targets), '']
        for t, body in self.sections:
            lines += [f'### {t}', '', body, '']
        if self.failures:
            lines += ['### Wrong outputs (the run failed)', ''] + [f'- {f.splitlines()[0]}'
                                                                  for f in self.failures] + ['']
        section = '\n'.join(lines).rstrip() + '\n'
        self.say('\n== acceptance (issue 15)\n' + table(['target', 'measured', 'verdict'],
                                                          self.targets))
        if self.a.results == '-':
            return
        path = self.a.results
        old = open(path).read() if os.path.exists(path) else '# Benchmark results\n'
        parts = re.split(r'(?m)^(?=## )', old)
        head, rest = parts[0], [p for p in parts[1:] if not p.startswith(title + '\n')]
        text = head.rstrip() + '\n\n' + section + ''.join('\n' + p.rstrip() + '\n' for p in rest)
        with open(path, 'w') as f:
            f.write(text)
        self.say(f'\nwrote the section "{title[3:]}" of {path}')

    def main(self):
        self.t0 = time.time()
        started = datetime.datetime.now(datetime.timezone.utc)
        self.check_tools()
        self.load_peers()
        machine = self.machine()
        self.versions = self.peer_bench.versions() if self.peers else {}
        self.say(f'phonon {self.phonon} at {machine["commit"]}; peers: {", ".join(self.peers) or "none"}; '
                 f'runs {self.runs}{"; QUICK" if self.quick else ""}; work folder {self.work}; '
                 f'load {machine["load"]}')
        self.workloads()
        self.threads()
        self.sizes()
        self.recompile()
        self.report(machine, started)
        if self.failures:
            self.say(f'\nFAILED: {len(self.failures)} wrong or failed output(s), listed above '
                     f'(commands and their output: {self.runner.log_path})')
            return 1
        return 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'patch':
        if len(sys.argv) != 4 or not sys.argv[3].isdigit():
            sys.exit('usage: perf.py patch sum|chain|mixed|w5 N')
        shape, n = sys.argv[2], int(sys.argv[3])
        if shape == 'w5':
            sys.path.insert(0, os.environ.get('PEERS_DIR', os.path.join(ROOT, '..', 'shared', 'bench')))
            import gen  # noqa: E402
            sys.stdout.write(patch_w5(n, gen))
        elif shape in PATCHES and n >= (4 if shape == 'mixed' else 2 if shape == 'chain' else 1):
            sys.stdout.write(PATCHES[shape](n))
        else:
            sys.exit(f'perf.py: no patch "{shape}" of {n} nodes (sum: 1 or more, chain: 2 or '
                     f'more, mixed: 4 or more)')
        return 0
    ap = argparse.ArgumentParser(prog='perf.py run', description=__doc__.split('\n\n')[0])
    ap.add_argument('cmd', choices=['run'])
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--peers-dir', default=os.path.join(ROOT, '..', 'shared', 'bench'))
    ap.add_argument('--peers-build', default='/tmp/peers')
    ap.add_argument('--peers', default='', help='comma list of bench.py systems, "all" or "none"')
    ap.add_argument('--work', default=os.path.join(tempfile.gettempdir(), 'phonon-bench'))
    ap.add_argument('--runs', type=int, default=0)
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--only', default='', help='w1..w5, workloads, threads, sizes, sum, chain, '
                    'mixed, recompile')
    ap.add_argument('--sizes', default='', help='comma list of node counts')
    ap.add_argument('--timeout', type=float, default=120.0)
    ap.add_argument('--memory-mb', type=float, default=6144.0,
                    help='resident memory at which a generated patch\'s process is killed')
    ap.add_argument('--results', default=os.path.join(HERE, 'RESULTS.md'),
                    help='the file whose dated section is written; "-" for none')
    return Bench(ap.parse_args()).main()


if __name__ == '__main__':
    sys.exit(main())
