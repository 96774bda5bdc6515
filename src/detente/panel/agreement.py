"""Dyadic UN General Assembly vote agreement for every pair of states and year, computed with
one matrix product per year (countries × roll calls), not a pairwise join of 870 k votes."""

from __future__ import annotations

import numpy as np
import pandas as pd

_CHOICES = ("yes", "abstain", "no")


def vote_agreement(votes: pd.DataFrame, min_joint: int = 1) -> pd.DataFrame:
    """From votes (rcid, year, ccode, vote in yes/abstain/no) to one row per pair and year:
    lo, hi (COW codes, lo < hi), year, un_joint (roll calls both voted on), un_agree (share of
    identical votes) and un_agree3 (identical 1, one abstaining 0.5, opposite 0 — Lijphart).
    Pairs with fewer than `min_joint` joint votes are left out."""
    order = np.argsort(votes["year"].to_numpy(), kind="stable")
    years = votes["year"].to_numpy()[order]
    ccode = votes["ccode"].to_numpy()[order]
    rcid = votes["rcid"].to_numpy()[order]
    choice = pd.Categorical(votes["vote"], categories=_CHOICES).codes[order]
    bounds = np.flatnonzero(np.diff(years)) + 1
    parts = []
    for sl in np.split(np.arange(len(years)), bounds):
        ok = sl[choice[sl] >= 0]
        states, si = np.unique(ccode[ok], return_inverse=True)
        _, ri = np.unique(rcid[ok], return_inverse=True)
        m = np.zeros((3, len(states), ri.max() + 1), dtype=np.float32)
        m[choice[ok], si, ri] = 1.0
        voted = m.sum(axis=0)
        same = sum(m[k] @ m[k].T for k in range(3))
        half = m[1] @ (m[0] + m[2]).T
        joint = voted @ voted.T
        i, j = np.triu_indices(len(states), k=1)
        n = joint[i, j]
        keep = n >= min_joint
        i, j, n = i[keep], j[keep], n[keep]
        parts.append(pd.DataFrame({
            "lo": states[i], "hi": states[j], "year": int(years[sl[0]]),
            "un_joint": n.astype("int64"), "un_agree": (same[i, j] / n).astype("float64"),
            "un_agree3": ((same[i, j] + 0.5 * (half[i, j] + half[j, i])) / n).astype("float64")}))
    return pd.concat(parts, ignore_index=True)
