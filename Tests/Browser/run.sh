#!/usr/bin/env bash
# The browser test: a page on another origin calls Parley with fetch in headless Chromium (what it
# checks: browser_test.py and page.html). Installs Debian's chromium when it is missing; a machine
# where that fails prints one SKIP line and exits 0, since it says nothing about the server.
#   Tests/Browser/run.sh [--bin PATH]     (without --bin it builds the release server first)
# Needs only python3's standard library: it drives Chromium over the DevTools pipe.
set -euo pipefail
bin=
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$(realpath "$2"); shift 2 ;;
    *) echo "usage: $0 [--bin PATH]" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq chromium || { apt-get update -qq && apt-get install -y -qq chromium; }; } \
    >/dev/null 2>&1 || true
fi
if ! command -v chromium >/dev/null; then
  echo "SKIP: BROWSER TEST NOT RUN: Chromium is not installed and 'apt-get install chromium' failed"
  exit 0
fi

if [ -z "$bin" ]; then
  swift build -c release --product parley
  bin=$(swift build -c release --show-bin-path)/parley
fi

# browser_test.py stops itself after 100 s; this is the backstop (its SIGTERM still stops the
# servers and the browser it started).
timeout -k 10 120 python3 Tests/Browser/browser_test.py --bin "$bin" --timeout 100
