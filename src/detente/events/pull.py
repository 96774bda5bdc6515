"""Download GDELT 2.0 event exports listed in GDELT's master file list, check each against its
published size and MD5, resume partial downloads, report every 15-minute slice that is missing
(unlisted, unreachable or corrupt) instead of skipping it, and ingest what arrived.

The master file list has one line per file: `SIZE MD5 URL`. Event exports are the
`YYYYMMDDHHMMSS.export.CSV.zip` files, one every 15 minutes since 2015-02-18 23:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from detente.core.errors import DataError, DetenteError
from detente.datasets.registry import home
from detente.events.ingest import FileResult, ingest_each
from detente.events.store import EventStore

MASTER_URL = "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt"
GDELT2_START = dt.datetime(2015, 2, 18, 23, 0)
SLICE = dt.timedelta(minutes=15)
CHUNK = 1 << 20
_EXPORT = re.compile(r"/(\d{14})\.export\.CSV\.zip$")

Report = Callable[[str, int, int | None], None]


class PullError(RuntimeError, DetenteError):
    """The master file list could not be read."""

    exit_code = 2


@dataclass(frozen=True)
class Listed:
    """One export in the master file list."""

    stamp: dt.datetime
    size: int
    md5: str
    url: str

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]


@dataclass
class PullResult:
    listed: int = 0
    downloaded: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)  # {slice, reason}
    malformed_lines: list[int] = field(default_factory=list)
    ingested: list[FileResult] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # files the ingest refused, with why


def master_url() -> str:
    return os.environ.get("DETENTE_GDELT_MASTER", MASTER_URL)


def cache_dir() -> Path:
    return home() / "gdelt" / "v2"


def _get(url: str, headers: dict | None = None, timeout: float = 30.0):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}),
                                  timeout=timeout)


def read_master(url: str) -> tuple[list[Listed], list[int]]:
    """The exports in the master file list, and the numbers of lines that did not parse."""
    try:
        with _get(url) as resp:
            text = resp.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError) as exc:
        raise PullError(f"cannot read the GDELT master file list at {url}: {exc}") from None
    listed, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if (len(parts) != 3 or not parts[0].isdecimal()
                or not re.fullmatch(r"[0-9a-f]{32}", parts[1])):
            bad.append(number)
            continue
        match = _EXPORT.search(parts[2])
        if match:
            stamp = dt.datetime.strptime(match.group(1), "%Y%m%d%H%M%S")
            listed.append(Listed(stamp, int(parts[0]), parts[1], parts[2]))
    if not listed and bad:
        raise PullError(f"{url}: no line of the master file list parses (first bad line "
                        f"{bad[0]})")
    return listed, bad


def slices(since: dt.date, until: dt.date) -> list[dt.datetime]:
    """Every 15-minute slice GDELT 2.0 should have published from `since` to `until`."""
    start = max(dt.datetime.combine(since, dt.time()), GDELT2_START)
    end = dt.datetime.combine(until, dt.time(23, 45))
    out, t = [], start
    while t <= end:
        out.append(t)
        t += SLICE
    return out


def _md5(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "md5").hexdigest()


def _complete(path: Path, item: Listed) -> bool:
    return path.is_file() and path.stat().st_size == item.size and _md5(path) == item.md5


def download(item: Listed, folder: Path, report: Report | None = None) -> Path:
    """Fetch one file into `folder`, resuming a `.part` left by an earlier run; checked against
    the published size and MD5 (a mismatch deletes the copy and raises DataError)."""
    target = folder / item.name
    if _complete(target, item):
        return target
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    if have > item.size:
        part.unlink()
        have = 0
    headers = {"Range": f"bytes={have}-"} if 0 < have < item.size else {}
    if have < item.size:
        try:
            resp = _get(item.url, headers)
        except urllib.error.HTTPError as exc:
            if exc.code == 416:  # the part is stale: start over
                part.unlink(missing_ok=True)
                return download(item, folder, report)
            raise
        with resp:
            resumed = resp.status == 206
            with part.open("ab" if resumed else "wb") as fh:
                done = have if resumed else 0
                while chunk := resp.read(CHUNK):
                    fh.write(chunk)
                    done += len(chunk)
                    if report:
                        report(item.name, done, item.size)
    size = part.stat().st_size
    if size != item.size:
        part.unlink()
        raise DataError(f"size {size} differs from the published {item.size}", file=item.url)
    if (digest := _md5(part)) != item.md5:
        part.unlink()
        raise DataError(f"MD5 {digest} differs from the published {item.md5}", file=item.url)
    part.replace(target)
    return target


def pull_gdelt(since: dt.date, until: dt.date, *, url: str | None = None,
               ingest_files: bool = True, store: EventStore | None = None,
               report: Report | None = None,
               on_ingest: Callable[[str, float], None] | None = None) -> PullResult:
    """Download (and ingest) the GDELT 2.0 exports from `since` to `until`, inclusive."""
    if until < since:
        raise DataError(f"--until {until} is before --since {since}")
    listed, bad = read_master(url or master_url())
    wanted = {x.stamp: x for x in listed if since <= x.stamp.date() <= until}
    result = PullResult(listed=len(wanted), malformed_lines=bad)
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for stamp in slices(since, until):
        item = wanted.get(stamp)
        if item is None:
            result.missing.append({"slice": stamp.isoformat(), "reason": "not in the master list"})
            continue
        reused = _complete(folder / item.name, item)
        try:
            path = download(item, folder, report)
        except urllib.error.HTTPError as exc:
            result.missing.append({"slice": stamp.isoformat(), "reason": f"HTTP {exc.code}"})
            continue
        except (urllib.error.URLError, OSError) as exc:
            result.missing.append({"slice": stamp.isoformat(), "reason": f"unreachable: {exc}"})
            continue
        except DataError as exc:
            result.missing.append({"slice": stamp.isoformat(), "reason": exc.message})
            continue
        (result.reused if reused else result.downloaded).append(item.name)
        files.append(path)
    if ingest_files and files:
        own = store is None
        store = store or EventStore()
        try:  # the same scheduler and dispatch as `detente events ingest`
            for _, outcome in ingest_each(files, store, progress=on_ingest):
                if isinstance(outcome, DataError):
                    result.refused.append(outcome.location_message())
                else:
                    result.ingested.append(outcome)
        finally:
            if own:
                store.close()
    return result
