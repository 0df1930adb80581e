#!/usr/bin/env python3
"""Differential check: Parley's HTTP/1.1 request handling against llhttp (the parser Node and
SwiftNIO use), on the conformance cases and deterministic mutations of them.

For each input it asks both sides two questions: does the request stream get rejected, and how
many requests are framed before that (the framing question: a disagreement there is what request
smuggling is made of). Parley is asked over a socket (status lines counted); llhttp in-process.

Every disagreement is put in a category with the reason it is deliberate; anything that fits no
category is printed as UNEXPLAINED and makes the script exit 1.

  Tests/Conformance/llhttp-diff.py --port 18080 [--mutations 40]
"""
import argparse, json, os, random, re, socket, sys

import llhttp

HERE = os.path.dirname(os.path.abspath(__file__))
REJECT = {400, 413, 414, 417, 431, 501, 505}


class Counter(llhttp.Request):
    def __init__(self):
        super().__init__()
        self.heads = 0

    def on_headers_complete(self):
        self.heads += 1


def llhttp_verdict(data):
    parser = Counter()
    try:
        parser.execute(data)
        return ("accept", parser.heads, None)
    except llhttp.Error as error:
        return ("reject", parser.heads, type(error).__name__)


def parley_verdict(port, data):
    """Sends the bytes, reads every response until the server closes or goes quiet."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=2)
    sock.settimeout(0.6)
    try:
        sock.sendall(data)
    except OSError:
        pass
    received = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    finally:
        sock.close()
    statuses = response_statuses(received)
    rejected = bool(statuses) and statuses[-1] in REJECT
    return ("reject" if rejected else "accept", len(statuses) - (1 if rejected else 0), statuses)


def response_statuses(received):
    """Status codes of the responses in a byte stream, framed by their Content-Length."""
    statuses = []
    while received.startswith(b"HTTP/1.1 "):
        end = received.find(b"\r\n\r\n")
        if end < 0:
            break
        head = received[:end].decode("latin-1")
        statuses.append(int(head[9:12]))
        match = re.search(r"(?im)^content-length:\s*(\d+)", head)
        length = int(match.group(1)) if match else 0
        if received[end + 4:].startswith(b"HTTP/1.1 "):
            length = 0  # the answer to a HEAD: headers of a body that is not sent
        received = received[end + 4 + length:]
    return statuses


def category(data, ours, theirs):
    """Why Parley and llhttp may legitimately differ on this input (None if unexplained)."""
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    statuses = ours[2]
    last = statuses[-1] if statuses else None
    if last == 413:
        return "body policy: Parley's API takes no request body (413); llhttp frames bodies"
    if not statuses and theirs[0] == "reject":
        return "incomplete head: Parley checks a head once it is complete (else 408 at the head deadline); llhttp fails on the first bad byte"
    if 501 in statuses:
        return "unknown method or transfer coding: Parley parses the token and answers 501; llhttp rejects unknown methods while parsing"
    if last == 505 or re.search(rb"http/1\.[2-9]", head) or b"http/2" in head or b"http/0" in head or re.search(rb"http/\d\.\d\d", head):
        return "version: Parley answers 505 for majors other than 1; llhttp rejects or accepts per its own version rules"
    if last == 414 or last == 431:
        return "limits: Parley enforces 8 KiB request line / 32 KiB head / 100 fields; llhttp has no such limits"
    if last == 417:
        return "Expect: Parley answers 417 to unknown expectations; llhttp does not interpret Expect"
    if last == 400 and theirs[0] == "accept":
        return "stricter semantics: Parley checks Host, targets, percent-escapes, Content-Length syntax and bare LF that llhttp leaves to the application"
    if theirs[2] == "ClosedConnectionError" and ours[1] == theirs[1]:
        return "both stop after the request that closes the connection (llhttp reports the bytes after it as an error)"
    if theirs[0] == "reject" and ours[0] == "accept":
        return "llhttp stricter: a case llhttp rejects that Parley serves (see list)"
    if ours[0] == theirs[0] == "reject":
        return "both reject, after a different number of framed requests (Parley answers requests before the bad one; llhttp counts heads it parsed)"
    return None


def mutations(data, rng, count):
    alphabet = [b"\r", b"\n", b" ", b"\t", b":", b"\x00", b"0", b"-", b",", b"Content-Length: 1\r\n",
                b"Transfer-Encoding: chunked\r\n", b"Host: y\r\n", b"\r\n"]
    for _ in range(count):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            op = rng.random()
            pos = rng.randrange(len(buf) + 1)
            if op < 0.4:
                buf[pos:pos] = rng.choice(alphabet)
            elif op < 0.7 and len(buf) > 1:
                del buf[min(pos, len(buf) - 1)]
            elif len(buf) > 0:
                buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        yield bytes(buf)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mutations", type=int, default=40)
    parser.add_argument("--seed", type=int, default=9112)
    args = parser.parse_args()
    cases = json.load(open(os.path.join(HERE, "cases.json")))
    rng = random.Random(args.seed)
    inputs = []
    for case in cases:
        base = case["request"].encode("utf-8")
        inputs.append((case["rule"], base))
        for index, mutated in enumerate(mutations(base, rng, args.mutations)):
            inputs.append((f"{case['rule']}~{index}", mutated))

    agree = 0
    categories = {}
    unexplained = []
    llhttp_stricter = []
    for name, data in inputs:
        ours = parley_verdict(args.port, data)
        theirs = llhttp_verdict(data)
        if ours[0] == theirs[0] and (ours[0] == "reject" or ours[1] == theirs[1]):
            agree += 1
            continue
        reason = category(data, ours, theirs)
        if reason is None:
            unexplained.append((name, data, ours, theirs))
            continue
        categories[reason] = categories.get(reason, 0) + 1
        if reason.startswith("llhttp stricter"):
            llhttp_stricter.append((name, data[:120], ours[2], theirs[2]))

    print(f"inputs: {len(inputs)} ({len(cases)} cases, {args.mutations} mutations each)")
    print(f"agree on accept/reject and framing: {agree}")
    for reason, count in sorted(categories.items(), key=lambda item: -item[1]):
        print(f"differ, deliberate ({count}): {reason}")
    for name, data, ours, theirs in llhttp_stricter[:15]:
        print(f"  llhttp rejects ({theirs}), Parley answers {ours}: {name} {data!r}")
    for name, data, ours, theirs in unexplained:
        print(f"UNEXPLAINED {name}: parley={ours} llhttp={theirs} input={data[:160]!r}")
    print(f"unexplained: {len(unexplained)}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
