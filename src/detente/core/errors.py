"""Errors detente raises: one root, a few subclasses that also inherit the built-in they match."""

from __future__ import annotations

from pathlib import Path


class DetenteError(Exception):
    """Root of every error detente raises on purpose. `exit_code` is what the CLI exits with."""

    exit_code = 1


class DetenteWarning(UserWarning):
    """Warnings detente itself emits (tests turn them into errors)."""


class UsageError(ValueError, DetenteError):
    """The user asked for something that does not exist (unknown country, scenario, option)."""

    exit_code = 2


class DataError(ValueError, DetenteError):
    """Bad input data. Carries the file, line and field so the message points at the fix."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        super().__init__(self.location_message())

    def location_message(self) -> str:
        """`file:line: field: message`, leaving out the parts that are unknown."""
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class DatasetUnavailable(LookupError, DetenteError):
    """A public dataset is neither cached, nor in the mirror, nor downloadable."""

    exit_code = 2

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"dataset {name!r} is unavailable ({reason}); run `detente data pull {name}`")

    @property
    def command(self) -> str:
        return f"detente data pull {self.name}"
