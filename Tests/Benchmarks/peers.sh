#!/usr/bin/env bash
# Every figure of the I/O-path table (issue #16) from one run: Parley as shipped (the Dockerfile's
# static build, JSON access log on, written to a file) side by side with nginx (its buffered
# access log on), the naive Dispatch probe and Hummingbird 2 + GRDB; then memory, scale, start-up,
# instructions per request and the fuzzing ledger.
#   Tests/Benchmarks/peers.sh PEERS_DIR [--seconds S] [--rounds R] [--probe DIR] [--no-scale]
# PEERS_DIR: a writable copy of ../shared/bench/peers on which build-peers.sh has run.
# --probe: the naive Dispatch server's package (default ../shared/bench/probe beside the checkout).
# Throughput pairs use the peers' bench-pair.sh: A B A B A B, every server pinned to core 0 (one
# loaded at a time), wrk pinned to core 1, the median of the per-round ratios. Parley serves a
# synthetic store of the peers' size (10,000 talks) from the loops its CPU mask allows (one).
# --no-scale skips the 1M-row figures (building that store takes ~10 min and ~3 GB; kept in
# /tmp/parley-scale for later runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
peers=${1:?usage: $0 PEERS_DIR [--seconds S] [--rounds R] [--probe DIR] [--no-scale]}
shift
seconds=5 rounds=3 probe_src=$repo/../shared/bench/probe scale=yes
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --probe) probe_src=$2; shift 2 ;;
    --no-scale) scale=no; shift ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
[ -x "$peers/hb/.build/release/HBPeer" ] || { echo "run $peers/build-peers.sh first"; exit 2; }
for tool in wrk taskset curl python3; do command -v $tool >/dev/null || { echo "$tool is missing"; exit 2; }; done
ulimit -n 65536 2>/dev/null || true

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "# building Parley as shipped (swift build -c release --static-swift-stdlib) and the probe" >&2
swift build -c release --static-swift-stdlib --product parley --build-path .build-shipped >/dev/null
bin=$repo/.build-shipped/release/parley
cp -r "$probe_src" "$work/probe"
swift build -c release --package-path "$work/probe" >/dev/null 2>&1
probe=$(find "$work/probe/.build" -path '*release/probe' -type f | head -1)
"$bin" build --synthetic 10000 --out "$work/synthetic.sqlite" >/dev/null 2>&1
"$bin" build --out "$work/bundled.sqlite" >/dev/null 2>&1

wait_up() { for _ in $(seq 1 400); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "port $1 did not come up" >&2; exit 1; }
taskset -c 0 "$peers/run-hummingbird.sh" 18081 >"$work/hb.log" 2>&1 & pids+=($!)
NGINX_WORKERS=1 NGINX_ACCESS_LOG=on taskset -c 0 "$peers/run-nginx.sh" 18082 >"$work/nginx.log" 2>&1 & pids+=($!)
taskset -c 0 "$bin" serve --db "$work/synthetic.sqlite" --port 18090 >"$work/parley.log" 2>"$work/parley.err" & pids+=($!)
shipped=$!
taskset -c 0 "$bin" serve --db "$work/synthetic.sqlite" --port 18091 --access-log off >/dev/null 2>&1 & pids+=($!)
taskset -c 0 "$probe" 18092 >/dev/null 2>&1 & pids+=($!)
# As shipped but without the response cache: lists and searches repeat a few URLs, which the
# cache answers after the first time; this one computes every answer.
taskset -c 0 "$bin" serve --db "$work/synthetic.sqlite" --port 18094 --response-cache 0 >/dev/null 2>&1 & pids+=($!)
for port in 18081 18082 18090 18091 18092 18094; do wait_up $port; done

declare -A rps p99
pair() {  # KEY PEER_PORT CANDIDATE_PORT ENDPOINT: candidate/peer medians into rps[KEY], p99[KEY]
  local out
  out=$("$peers/bench-pair.sh" -C 1 -d "$seconds" -r "$rounds" "http://127.0.0.1:$2" "http://127.0.0.1:$3" "$4")
  printf '%s\n' "$out" | grep '^round' | sed "s/^/  [$1] /" >&2
  rps[$1]=$(printf '%s\n' "$out" | awk '/^RATIO rps/ { sub("median=", "", $4); print $4 }')
  p99[$1]=$(printf '%s\n' "$out" | awk '/^RATIO p99/ { sub("median=", "", $4); print $4 }')
}
echo "# throughput pairs (${rounds} rounds of ${seconds}s each way)" >&2
pair log-healthz 18091 18090 healthz
pair log-talk 18091 18090 talk
pair nginx-healthz 18082 18090 healthz
pair probe-nginx 18082 18092 healthz
pair probe-parley 18092 18090 healthz
pair nginx-talk 18082 18090 talk
pair hb-talk 18081 18090 talk
pair hb-list 18081 18090 list
pair hb-search 18081 18090 search
pair hb-list-computed 18081 18094 list
pair hb-search-computed 18081 18094 search
grep -q '"status":200' "$work/parley.log" || { echo "the shipped server wrote no access log" >&2; exit 1; }
# The shipped server after every pair: its response cache is as full as its budget allows.
loaded_rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$shipped/status)
loaded_anon=$(awk '/RssAnon/ {printf "%.1f", $2 / 1024}' /proc/$shipped/status)
loaded_file=$(awk '/RssFile/ {printf "%.1f", $2 / 1024}' /proc/$shipped/status)
cache_mib=$(curl -sf "http://127.0.0.1:18090/metrics" | awk '/^parley_response_cache_bytes / {printf "%.1f", $2 / 1048576}')

echo "# memory" >&2
# Idle: the bundled store, as `parley serve` runs it; then the RSS holding 10,000 idle keep-alive
# connections (each answered once), and how long a new client then waits for /healthz.
taskset -c 0 "$bin" serve --db "$work/bundled.sqlite" --port 18093 --max-connections 10100 >/dev/null 2>&1 & pids+=($!)
idle_pid=$!
wait_up 18093
sleep 1
idle_rss=$(awk '/VmRSS/ {print $2}' /proc/$idle_pid/status)
python3 - 18093 10000 "$work/held" <<'PY' &
import socket, sys, time, os, urllib.request
port, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while not data.endswith(b"}"):
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    held.append(s)
time.sleep(1)
start = time.monotonic()
urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
new_client_ms = (time.monotonic() - start) * 1000
with open(out + ".tmp", "w") as f:
    f.write(f"{len(held)} {new_client_ms:.1f}\n")
os.rename(out + ".tmp", out)
for _ in range(300):  # hold until the caller has read the server's RSS (at most 30 s)
    if os.path.exists(out + ".done"):
        break
    time.sleep(0.1)
PY
client=$!
for _ in $(seq 1 1200); do [ -f "$work/held" ] && break; sleep 0.1; done
busy_rss=$(awk '/VmRSS/ {print $2}' /proc/$idle_pid/status)
touch "$work/held.done"
wait $client || true
read -r held_count new_ms <"$work/held" || true

if [ $scale = yes ]; then
  echo "# scale: 10k vs 1M talks (Tests/Benchmarks/scale.sh)" >&2
  Tests/Benchmarks/scale.sh --sizes "10000 1000000" --repeat 3 --seconds "$seconds" >"$work/scale.txt"
  cat "$work/scale.txt" >&2
fi
echo "# instructions per item request (Tests/Benchmarks/callgrind.sh, access log as shipped)" >&2
instructions=$(Tests/Benchmarks/callgrind.sh --bin "$bin" --db "$work/bundled.sqlite" -n 2000 2>/dev/null | awk '{print $2}')
computed=$(Tests/Benchmarks/callgrind.sh --bin "$bin" --db "$work/bundled.sqlite" -n 2000 --response-cache 0 2>/dev/null | awk '{print $2}')

ratio() { awk -v a="$1" 'BEGIN { printf "%.2f×", a }'; }
echo
echo "| figure | measured | target |"
echo "|---|---:|---:|"
echo "| cost of the default access log (on ÷ off), /healthz / talk item | $(ratio ${rps[log-healthz]}) / $(ratio ${rps[log-talk]}) | ≥ 0.95× |"
echo "| /healthz as shipped vs nginx with its log on | $(ratio ${rps[nginx-healthz]}) | ≥ 0.6× |"
echo "| naive Dispatch probe vs nginx, /healthz (for reference) | $(ratio ${rps[probe-nginx]}) | — |"
echo "| /healthz as shipped vs the naive Dispatch probe | $(ratio ${rps[probe-parley]}) | > 1× |"
echo "| talk item as shipped vs nginx static file with its log on | $(ratio ${rps[nginx-talk]}) | ≥ 0.6× |"
echo "| talk item vs Hummingbird 2 (p99 ratio) | $(ratio ${rps[hb-talk]}) (p99 $(ratio ${p99[hb-talk]})) | ≥ 6× (p99 ≤ 0.3×) |"
echo "| list of 20 vs Hummingbird 2 (p99 ratio): as shipped (one URL: response-cache hits) / computed (--response-cache 0) | $(ratio ${rps[hb-list]}) (p99 $(ratio ${p99[hb-list]})) / $(ratio ${rps[hb-list-computed]}) (p99 $(ratio ${p99[hb-list-computed]})) | — |"
echo "| search vs Hummingbird 2 (p99 ratio): as shipped (16 words: hits) / computed (--response-cache 0) | $(ratio ${rps[hb-search]}) (p99 $(ratio ${p99[hb-search]})) / $(ratio ${rps[hb-search-computed]}) (p99 $(ratio ${p99[hb-search-computed]})) | ≥ 10× |"
echo "| idle RSS, bundled store | $(awk -v k=$idle_rss 'BEGIN { printf "%.1f MiB", k / 1024 }') | ≤ 15 MiB |"
echo "| RSS of the shipped server after the pairs: total (anonymous + file-backed store pages); response cache held | ${loaded_rss:-?} MiB (${loaded_anon:-?} + ${loaded_file:-?}); ${cache_mib:-?} MiB | — |"
echo "| RSS holding ${held_count:-?} idle keep-alive connections; a new client's /healthz | $(awk -v k=$busy_rss 'BEGIN { printf "%.1f MiB", k / 1024 }'); ${new_ms:-?} ms | ≤ 64 MiB; < 50 ms |"
if [ $scale = yes ]; then
  for scenario in "talk item" "list filtered" "list (deep)" "search"; do
    small=$(awk -v s="$scenario" '$1 == 10000 && index($0, s) { for (i = 1; i <= NF; i++) if ($i ~ /ms$/) v = $i; print v + 0 }' "$work/scale.txt")
    large=$(awk -v s="$scenario" '$1 == 1000000 && index($0, s) { for (i = 1; i <= NF; i++) if ($i ~ /ms$/) v = $i; print v + 0 }' "$work/scale.txt")
    echo "| p99 at 1M rows ÷ p99 at 10k: $scenario | $(awk -v a="$large" -v b="$small" 'BEGIN { printf "%.2f× (%.2f / %.2f ms)", (b > 0 ? a / b : 0), a, b }') | ≤ 1.5× |"
  done
  startup=$(grep '^# 1000000 talks' "$work/scale.txt" | grep -o 'exec to ready [0-9]* ms (quick_check default)' || true)
  echo "| exec → first served request, 1M-row store | ${startup:-?} | ≤ 1 s |"
fi
echo "| instructions per item request (callgrind, access log on): repeated (a response-cache hit) / computed (--response-cache 0) | ${instructions:-?} / ${computed:-?} | ≤ 35k |"
fuzz=$(awk -F'\t' 'NR > 1 { s += $2; e += $3; c += $4 } END { printf "%.2f CPU-hours, %d executions, %d crashes", s / 3600, e, c }' Tests/Fuzz/ledger.tsv)
echo "| fuzzing of the parser, cumulative (Tests/Fuzz/ledger.tsv) | $fuzz | ≥ 2 CPU-hours, 0 crashes |"
