#!/usr/bin/env bash
# Builds the libFuzzer target for the request parser and runs it.
#   Tests/Fuzz/run-fuzz.sh [seconds]      (default 60)
# Needs the toolchain's libFuzzer runtime (swiftc -sanitize=fuzzer); exits 0 with a message when
# it is absent. New crashes are left in Tests/Fuzz/crashes/; turn each into a regression test.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out" Tests/Fuzz/crashes
corpus="$out/corpus"
mkdir -p "$corpus"
# Hand-written seeds plus the corpus earlier runs grew (merged and minimised into Tests/Fuzz/corpus).
cp Tests/Fuzz/seeds/* Tests/Fuzz/corpus/* "$corpus"/ 2>/dev/null || true

if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name HTTPServerFuzz -package-name parley \
    Sources/HTTPServer/Parsing/*.swift Tests/Fuzz/FuzzRequestParser.swift -o "$out/fuzz-parser" 2>"$out/build.log"; then
  if grep -qiE "fuzzer|sanitizer" "$out/build.log"; then
    echo "fuzz: the sanitizer runtime is not available here; skipped"; cat "$out/build.log" | head -5; exit 0
  fi
  cat "$out/build.log"; exit 1
fi

echo "fuzz: running for ${seconds}s"
"$out/fuzz-parser" "$corpus" -max_total_time="$seconds" -max_len=2048 -timeout=5 -rss_limit_mb=2048 \
  -artifact_prefix=Tests/Fuzz/crashes/ -print_final_stats=1 2>&1 | tee "$out/fuzz.log" | grep -E "^#[0-9]+.*(DONE|pulse)|Done|stat::number_of_executed_units|crash|ERROR" || true
if grep -q "ERROR: " "$out/fuzz.log"; then
  echo "fuzz: FAILED — see Tests/Fuzz/crashes/"; exit 1
fi
runs=$(grep -E "stat::number_of_executed_units" "$out/fuzz.log" | awk '{print $2}')
echo "fuzz: ${runs:-?} executions in ${seconds}s, 0 crashes"
# A line for Tests/Fuzz/ledger.tsv (date, CPU seconds, executions, crashes, note), for runs worth recording.
echo -e "ledger: $(date -u +%F)\t${seconds}\t${runs:-0}\t0\trun-fuzz.sh ${seconds}s"
