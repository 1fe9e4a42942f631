#!/usr/bin/env bash
# Renders every patch of the fuzz corpus, the examples and the lit tests with the real
# `phonon render` and reports each run that no input may cause: an abort (killed by a signal,
# rc >= 128), a hang (past the timeout), "internal error" in the output, a `.tmp-` file left
# beside the output, a failure without a diagnostic, or rc 0 without an output file.
# A rejection (rc 1 with an `error:` diagnostic) is fine. See README.md for the options.
set -u

usage() {
  cat <<'EOF'
usage: test/fuzz/render-corpus.sh [options] [INPUT...]
  --phonon PATH      the phonon binary (default: build/tools/phonon)
  -j N               parallel renders, 1 or 2 (default 1)
  --timeout S        seconds before a render counts as a hang (default 60)
  --duration S       seconds rendered per patch (default 2)
  --interp-every K   also render every K-th input with --engine interp (default 10; 0: never)
  --sample K         only every K-th input (default 1: all)
  --work DIR         keep outputs and logs in DIR (default: a temporary folder, removed)
  INPUT...           files or folders (default: test/fuzz/corpus/frontend, examples/*.ph,
                     test/lit/**/*.ph)
Exit status: 0 when no run aborted, hung, or failed without a diagnostic; 1 otherwise.
EOF
}

root=$(cd "$(dirname "$0")/../.." && pwd)
phonon=$root/build/tools/phonon
jobs=1 timeout_s=60 duration=2 interp_every=10 sample=1 work='' inputs=()
while [ $# -gt 0 ]; do
  case $1 in
    --phonon) phonon=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --interp-every) interp_every=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "render-corpus: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) inputs+=("$1"); shift ;;
  esac
done
case $jobs in 1|2) ;; *) echo "render-corpus: -j must be 1 or 2 (the machine is shared)" >&2; exit 2 ;; esac
[ -x "$phonon" ] || { echo "render-corpus: no phonon binary at $phonon (build it first)" >&2; exit 2; }
if [ ${#inputs[@]} -eq 0 ]; then
  inputs=("$root/test/fuzz/corpus/frontend" "$root"/examples/*.ph "$root/test/lit")
fi

keep_work=1
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/render-corpus.XXXXXX")
  keep_work=0
fi
mkdir -p "$work/runs"
list=$work/inputs.txt
: >"$list"
for input in "${inputs[@]}"; do
  if [ -d "$input" ]; then
    # The corpus holds every file; a lit folder holds .ph patches among other files.
    case $input in
      */corpus/*) find "$input" -type f ;;
      *) find "$input" -type f -name '*.ph' ;;
    esac
  else
    printf '%s\n' "$input"
  fi
done | LC_ALL=C sort | awk -v k="$sample" '(NR - 1) % k == 0' >"$list"

# One render: prints "STATUS<TAB>engine<TAB>input<TAB>rc<TAB>cause" into its own result file.
render_one() {
  local index=$1 engine=$2 input=$3
  local dir=$work/runs/$index-$engine
  mkdir -p "$dir"
  local start=$SECONDS
  timeout -k 5 "$timeout_s" "$phonon" render "$input" -o "$dir/out.wav" --duration "$duration" \
    --threads 1 --engine "$engine" >"$dir/log" 2>&1
  local rc=$? elapsed=$((SECONDS - start)) status cause=
  if [ $rc -eq 124 ] || [ $elapsed -ge "$timeout_s" ]; then
    status=HANG cause="no result after ${timeout_s} s"
  elif [ $rc -ge 128 ]; then
    status=ABORT
    cause=$(grep -m1 -E "terminate called|Assertion|AddressSanitizer|runtime error|what\(\)" "$dir/log" |
      tr '\t' ' ')
    [ -n "$cause" ] || cause="signal $((rc - 128))"
  elif grep -q 'internal error' "$dir/log"; then
    status=INTERNAL cause=$(grep -m1 'internal error' "$dir/log" | tr '\t' ' ')
  elif [ $rc -ne 0 ] && ! grep -q 'error:' "$dir/log"; then
    status=SILENT cause="rc $rc without a diagnostic"
  elif [ $rc -eq 0 ] && [ ! -s "$dir/out.wav" ]; then
    status=SILENT cause="rc 0 but no output file"
  elif [ $rc -eq 0 ]; then
    status=RENDERED
  else
    status=REJECTED
  fi
  if compgen -G "$dir/.*.tmp-*" >/dev/null; then
    [ "$status" = RENDERED ] || [ "$status" = REJECTED ] && status=TMPFILE
    cause="${cause:+$cause; }left a .tmp- file beside the output"
  fi
  rm -f "$dir/out.wav"
  printf '%s\t%s\t%s\t%s\t%s\n' "$status" "$engine" "$input" "$rc" "$cause" >"$dir/result"
}
export -f render_one
export work phonon timeout_s duration

# shellcheck disable=SC2016 # the inner bash expands $1
awk -v k="$interp_every" '{ print NR "\tjit\t" $0; if (k > 0 && (NR - 1) % k == 0) print NR "\tinterp\t" $0 }' \
  "$list" | tr '\n' '\0' |
  xargs -0 -P "$jobs" -I{} bash -c 'IFS=$'"'"'\t'"'"' read -r i e f <<<"$1"; render_one "$i" "$e" "$f" 2>/dev/null' _ {}

results=$work/results.tsv
cat "$work"/runs/*/result >"$results" 2>/dev/null
count() { awk -F'\t' -v s="$1" -v e="$2" '$1 == s && $2 == e' "$results" | wc -l; }
echo "render-corpus: $(wc -l <"$list") inputs, ${duration} s each, $phonon"
for engine in jit interp; do
  total=$(awk -F'\t' -v e=$engine '$2 == e' "$results" | wc -l)
  [ "$total" -gt 0 ] || continue
  printf '  %-6s %5d runs: %d rendered, %d rejected with a diagnostic, %d aborted, %d hung, %d internal errors, %d silent failures, %d left a .tmp- file\n' \
    $engine "$total" "$(count RENDERED $engine)" "$(count REJECTED $engine)" "$(count ABORT $engine)" \
    "$(count HANG $engine)" "$(count INTERNAL $engine)" "$(count SILENT $engine)" "$(count TMPFILE $engine)"
done
problems=$(awk -F'\t' '$1 != "RENDERED" && $1 != "REJECTED"' "$results")
if [ -n "$problems" ]; then
  echo "problems, by cause (each with its inputs):"
  printf '%s\n' "$problems" | awk -F'\t' '
    { key = $1 ": " $5; if (!(key in n)) order[++k] = key; n[key]++; files[key] = files[key] "\n      " $2 " " $3 }
    END { for (i = 1; i <= k; i++) print "  " n[order[i]] " x " order[i] files[order[i]] }'
fi
if [ $keep_work -eq 1 ]; then echo "results: $results, logs under $work/runs"; else rm -rf "$work"; fi
[ -z "$problems" ]
