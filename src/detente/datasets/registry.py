"""Where public datasets come from and where they are kept: a pinned registry, a local cache
(`$DETENTE_HOME/datasets`), an optional offline mirror (`$DETENTE_MIRROR`), and pooch to fetch."""

from __future__ import annotations

import hashlib
import os
import shutil
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import platformdirs
import pooch

from detente.core.errors import DataError, DatasetUnavailable, UsageError
from detente.core.files import partial_path

pooch.get_logger().setLevel("WARNING")
_REGISTRY_FILE = Path(__file__).with_name("registry.toml")


@dataclass(frozen=True)
class Dataset:
    """One pinned public file."""

    name: str
    title: str
    producer: str
    file: str
    url: str
    sha256: str
    bibtex: str
    collection: str = "peacesciencer"
    # A conversion in the mirror's collection folder (`<mirror>/<collection>/<conversion>`, a CSV
    # its SOURCE.md describes): what the reader falls back on when the original is in neither the
    # cache nor the mirror, or where it finds columns the original lacks. Never downloaded.
    conversion: str | None = None


@lru_cache(maxsize=1)
def registry() -> dict[str, Dataset]:
    """Every dataset detente knows, by name."""
    raw = tomllib.loads(_REGISTRY_FILE.read_text(encoding="utf-8"))
    return {name: Dataset(name=name, **fields) for name, fields in raw.items()}


def get(name: str) -> Dataset:
    try:
        return registry()[name]
    except KeyError:
        known = ", ".join(sorted(registry()))
        raise UsageError(f"unknown dataset {name!r}; known: {known}") from None


def home() -> Path:
    """detente's data folder: $DETENTE_HOME, else the platform's user data dir."""
    env = os.environ.get("DETENTE_HOME")
    return Path(env) if env else Path(platformdirs.user_data_dir("detente"))


def cache_dir() -> Path:
    return home() / "datasets"


def data_locations() -> tuple[str, str | None]:
    """Where datasets are read from (cache, mirror): part of the key of any cache of results
    computed from them, so a pulled dataset or another mirror is seen."""
    mirror = mirror_dir()
    return str(cache_dir()), str(mirror) if mirror else None


def mirror_dir() -> Path | None:
    env = os.environ.get("DETENTE_MIRROR")
    return Path(env) if env else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _mirror_candidates(ds: Dataset, mirror: Path) -> list[Path]:
    return [mirror / ds.name / ds.file, mirror / ds.collection / "original" / ds.file,
            mirror / ds.collection / ds.file]


def mirror_file(ds: Dataset) -> Path | None:
    """The dataset's original file in the mirror, if the mirror has it."""
    mirror = mirror_dir()
    if mirror is None:
        return None
    return next((p for p in _mirror_candidates(ds, mirror) if p.is_file()), None)


def _verified(path: Path, ds: Dataset) -> Path:
    actual = sha256_of(path)
    if actual != ds.sha256:
        raise DataError(f"sha256 mismatch for dataset {ds.name}: expected {ds.sha256}, got "
                        f"{actual}; the file is refused", file=path)
    return path


def conversion_file(name: str) -> Path | None:
    """The dataset's CSV conversion (see `Dataset.conversion`): the cached copy, else the mirror's;
    None when the dataset has none or neither place holds it. Conversions carry no pinned hash: a
    reader checks their columns instead."""
    ds = get(name)
    if ds.conversion is None:
        return None
    mirror = mirror_dir()
    candidates = [cache_dir() / ds.conversion,
                  *([mirror / ds.collection / ds.conversion] if mirror else [])]
    return next((p for p in candidates if p.is_file()), None)


def status(name: str) -> str:
    """'cached', 'mirror', 'conversion' (only the CSV conversion is here) or 'missing'."""
    ds = get(name)
    if (cache_dir() / ds.file).is_file():
        return "cached"
    if mirror_file(ds):
        return "mirror"
    return "conversion" if conversion_file(name) else "missing"


def locate(name: str) -> Path:
    """The verified local file of a dataset (cache, then mirror). Never touches the network."""
    ds = get(name)
    cached = cache_dir() / ds.file
    if cached.is_file():
        return _verified(cached, ds)
    mirrored = mirror_file(ds)
    if mirrored is not None:
        return _verified(mirrored, ds)
    raise DatasetUnavailable(name, "not cached and not in a mirror")


def pull(name: str, *, url: str | None = None, progress: bool = False,
         timeout: float = 20.0) -> Path:
    """Put a verified copy of the dataset in the cache: from the mirror when there is one,
    else downloaded from its pinned origin (or `url`). A file whose hash differs is refused.
    The mirror's CSV conversion (`Dataset.conversion`) is cached too; when the mirror has only
    the conversion, that is what is cached and returned."""
    ds = get(name)
    target = cache_dir() / ds.file
    target.parent.mkdir(parents=True, exist_ok=True)
    converted = _cache_conversion(ds) if url is None else None
    if target.is_file() and sha256_of(target) == ds.sha256:
        return target
    mirrored = mirror_file(ds)
    if mirrored is None and converted is not None and url is None:
        return converted  # the mirror has only the conversion: the reader falls back on it
    if mirrored is not None and url is None:
        _verified(mirrored, ds)
        partial = partial_path(target)
        shutil.copyfile(mirrored, partial)
        partial.replace(target)
        return target
    downloader = pooch.HTTPDownloader(progressbar=progress, timeout=timeout)
    try:
        fetched = pooch.retrieve(url or ds.url, known_hash=f"sha256:{ds.sha256}",
                                 fname=ds.file, path=target.parent, downloader=downloader)
    except ValueError as exc:  # pooch: hash mismatch (the file is deleted)
        raise DataError(f"download of {ds.name} refused: {exc}", file=url or ds.url) from None
    except Exception as exc:  # network down, HTTP error, truncated transfer
        raise DatasetUnavailable(name, f"download failed: {type(exc).__name__}") from None
    return Path(fetched)


def _cache_conversion(ds: Dataset) -> Path | None:
    """Copy the mirror's conversion of `ds` into the cache (so readers work without the mirror)."""
    mirror = mirror_dir()
    if ds.conversion is None or mirror is None:
        return None
    source = mirror / ds.collection / ds.conversion
    if not source.is_file():
        return None
    target = cache_dir() / ds.conversion
    partial = partial_path(target)
    shutil.copyfile(source, partial)
    partial.replace(target)
    return target


def original_or_conversion(name: str) -> Path:
    """The verified original (cache, then mirror); else the dataset's CSV conversion (cache, then
    mirror); else the original downloaded from its pinned origin. Readers tell the two apart by
    the file name (`Dataset.file` vs `Dataset.conversion`)."""
    try:
        return locate(name)
    except DatasetUnavailable:
        converted = conversion_file(name)
        return converted if converted is not None else pull(name)


def ensure(name: str, **kwargs) -> Path:
    """`locate`, else `pull`."""
    try:
        return locate(name)
    except DatasetUnavailable:
        return pull(name, **kwargs)
