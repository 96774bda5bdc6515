"""What every fuzz test asserts besides its own property: a bounded peak memory. (The Hypothesis
profiles — few examples by default, more with DETENTE_FUZZ=deep or --fuzz-examples N — are
registered in tests/conftest.py.)"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

MEMORY_LIMIT_MB = 200  # what one hostile input may add to the process's peak RSS


def _status_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise LookupError(key)


@contextlib.contextmanager
def bounded_memory(limit_mb: float = MEMORY_LIMIT_MB) -> Iterator[None]:
    """Assert that the block raises the process's peak RSS (DuckDB's and libyaml's C
    allocations included, unlike tracemalloc) by less than `limit_mb` over its RSS when it
    began. The kernel's high-water mark is reset first (Linux: /proc/self/clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kb("VmRSS")
    yield
    grown = (_status_kb("VmHWM") - before) / 1024
    assert grown < limit_mb, f"peak RSS grew by {grown:.0f} MB (limit {limit_mb} MB)"
