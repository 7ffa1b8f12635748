#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 30) with libFuzzer through cargo-fuzz, at the
# lowest CPU priority. Exits 0 when no target found a crash, 1 when one did (the input is saved
# under fuzz/artifacts/<target>/), 2 when fuzzing cannot run here.
#
# The stable toolchain is used with RUSTC_BOOTSTRAP=1 (libFuzzer's instrumentation flags are
# accepted by stable rustc; the sanitizer is off: the crate is safe Rust, and overflow checks
# and debug assertions are on). Seeds the corpora first when they are missing (fuzz/seed.sh).
#
#   fuzz/run.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")"
SECS="${1:-30}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(app_schema_json app_schema_yaml realm_model realm_shorthand app_dir diff_models infer_ejson infer_bson)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz is not installed (cargo install cargo-fuzz); cannot fuzz here" >&2
    exit 2
fi
export RUSTC_BOOTSTRAP=1
FLAGS=(-O -a --sanitizer none)
mkdir -p logs
if ! nice -n 19 cargo fuzz build "${FLAGS[@]}" >"logs/build-$$.log" 2>&1; then
    tail -n 30 "logs/build-$$.log" >&2
    echo "fuzz: building the fuzz targets failed (fuzz/logs/build-$$.log)" >&2
    exit 2
fi
[ -d corpus/app_dir ] && [ -d corpus/infer_bson ] || ./seed.sh

failed=()
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    dict=()
    case "$t" in
        app_schema_json | app_schema_yaml | realm_model | app_dir) dict=(-dict=dict/schema.dict) ;;
    esac
    log="logs/$t.log"
    nice -n 19 cargo fuzz run "${FLAGS[@]}" "$t" "corpus/$t" -- \
        -max_total_time="$SECS" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" "${dict[@]}" >"$log" 2>&1
    rc=$?
    execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -n 1)"
    if [ $rc -eq 0 ]; then
        echo "fuzz: $t: ${SECS}s, ${execs:-?} executions, no crash"
    else
        echo "fuzz: $t: FAILED (exit $rc) after ${execs:-?} executions; see fuzz/$log and fuzz/artifacts/$t/"
        grep -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | head -n 5
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]}"
    exit 1
fi
echo "fuzz: every target (${#TARGETS[@]}) ran ${SECS}s without a crash"
