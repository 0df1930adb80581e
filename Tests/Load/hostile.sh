#!/usr/bin/env bash
# Hostile and broken clients against a release build, on loopback, every step bounded in time:
# slowloris and slow read (slowhttptest), the connection cap, client resets, file descriptors
# back to baseline, and graceful drain (SIGTERM and SIGINT) under load. Prints a summary.
#   Tests/Load/hostile.sh            (about 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in slowhttptest wrk curl; do
  command -v "$tool" >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq slowhttptest wrk curl >/dev/null; break; }
done
swift build -c release >/dev/null
bin=.build/release/parley
work=$(mktemp -d)
port=18311
summary=()
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
$bin build --out "$work/store.sqlite" 2>/dev/null

start() { # start PORT FLAGS… — a server on PORT; its PID in $server
  "$bin" serve --db "$work/store.sqlite" --port "$1" "${@:2}" >"$work/serve-$1.log" 2>&1 &
  server=$!; pids+=("$server")
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return; sleep 0.05; done
  echo "server on $1 did not start"; cat "$work/serve-$1.log"; exit 1
}
fds() { ls "/proc/$1/fd" | wc -l; }
rss() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

echo "== slowloris: 500 connections sending a header line every 5 s"
start $port --write-timeout 10
base_fds=$(fds "$server")
slowhttptest -c 500 -H -i 5 -r 250 -t GET -u "http://127.0.0.1:$port/v1/talks" -x 20 -p 2 -l 25 -o "$work/slowloris" >"$work/slowloris.log" 2>&1 &
attack=$!; pids+=("$attack")
sleep 8
held=$(( $(fds "$server") - base_fds ))
probe=$(python3 Tests/Load/clients.py probe $port 20)
wait "$attack" || true
sleep 12  # the head deadline (10 s) closes whatever is left
after=$(fds "$server")
summary+=("slowloris: ~$held connections held at peak; $probe; fds $base_fds → $after after")
echo "${summary[-1]}"

echo "== slow read: 300 connections reading the 185 events (~200 KB of JSON) 32 bytes every 5 s"
before=$(fds "$server")
slowhttptest -c 300 -X -r 150 -w 10 -y 20 -n 5 -z 32 -k 3 -u "http://127.0.0.1:$port/v1/events?limit=1000" -p 3 -l 25 -o "$work/slowread" >"$work/slowread.log" 2>&1 &
attack=$!; pids+=("$attack")
sleep 8
held=$(( $(fds "$server") - before ))
peak_rss=$(rss "$server")
probe=$(python3 Tests/Load/clients.py probe $port 20)
wait "$attack" || true
sleep 12  # the write deadline (10 s here) drops readers that stopped
after=$(fds "$server")
summary+=("slow read: ~$held connections held; RSS ${peak_rss} KiB; $probe; fds $before → $after after")
echo "${summary[-1]}"

echo "== client resets mid-head and mid-response"
before=$(fds "$server")
python3 Tests/Load/clients.py resets $port 200 >/dev/null
sleep 1
alive=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
summary+=("resets: 400 connections reset by clients; server answers /healthz $alive; fds $before → $(fds "$server")")
echo "${summary[-1]}"
kill -TERM "$server"; wait "$server" || true

echo "== connection cap (--max-connections 50)"
start $((port + 1)) --max-connections 50
cap=$(python3 Tests/Load/clients.py cap $((port + 1)) 60)
summary+=("$cap")
echo "${summary[-1]}"
kill -TERM "$server"; wait "$server" || true

for signal in TERM INT; do
  echo "== graceful drain on SIG$signal under load"
  start $((port + 2)) --drain-timeout 10
  wrk -t1 -c64 -d6s "http://127.0.0.1:$((port + 2))/v1/talks/astana-4" >"$work/wrk-$signal.log" 2>&1 &
  load=$!; pids+=("$load")
  python3 Tests/Load/clients.py inflight $((port + 2)) 20 /v1/events.csv >"$work/inflight-$signal.log" 2>&1 &
  inflight=$!; pids+=("$inflight")
  sleep 2
  sent=$(date +%s%N)
  kill -"$signal" "$server"
  status=0; wait "$server" || status=$?
  took=$(( ($(date +%s%N) - sent) / 1000000 ))
  wait "$inflight" || true; wait "$load" || true
  completed=$(grep -o "[0-9]*/20 complete" "$work/inflight-$signal.log" || echo "?/20")
  requests=$(awk '/requests in/{print $1}' "$work/wrk-$signal.log")
  summary+=("drain on SIG$signal: exit $status after ${took} ms; in-flight downloads $completed; wrk served ${requests:-?} requests before the stop")
  echo "${summary[-1]}"
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
