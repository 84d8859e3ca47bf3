#!/usr/bin/env bash
# Runs the libFuzzer targets of Fuzz/ (a separate SwiftPM package) and reports per target:
# executions, exec/s, coverage and findings (crash/timeout/oom/leak reproducers).
#
#   scripts/fuzz.sh [--update-corpus] [--jobs N] [SECONDS_PER_TARGET] [TARGET...]
#
#   SECONDS_PER_TARGET  default 600 (CI uses 60)
#   TARGET              FuzzSTOMP FuzzEvents FuzzDialNumber FuzzConfig (default: all)
#   --update-corpus     merge the inputs that add coverage into Fuzz/Corpus/<target>/
#                       (default: new inputs go to a temporary directory and are discarded)
#   --jobs N            run N targets at a time (default 1)
#
# Environment: SWIFT (default swift); FUZZ_WORK (where runs write logs, new inputs and
# reproducers; default a fresh temporary directory, kept when there is a finding);
# FUZZ_IGNORE=tag,... (tolerate reported invariant tags, e.g. secret-in-error, to explore past
# a known finding).
#
# Exit status: 0 no finding; 1 a finding (reproducers are listed); 2 usage or build error.
# Installs nothing. Needs a Swift toolchain whose clang runtime has libFuzzer (swift.org Linux
# toolchains do); fails with a clear message otherwise.
set -euo pipefail

ALL_TARGETS=(FuzzSTOMP FuzzEvents FuzzDialNumber FuzzConfig)
SWIFT=${SWIFT:-swift}
seconds=600
jobs=1
update_corpus=0
targets=()

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --update-corpus) update_corpus=1 ;;
        --jobs) shift; jobs=${1:-}; [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "error: --jobs needs a positive number" >&2; exit 2; } ;;
        -h|--help) usage; exit 0 ;;
        [0-9]*) [[ "$1" =~ ^[1-9][0-9]*$ ]] || { echo "error: bad seconds '$1'" >&2; exit 2; }; seconds=$1 ;;
        Fuzz*)
            if [[ " ${ALL_TARGETS[*]} " != *" $1 "* ]]; then
                echo "error: unknown target '$1' (known: ${ALL_TARGETS[*]})" >&2; exit 2
            fi
            targets+=("$1") ;;
        *) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
fuzz_dir="$root/Fuzz"
[ -f "$fuzz_dir/Package.swift" ] || { echo "error: $fuzz_dir/Package.swift not found" >&2; exit 2; }
command -v "$SWIFT" >/dev/null || { echo "error: '$SWIFT' not found; a Swift toolchain is needed to build the fuzzers" >&2; exit 2; }

# SwiftPM names a path dependency after its directory: a checkout itself called "Fuzz" would
# collide with the Fuzz/ package ("product ... not found").
if [ "$(basename "$root" | tr '[:upper:]' '[:lower:]')" = fuzz ]; then
    echo "error: the checkout directory is named '$(basename "$root")', which SwiftPM confuses with the Fuzz/ package;" >&2
    echo "       run from a checkout in a directory with another name" >&2
    exit 2
fi

# The Swift runtime's crash backtracer reads the stack in a way ASan reports as a second error;
# libFuzzer and ASan print the stack of a finding themselves.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

build_flags=(-c release --package-path "$fuzz_dir" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
work=${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/wellclient-fuzz.XXXXXX")}
mkdir -p "$work"

echo "== building fuzzers (swift build ${build_flags[*]})"
if ! "$SWIFT" build "${build_flags[@]}" >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    echo "error: could not build the fuzz targets with $("$SWIFT" --version 2>&1 | head -n 1)." >&2
    echo "       They need -sanitize=fuzzer (libFuzzer from the toolchain's clang runtime); full log: $work/build.log" >&2
    exit 2
fi
bin=$("$SWIFT" build "${build_flags[@]}" --show-bin-path)

# One target: fuzz for $seconds, then summarise into $work/<target>/summary.
run_target() {
    set +e +o pipefail  # a missing statistic must not end the summary
    local target=$1 dir="$work/$1"
    mkdir -p "$dir/new-corpus" "$dir/artifacts"
    local inputs=("$fuzz_dir/Corpus/$target")
    [ -d "$fuzz_dir/Crashes/$target" ] && inputs+=("$fuzz_dir/Crashes/$target")
    local dict=()
    [ -f "$fuzz_dir/Dictionaries/$target.dict" ] && dict=(-dict="$fuzz_dir/Dictionaries/$target.dict")
    local status=0
    LSAN_OPTIONS="suppressions=$fuzz_dir/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
    "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1 "${dict[@]}" -artifact_prefix="$dir/artifacts/" \
        "$dir/new-corpus" "${inputs[@]}" >"$dir/fuzz.log" 2>&1 || status=$?

    if [ "$update_corpus" = 1 ]; then
        "$bin/$target" -merge=1 "${dict[@]}" "$fuzz_dir/Corpus/$target" "$dir/new-corpus" >"$dir/merge.log" 2>&1 || true
    fi

    local execs rate cov ft corp findings
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/fuzz.log" | tail -n 1 | awk '{print $2}')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$dir/fuzz.log" | tail -n 1 | awk '{print $2}')
    if [ -z "$execs" ]; then  # no final stats (e.g. killed): the last status line
        execs=$(grep -o '^#[0-9]*' "$dir/fuzz.log" | tail -n 1 | tr -d '#')
        rate=$(grep -o 'exec/s: [0-9]*' "$dir/fuzz.log" | tail -n 1 | awk '{print $2}')
    fi
    cov=$(grep -o 'cov: [0-9]*' "$dir/fuzz.log" | tail -n 1 | awk '{print $2}')
    ft=$(grep -o 'ft: [0-9]*' "$dir/fuzz.log" | tail -n 1 | awk '{print $2}')
    corp=$(grep -o 'corp: [0-9]*/[0-9]*[bKM]*' "$dir/fuzz.log" | tail -n 1 | awk '{print $2}')
    findings=$(find "$dir/artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
    if [ -z "$findings" ] && [ "$status" != 0 ]; then
        findings="(libFuzzer exited with status $status and wrote no reproducer; see $dir/fuzz.log)"
    fi
    {
        printf '%-15s %12s %9s %7s %8s %12s  %s\n' "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
            "$([ -z "$findings" ] && echo none || echo FINDING)"
        [ -z "$findings" ] || echo "$findings" | sed 's/^/    /'
    } >"$dir/summary"
    [ -z "$findings" ]
}

echo "== fuzzing ${targets[*]} for ${seconds}s each (jobs: $jobs; work: $work)"
pids=()
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
    echo "   $target started $(date +%H:%M:%S)"
    run_target "$target" &
    pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done

echo
printf '%-15s %12s %9s %7s %8s %12s  %s\n' target executions exec/s cov ft corpus findings
for target in "${targets[@]}"; do cat "$work/$target/summary"; done

if [ "$failed" = 1 ]; then
    echo
    for target in "${targets[@]}"; do
        if grep -q FINDING "$work/$target/summary"; then
            echo "== $target: end of $work/$target/fuzz.log"
            grep -v -E '^#[0-9]+|^\s+NEW_FUNC|^INFO:' "$work/$target/fuzz.log" | tail -n 40
        fi
    done
    echo "FINDINGS: minimise with <bin>/<target> -minimize_crash=1 -runs=10000 <file>, keep the reproducer in"
    echo "Fuzz/Crashes/<target>/ (replayed by the FuzzRegression* tests). bin: $bin"
    exit 1
fi
[ -n "${FUZZ_WORK:-}" ] || rm -rf "$work"
echo "no findings"
