#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/) from migrations-examples/ and the shared corpus
# of real-world app exports (default: ../shared/corpus beside the repository; override with
# SHARED_CORPUS=DIR). Files are named by content hash, so re-running only adds what is new.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd .. && pwd)"
SHARED="${SHARED_CORPUS:-$ROOT/../shared/corpus}"
CORPUS="$PWD/corpus"
mkdir -p "$CORPUS"/{app_schema_json,app_schema_yaml,realm_model,realm_shorthand,app_dir,diff_models,infer_ejson,infer_bson}

sources=("$ROOT/migrations-examples")
if [ -d "$SHARED" ]; then sources+=("$SHARED"); else echo "seed: no shared corpus at $SHARED (skipped)"; fi

# put TARGET < content: stores stdin under its hash.
put() {
    local tmp
    tmp="$(mktemp)"
    cat > "$tmp"
    if [ -s "$tmp" ]; then
        mv "$tmp" "$CORPUS/$1/$(sha1sum "$tmp" | cut -c1-40)"
    else
        rm -f "$tmp"
    fi
}

# Single documents: every JSON file feeds the JSON loaders; JSON is YAML too, so YAML gets both.
while IFS= read -r -d '' f; do
    put app_schema_json < "$f"
    put realm_model < "$f"
    put app_schema_yaml < "$f"
done < <(find "${sources[@]}" -type f -name '*.json' -print0)
while IFS= read -r -d '' f; do
    put app_schema_yaml < "$f"
done < <(find "${sources[@]}" -type f \( -name '*.yaml' -o -name '*.yml' \) -print0)

# App directories: schema.json NUL relationships.json NUL sync/config.json NUL a sibling schema.json
# (see fuzz_targets/app_dir.rs), for every collection of every app export.
app_root_of() {
    local d="$1"
    while [ "$d" != "/" ]; do
        if [ -d "$d/data_sources" ] || [ -f "$d/sync/config.json" ]; then echo "$d"; return; fi
        d="$(dirname "$d")"
    done
}
while IFS= read -r -d '' s; do
    coll="$(dirname "$s")"
    root="$(app_root_of "$coll" || true)"
    sibling="$(find "$(dirname "$coll")" -mindepth 2 -maxdepth 2 -name schema.json ! -path "$s" | sort | sed -n 1p)"
    {
        cat "$s"
        printf '\0'
        [ -f "$coll/relationships.json" ] && cat "$coll/relationships.json"
        printf '\0'
        [ -n "$root" ] && [ -f "$root/sync/config.json" ] && cat "$root/sync/config.json"
        printf '\0'
        [ -n "$sibling" ] && cat "$sibling"
        true
    } | put app_dir
done < <(find "${sources[@]}" -type f -name schema.json -path '*data_sources*' -print0)

# Shorthand types: every spelling the parser documents, plus near misses.
for t in bool int float double string data date decimal128 objectId uuid mixed counter Dog \
    'string?' 'int[]' 'int?[]' 'Dog<>' 'float{}' 'mixed{}' 'uuid?<>' 'Dog?[]' 'objectId?{}' \
    'int[]?' '{}' 'decimal' 'list' 'linkingObjects' 'a.b-c_d' '?' '[]'; do
    printf '%s' "$t" | put realm_shorthand
done

# infer: the fixtures of tests/infer/ cut into small inputs (1, 3 and 10 documents; both EJSON
# flavours and BSON), plus a JSON array.
python3 - "$ROOT/tests/infer" "$CORPUS" <<'PY'
import hashlib, os, struct, sys
src, out = sys.argv[1], sys.argv[2]
def put(target, data):
    if data:
        with open(os.path.join(out, target, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
for name in ("orders.canonical.jsonl", "orders.relaxed.jsonl"):
    lines = open(os.path.join(src, name), "rb").read().splitlines(keepends=True)
    for i in range(0, min(len(lines), 30)):
        put("infer_ejson", lines[i])
    for n in (3, 10):
        put("infer_ejson", b"".join(lines[:n]))
    put("infer_ejson", b"[" + b",".join(l.strip() for l in lines[:5]) + b"]")
data = open(os.path.join(src, "orders.bson"), "rb").read()
docs, at = [], 0
while at + 4 <= len(data) and len(docs) < 30:
    n = struct.unpack("<i", data[at:at + 4])[0]
    docs.append(data[at:at + n]); at += n
for d in docs:
    put("infer_bson", d)
for n in (3, 10):
    put("infer_bson", b"".join(docs[:n]))
PY

for d in "$CORPUS"/*; do echo "seed: $(basename "$d"): $(find "$d" -type f | wc -l) inputs"; done
