"""Assessment: six cracks, their doors, bridges, the outlook and what-if scenarios.

`assess`, `Assessment` and `Crack` are loaded on first use, so that importing the package (and
`detente` itself) stays cheap for a command that does not assess."""

from __future__ import annotations

from typing import Any

__all__ = ["Assessment", "Crack", "assess"]


def __getattr__(name: str) -> Any:
    if name == "assess":
        from detente.assess.engine import assess

        return assess
    if name in ("Assessment", "Crack"):
        from detente.assess import result

        return getattr(result, name)
    raise AttributeError(f"module 'detente.assess' has no attribute {name!r}")
