#!/usr/bin/env bash
# Parley's benchmark suite: wrk on loopback against a release build, server pinned to core 0 and
# wrk to core 1, a warm-up before each measurement, every run bounded in time. Prints one table.
#   Tests/Benchmarks/run.sh [--db FILE] [--seconds S] [--connections "1 64 256"]
#   Tests/Benchmarks/run.sh --peers PEERS_DIR      side by side with Hummingbird and nginx (peers.sh)
#   Tests/Benchmarks/run.sh --scale                10k → 100k → 1M talks (scale.sh)
# Needs wrk (apt-get install wrk). Takes about 6 minutes with the defaults. Parley runs with
# --access-log off, like the peers (logging on costs what performance.md says).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Tests/Benchmarks
seconds=5
connections="1 64 256"
db=""
while [ $# -gt 0 ]; do
  case $1 in
    --peers) shift; exec "$here/peers.sh" "$@" ;;
    --scale) shift; exec "$here/scale.sh" "$@" ;;
    --db) db=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
swift build -c release >/dev/null
bin=.build/release/parley
work=$(mktemp -d)
port=18411
if [ -z "$db" ]; then db=$work/store.sqlite; $bin build --out "$db" 2>/dev/null; fi

taskset -c 0 "$bin" serve --db "$db" --port $port --workers 1 --max-connections 20000 --access-log off >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.05; done
base=http://127.0.0.1:$port

# The varied inputs: every talk id, a set of search terms, one ETag.
curl -s "$base/v1/talks?limit=1000&fields=id" | python3 -c 'import json,sys; [print("/v1/talks/" + r["id"]) for r in json.load(sys.stdin)["data"]]' >"$work/talks"
for term in ceasefire humanitarian Aleppo Astana resolution Geneva detainees convoy sovereignty Idlib evacuation ISIS Nusra Homs Daraya airdrop; do
  echo "/v1/search?q=$term&limit=10"
done >"$work/search"
echo "/healthz" >"$work/healthz"
echo "/v1/events?limit=20" >"$work/list"
echo "/v1/talks.csv" >"$work/csv"
echo "/v1/talks/astana-4" >"$work/item"
etag=$(curl -s -D - -o /dev/null "$base/v1/talks/astana-4" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')

# name | paths file | pipeline depth | extra header
scenarios=(
  "healthz|healthz|1|"
  "talk item (ids varied)|talks|1|"
  "list of 20|list|1|"
  "search (terms varied)|search|1|"
  "revalidation 304|item|1|If-None-Match: $etag"
  "CSV export (58 talks)|csv|1|"
  "pipelined x16|talks|16|"
  "connection churn|item|1|Connection: close"
)

printf '%-24s %6s %12s %10s %10s %8s\n' scenario conns req/s p50 p99 errors
for scenario in "${scenarios[@]}"; do
  IFS='|' read -r name file depth header <<<"$scenario"
  for c in $connections; do
    # Churn opens a connection per request: keep it to 64 connections so ephemeral ports last.
    [ "$name" = "connection churn" ] && [ "$c" -gt 64 ] && continue
    args=(-t1 -c"$c" -s "$here/lua/cycle.lua")
    [ -n "$header" ] && args+=(-H "$header")
    taskset -c 1 wrk "${args[@]}" -d2s "$base" -- "$work/$file" "$depth" >/dev/null 2>&1 || true
    line=$(taskset -c 1 wrk "${args[@]}" -d"${seconds}s" --timeout 5s "$base" -- "$work/$file" "$depth" 2>&1 | grep WRKSTAT || echo "WRKSTAT rps=0 p50_us=0 p99_us=0 errors=-1")
    rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")
    p50=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<<"$line")
    p99=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$line")
    errors=$(sed -E 's/.*errors=(-?[0-9]+).*/\1/' <<<"$line")
    # wrk counts responses (it learns the pipeline depth from the first batch), so this is requests/s.
    rps=$(awk -v r="$rps" 'BEGIN{printf "%.0f", r}')
    printf '%-24s %6s %12s %8.2fms %8.2fms %8s\n' "$name" "$c" "$rps" "$(awk -v v="$p50" 'BEGIN{print v/1000}')" "$(awk -v v="$p99" 'BEGIN{print v/1000}')" "$errors"
  done
done
echo "peak RSS of parley: $(awk '/VmHWM/{print $2, $3}' "/proc/$server/status")"

# Memory held by open keep-alive connections: RSS while wrk keeps N of them busy.
ulimit -n 4096 2>/dev/null || true
echo "RSS idle: $(awk '/VmRSS/{print $2, $3}' "/proc/$server/status")"
for c in 256 1000; do
  taskset -c 1 wrk -t1 -c"$c" -d6s -s "$here/lua/cycle.lua" "$base" -- "$work/talks" >/dev/null 2>&1 &
  load=$!
  sleep 4
  echo "RSS with $c keep-alive connections: $(awk '/VmRSS/{print $2, $3}' "/proc/$server/status") (open: $(curl -s "$base/metrics" | awk '/^parley_http_connections_open /{print $2}'))"
  wait $load || true
done
