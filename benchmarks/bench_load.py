"""A bounded load test of the local dashboard server (127.0.0.1 only; it stops by itself).

Starts `detente serve` on a free port of 127.0.0.1 with a home of its own, warms it (each pair's
timeline once), then:

  idle       /api/health latency with nothing else running (the baseline)
  hostile    each hostile upload alone — the alias bomb, a 5,000-level file, 64 KiB of random
             bytes — 5 times: its answer, latency and how much it raised the server's peak RSS,
             and /api/health's latency meanwhile; and the same files given to the CLI
             (`detente assess USA RUS --scenario FILE`) against a missing file as its baseline
  load       --clients (16) clients for --duration (60) seconds, each request one of: an
             assessment (several pairs, many dates: cached and new), a timeline, a valid
             upload, a hostile upload; a separate probe asks /api/health every 50 ms

and prints p50/p95 per request kind, the errors (a 4xx for a hostile upload is expected; a 5xx,
a dropped connection or a timeout is an error), the server's peak RSS, and /api/health's p95
under load against its idle baseline.

    DETENTE_MIRROR=../shared/data python benchmarks/bench_load.py [--duration 60] [--clients 16]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

PAIRS = [("USA", "RUS"), ("USA", "CHN"), ("IND", "PAK"), ("FRA", "GBR")]
DATES = [f"{y}-{m:02d}-01" for y in range(1950, 2026, 3) for m in (1, 7)]
VALID = b"""name: summit-now
description: The leaders meet.
steps:
  - add:
      - {id: s, kind: channel, channel: summit, status: held, parties: ['{a}', '{b}'],
         summary: 'A summit between the two leaders.'}
"""


def alias_bomb(levels: int = 9, width: int = 9) -> bytes:
    lines = ["name: bomb", "description: aliases all the way down", "steps:", "  - add:",
             "      - &a0 {id: t, kind: treaty, name: T, category: other, parties: [USA, RUS], "
             "summary: A treaty that is only a test case.}"]
    lines += [f"      - &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


HOSTILE = {
    "alias_bomb": alias_bomb(),
    "deep_5000": ("name: deep\ndescription: nested\nsteps: [{change: {id: x}, set: {changes: "
                  + "[" * 5000 + "]" * 5000 + "}}]\n").encode(),
    "random_64k": random.Random(16).randbytes(64 * 1024),
}


def _varied(content: bytes, i: int) -> bytes:
    """The same file with its last byte changed (a YAML file's last line break becomes a space
    and a digit): same size class, a different hash, so no cache answers it."""
    if content.endswith(b"\n"):
        return content + f" # {i}\n".encode()
    return content[:-1] + bytes([i % 256])


# ── HTTP ──────────────────────────────────────────────────────────────────────────────────
def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
            "\r\nContent-Type: application/x-yaml\r\n\r\n")
    body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def request(base: str, path: str, upload: tuple[str, bytes] | None = None,
            timeout: float = 300) -> tuple[int, float]:
    """(status, seconds); status 0 for a dropped connection or a client-side timeout."""
    data, headers = None, {}
    if upload is not None:
        data, ctype = _multipart(*upload)
        headers = {"Content-Type": ctype}
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(base + path, data, headers),
                                    timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    except (OSError, urllib.error.URLError):
        status = 0
    return status, time.perf_counter() - start


# ── the server process ────────────────────────────────────────────────────────────────────
def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def start_server(home: Path) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = {**os.environ, "DETENTE_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if request(base, "/api/health", timeout=5)[0] == 200:
            return proc, base
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("detente serve did not start")


# ── phases ────────────────────────────────────────────────────────────────────────────────
class HealthProbe(threading.Thread):
    """Asks /api/health every `every` seconds until stopped; keeps each latency."""

    def __init__(self, base: str, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.base, self.every, self.times, self.failed = base, every, [], 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            status, seconds = request(self.base, "/api/health", timeout=30)
            if status == 200:
                self.times.append(seconds)
            else:
                self.failed += 1
            self.stop.wait(self.every)


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else \
        (values[0] if values else float("nan"))


def idle_health(base: str, n: int = 200) -> list[float]:
    return [request(base, "/api/health")[1] for _ in range(n)]


def hostile_alone(base: str, pid: int, reps: int = 5) -> dict[str, dict]:
    out = {}
    for name, content in HOSTILE.items():
        statuses, times, growth = [], [], []
        probe = HealthProbe(base, every=0.01)
        probe.start()
        for i in range(reps):
            _reset_peak(pid)
            rss = _status_kb(pid, "VmRSS")
            # a new name and a changed last byte each time: nothing is answered from a cache
            status, seconds = request(base, "/api/scenarios",
                                      (f"{name}-{i}.yaml", _varied(content, i)))
            growth.append((_status_kb(pid, "VmHWM") - rss) / 1024)
            statuses.append(status)
            times.append(seconds)
        probe.stop.set()
        probe.join()
        out[name] = {"statuses": sorted(set(statuses)), "max_s": max(times),
                     "max_growth_mb": max(growth), "health_p95": pct(probe.times, 95),
                     "health_max": max(probe.times), "health_n": len(probe.times),
                     "health_failed": probe.failed}
    return out


def _child(args: list[str], env: dict) -> tuple[int, float, float, str]:
    """Run a CLI command: exit code, wall seconds, its peak RSS (MB), stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, seconds, usage.ru_maxrss / 1024, err


def hostile_cli(home: Path, work: Path, reps: int = 3) -> dict[str, dict]:
    env = {**os.environ, "DETENTE_HOME": str(home)}
    cmd = [sys.executable, "-m", "detente", "assess", "USA", "RUS", "--as-of", "2020-01-01",
           "--format", "json", "--scenario"]
    out = {}
    for name, content in {"baseline_missing_file": None, **HOSTILE}.items():
        path = work / f"{name}.yaml"
        if content is not None:
            path.write_bytes(content)
        runs = [_child([*cmd, str(path)], env) for _ in range(reps)]
        out[name] = {"codes": sorted({r[0] for r in runs}), "best_s": min(r[1] for r in runs),
                     "max_rss_mb": max(r[2] for r in runs),
                     "lines": max(len(r[3].strip().splitlines()) for r in runs),
                     "message": runs[0][3].strip()[:160]}
    return out


def load(base: str, pid: int, clients: int, duration: float, seed: int = 7) -> dict:
    kinds = ["assess"] * 6 + ["timeline"] * 2 + ["upload_valid"] + list(HOSTILE)
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    peak = [0]

    def client(k: int) -> None:
        rnd = random.Random(seed + k)
        while time.monotonic() < deadline:
            kind = rnd.choice(kinds)
            a, b = rnd.choice(PAIRS)
            upload = None
            if kind == "assess":
                path = f"/api/assess?a={a}&b={b}&as_of={rnd.choice(DATES)}"
            elif kind == "timeline":
                path = f"/api/timeline?a={a}&b={b}"
            else:
                path = "/api/scenarios"
                content = VALID if kind == "upload_valid" else HOSTILE[kind]
                upload = (f"{kind}.yaml", _varied(content, rnd.randrange(256)))
            status, seconds = request(base, path, upload)
            ok = status == 200 if kind in ("assess", "timeline", "upload_valid") else \
                400 <= status < 500
            with lock:
                times[kind].append(seconds)
                statuses[kind][status] += 1
                if not ok:
                    errors.append(f"{kind} {path} -> {status}")

    def sample_rss() -> None:
        while time.monotonic() < deadline:
            peak[0] = max(peak[0], _status_kb(pid, "VmRSS"))
            time.sleep(0.2)

    _reset_peak(pid)
    probe = HealthProbe(base)
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    sampler = threading.Thread(target=sample_rss)
    probe.start()
    sampler.start()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    probe.stop.set()
    probe.join()
    sampler.join()
    return {"times": times, "statuses": statuses, "errors": errors, "wall": wall,
            "peak_rss_mb": max(peak[0], _status_kb(pid, "VmHWM")) / 1024,
            "health": probe.times, "health_failed": probe.failed}


# ── the run ───────────────────────────────────────────────────────────────────────────────
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI's hostile-file runs")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    home = work / "home"
    proc, base = start_server(home)
    try:
        t = time.perf_counter()
        for x, y in PAIRS:  # warm: each pair's timeline (an assessment per year) once
            request(base, f"/api/timeline?a={x}&b={y}")
        warm = time.perf_counter() - t
        idle = idle_health(base)
        alone = hostile_alone(base, proc.pid)
        cli = {} if a.no_cli else hostile_cli(home, work)
        r = load(base, proc.pid, a.clients, a.duration)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    report(warm, idle, alone, cli, r, a)


def report(warm: float, idle: list[float], alone: dict, cli: dict, r: dict, a) -> None:
    ms = 1000
    print(f"\nserver warmed in {warm:.1f} s ({len(PAIRS)} timelines); peak RSS of this script "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    idle_p95 = pct(idle, 95)
    print(f"/api/health idle: p50 {pct(idle, 50) * ms:.1f} ms, p95 {idle_p95 * ms:.1f} ms "
          f"({len(idle)} requests)")
    print("\nhostile uploads alone (5 each; limits: answered within 1 s, under 200 MB):")
    for name, h in alone.items():
        print(f"  {name:<11} status {h['statuses']}  max {h['max_s'] * ms:6.0f} ms  server peak "
              f"RSS +{h['max_growth_mb']:5.1f} MB  /api/health meanwhile p95 "
              f"{h['health_p95'] * ms:.1f} ms, max {h['health_max'] * ms:.1f} ms "
              f"({h['health_n']} asks, {h['health_failed']} failed)")
    if cli:
        base = cli["baseline_missing_file"]
        print("\nCLI `detente assess USA RUS --scenario FILE` (best of 3; baseline: a missing file, "
              "refused at once):")
        for name, c in cli.items():
            more = c["best_s"] - base["best_s"]
            extra = "" if name == "baseline_missing_file" else \
                f"  (+{more * ms:.0f} ms, {c['best_s'] / base['best_s']:.2f}x baseline)"
            print(f"  {name:<21} exit {c['codes']}  {c['best_s']:5.2f} s  peak RSS "
                  f"{c['max_rss_mb']:5.0f} MB  {c['lines']} line(s) on stderr{extra}")
            print(f"      {c['message']}")
    total = sum(len(v) for v in r["times"].values())
    print(f"\nload: {a.clients} clients for {a.duration:.0f} s ({r['wall']:.1f} s wall), "
          f"{total} requests ({total / r['wall']:.1f}/s)")
    print(f"  {'kind':<13} {'n':>5} {'p50 ms':>9} {'p95 ms':>9}  statuses")
    for kind in sorted(r["times"]):
        v = r["times"][kind]
        print(f"  {kind:<13} {len(v):>5} {pct(v, 50) * ms:>9.1f} {pct(v, 95) * ms:>9.1f}  "
              f"{dict(sorted(r['statuses'][kind].items()))}")
    first = f" (first: {r['errors'][:5]})" if r["errors"] else ""
    print(f"  unexpected errors: {len(r['errors'])}{first}")
    print(f"  server peak RSS during the load: {r['peak_rss_mb']:.0f} MB")
    h = r["health"]
    p95 = pct(h, 95)
    print(f"  /api/health under load: p50 {pct(h, 50) * ms:.1f} ms, p95 {p95 * ms:.1f} ms, max "
          f"{max(h) * ms:.1f} ms ({len(h)} asks, {r['health_failed']} failed); p95 ratio to idle "
          f"{p95 / idle_p95:.1f}x; target p95 under 100 ms — {'met' if p95 < 0.1 else 'NOT met'}")


if __name__ == "__main__":
    os.environ.setdefault("DETENTE_MIRROR", str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    main()
