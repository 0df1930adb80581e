#!/usr/bin/env python3
"""Living examples: re-runs every example of README.md and Docs/api.md against a live server and
compares what it prints with what the document says it printed.

An example is a ```sh block directly followed by an output block (``` or ```json, on the very
next line, at the same indentation): the commands, then what they printed, in full. A ```sh block
may carry words after `sh` on its fence line:
  needs-corpus   its output needs a store built with the corpus texts; without --corpus it is
                 skipped, and said so
  no-output      it has no stable output to show; it is run and must exit 0
Any other ```sh block (install commands, `swift test`, the `P=` line) is not an example, unless it
calls curl: then it must have an output block (or `no-output`), and --update writes one.
Schematic snippets (a ```json block not preceded by commands) are never examples.

Each document gets its own server, started as the document says: README.md's as `swift run
parley` starts it (no corpus), Docs/api.md's with the corpus texts bundled (`--corpus DIR`). Both
listen on a free port of 127.0.0.1, keep their store in a temporary cache folder and are stopped
by PID. The commands run with bash, one block at a time and in document order, in a temporary
working folder (so `> talks.csv` or `-o page.gz` leave nothing in the checkout), with `P` set to
the server's base URL; README.md's `localhost:8080` is rewritten to the server's address, and the
server's address in the output is written back as the document's.

Before comparing, both sides go through MASKS (below): only what truly differs per run is hidden.
ETags, counts, ids, cursors and bodies are compared as they are: they are the promise. Two things
are presentation, not masks: a CRLF (HTTP heads printed by `curl -i`/`-D -`) is compared as LF, as
Markdown shows it, and the output's one final newline is dropped (a block cannot show it).
A command block has --timeout seconds; what it leaves running is killed with its process group.

  python3 Tests/Docs/examples.py [--bin PATH] [--corpus DIR]     check; exit 1 on any mismatch
  python3 Tests/Docs/examples.py --update [--bin PATH] [--corpus DIR]
      rewrite every output block that does not match with what its commands printed now (blocks
      that match, masks aside, are left as they are), then review the change in `git diff`

Python 3 standard library only; needs bash, curl, jq and gzip on PATH (the examples use them)."""

import argparse
import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # importing the helper module must leave nothing in the checkout
from markdown_examples import extract, rewrite  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# What is masked before comparing, on both sides, each with the reason it differs from run to run.
# Nothing else is: a difference anywhere else is a documented example that no longer holds.
HTTP_DATE = r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT"
ISO_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z"
MASKS = [
    (re.compile(r"(?im)^(date:[ \t]*)" + HTTP_DATE + "$"), r"\1<date>",
     "Date header: the time the response was sent"),
    (re.compile(r"(?im)^(x-request-id:[ \t]*)[0-9a-f]+-[0-9a-f]+$"), r"\1<request-id>",
     "X-Request-Id header (as the server makes it, hex-hex): per process start and per request"),
    (re.compile(r"(?im)^(last-modified:[ \t]*)" + HTTP_DATE + "$"), r"\1<store build time>",
     "Last-Modified header: the store's build time, and each run builds its store afresh in a temporary cache folder"),
    (re.compile(r'("built_at":[ \t]*)"' + ISO_TIME + '"'), r'\1"<store build time>"',
     "built_at in /v1/meta: the same build time"),
    (re.compile(r'(built_at=)"' + ISO_TIME + '"'), r'\1"<store build time>"',
     "built_at label of parley_dataset_info in /metrics: the same build time"),
]
# Not a mask but a translation, also per run: the server listens on a free port, so its address in
# the output (a 301's Location, say) is written back as the address the document uses.

DOCS = [
    # README.md's "Try it" follows "swift run parley", which serves the dataset without the corpus
    # texts on localhost:8080.
    {"path": "README.md", "corpus": False, "address": "localhost:8080", "rewrite": "localhost:8080"},
    # Docs/api.md sets P=http://127.0.0.1:PORT in its first ```sh block, and its introduction says
    # the server bundled the corpus texts (checked below, so the two cannot drift apart).
    {"path": "Docs/api.md", "corpus": True, "address": None, "rewrite": None,
     "corpus_claim": re.compile(r"built with the corpus\s+texts\s+bundled")},
]

def mask(text):
    for pattern, replacement, _ in MASKS:
        text = pattern.sub(replacement, text)
    return text


def keep_masked_lines(documented, output):
    """The lines --update writes: the new output, except that a line equal to the documented one
    once masked (a Date, a request id) keeps its documented text, so a rewritten block's diff shows
    only what really changed."""
    new = output.split("\n") if output else []
    if documented is None:
        return new
    old = documented.split("\n")
    matcher = difflib.SequenceMatcher(a=[mask(line) for line in old], b=[mask(line) for line in new], autojunk=False)
    lines = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        lines += old[a1:a2] if tag == "equal" else new[b1:b2]
    return lines


def child_environment(extra):
    """A clean environment for the server and the commands: no PARLEY_* settings, no proxies, no
    ~/.curlrc (HOME is the temporary folder), a UTF-8 locale."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PARLEY_") and not k.lower().endswith("_proxy") and k.lower() != "curl_home"}
    env["LC_ALL"] = "C.UTF-8"
    env["LANG"] = "C.UTF-8"
    env["TZ"] = "UTC"
    env.update(extra)
    return env


class Server:
    """One `parley serve` on a free port of 127.0.0.1, its store in its own cache folder."""

    def __init__(self, binary, corpus, scratch):
        self.scratch = scratch
        self.log_out = open(os.path.join(scratch, "serve.stdout"), "wb")
        self.log_err_path = os.path.join(scratch, "serve.stderr")
        self.log_err = open(self.log_err_path, "wb")
        self.args = [binary, "serve", "--host", "127.0.0.1", "--port", "0",
                     "--cache-dir", os.path.join(scratch, "cache"),
                     "--dataset", os.path.join(ROOT, "Resources", "dataset")]
        if corpus:
            self.args += ["--corpus", corpus]
        self.process = None
        self.address = None

    def start(self, timeout):
        self.process = subprocess.Popen(self.args, cwd=self.scratch, stdin=subprocess.DEVNULL, stdout=self.log_out,
                                        stderr=self.log_err, env=child_environment({"HOME": self.scratch}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"parley serve exited with status {self.process.returncode}:\n{self.log_tail()}")
            if self.address is None:
                self.address = self.listen_address()
            if self.address is not None:
                try:
                    with urllib.request.urlopen(f"http://{self.address}/readyz", timeout=2) as response:
                        if response.status == 200:
                            return json.loads(response.read())["dataset"]
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"parley serve was not ready within {timeout} s:\n{self.log_tail()}")

    def listen_address(self):
        with open(self.log_err_path, "rb") as f:
            for line in f.read().decode("utf-8", "replace").splitlines():
                if line.startswith("{"):
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    if event.get("event") == "start":
                        return event["listen"]
        return None

    def log_tail(self, lines=20):
        with open(self.log_err_path, "rb") as f:
            return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # drains, then exits 0
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_out.close()
        self.log_err.close()


def run_block(script, env, cwd, timeout):
    """Runs one command block with bash in its own process group; returns (status, output)."""
    process = subprocess.Popen(["bash", "-c", script], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        status = process.returncode
    except subprocess.TimeoutExpired:
        kill_group(process)
        output, _ = process.communicate()
        status = f"timed out after {timeout:g} s"
    except BaseException:
        kill_group(process)
        raise
    kill_group(process)  # anything the block left running in the background
    text = output.decode("utf-8", "replace").replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return status, text


def describe(status):
    return f"exited {status}" if isinstance(status, int) else status


def kill_group(process):
    """Kills the process group of one command block (its bash and what that started), nothing else."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if process.poll() is None:
        process.wait()


def untracked_files():
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return {line[3:] for line in out.stdout.splitlines() if line.startswith("?? ")}


def build_binary(scratch_path):
    extra = ["--scratch-path", scratch_path] if scratch_path else []
    command = ["swift", "build", "-c", "release", "--product", "parley"] + extra
    print(f"== {' '.join(command)} (pass --bin to use a built binary)", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"] + extra, cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "parley")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", help="the parley binary (default: swift build -c release, then .build/release/parley)")
    parser.add_argument("--scratch-path", help="without --bin: swift build's --scratch-path (default .build)")
    parser.add_argument("--corpus", help="the corpus folder (e.g. ../shared/corpus); without it, examples "
                        "marked needs-corpus are skipped")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the output blocks that do not match with what the commands print now")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per command block (default 30)")
    parser.add_argument("--start-timeout", type=float, default=120,
                        help="seconds for the server to build its store and answer /readyz (default 120)")
    args = parser.parse_args()

    missing = [tool for tool in ("bash", "curl", "jq", "gzip") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"examples.py: the examples need {', '.join(missing)} on PATH (apt-get install {' '.join(missing)})")
    corpus = None
    if args.corpus:
        corpus = os.path.abspath(args.corpus)
        if not os.path.isdir(corpus):
            sys.exit(f"examples.py: --corpus {args.corpus}: no such folder")
    binary = os.path.abspath(args.bin) if args.bin else build_binary(args.scratch_path)
    if not os.access(binary, os.X_OK):
        sys.exit(f"examples.py: {binary} is not an executable")

    print("masked before comparing (what differs per run):")
    for _, _, reason in MASKS:
        print(f"  - {reason}")
    print("  (and the server's free port, written back as the document's address)")

    # Extract everything first: a malformed document fails before any server starts.
    plans, problems = [], []
    for doc in DOCS:
        path = os.path.join(ROOT, doc["path"])
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if doc.get("corpus_claim") and not doc["corpus_claim"].search("\n".join(lines)):
            problems.append(f"{doc['path']}: no longer says its examples ran with the corpus texts bundled; "
                            "update DOCS in Tests/Docs/examples.py with it")
        if doc["address"] is None:
            m = re.search(r"^P=http://(\S+?)/?(?:\s|$)", "\n".join(lines), re.M)
            if not m:
                problems.append(f"{doc['path']}: no `P=http://HOST:PORT` line sets the base URL")
                continue
            doc = dict(doc, address=m.group(1))
        examples, others, found_problems = extract(doc, lines, args.update)
        problems += found_problems
        print(f"{doc['path']}: {len(examples)} examples"
              + (f" ({len(others)} ```sh blocks without output are not examples: lines "
                 f"{', '.join(map(str, others))})" if others else ""))
        plans.append((doc, path, lines, examples))
    if problems:
        print("\n".join(problems))
        sys.exit(1)

    before = untracked_files()
    total = {"run": 0, "matched": 0, "skipped": 0, "updated": 0}
    per_file = {}
    failed = []
    started = time.monotonic()
    scratch_root = tempfile.mkdtemp(prefix="parley-examples-")
    servers = []

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    try:
        for doc, path, lines, examples in plans:
            doc_started = time.monotonic()
            run_before, matched_before = total["run"], total["matched"]
            scratch = tempfile.mkdtemp(prefix=doc["path"].replace("/", "-") + "-", dir=scratch_root)
            workdir = os.path.join(scratch, "work")
            os.mkdir(workdir)
            with_corpus = corpus if doc["corpus"] else None
            if doc["corpus"] and corpus is None:
                print(f"\n!! {doc['path']} documents a server with the corpus texts bundled, and no --corpus was "
                      "given: its examples marked needs-corpus are SKIPPED")
            server = Server(binary, with_corpus, scratch)
            servers.append(server)
            try:
                dataset = server.start(args.start_timeout)
            except RuntimeError as error:
                failed.append(f"{doc['path']}: no server")
                print(f"FAIL {doc['path']}: {error}")
                server.stop()
                continue
            print(f"\n== {doc['path']}: parley serve{' --corpus ' + with_corpus if with_corpus else ''} on "
                  f"{server.address} (dataset {dataset}, pid {server.process.pid})", flush=True)
            env = child_environment({"HOME": scratch, "P": f"http://{server.address}"})
            edits = []
            for example in examples:
                if "needs-corpus" in example.command.markers and with_corpus is None:
                    print(f"SKIP {example.where} (needs the corpus)")
                    total["skipped"] += 1
                    continue
                script = example.command.text
                if doc["rewrite"]:
                    script = script.replace(doc["rewrite"], server.address)
                status, output = run_block(script, env, workdir, args.timeout)
                output = output.replace(server.address, doc["address"])
                total["run"] += 1
                if example.output is None and "no-output" in example.command.markers:
                    if status == 0:
                        total["matched"] += 1
                        print(f"ok   {example.where} (exit 0; no output documented)")
                    else:
                        failed.append(example.where)
                        print(f"FAIL {example.where}: {describe(status)}; it printed:\n{output}")
                    continue
                documented = example.output.text if example.output is not None else None
                if status != 0:
                    failed.append(example.where)
                    print(f"FAIL {example.where}: {describe(status)}; it printed:\n{output}")
                    continue
                if documented is not None and mask(documented) == mask(output):
                    total["matched"] += 1
                    print(f"ok   {example.where}")
                    continue
                if args.update:
                    edits.append((example, keep_masked_lines(documented, output)))
                    total["updated"] += 1
                    total["matched"] += 1
                    print(f"UPD  {example.where}" + (" (new output block)" if documented is None else ""))
                    continue
                failed.append(example.where)
                diff = difflib.unified_diff(mask(documented).split("\n"), mask(output).split("\n"),
                                            f"{example.where} (documented)", "this run", lineterm="")
                print(f"FAIL {example.where}\n" + "\n".join(diff))
            if not server.alive():
                failed.append(f"{doc['path']}: the server exited during the examples")
                print(f"FAIL the server exited during the examples:\n{server.log_tail()}")
            server.stop()
            if edits:
                rewrite(lines, edits)
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines))
            per_file[doc["path"]] = (total["run"] - run_before, total["matched"] - matched_before)
            print(f"   {doc['path']}: {time.monotonic() - doc_started:.1f} s")
    except KeyboardInterrupt:
        print("interrupted")
        failed.append("interrupted")
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(scratch_root, ignore_errors=True)

    after = untracked_files()
    if before is not None and after is not None and after - before:
        failed.append("files left in the checkout")
        print("FAIL the examples left files in the checkout: " + ", ".join(sorted(after - before)))

    print("\n" + "; ".join(f"{path}: {run} re-run, {matched} matched" for path, (run, matched) in per_file.items()))
    print(f"{total['run']} examples re-run, {total['matched']} matched"
          + (f" ({total['updated']} output blocks rewritten)" if args.update else "")
          + (f", {total['skipped']} SKIPPED (need the corpus; pass --corpus DIR)" if total["skipped"] else "")
          + f"; {time.monotonic() - started:.1f} s")
    if failed:
        print(f"{len(failed)} failed: " + ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
