"""Scenario files uploaded to the dashboard: size- and name-checked, validated like any other
scenario, kept under `$DETENTE_HOME/uploads/` by content hash so a view's URL can name them.

A view names scenarios by reference only: a shipped scenario's name, or `upload:<16 hex>`.
Nothing a browser sends is ever used as a path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from detente.assess.scenarios import Scenario, load_scenario, resolve_scenario, shipped_scenarios
from detente.core.errors import DataError, UsageError
from detente.dossier.load import Dossier

MAX_UPLOAD_BYTES = 64 * 1024
MAX_UPLOADS = 500  # kept on disk; beyond it the least recently used go (their URLs then say so)
_FILENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,100}\.ya?ml$")
_REF = re.compile(r"^upload:([0-9a-f]{16})$")


class UploadTooLarge(UsageError):
    """The upload is over the size limit."""


def check_filename(name: str) -> str:
    """The upload's file name, or UsageError when it is not a plain `*.yaml` name."""
    if any(c in name for c in "/\\\x00") or ".." in name or not _FILENAME.match(name):
        raise UsageError(f"refused file name {name!r}: give a plain name ending in .yaml, "
                         "with no folders")
    return name


def _dry_run(sc: Scenario, today: dt.date) -> None:
    """Apply to an empty dossier so added facts are validated now, not on first use."""
    sc.apply(Dossier("AAA", "BBB", [], as_of_date=today))


class UploadStore:
    """Uploaded scenarios in one folder, each stored as `<sha256[:16]>.yaml`."""

    def __init__(self, folder: Path, keep: int = MAX_UPLOADS) -> None:
        self.folder = folder
        self.keep = keep

    def _prune(self) -> None:
        """Keep the `keep` most recently used uploads (saving or loading one touches it)."""
        kept = sorted(self.folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[self.keep:]:
            old.unlink(missing_ok=True)

    def save(self, filename: str, content: bytes, today: dt.date) -> tuple[str, Scenario]:
        """Check and keep an upload; return its reference and the parsed scenario."""
        check_filename(filename)
        if len(content) > MAX_UPLOAD_BYTES:
            raise UploadTooLarge(f"{filename}: {len(content)} bytes is over the "
                                 f"{MAX_UPLOAD_BYTES // 1024} KiB limit for a scenario file")
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{filename}: not UTF-8 text") from None
        digest = hashlib.sha256(content).hexdigest()[:16]
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{digest}.yaml"
        tmp = path.with_suffix(".part")
        tmp.write_bytes(content)
        try:
            sc = load_scenario(tmp)
            _dry_run(sc, today)
        except DataError as exc:
            tmp.unlink(missing_ok=True)
            raise DataError(exc.message, file=filename, line=exc.line, field=exc.field) from None
        except Exception:
            tmp.unlink(missing_ok=True)
            raise
        tmp.replace(path)
        self._prune()
        return f"upload:{digest}", load_scenario(path)

    def load(self, ref: str) -> Scenario:
        match = _REF.match(ref)
        if match is None:
            raise UsageError(f"not an upload reference: {ref!r}")
        path = self.folder / f"{match.group(1)}.yaml"
        if not path.is_file():
            raise UsageError(f"uploaded scenario {ref} is not on this server; upload it again")
        path.touch()  # recently used: kept by _prune
        return load_scenario(path)

    def resolve(self, ref: str) -> Scenario:
        """A scenario by reference: a shipped name, a GRIT spec (`grit:USA:3`, checked) or
        `upload:<id>`; anything else refused."""
        if ref in shipped_scenarios() or ref.lower().startswith("grit:"):
            return resolve_scenario(ref)
        if ref.startswith("upload:"):
            return self.load(ref)
        raise UsageError(f"unknown scenario {ref!r}; shipped: {', '.join(shipped_scenarios())}, "
                         "grit:<country>:<n>, or upload a file")
