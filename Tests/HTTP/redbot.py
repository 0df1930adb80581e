#!/usr/bin/env python3
"""REDbot (PyPI `redbot`, "lint for HTTP") over one URL of every kind Parley serves.

    Tests/HTTP/redbot.py --bin .build/release/parley [--corpus DIR] [--all]

Starts `parley serve` on a free port (its own cache directory), runs `redbot -o har` on each URL
below and prints every note REDbot gives at level WARN or BAD (with --all, every note). Each
remaining warning must be listed in ACCEPTED with the reason Docs/operations.md gives for it;
any other warning or error fails the run (exit 1). Exit 0 with a loud SKIP line when redbot
cannot be installed.
"""
import argparse, json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

URLS = [
    ("index", "/"),
    ("collection", "/v1/talks?limit=5"),
    ("item", "/v1/talks/astana-1"),
    ("CSV export", "/v1/talks.csv"),
    ("GeoJSON", "/v1/zones.geojson"),
    ("search", "/v1/search?q=ceasefire&limit=3"),
    ("OpenAPI", "/openapi.json"),
    ("health", "/healthz"),
    ("readiness", "/readyz"),
    ("metrics", "/metrics"),
    ("error 400", "/v1/talks?limit=0"),
    ("error 404", "/v1/nothing"),
    ("moved id 301", "/v1/documents/us-russia-arrangement-2016-09-09"),
    ("change feed", "/v1/changes?since=b8e9327e0c14&limit=5"),
    ("releases", "/v1/releases"),
]

# (path, note_id) -> why it is right as it is. Keep in step with Docs/operations.md ("REDbot").
ACCEPTED = {
    ("/v1/talks?limit=0", "STATUS_BAD_REQUEST"):
        "the request is invalid on purpose; REDbot flags the 400 status itself, not how it is answered",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--corpus")
    parser.add_argument("--all", action="store_true", help="print every note, not only warnings")
    args = parser.parse_args()
    if shutil.which("redbot") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "redbot==2.7.1"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if shutil.which("redbot") is None:
        print("SKIP: REDBOT NOT RUN: pip could not install redbot")
        return 0
    work = tempfile.mkdtemp(prefix="parley-redbot-")
    port = free_port()
    command = [args.bin, "serve", "--port", str(port), "--cache-dir", work]
    if args.corpus:
        command += ["--corpus", args.corpus]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = 0
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/readyz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            print("FAIL: the server did not become ready")
            return 1
        for name, path in URLS:
            result = subprocess.run(["redbot", "-o", "har", base + path], capture_output=True, text=True, timeout=120)
            try:
                har = json.loads(result.stdout)
                entry = har["log"]["entries"][0]
                notes = entry["_red_messages"]
                status = entry["response"]["status"]
            except (ValueError, KeyError, IndexError):
                print(f"FAIL {name} {path}: redbot gave no report: {result.stderr.strip()[:300]}")
                failures += 1
                continue
            flagged = [n for n in notes if n["level"] in ("WARN", "BAD")]
            unexplained = [n for n in flagged if (path, n["note_id"]) not in ACCEPTED]
            verdict = "ok  " if not unexplained else "FAIL"
            print(f"{verdict} {name:13} {path} ({status}): {len(notes)} notes, {len(flagged)} warnings")
            for note in notes if args.all else flagged:
                reason = ACCEPTED.get((path, note["note_id"]))
                suffix = f"  [accepted: {reason}]" if reason else ""
                print(f"       {note['level']:5} {note['note_id']}: {note['summary']}{suffix}")
            failures += bool(unexplained)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"redbot: {len(URLS)} URLs, {failures} with unexplained warnings")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
