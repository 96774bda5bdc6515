"""Numbered references: every distinct source an assessment cites, numbered in first-use order."""

from __future__ import annotations

from detente.assess.result import Assessment
from detente.core.source import Source


def _key(s: Source) -> tuple:
    return (str(s.url), s.title, s.date)


class References:
    """Numbers sources in the order a reader meets them: cracks' evidence, then bridges."""

    def __init__(self, assessment: Assessment) -> None:
        self._numbers: dict[tuple, int] = {}
        self.sources: list[Source] = []
        for crack in assessment.cracks:
            for e in crack.evidence:
                if e.source is not None:
                    self.number(e.source)
        for bridge in assessment.bridges:
            self.number(bridge.source)

    def number(self, source: Source) -> int:
        key = _key(source)
        if key not in self._numbers:
            self.sources.append(source)
            self._numbers[key] = len(self.sources)
        return self._numbers[key]

    def __iter__(self):
        return iter(enumerate(self.sources, start=1))


def cite_line(source: Source) -> str:
    """'Title. Publisher, 2023-02-21. URL [newspaper]' (accessed dates are marked; the kind of
    publication, where known, in brackets)."""
    when = f"accessed {source.date}" if source.date_kind == "accessed" else str(source.date)
    kind = f" [{source.kind}]" if source.kind else ""
    return f"{source.title}. {source.publisher}, {when}. {source.url}{kind}"
