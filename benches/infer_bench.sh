#!/usr/bin/env bash
# Side-by-side benchmark of `syncplan infer` (docs/performance.md, "## infer").
#
# On the same generated documents (shared/bench/gen_docs.py: orders, users, products in BSON,
# canonical and relaxed Extended JSON lines) it runs, one after the other:
#   - syncplan infer (release build, all cores) on orders.bson, orders.canonical.jsonl, orders.relaxed.jsonl;
#   - the anchors: mongodb-schema (npm; the library Compass uses; harness shared/bench/mongodb_schema_bench.js)
#     and genson (PyPI; JSON Schema builder, fed the relaxed lines as plain JSON);
#   - the floors: the same bytes only parsed on one core (cargo bench --bench infer_floor: the bson crate's
#     RawDocument walk, serde_json into IgnoredAny).
# and prints a Markdown table: documents/s, MB/s and peak RSS (GNU time's maximum resident set size) per run,
# and each syncplan run's speed as a multiple of mongodb-schema's on the same file.
#
# Usage: benches/infer_bench.sh [ORDERS]      ORDERS orders (default 100000, about 107 MB of BSON)
# Env:   INFER_BENCH_DIR  work directory (default /tmp/syncplan-infer-bench; data is generated once per size)
#        ANCHORS=0        skip mongodb-schema and genson (e.g. for a 1 GB input)
#        SHARED           directory holding gen_docs.py and mongodb_schema_bench.js (default ../shared/bench)
#        REPEAT=N         runs of each syncplan and floor measurement (default 3); the median time is reported
#                         (with the largest peak RSS). The anchors run once: they take minutes.
# Needs: cargo, python3 + pip (pymongo, genson), node + npm (mongodb-schema, bson), GNU time (/usr/bin/time).
set -euo pipefail

ORDERS=${1:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
WORK=${INFER_BENCH_DIR:-/tmp/syncplan-infer-bench}
DATA=$WORK/data-$ORDERS
ANCHORS=${ANCHORS:-1}
REPEAT=${REPEAT:-3}
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "infer_bench: GNU time (/usr/bin/time) is needed for peak RSS (apt-get install time)" >&2; exit 2; }
mkdir -p "$WORK"

python3 -c 'import bson' 2>/dev/null || pip install -q pymongo
if [ ! -s "$DATA/orders.bson" ]; then
  echo "generating $ORDERS orders into $DATA ..." >&2
  python3 "$SHARED/gen_docs.py" --out "$DATA" --orders "$ORDERS" >&2
fi

echo "building ..." >&2
(cd "$ROOT" && cargo build --release --quiet && cargo bench --bench infer_floor --no-run --quiet 2>/dev/null)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
SYNCPLAN=$TARGET/release/syncplan
FLOOR=$(ls -t "$TARGET"/release/deps/infer_floor-* | grep -v '\.d$' | head -n 1)

if [ "$ANCHORS" = 1 ]; then
  if [ ! -d "$WORK/node/node_modules/mongodb-schema" ]; then
    mkdir -p "$WORK/node"
    (cd "$WORK/node" && npm init -y >/dev/null && npm install --silent mongodb-schema bson >&2)
  fi
  cp "$SHARED/mongodb_schema_bench.js" "$WORK/node/"
  python3 -c 'import genson' 2>/dev/null || pip install -q genson
  cat > "$WORK/genson_bench.py" <<'PY'
import json, sys
from genson import SchemaBuilder
b = SchemaBuilder()
n = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        if line.strip():
            b.add_object(json.loads(line))
            n += 1
json.dump(b.to_schema(), open(sys.argv[2], "w"))
print(f"docs={n}", file=sys.stderr)
PY
fi

ROWS=()
declare -A MS   # mongodb-schema seconds per input
measure() {  # label input command...
  local label=$1 input=$2; shift 2
  local out=$WORK/time.txt
  if ! "$TIME" -f '%e %M' -o "$out" "$@" >/dev/null 2>"$WORK/stderr.txt"; then
    echo "infer_bench: $label failed:" >&2; cat "$WORK/stderr.txt" >&2; exit 1
  fi
  local secs kb
  read -r secs kb < <(tail -n 1 "$out")
  echo "$label $input $secs $kb"
}
median() {  # label input command...: REPEAT runs of measure; prints "label input median_secs max_kb"
  local label=$1 input=$2; shift 2
  local all=() kbmax=0 l i s kb
  for ((i = 0; i < REPEAT; i++)); do
    read -r l _ s kb < <(measure "$label" "$input" "$@")
    all+=("$s")
    (( kb > kbmax )) && kbmax=$kb
  done
  s=$(printf '%s\n' "${all[@]}" | sort -g | sed -n "$(( (REPEAT + 1) / 2 ))p")
  echo "$label $input $s $kbmax"
}
row() {  # label input seconds kb
  local label=$1 input=$2 secs=$3 kb=$4
  local bytes docs
  bytes=$(stat -c %s "$DATA/$input")
  docs=$ORDERS
  local ratio=""
  if [[ $label == "syncplan infer"* ]]; then
    local key=$input
    [ -n "${MS[$key]:-}" ] && ratio=$(python3 -c "print(f'{${MS[$key]}/max($secs,1e-9):.0f}x')")
  fi
  ROWS+=("$(python3 -c "
secs=max($secs,1e-9); print(f'| $label | $input | {$docs} | {$bytes/1e6:.0f} | {secs:.2f} | {$docs/secs:,.0f} | {$bytes/1e6/secs:.1f} | {$kb/1024:.0f} | $ratio |')")")
}

for f in orders.bson orders.canonical.jsonl orders.relaxed.jsonl; do
  if [ "$ANCHORS" = 1 ]; then
    fmt=jsonl; [[ $f == *.bson ]] && fmt=bson
    read -r _ _ s kb < <(measure "mongodb-schema" "$f" node "$WORK/node/mongodb_schema_bench.js" "$DATA/$f" --format "$fmt" --out "$WORK/ms.json")
    MS[$f]=$s
    row "mongodb-schema (npm)" "$f" "$s" "$kb"
  fi
  read -r _ _ s kb < <(median "syncplan" "$f" "$SYNCPLAN" infer "$DATA/$f" --collection orders)
  row "syncplan infer ($(nproc) threads)" "$f" "$s" "$kb"
  read -r _ _ s kb < <(median "syncplan" "$f" "$SYNCPLAN" infer "$DATA/$f" --collection orders --threads 1)
  row "syncplan infer (1 thread)" "$f" "$s" "$kb"
  read -r _ _ s kb < <(median "floor" "$f" "$FLOOR" "$DATA/$f")
  what="serde_json IgnoredAny"; [[ $f == *.bson ]] && what="bson RawDocument walk"
  row "floor: $what (1 thread)" "$f" "$s" "$kb"
  if [ "$ANCHORS" = 1 ] && [ "$f" = orders.relaxed.jsonl ]; then
    read -r _ _ s kb < <(measure "genson" "$f" python3 "$WORK/genson_bench.py" "$DATA/$f" "$WORK/genson.json")
    row "genson (PyPI)" "$f" "$s" "$kb"
  fi
done

echo
echo "orders: $ORDERS documents; $(nproc) cores; syncplan and floors: median of $REPEAT runs; $(date -u +%Y-%m-%d); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | input | documents | MB | seconds | documents/s | MB/s | peak RSS (MB) | vs mongodb-schema |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
