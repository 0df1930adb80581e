#!/usr/bin/env bash
# Zero-downtime restarts behind a real load balancer, measured.
#
# Starts three Parley replicas on loopback behind nginx (proxy_next_upstream for idempotent
# requests), drives wrk through nginx, and meanwhile:
#   1. restarts each replica in turn: SIGTERM (it drains and exits 0), a fresh start on the same
#      port, wait for /readyz;
#   2. kills one replica with SIGKILL and lets traffic run around it, then starts it again.
# Prints the requests served, non-2xx/3xx responses and socket errors seen by wrk, the restarts
# and each replica's exit status, and exits 1 unless every request succeeded.
#   Tests/Load/rolling-restart.sh [--seconds S]     (default 40; needs nginx-light, wrk, curl)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=40
[ "${1:-}" = "--seconds" ] && seconds=$2
for tool in wrk curl; do command -v $tool >/dev/null || { echo "missing $tool: apt-get install -y wrk curl"; exit 2; }; done
[ -x /usr/sbin/nginx ] || { echo "missing nginx: apt-get install -y nginx-light"; exit 2; }
swift build -c release --product parley >/dev/null
bin=$PWD/.build/release/parley
work=$(mktemp -d)
ports=(18531 18532 18533)
front=18530
declare -A pid
nginx_pid=""
wrk_pid=""
cleanup() {
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" build --out "$work/store.sqlite" 2>/dev/null

start_replica() {  # INDEX
  local port=${ports[$1]}
  "$bin" serve --db "$work/store.sqlite" --port "$port" --workers 1 --access-log off --drain-timeout 10 \
    >>"$work/replica-$1.log" 2>&1 &
  pid[$1]=$!
  for _ in $(seq 1 200); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.025
  done
  echo "replica $1 did not become ready"; cat "$work/replica-$1.log"; exit 1
}
for i in 0 1 2; do start_replica $i; done

mkdir -p "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp; uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  upstream parley {
    server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${ports[2]} max_fails=1 fail_timeout=2s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$front;
    location / {
      proxy_pass http://parley;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Request-Id \$request_id;
      # A replica that refuses, resets or answers 502/503 (draining) is skipped for GET/HEAD.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 1s;
      proxy_read_timeout 10s;
    }
  }
}
CONF
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$front/healthz" >/dev/null 2>&1 && break; sleep 0.05; done

wrk -t1 -c16 -d"${seconds}s" --timeout 5s -s Tests/Load/lua/mixed.lua "http://127.0.0.1:$front" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 3

restarts=0
statuses=()
for round in 1 2; do
  for i in 0 1 2; do
    kill -TERM "${pid[$i]}"
    set +e; wait "${pid[$i]}"; status=$?; set -e
    statuses+=("replica $i round $round: exit $status")
    [ "$status" -eq 0 ] || { echo "replica $i exited $status after SIGTERM"; cat "$work/replica-$i.log"; exit 1; }
    start_replica $i
    restarts=$((restarts + 1))
    sleep 2
  done
done

# A crash: SIGKILL, no drain. nginx must route around the dead replica.
kill -KILL "${pid[1]}"
set +e; wait "${pid[1]}" 2>/dev/null; set -e
killed_at=$(date +%s)
sleep 5
start_replica 1
recovered=$(( $(date +%s) - killed_at ))

set +e; wait "$wrk_pid"; set -e
wrk_pid=""
stat=$(grep WRKSTAT "$work/wrk.txt" || true)
[ -n "$stat" ] || { echo "wrk failed:"; cat "$work/wrk.txt"; exit 1; }
get() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<" $stat"; }
requests=$(get requests) non2xx=$(get non2xx)
socket=$(( $(get connect) + $(get read) + $(get write) + $(get timeout) ))
printf '%s\n' "${statuses[@]}"
echo "killed replica 1 with SIGKILL, traffic routed around it for ${recovered}s, then restarted it"
echo "rolling restarts: $restarts (SIGTERM, drain, exit 0, fresh start) + 1 SIGKILL"
echo "requests through nginx: $requests in ${seconds}s ($(get rps) req/s, p99 $(awk -v v="$(get p99_us)" 'BEGIN{print v/1000}') ms)"
echo "failed responses (non-2xx/3xx): $non2xx; socket errors: $socket"
upstream_errors=$(grep -c "upstream" "$work/nginx/error.log" || true)
echo "nginx logged $upstream_errors upstream errors it retried on another replica"
[ "$non2xx" -eq 0 ] && [ "$socket" -eq 0 ] && echo "PASS: zero failed requests" || { echo "FAIL"; exit 1; }
