#!/usr/bin/env python3
"""Misbehaving and in-flight clients for hostile.sh (loopback only, bounded in count and time).

  clients.py resets PORT N        N clients reset mid-head, N reset mid-response
  clients.py cap PORT N           opens N idle connections, reports how many got 503 and whether
                                  an established connection is still served
  clients.py inflight PORT N PATH starts N slow downloads, prints how many completed fully
  clients.py probe PORT N         N sequential GET /healthz, prints max and median latency (ms)
"""
import socket, struct, sys, threading, time


def connect(port, timeout=5):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return sock


def reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def resets(port, n):
    for i in range(n):
        sock = connect(port)
        sock.sendall(b"GET /v1/talks HTTP/1.1\r\nHost: x\r\nX-Partial: ")
        reset(sock)
    for i in range(n):
        sock = connect(port)
        sock.sendall(b"GET /v1/events.csv HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(1024)
        reset(sock)
    print(f"resets: {2 * n} connections reset by the client")


def cap(port, n):
    first = connect(port)
    first.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first.recv(4096)
    held, refused = [], 0
    for _ in range(n):
        sock = connect(port, timeout=2)
        sock.settimeout(0.3)
        try:
            data = sock.recv(4096)
            if data.startswith(b"HTTP/1.1 503"):
                refused += 1
                sock.close()
                continue
        except socket.timeout:
            pass
        held.append(sock)
    first.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first.settimeout(2)
    ok = first.recv(4096).startswith(b"HTTP/1.1 200")
    print(f"cap: {len(held)} extra connections held, {refused} refused with 503, established connection still served: {ok}")
    for sock in held:
        sock.close()
    first.close()


def inflight(port, n, path):
    done = [0]
    lock = threading.Lock()

    def download():
        try:
            sock = connect(port, timeout=30)
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n".encode())
            data = b""
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
                if data.endswith(b"\r\n0\r\n\r\n"):
                    break
                time.sleep(0.02)  # a slow reader: the response is still in flight at SIGTERM
            if data.startswith(b"HTTP/1.1 200") and data.endswith(b"\r\n0\r\n\r\n"):
                with lock:
                    done[0] += 1
        except OSError:
            pass

    threads = [threading.Thread(target=download) for _ in range(n)]
    for thread in threads:
        thread.start()
    print("inflight: started", flush=True)
    for thread in threads:
        thread.join(60)
    print(f"inflight: {done[0]}/{n} complete")


def probe(port, n):
    times, failures = [], []
    for _ in range(n):
        start = time.monotonic()
        try:
            sock = connect(port, timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = sock.recv(4096)
            sock.close()
            if not answer.startswith(b"HTTP/1.1 200"):
                failures.append(repr(answer[:40]))
        except OSError as error:
            failures.append(type(error).__name__)
        times.append((time.monotonic() - start) * 1000)
        time.sleep(0.1)
    times.sort()
    failed = f", {len(failures)} failed ({', '.join(failures)})" if failures else ", none failed"
    print(f"probe: {n} fresh clients, median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms{failed}")


if __name__ == "__main__":
    command, port = sys.argv[1], int(sys.argv[2])
    n = int(sys.argv[3])
    {"resets": lambda: resets(port, n), "cap": lambda: cap(port, n), "probe": lambda: probe(port, n),
     "inflight": lambda: inflight(port, n, sys.argv[4])}[command]()
