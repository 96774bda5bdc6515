"""Episodes as tests of the whole chain: the rivalry ends and failed thaws of `episodes.yaml`,
each scored with a model fitted on the years before its scoring year only (refit at that cut,
the model choice made at the end of the decade before: `models.fitted`).

An end in year E is scored in year E − 2 (its rivalry-year row: covariates of 31 December of
E − 3) against every rivalry that ran in that year and went on for five more years; it counts as
a hit when its P(end within 5 years) is above the median of those. A failed thaw is scored in
its year against the same kind of comparators: ranked above their median, it is a false alarm.

`tss_ends` gives the unselected reference: every TSS rivalry end from 1950 on, scored the same
way. A hand-picked list leans to famous ends (old, principal, territorial rivalries settled after
fighting), the rivalry-years the data say end least often; the reference shows how the model ranks
ends in general.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from detente.core.errors import DataError

EPISODES = Path(__file__).with_name("episodes.yaml")
LEAD = 2  # years before the end


@dataclass(frozen=True)
class Episode:
    tssr_id: int
    year: int  # the scoring year
    kind: str  # "end" or "thaw"
    why: str


def load(path: Path = EPISODES) -> list[Episode]:
    """The episodes of the list (ends scored LEAD years before their end)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return ([Episode(int(e["tssr_id"]), int(e["end"]) - LEAD, "end", str(e["why"])) for e in data["ends"]]
                + [Episode(int(e["tssr_id"]), int(e["year"]), "thaw", str(e["why"]))
                   for e in data.get("thaws", [])])
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"malformed episode ({exc})", file=path) from None


def tss_ends(rows: pd.DataFrame, first: int = 1950) -> list[Episode]:
    """Every TSS rivalry end from `first` whose rivalry ran LEAD years before it, as episodes."""
    ends = rows[rows["ends"].astype(bool) & (rows["year"] >= first)]
    running = set(zip(rows["tssr_id"], rows["year"], strict=True))
    return [Episode(int(e.tssr_id), int(e.year) - LEAD, "end", "TSS end")
            for e in ends.itertuples() if (e.tssr_id, e.year - LEAD) in running]


@dataclass
class EpisodeScores:
    rows: pd.DataFrame  # one per episode: rivalry, kind, year, p5, median of comparators, rank, n

    def share(self, kind: str = "end") -> float:
        """The share of the episodes of `kind` ranked above the comparators' median."""
        part = self.rows[self.rows["kind"] == kind]
        return round(float(part["above_median"].mean()), 4) if len(part) else float("nan")

    def pairwise_auc(self, kind: str = "end") -> float:
        """The mean share of comparators each episode outranks (ties count half)."""
        part = self.rows[self.rows["kind"] == kind]
        return round(float(part["outranks"].mean()), 4) if len(part) else float("nan")


def score(episodes: list[Episode], models) -> EpisodeScores:
    """Score each episode with `models` (`models.fitted.Models`), fitted at its year − 1."""
    from detente.models.fitted import data_end

    rows = models.rows(data_end())
    out = []
    for e in episodes:
        year_rows = rows[rows["year"] == e.year]
        own = year_rows[year_rows["tssr_id"] == e.tssr_id]
        if own.empty:
            raise DataError(f"TSS rivalry {e.tssr_id} was not running in {e.year}", field="tssr_id")
        others = year_rows[(year_rows["tssr_id"] != e.tssr_id) & (year_rows["ends_within_5"] == False)]  # noqa: E712
        model = models.fitted_at(e.year - 1, 0).model
        p = float(model.predict(own, 5)[0])
        q = model.predict(others, 5)
        out.append({"tssr_id": e.tssr_id, "rivalry": str(own["rivalry"].iloc[0]), "kind": e.kind,
                    "year": e.year, "p5": round(p, 4), "median_others": round(float(np.median(q)), 4),
                    "above_median": bool(p > np.median(q)),
                    "outranks": round(float(np.mean((p > q) + 0.5 * (p == q))), 4),
                    "n_others": len(q), "model_cut": e.year - 1, "why": e.why})
    return EpisodeScores(pd.DataFrame(out))
