"""The panel of every TSS rivalry pair, 1816–2020, with the steps the rivalry model reads
(cached on disk under $DETENTE_HOME/cache, keyed by the datasets' hashes)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from detente.datasets import tss_rivalries
from detente.datasets.cache import cached_frame
from detente.panel.conflict import add_common_rival, add_disputes, add_rivalries
from detente.panel.frame import datasets_of, dyad_years, filter_dyads
from detente.panel.power import add_capabilities, add_leader_changes, add_territorial_threat
from detente.panel.ties import add_alliances, add_contiguity, add_igos, add_un_agreement

STEPS = (add_rivalries, add_common_rival, add_capabilities, add_disputes, add_alliances, add_igos,
         add_contiguity, add_leader_changes, add_un_agreement, add_territorial_threat)
DATASETS = ("cow_states", "tss_rivalries", "td_rivalries", "cow_mid_ddydisps", "cow_nmc",
            "atop_alliance", "cow_igo_ndy", "cow_contdir", "archigossums", "un_votes",
            "un_roll_calls", "unga_ideal_points", "terrthreat")
VERSION = "rivalry-panel-1"
YEARS = (1816, 2020)


def _build() -> pd.DataFrame:
    tss = tss_rivalries()
    frame = filter_dyads(dyad_years(years=YEARS), list(zip(tss["ccode1"], tss["ccode2"], strict=True)))
    for step in STEPS:
        frame = step(frame)
    assert set(datasets_of(frame)) == set(DATASETS), datasets_of(frame)
    return frame


@lru_cache(maxsize=1)
def rivalry_pair_panel() -> pd.DataFrame:
    """Dyad-years of every pair that is ever a TSS rival pair (treat as read-only)."""
    return cached_frame("rivalry_pairs", DATASETS, VERSION, _build)
