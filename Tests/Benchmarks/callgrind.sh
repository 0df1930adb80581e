#!/usr/bin/env bash
# Instructions per request, counted by valgrind's callgrind (repeatable where wall-clock numbers
# are not): the server runs under callgrind twice, answering WARM and then WARM+N requests for
# PATH over one keep-alive connection; the difference in instructions, divided by N, is the cost
# of one request (parse, route, query, JSON, serialize, write), start-up and shutdown cancelling.
#   Tests/Benchmarks/callgrind.sh [--bin BINARY] [--db STORE] [--path PATH] [-n N] [--keep DIR] [--access-log F]
#                                 [--response-cache MIB] [--paths FILE]
# Defaults: this checkout's release build, a store of the bundled dataset, /v1/talks/astana-4, 2000,
# and the access log as shipped (json, written to a file); --access-log off measures without it.
# The same request repeated is a response-cache hit after the first; --response-cache 0 measures
# the whole computation (store, JSON, ETag) on every request. --paths cycles through the paths in
# FILE (one per line) instead of repeating --path: with more distinct answers than the cache
# holds, every request is a miss that also pays for keeping its answer.
# The binary is copied without DWARF (valgrind 3.19 cannot read Swift 6's DWARF 5).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="" db="" path=/v1/talks/astana-4 n=2000 warm=200 keep="" accesslog=json cache="" paths=""
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    -n) n=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;   # copy the callgrind outputs here, for callgrind_annotate
    --access-log) accesslog=$2; shift 2 ;;
    --response-cache) cache=$2; shift 2 ;;
    --paths) paths=$2; shift 2 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind"; exit 2; }
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -z "$bin" ]; then swift build -c release --product parley >/dev/null; bin=.build/release/parley; fi
strip --strip-debug -o "$work/parley" "$bin"
if [ -z "$db" ]; then db=$work/store.sqlite; "$work/parley" build --out "$db" 2>/dev/null; fi
port=18441
# Older builds (for before/after comparisons) may have no access log option.
quiet=(); "$work/parley" serve --help 2>&1 | grep -q -- --access-log && quiet=(--access-log "$accesslog")
[ -n "$cache" ] && quiet+=(--response-cache "$cache")

run() {  # REQUESTS -> total instructions
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.$1" "$work/parley" serve --db "$db" --port $port --workers 1 \
    "${quiet[@]}" >"$work/serve.$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  python3 - "$port" "$path" "$1" "$paths" <<'PY'
import http.client, sys
port, path, count, listed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
paths = [line.strip() for line in open(listed) if line.strip()] if listed else [path]
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for index in range(count):
    connection.request("GET", paths[index % len(paths)])
    response = connection.getresponse()
    response.read()
    assert response.status in (200, 304), response.status
connection.close()
PY
  kill -TERM $server; wait $server 2>/dev/null || true; server=""
  [ -n "$keep" ] && cp "$work/cg.$1" "$keep/"
  awk '/^summary:|^totals:/ {print $2; exit}' "$work/cg.$1"
}
base=$(run "$warm")
total=$(run $((warm + n)))
[ -n "$paths" ] && path="$(wc -l <"$paths") paths of $paths"
echo "$path: $(( (total - base) / n )) instructions per request (callgrind; $n requests, keep-alive, one event loop; healthz probe and warm-up cancel out)"
