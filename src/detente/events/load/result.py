"""What happened to one input file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileResult:
    """What happened to one input file: its lines read, kept, duplicate and rejected (by
    reason), or that it was skipped as a file already in the ledger."""

    path: str
    sha256: str
    format: str
    rows_read: int = 0
    kept: int = 0
    duplicates: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    skipped: bool = False
    same_as: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())
