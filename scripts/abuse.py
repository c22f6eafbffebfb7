#!/usr/bin/env python3
"""Abuse test of a running `pitchlint serve` on 127.0.0.1 (and nowhere else).

Runs each attack in turn, bounded in count and time, and for each records
the server's peak resident memory, whether /healthz answered within 1 s
throughout, and whether the server is alive after. Started by abuse.sh.
"""

import argparse
import collections
import json
import os
import socket
import struct
import threading
import time
import zlib

HOST = "127.0.0.1"  # loopback only, by design: there is no option to change it
MB = 1 << 20
PHOTO_LIMIT = 20 * MB
PHOTOS = 40


def status_of(raw):
    """The status code of a raw HTTP answer, or a word for what happened."""
    if not raw:
        return "closed"
    line = raw.split(b"\r\n", 1)[0].split()
    return line[1].decode() if len(line) > 1 else "garbled"


def read_answer(sock, limit=64 * 1024):
    """The head of an answer (up to `limit` bytes), tolerating resets."""
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < limit:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data


class Memory(threading.Thread):
    """Samples the server's VmRSS every 10 ms; VmHWM is reset per attack
    where /proc allows it, and the larger of the two is reported."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.lock = threading.Lock()
        self.running = True

    def field(self, name):
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for line in status:
                    if line.startswith(name + ":"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def reset(self):
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as refs:
                refs.write("5")
        except OSError:
            pass
        with self.lock:
            self.peak = self.field("VmRSS")

    def run(self):
        while self.running:
            rss = self.field("VmRSS")
            with self.lock:
                self.peak = max(self.peak, rss)
            time.sleep(0.01)

    def attack_peak(self):
        with self.lock:
            return max(self.peak, self.field("VmHWM"))


SERVER_PID = None


def server_sockets():
    """Sockets the server has open (its listener included)."""
    try:
        fds = os.listdir(f"/proc/{SERVER_PID}/fd")
    except OSError:
        return -1
    count = 0
    for fd in fds:
        try:
            count += os.readlink(f"/proc/{SERVER_PID}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return count


def healthz(port, timeout):
    """Whether GET /healthz answered 200 within `timeout` seconds."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            return status_of(read_answer(sock)) == "200"
    except OSError:
        return False


class Prober(threading.Thread):
    """Asks /healthz every 250 ms with a 1 s limit while an attack runs."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.ok = 0
        self.total = 0
        self.running = True

    def run(self):
        while self.running:
            started = time.monotonic()
            self.total += 1
            if healthz(self.port, 1.0) and time.monotonic() - started <= 1.0:
                self.ok += 1
            time.sleep(max(0.0, 0.25 - (time.monotonic() - started)))


def png(width, height, rows, icc=None):
    """A PNG of 8-bit RGB rows (bytes, filter byte included), stored
    uncompressed, with an optional compressed ICC profile."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if icc is not None:
        out += chunk(b"iCCP", b"icc\x00\x00" + icc)
    return out + chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b"")


def max_photo():
    """Noise that does not compress, as large a PNG as an upload allows."""
    side = 2600
    rows = b"".join(b"\x00" + os.urandom(side * 3) for _ in range(side))
    photo = png(side, side, rows)
    assert len(photo) <= PHOTO_LIMIT, len(photo)
    return photo


def webp_claiming(width, height):
    """A lossless WebP header claiming width × height, then 5 KB."""
    bits = (width - 1) | ((height - 1) << 14)
    data = b"\x2f" + struct.pack("<I", bits) + b"\x55" * 5500
    return b"RIFF" + struct.pack("<I", 12 + len(data)) + b"WEBPVP8L" + struct.pack("<I", len(data)) + data


def iccp_bomb():
    """A 64 × 64 PNG whose ICC profile inflates to 256 MB."""
    rows = b"".join(b"\x00" + bytes(64 * 3) for _ in range(64))
    return png(64, 64, rows, icc=zlib.compress(bytes(256 * MB), 9))


def send_portfolio(port, photos, timeout):
    """Uploads `photos` (a list of bytes) with captions; the status."""
    boundary = b"pitchlint-abuse"
    parts = []
    for i, photo in enumerate(photos):
        parts.append(
            b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"%d.png\"\r\n\r\n" % i
        )
        parts.append(photo)
        parts.append(b"\r\n--" + boundary + b"\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nKitchen\r\n")
    parts.append(b"--" + boundary + b"--\r\n")
    length = sum(len(p) for p in parts)
    head = (
        "POST /api/v1/portfolio HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary.decode()}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            try:
                sock.sendall(head)
                for part in parts:
                    sock.sendall(part)
            except OSError:
                pass  # answered (and closed) before the upload ended
            return status_of(read_answer(sock))
    except OSError as e:
        return type(e).__name__


def concurrently(count, job):
    results = collections.Counter()
    lock = threading.Lock()

    def run(i):
        outcome = job(i)
        with lock:
            results[outcome] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def attack_uploads(port):
    photo = max_photo()
    return concurrently(8, lambda _: send_portfolio(port, [photo] * PHOTOS, 120))


def attack_image_bombs(port):
    bombs = [webp_claiming(12000, 12000), iccp_bomb()] * (PHOTOS // 2)
    return concurrently(3, lambda _: send_portfolio(port, bombs, 120))


def check_request(text):
    body = json.dumps({"kind": "profile", "text": text}, ensure_ascii=False).encode()
    head = (
        "POST /api/v1/check HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def attack_slow_readers(port, count=300, seconds=40):
    """Each asks for a large answer (a 200 KB text of one vague phrase
    repeated: 6.8 MB of findings before the per-rule cap) and reads 1 KB a
    second through an 8 KB receive buffer."""
    phrase = "Quality work on time. "
    request = check_request(phrase * (200 * 1024 // len(phrase.encode())))
    outcomes = collections.Counter()
    sockets = []
    for _ in range(count):
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024)
            sock.settimeout(10)
            sock.connect((HOST, port))
            sock.sendall(request)
            sock.setblocking(False)
            sockets.append([sock, b"", False])
        except OSError as e:
            outcomes["connect " + type(e).__name__] += 1
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(not done for _, _, done in sockets):
        for entry in sockets:
            sock, head, done = entry
            if done:
                continue
            try:
                chunk = sock.recv(1024)
                if not chunk:
                    entry[2] = True
                elif len(head) < 64:
                    entry[1] = head + chunk
            except BlockingIOError:
                pass
            except OSError:
                entry[2] = True
        time.sleep(1.0)
    outcomes["server sockets before closing"] = server_sockets()
    for sock, head, done in sockets:
        status = status_of(head) if head else "no answer"
        # "unfinished": the client has not reached the end; the server may
        # have dropped it already, with the rest still in kernel buffers.
        outcomes[f"{status} {'ended' if done else 'unfinished'}"] += 1
        sock.close()
    return outcomes


def attack_silent(port, count=1100, seconds=12):
    """Opens `count` connections that never send; after `seconds` counts
    the ones the server has closed."""
    sockets = []
    failed = 0
    for _ in range(count):
        try:
            sockets.append(socket.create_connection((HOST, port), timeout=5))
        except OSError:
            failed += 1
    time.sleep(seconds)
    held = server_sockets()
    closed = 0
    for sock in sockets:
        sock.setblocking(False)
        try:
            if sock.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        sock.close()
    return collections.Counter(
        {"opened": len(sockets), "closed by server": closed, "connect failed": failed, "server sockets": held}
    )


def attack_alias_bombs(port):
    """YAML front matter with a 100 KB anchor repeated by alias."""
    anchor = "a" * (100 * 1024)
    aliases = ", ".join(["*a"] * 20000)
    text = f'---\nx: &a "{anchor}"\ny: [{aliases}]\n---\nКачественно и в срок.'

    def one(_):
        try:
            with socket.create_connection((HOST, port), timeout=60) as sock:
                sock.settimeout(60)
                sock.sendall(check_request(text))
                return status_of(read_answer(sock))
        except OSError as e:
            return type(e).__name__

    return concurrently(2, one)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--only", help="comma-separated attack names")
    args = parser.parse_args()
    attacks = [
        ("8 max-size uploads", attack_uploads),
        ("300 slow readers", attack_slow_readers),
        ("1100 silent sockets", attack_silent),
        ("3 image-bomb uploads", attack_image_bombs),
        ("2 YAML alias bombs", attack_alias_bombs),
    ]
    if args.only:
        wanted = args.only.split(",")
        attacks = [a for a in attacks if any(w in a[0] for w in wanted)]
    global SERVER_PID
    SERVER_PID = args.pid
    memory = Memory(args.pid)
    memory.start()
    rows = []
    for name, attack in attacks:
        memory.reset()
        prober = Prober(args.port)
        prober.start()
        started = time.monotonic()
        outcome = attack(args.port)
        took = time.monotonic() - started
        prober.running = False
        prober.join()
        peak = memory.attack_peak()
        alive = os.path.exists(f"/proc/{args.pid}") and healthz(args.port, 5.0)
        rows.append((name, peak, f"{prober.ok}/{prober.total}", alive, took, outcome))
        time.sleep(1)
    memory.running = False
    print(f"{'attack':<22} {'peak RSS':>9} {'healthz ≤1 s':>13} {'alive':>6} {'time':>6}  outcome")
    for name, peak, health, alive, took, outcome in rows:
        verdict = ", ".join(f"{k}: {v}" for k, v in sorted(outcome.items()))
        flag = "" if peak < 1024 * MB else "  (over 1 GB)"
        print(f"{name:<22} {peak / MB:>6.0f} MB {health:>13} {'yes' if alive else 'NO':>6} {took:>5.0f}s  {verdict}{flag}")


if __name__ == "__main__":
    main()
