"""Read the documents the coder is given: .txt, .md and .html files (HTML through trafilatura), one by
one or from folders. A file that cannot be read is skipped with a reason, never fatal to the batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 20_000_000


@dataclass
class Document:
    """A document's plain text (for HTML, the main text trafilatura extracted) and any warnings."""

    path: Path
    text: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A file left out, and why."""

    path: Path
    reason: str


def collect(paths: Iterable[Path]) -> Iterator[Path | Skipped]:
    """Every readable-looking file under `paths` (folders are walked, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Skipped(path, "no such file or folder")


def _decode(raw: bytes, warnings: list[str]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        warnings.append(
            f"not valid UTF-8 (first bad byte at offset {exc.start}); {bad} character(s) replaced with U+FFFD"
        )
        return text


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 20)


def _html_text(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
    )


def read(path: Path) -> Document | Skipped:
    """One file as a Document, or Skipped with the reason."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return Skipped(path, f"unsupported file type {suffix or '(none)'!r}; use .txt, .md or .html")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Skipped(path, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(path, f"cannot read: {exc.strerror or exc}")
    if not raw.strip():
        return Skipped(path, "empty")
    if _looks_binary(raw):
        return Skipped(path, "binary content, not text")
    warnings: list[str] = []
    text = _decode(raw, warnings)
    if suffix in HTML_SUFFIXES:
        extracted = _html_text(text)
        if not extracted or not extracted.strip():
            return Skipped(path, "no main text found in the HTML")
        text = extracted
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > 100_000:
        warnings.append(
            f"a line of {longest:,} characters: sentences longer than 2,000 characters are cut into pieces"
        )
    return Document(path, text, warnings)
