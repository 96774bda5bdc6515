"""Writing files that other processes may be writing or reading at the same time."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def partial_path(target: Path) -> Path:
    """A temporary name beside `target` that is this process's and thread's own: two runs that
    build the same file at once (a first `detente assess` and a backtest on a fresh home) each
    write their own part and move it into place with `Path.replace`, which is atomic, so no
    reader ever sees a half-written file and no writer truncates another's."""
    return target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.part")
