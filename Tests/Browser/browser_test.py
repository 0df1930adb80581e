#!/usr/bin/env python3
"""Parley as a frontend on another origin sees it, in a real headless Chromium.

  browser_test.py --bin PATH [--timeout S]      (Tests/Browser/run.sh is the entry point)

Starts two Parley servers (--rate-limit 1000, and --rate-limit 1 --rate-burst 1 to provoke a 429), a
static server for page.html on a third port (a different port is a different origin, so every call is
CORS), and Chromium. It drives Chromium over the DevTools protocol on --remote-debugging-pipe, which
needs nothing beyond the standard library. page.html runs the calls; the servers' access logs and the
browser's network events show what JS cannot see (the 304, the gzip, the preflight). Any console error,
uncaught exception or failed load in the page fails the run, except the two error statuses the checks
ask for. Everything runs on 127.0.0.1, and everything it starts it stops, by PID.
"""
import argparse, fcntl, functools, http.server, json, os, select, shutil, signal, subprocess, sys
import tempfile, threading, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Every flag keeps the browser quiet and local: no first-run UI, no background fetches, no proxy, and a
# resolver that knows no name, so nothing leaves 127.0.0.1. --no-sandbox because CI runs as root, where
# Chromium refuses to start its sandbox; the page it loads is our own.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-pings", "--mute-audio",
    "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--password-store=basic", "--remote-debugging-pipe",
]


class Timeout(Exception):
    pass


class Parley:
    """One `parley serve` on a free port (--port 0; the port is read from its start line)."""

    def __init__(self, binary, work, name, *flags):
        self.log = os.path.join(work, f"{name}.access.log")  # JSON lines on stdout
        self.err = os.path.join(work, f"{name}.stderr")
        with open(self.log, "wb") as out, open(self.err, "wb") as err:
            self.proc = subprocess.Popen(
                [binary, "serve", "--port", "0", "--cache-dir", os.path.join(work, "cache"), *flags],
                cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        self.url = None

    def wait_ready(self, deadline):
        while time.monotonic() < deadline and self.proc.poll() is None:
            for line in open(self.err, errors="replace"):
                if line.startswith("{") and json.loads(line).get("event") == "start":
                    self.url = "http://" + json.loads(line)["listen"]
                    return
            time.sleep(0.05)
        raise Timeout(f"parley did not start: {open(self.err, errors='replace').read()[-2000:]}")

    def stop(self):
        """SIGTERM drains and flushes the access log (it is written in batches)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def requests(self):
        lines = (line for line in open(self.log, errors="replace") if line.startswith("{"))
        return [json.loads(line) for line in lines]


class Chromium:
    """Headless Chromium spoken to over the DevTools pipe: JSON messages ending in NUL, ours on its
    fd 3, its on fd 4. It runs in its own session, so its helpers can be stopped with it."""

    def __init__(self, executable, work):
        to_child, self.to_browser = os.pipe()
        self.from_browser, from_child = os.pipe()
        # Moved above 9, so that putting them on 3 and 4 cannot overwrite one with the other.
        low = (to_child, from_child)
        to_child, from_child = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in low)
        for fd in low:
            os.close(fd)
        self.stderr = os.path.join(work, "chromium.stderr")
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, self.stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
            (os.POSIX_SPAWN_DUP2, 1, 2), (os.POSIX_SPAWN_DUP2, to_child, 3), (os.POSIX_SPAWN_DUP2, from_child, 4),
        ]
        argv = [executable, *CHROMIUM_FLAGS, f"--user-data-dir={os.path.join(work, 'profile')}", "about:blank"]
        self.pid = os.posix_spawn(executable, argv, os.environ, file_actions=actions, setsid=True)
        for fd in (to_child, from_child):
            os.close(fd)
        self.buffer, self.next_id, self.events = b"", 0, []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self.to_browser, data):]
        return self.next_id

    def receive(self, deadline):
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_browser], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                raise Timeout("no answer from Chromium in time")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise Timeout(f"Chromium closed the pipe: {open(self.stderr, errors='replace').read()[-2000:]}")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        message = json.loads(message)
        if "method" in message:
            self.events.append(message)
        return message

    def call(self, method, params=None, session=None, deadline=None):
        wanted = self.send(method, params, session)
        while True:
            message = self.receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def wait_for(self, event, deadline):
        while not any(e["method"] == event for e in self.events):
            self.receive(deadline)

    def drain(self, seconds):
        """Reads the events still in flight (console messages arrive after the promise settles)."""
        try:
            while True:
                self.receive(time.monotonic() + seconds)
        except Timeout:
            pass

    def stop(self):
        try:
            self.send("Browser.close")
        except OSError:
            pass
        for _ in range(50):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        try:  # helpers left in the session it was started in (its PID is the group's id)
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def static_server(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def console_lines(events, expected_errors):
    """Every console message, exception and failed load as (is_error, text)."""
    urls = {e["params"]["requestId"]: e["params"]["request"]["url"]
            for e in events if e["method"] == "Network.requestWillBeSent"}
    for e in events:
        method, p = e["method"], e.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
            yield p["type"] in ("error", "assert"), f"console.{p['type']}: {text}"
        elif method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            yield True, f"uncaught: {d.get('exception', {}).get('description', d.get('text'))}"
        elif method == "Log.entryAdded":
            entry = p["entry"]
            # An error status on a fetch is logged as "Failed to load resource: … status of 400"; the two
            # the checks ask for are expected, any other is not.
            wanted = any(entry.get("url") == url and f"status of {status}" in entry["text"]
                         for url, status in expected_errors)
            level = "expected " + entry["level"] if wanted else entry["level"]
            text = f"{level} ({entry['source']}): {entry['text']} {entry.get('url', '')}"
            yield entry["level"] == "error" and not wanted, text
        elif method == "Network.loadingFailed":
            why = p.get("corsErrorStatus") or p.get("blockedReason") or ""
            yield True, f"load failed: {urls.get(p['requestId'], '?')} {p['errorText']} {why}"


def network_exchanges(events):
    """The browser's own record of each request: URL, the headers it sent, the status and headers it got
    (the ExtraInfo events carry the raw headers, If-None-Match and Content-Encoding included)."""
    by_id = {}
    for e in events:
        p = e.get("params", {})
        if e["method"] == "Network.requestWillBeSent":
            by_id.setdefault(p["requestId"], {})["url"] = p["request"]["url"]
        elif e["method"] == "Network.requestWillBeSentExtraInfo":
            by_id.setdefault(p["requestId"], {})["sent"] = {k.lower(): v for k, v in p["headers"].items()}
        elif e["method"] == "Network.responseReceivedExtraInfo":
            exchange = by_id.setdefault(p["requestId"], {})
            exchange["status"] = p["statusCode"]
            exchange["got"] = {k.lower(): v for k, v in p["headers"].items()}
    return list(by_id.values())


def judge(results, api_log, limited_log, exchanges):
    """Adds to the page's verdicts what only the server and the network layer can show."""
    by_name = {r["name"]: r for r in results}

    def add(name, ok, evidence):
        result = by_name[name]
        result["ok"] = result["ok"] and ok
        result["detail"] = f"{result.get('detail', '')}; {evidence}"

    def logged(path):
        return [(r["method"], r["status"]) for r in api_log if r["path"] == path]

    preflight = logged("/v1/processes?limit=1")
    add("preflight", preflight == [("OPTIONS", 204), ("GET", 200)], f"server log: {preflight}")

    revalidation = logged("/v1/talks/astana-4")
    sent = [x["sent"].get("if-none-match") for x in exchanges
            if x.get("url", "").endswith("/v1/talks/astana-4") and x.get("status") == 304 and "sent" in x]
    add("revalidation-304", revalidation == [("GET", 200), ("GET", 304)] and bool(sent) and all(sent),
        f"server log: {revalidation}; browser sent If-None-Match: {sent[0] if sent else None}")

    gzip = by_name["gzip"]
    sizes = [r["bytes"] for r in api_log if r["request_id"] == gzip.get("requestId")]
    codings = [x.get("got", {}).get("content-encoding") for x in exchanges
               if x.get("url", "").endswith("/v1/events?limit=1000")]
    add("gzip", len(sizes) == 1 and sizes[0] * 3 < gzip.get("chars", 0) and codings == ["gzip"],
        f"{gzip.get('chars')} chars of JSON, server wrote {sizes[0] if sizes else '?'} bytes; "
        f"Content-Encoding: {codings}")

    limited = [r["status"] for r in limited_log]
    add("rate-limit-429", 429 in limited, f"limited server log: {limited}")


def run(args, work, deadline):
    """Runs the page; returns its verdicts, the browser's events and the two access logs."""
    servers, browser, page_server = [], None, None
    try:
        api = Parley(args.bin, work, "api", "--rate-limit", "1000")
        servers.append(api)
        api.wait_ready(deadline)  # builds the store into the cache; the second server reuses it
        limited = Parley(args.bin, work, "limited", "--rate-limit", "1", "--rate-burst", "1")
        servers.append(limited)
        limited.wait_ready(deadline)
        page_server = static_server(HERE)
        query = urllib.parse.urlencode({"api": api.url, "limited": limited.url})
        page = f"http://127.0.0.1:{page_server.server_address[1]}/page.html?{query}"
        print(f"page {page}", flush=True)

        browser = Chromium(args.chromium, work)
        target = browser.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                               deadline=deadline)["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.call(f"{domain}.enable", session=session, deadline=deadline)
        browser.call("Page.navigate", {"url": page}, session=session, deadline=deadline)
        browser.wait_for("Page.loadEventFired", deadline)
        answer = browser.call("Runtime.evaluate", {"expression": "runChecks()", "awaitPromise": True,
                                                   "returnByValue": True}, session=session, deadline=deadline)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"runChecks() threw: {answer['exceptionDetails']}")
        browser.drain(0.5)
    finally:
        if browser:
            browser.stop()
        if page_server:
            page_server.shutdown()
        for server in servers:
            server.stop()
    expected_errors = [(f"{api.url}/v1/talks?limit=0", 400), (f"{limited.url}/v1/meta", 429)]
    return answer["result"]["value"], browser.events, api.requests(), limited.requests(), expected_errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the parley executable")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--timeout", type=float, default=100, help="seconds for the whole run")
    args = parser.parse_args()
    # run.sh's `timeout` sends SIGTERM; exiting through run()'s `finally` stops what it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("browser test: terminated (timeout)"))
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="parley-browser-")
    try:
        results, events, api_log, limited_log, expected_errors = run(args, work, started + args.timeout)
    except (Timeout, RuntimeError, OSError) as error:
        print(f"FAIL  setup: {error}")
        print("browser: 0 passed, 1 failed")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)

    judge(results, api_log, limited_log, network_exchanges(events))
    console = list(console_lines(events, expected_errors))
    print("browser console:" if console else "browser console: (nothing)")
    for _, text in console:
        print(f"  {text}")
    errors = sum(bad for bad, _ in console)
    results.append({"name": "page-clean", "ok": errors == 0,
                    "detail": f"{errors} console errors, uncaught exceptions or failed loads "
                              "(the expected 400 and 429 aside)"})
    for number, r in enumerate(results, 1):
        print(f"{'PASS' if r['ok'] else 'FAIL'}  {number}. {r['name']}: {r.get('detail', '')}")
    failed = sum(not r["ok"] for r in results)
    print(f"== browser test took {time.monotonic() - started:.1f} s")
    print(f"browser: {len(results) - failed} passed, {failed} failed")
    return 1 if failed or len(results) != 9 else 0


if __name__ == "__main__":
    sys.exit(main())
