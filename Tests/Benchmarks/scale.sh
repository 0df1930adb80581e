#!/usr/bin/env bash
# How cost grows with the store: synthetic stores of 10k, 100k and 1M talks (10k records in every
# other collection), each served by one pinned event loop and measured with wrk pinned to the
# other core — talk item (ids varied over all talks), first list page, a page deep in the list
# (cursor from the middle), a filtered list (a tenth of the talks), a search (16 words varied) —
# plus start-up time and RSS, and EXPLAIN QUERY PLAN of the list queries. The servers run with
# --response-cache 0: what is measured is the store's work at each size, not kept answers.
#   Tests/Benchmarks/scale.sh [--sizes "10000 100000 1000000"] [--seconds S] [--repeat R] [--dir DIR]
# Each cell is the median of R runs (default 3): on a shared VM one run's p99 mostly measures steal.
# Stores are built into DIR (default /tmp/parley-scale) once and reused; 1M takes ~10 min to
# build and ~3 GB. Needs wrk, curl, python3, sqlite3 (for the plans).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Tests/Benchmarks
sizes="10000 100000 1000000"
seconds=5
repeat=3
dir=/tmp/parley-scale
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
swift build -c release --product parley >/dev/null
bin=$PWD/.build/release/parley
mkdir -p "$dir"
port=18421
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null || true' EXIT

words=$(mktemp)
for w in ceasefire humanitarian Aleppo Astana resolution Geneva detainees convoy sovereignty constitutional reconstruction Idlib evacuation OPCW drought checkpoints; do
  echo "/v1/search?q=$w&limit=10"
done >"$words"

measure() {  # NAME ARGS... -> prints a row: the median of $repeat runs for each column
  local name=$1; shift
  taskset -c 1 wrk -t1 -c16 -d2s "$@" >/dev/null 2>&1 || true
  local lines=""
  for _ in $(seq 1 "$repeat"); do
    lines+=$(taskset -c 1 wrk -t1 -c16 -d"${seconds}s" --timeout 5s "$@" 2>&1 | grep WRKSTAT || echo "WRKSTAT rps=0 p50_us=0 p99_us=0 errors=-1")$'\n'
  done
  awk -v n="$name" -v s="$size" '
    function median(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    /WRKSTAT/ { k++; for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "rps") r[k] = kv[2]; if (kv[1] == "p50_us") p[k] = kv[2];
      if (kv[1] == "p99_us") q[k] = kv[2]; if (kv[1] == "errors") e += kv[2] } }
    END { printf "%-10s %-16s %10.0f %9.2fms %9.2fms %6s\n", s, n, median(r, k), median(p, k) / 1000, median(q, k) / 1000, e }' <<<"$lines"
}

printf '%-10s %-16s %10s %11s %11s %6s\n' talks scenario req/s p50 p99 errors
for size in $sizes; do
  store=$dir/talks-$size.sqlite
  # A store kept from an earlier run is reused only if this parley can serve it (a store of another
  # schema or layout is refused at start, and would be rebuilt by nobody).
  if [ -f "$store" ] && ! "$bin" check --db "$store" >/dev/null 2>&1; then
    echo "$store is not a store this parley serves (other schema or layout): rebuilding it" >&2
    rm -f "$store"
  fi
  if [ ! -f "$store" ]; then
    echo "building $store ..." >&2
    "$bin" build --synthetic 10000 --synthetic-talks "$size" --out "$store" >&2
  fi
  # Start-up: exec until /readyz answers, with the page check forced on, then as shipped (auto:
  # only stores up to 256 MiB are page-checked; every store is size-checked against its header).
  for check in on default; do
    flags=(); [ $check = on ] && flags=(--quick-check on)
    started=$(date +%s%N)
    taskset -c 0 "$bin" serve --db "$store" --port $port --workers 1 --access-log off --response-cache 0 "${flags[@]}" \
      >/dev/null 2>&1 &
    server=$!
    # Bounded: 60 s at most, and not a moment after the server has exited.
    for _ in $(seq 1 30000); do
      curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
      kill -0 "$server" 2>/dev/null || { echo "parley serve --db $store exited before it was ready" >&2; exit 1; }
      sleep 0.002
    done
    ready=$(( ($(date +%s%N) - started) / 1000000 ))
    echo "# $size talks: store $(( $(stat -L -c %s "$store") / 1048576 )) MiB, exec to ready ${ready} ms (quick_check $check), idle RSS $(awk '/VmRSS/{print $2, $3}' /proc/$server/status)"
    [ $check = on ] && { kill $server; wait $server 2>/dev/null || true; server=""; }
  done
  base=http://127.0.0.1:$port
  # A cursor from the middle of the list (cursors ignore fields and limit, so walk with big id-only pages).
  cursor=$(python3 - "$base" "$size" <<'PY'
import json, sys, urllib.request
base, size = sys.argv[1], int(sys.argv[2])
path, seen = "/v1/talks?limit=1000&fields=id", 0
while seen < size // 2:
    page = json.load(urllib.request.urlopen(base + path))
    seen += len(page["data"])
    path = page["links"]["next"]
print(path.split("cursor=")[1])
PY
)
  measure "talk item" -s $here/lua/cycle.lua "$base" -- "talk-ids:$size"
  measure "list (first)" -s $here/lua/cycle.lua "$base" -- <(echo "/v1/talks?limit=20")
  measure "list (deep)" -s $here/lua/cycle.lua "$base" -- <(echo "/v1/talks?limit=20&cursor=$cursor")
  measure "list filtered" -s $here/lua/cycle.lua "$base" -- <(echo "/v1/talks?process=astana&limit=20")
  measure "search" -s $here/lua/cycle.lua "$base" -- "$words"
  echo "# peak RSS $(awk '/VmHWM/{print $2, $3}' /proc/$server/status)"
  kill $server; wait $server 2>/dev/null || true; server=""
done

if command -v sqlite3 >/dev/null; then
  echo "# EXPLAIN QUERY PLAN of the list queries (largest store)"
  store=$dir/talks-$(tr ' ' '\n' <<<"$sizes" | tail -1).sqlite
  # With ? placeholders, as the server prepares them: SQLite plans bound parameters differently.
  sqlite3 "$store" <<'SQL'
.print -- first page
EXPLAIN QUERY PLAN SELECT r.id, r.sort_date, r.json FROM records r WHERE r.collection = ? ORDER BY r.sort_date, r.id LIMIT ?;
.print -- deep page: the same after a keyset cursor
EXPLAIN QUERY PLAN SELECT r.id, r.sort_date, r.json FROM records r WHERE r.collection = ? AND (r.sort_date, r.id) > (?, ?) ORDER BY r.sort_date, r.id LIMIT ?;
.print -- deep page, sort=-date (mixed directions: id breaks ties ascending)
EXPLAIN QUERY PLAN SELECT r.id, r.sort_date, r.json FROM records r WHERE r.collection = ? AND (r.sort_date <= ? AND ((r.sort_date < ?) OR (r.sort_date = ? AND r.id > ?))) ORDER BY r.sort_date DESC, r.id LIMIT ?;
.print -- filtered, common value: walk the date index, test each row
EXPLAIN QUERY PLAN SELECT r.id, r.sort_date, r.json FROM records r WHERE r.collection = ? AND EXISTS (SELECT 1 FROM refs f WHERE f.collection = r.collection AND f.field = ? AND f.target IN (?) AND f.id = r.id) ORDER BY r.sort_date, r.id LIMIT ?;
.print -- filtered, rare value: fetch the matches through the reference index, sort those few
EXPLAIN QUERY PLAN SELECT r.id, r.sort_date, r.json FROM (SELECT DISTINCT f.id AS id FROM refs f WHERE f.collection = ? AND f.field = ? AND f.target IN (?)) m CROSS JOIN records r ON r.collection = ? AND r.id = m.id WHERE 1 ORDER BY r.sort_date, r.id LIMIT ?;
.print -- count of a filter (then cached per loop)
EXPLAIN QUERY PLAN SELECT count(*) FROM (SELECT DISTINCT f.id AS id FROM refs f WHERE f.collection = ? AND f.field = ? AND f.target IN (?)) m CROSS JOIN records r ON r.collection = ? AND r.id = m.id WHERE 1;
.print -- search, common word: stored ranking
EXPLAIN QUERY PLAN SELECT rid, score FROM search_top WHERE term = ? ORDER BY score, rid LIMIT ?;
SQL
fi
