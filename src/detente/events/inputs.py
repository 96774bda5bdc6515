"""An input file made ready for DuckDB: its sha256 (of the file as given), its lines counted and
its blank lines found in one streaming pass, and gzip/zip inputs unpacked to a temporary plain
file (so DuckDB can parse it in parallel). Memory stays flat in the file size."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from detente.core.errors import DataError

BLOCK = 8 << 20
_SCAN_BLOCK = 1 << 20  # hashing and counting: fits the CPU cache
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class LineScan:
    """Line count of a byte stream (its line breaks, plus a last line without one) and its first
    line. Blank lines are found only when asked (`blank_lines`): they are rare."""

    lines: int = 0
    first_line: bytes = b""
    _last: int = -1

    def feed(self, block: bytes | bytearray) -> None:
        if not block:
            return
        if self._last == -1:
            end = block.find(b"\n")
            self.first_line = bytes(block[: end if end >= 0 else 4096])
        self.lines += block.count(b"\n")
        self._last = block[-1]

    def finish(self) -> None:
        """Count a last line that has no line break."""
        if self._last not in (-1, ord("\n")):
            self.lines += 1


def blank_lines(path: Path) -> list[int]:
    """Numbers of the lines that are empty (or hold only a carriage return)."""
    found: list[int] = []
    lines, tail = 0, b"\n"  # as if a line break preceded the file: a blank first line is found
    last = -1
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            view, offset = tail + block, len(tail)
            for pattern in (b"\n\n", b"\n\r\n"):
                start = 0
                while (p := view.find(pattern, start)) >= 0:
                    if p + len(pattern) > offset:  # not already seen in the previous block
                        before = (lines + view[offset:p + 1].count(b"\n") if p + 1 > offset
                                  else lines - view[p + 1:offset].count(b"\n"))
                        found.append(before + 1)
                    start = p + 1
            lines += block.count(b"\n")
            tail, last = view[-2:], block[-1]
    if last not in (-1, ord("\n")) and tail == b"\n\r":
        found.append(lines + 1)  # a last line holding only a carriage return
    return sorted(set(found))


@dataclass
class Prepared:
    """A file ready to load: `plain` is what DuckDB reads (the file itself or an unpacked copy)."""

    path: Path
    plain: Path
    sha256: str
    size: int
    compression: str
    scan: LineScan
    _tmp: Path | None = None
    line_map: Sequence[int] | None = None  # line in `path` of each line of `plain`, if rewritten

    @property
    def first_line(self) -> str:
        return self.scan.first_line.decode("utf-8", errors="replace")

    def cleanup(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)


def sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _magic(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(4)


def prepare(path: Path, workdir: Path | None = None) -> Prepared:
    """Hash, scan and (for gzip/zip) unpack `path`."""
    if not path.is_file():
        raise DataError("no such file", file=path)
    magic = _magic(path)
    size = path.stat().st_size
    if magic.startswith(_GZIP_MAGIC):
        return _unpack(path, size, "gzip", workdir)
    if magic == _ZIP_MAGIC:
        return _unpack(path, size, "zip", workdir)
    digest, scan = hashlib.sha256(), LineScan()
    # One small buffer, read into again and again: cache-friendly, and no new block per read.
    buf = bytearray(_SCAN_BLOCK)
    view = memoryview(buf)
    with path.open("rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            digest.update(view[:n])
            scan.feed(buf if n == len(buf) else bytes(view[:n]))
    scan.finish()
    return Prepared(path, path, digest.hexdigest(), size, "none", scan)


def normalise_newlines(path: Path, workdir: Path | None = None) -> Path:
    """A copy of `path` with every CRLF turned into LF (for files that mix both); lines keep
    their numbers. The caller removes the copy's folder."""
    tmp = Path(tempfile.mkdtemp(prefix="detente-newlines-", dir=workdir))
    out = tmp / "content.txt"
    carry = b""
    with path.open("rb") as src, out.open("wb") as dst:
        while block := src.read(BLOCK):
            block = carry + block
            carry = b"\r" if block.endswith(b"\r") else b""
            dst.write(block[: len(block) - len(carry)].replace(b"\r\n", b"\n"))
        dst.write(carry)
    return out


def _copy(src: BinaryIO, dst: BinaryIO, scan: LineScan) -> None:
    while block := src.read(BLOCK):
        scan.feed(block)
        dst.write(block)
    scan.finish()


def _unpack(path: Path, size: int, kind: str, workdir: Path | None) -> Prepared:
    tmp = Path(tempfile.mkdtemp(prefix="detente-ingest-", dir=workdir))
    plain = tmp / "content.txt"
    scan = LineScan()
    try:
        if kind == "gzip":
            with gzip.open(path, "rb") as src, plain.open("wb") as dst:
                _copy(src, dst, scan)
        else:
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if len(members) != 1:
                    names = ", ".join(m.filename for m in members) or "none"
                    raise DataError(f"a zip input must hold exactly one file; it holds {names}",
                                    file=path)
                with zf.open(members[0]) as src, plain.open("wb") as dst:
                    _copy(src, dst, scan)
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise DataError(f"cannot unpack the {kind} file: {exc}", file=path) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Prepared(path, plain, sha256_file(path), size, kind, scan, tmp)
