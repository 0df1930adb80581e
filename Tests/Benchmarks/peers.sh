#!/usr/bin/env bash
# Parley side by side with the reference peers of ../shared/bench/peers (Hummingbird 2 + GRDB, and
# nginx serving the item as a static file), in one run: each endpoint measured A B A B A B with
# the peers' own bench-pair.sh, every server pinned to core 0 (one loaded at a time) and wrk to
# core 1. Parley serves a synthetic store of the peers' size (10,000 talks; `process=astana` is a
# tenth of them; the search words have comparable document frequencies) from one event loop.
#   Tests/Benchmarks/peers.sh PEERS_DIR [--store FILE] [--seconds S] [--rounds R] [--access-log json|text|off]
# PEERS_DIR: a writable copy of ../shared/bench/peers on which build-peers.sh has run.
# Parley runs as users run it: the JSON access log on (to a file), unless --access-log says otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
peers=${1:?usage: $0 PEERS_DIR [--store FILE] [--seconds S] [--rounds R] [--access-log FORMAT]}
shift
store="" seconds=8 rounds=3 accesslog=json
while [ $# -gt 0 ]; do
  case $1 in
    --store) store=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --access-log) accesslog=$2; shift 2 ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
[ -x "$peers/hb/.build/release/HBPeer" ] || { echo "run $peers/build-peers.sh first"; exit 2; }
swift build -c release --product parley >/dev/null
bin=$PWD/.build/release/parley
work=$(mktemp -d)
if [ -z "$store" ]; then store=$work/synthetic.sqlite; "$bin" build --synthetic 10000 --out "$store" >&2; fi

pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; rm -rf "$work"' EXIT
taskset -c 0 "$peers/run-hummingbird.sh" 18081 >"$work/hb.log" 2>&1 & pids+=($!)
NGINX_WORKERS=1 taskset -c 0 "$peers/run-nginx.sh" 18082 >"$work/nginx.log" 2>&1 & pids+=($!)
taskset -c 0 "$bin" serve --db "$store" --port 18090 --workers 1 --access-log "$accesslog" >"$work/parley.log" 2>&1 & pids+=($!)
for port in 18081 18082 18090; do
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
done

pair() {  # LABEL PEER_PORT ENDPOINT
  echo "## $1"
  "$peers/bench-pair.sh" -C 1 -d "$seconds" -r "$rounds" "http://127.0.0.1:$2" http://127.0.0.1:18090 "$3" | grep -v '^#'
}
pair "talk item: Parley / Hummingbird" 18081 talk
pair "list of 20 (process=astana): Parley / Hummingbird" 18081 list
pair "search (16 words): Parley / Hummingbird" 18081 search
pair "talk item: Parley / nginx static file" 18082 talk
echo "peak RSS: parley $(awk '/VmHWM/{print $2, $3}' /proc/${pids[2]}/status), hummingbird $(awk '/VmHWM/{print $2, $3}' /proc/$(pgrep -P ${pids[0]} HBPeer || echo ${pids[0]})/status 2>/dev/null || echo '?')"
