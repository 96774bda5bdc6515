"""WEIS (McClelland's World Event/Interaction Survey) events with Goldstein's weights, as
Lai's extract gives them (the `weis_lai` dataset: `weis_events.csv`, the CSV conversion of
`weis.fromlai.1966-93.dta`): comma-separated, a header line, one directed event per line —
`state1,state2,year,weiscd,srccc,targcc,mo,day,dyadid,gscale`.

- **Actors**: `srccc` → `targcc` are Correlates of War codes, resolved to ISO3 with
  detente.core.countries (365, the Soviet Union, → RUS); three states ISO no longer lists keep
  the keys detente.core.countries gives them (`WEIS_FORMER_STATES`): 265 German Democratic
  Republic → DDR, 680 South Yemen → YMD (withdrawn ISO 3166-3 codes), 817 South Vietnam → RVN
  (COW's abbreviation; VDR was North Vietnam's ISO code). The COW code is kept as the actor
  (`source_actor`, `target_actor`).
- **Code**: `weiscd` is kept as the three-digit WEIS code in `weis_code` ("031" meet); the CAMEO
  columns stay NULL, so nothing that reads CAMEO families (consultations, threats) counts WEIS
  rows by mistake.
- **Weight**: `gscale`, Goldstein's (1992) weight of the code, as given.
- **Quad class** (`WEIS_QUAD`), by the code's two-digit cue category, matched to the CAMEO root of
  like meaning and taking GDELT's quad class of that root:
    - 1 verbal cooperation: 02 comment (CAMEO 01 make public statement), 03 consult (04),
      04 approve (05), 05 promise (03 express intent to cooperate), 08 agree (05: agreements are
      diplomatic cooperation), 09 request (02 appeal), 10 propose (02 appeal);
    - 2 material cooperation: 01 yield (08), 06 grant (08: ease sanctions, release persons),
      07 reward (07 provide aid);
    - 3 verbal conflict: 11 reject (12), 12 accuse (11 disapprove), 13 protest (11),
      14 deny (12), 15 demand (10), 16 warn (13 threaten), 17 threaten (13);
    - 4 material conflict: 18 demonstrate (15 exhibit force posture: walk-outs and armed force
      mobilisations), 19 reduce relationship (16), 20 expel (16), 21 seize (17 coerce),
      22 force (18–20).
  Goldstein's weights agree in sign: every code of categories 11–22 weighs below 0, categories
  01 and 03–08 above it; 02, 09 and 10 lie near 0 (tests/test_events_weis.py checks this).
- **Id**: WEIS has no event ids. A row's id is its content and its line —
  `source-target-date-code-line` — so a copy of the same extract (compressed, or another
  conversion of the same rows) is counted as duplicates, and rows alike on one day stay
  separate events.
- **Rejects**: a date that does not exist (`bad_date`), a code outside the 22 categories
  (`bad_code`), a missing actor (`missing_value`), a weight outside −10…10 (`out_of_range`),
  and whatever DuckDB cannot parse (a non-number, a wrong field count).
"""

from __future__ import annotations

from detente.events.layouts.base import Check, Layout

WEIS_COLUMNS = ("state1", "state2", "year", "weiscd", "srccc", "targcc", "mo", "day", "dyadid",
                "gscale")
WEIS_FORMER_STATES = {"265": "DDR", "680": "YMD", "817": "RVN"}
CUE_CATEGORIES = {
    "01": "yield", "02": "comment", "03": "consult", "04": "approve", "05": "promise",
    "06": "grant", "07": "reward", "08": "agree", "09": "request", "10": "propose",
    "11": "reject", "12": "accuse", "13": "protest", "14": "deny", "15": "demand", "16": "warn",
    "17": "threaten", "18": "demonstrate", "19": "reduce relationship", "20": "expel",
    "21": "seize", "22": "force"}
WEIS_QUAD = {"01": 2, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 1, "09": 1,
             "10": 1, "11": 3, "12": 3, "13": 3, "14": 3, "15": 3, "16": 3, "17": 3, "18": 4,
             "19": 4, "20": 4, "21": 4, "22": 4}

_CODE = "lpad(CAST(\"weiscd\" AS VARCHAR), 3, '0')"
_CATEGORY = f"left({_CODE}, 2)"
_DAY = "printf('%04d-%02d-%02d', \"year\", \"mo\", \"day\")"
_DATE = f"TRY_CAST({_DAY} AS DATE)"
_QUAD = f"CASE {_CATEGORY} " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in WEIS_QUAD.items()) \
    + " END"

WEIS = Layout(
    name="weis", dataset="weis", columns=WEIS_COLUMNS, header=True, delimiter=",",
    id_field=None, countries=("srccc", "targcc"), country_fallback=WEIS_FORMER_STATES,
    types={"year": "INTEGER", "weiscd": "INTEGER", "srccc": "INTEGER", "targcc": "INTEGER",
           "mo": "INTEGER", "day": "INTEGER", "gscale": "DOUBLE"},
    select={
        "dataset": "'weis'",
        "event_id": f"printf('%d-%d-%s-%s-%d', \"srccc\", \"targcc\", {_DAY}, {_CODE}, line)",
        "date": _DATE,
        "source_actor": "CAST(\"srccc\" AS VARCHAR)", "source_name": "NULL",
        "source_country": "src_iso3", "target_actor": "CAST(\"targcc\" AS VARCHAR)",
        "target_name": "NULL", "target_country": "tgt_iso3",
        "event_code": "NULL", "event_base": "NULL", "event_root": "NULL", "quad_class": _QUAD,
        "goldstein": "\"gscale\"", "mentions": "NULL", "sources": "NULL", "articles": "NULL",
        "tone": "NULL", "source_url": "NULL", "plover_event": "NULL", "weis_code": _CODE,
    },
    checks=(
        Check("srccc", "missing_value", "\"srccc\" IS NULL"),
        Check("targcc", "missing_value", "\"targcc\" IS NULL"),
        Check("weiscd", "bad_code",
              f"NOT (\"weiscd\" BETWEEN 10 AND 229 AND {_CATEGORY} BETWEEN '01' AND '22')"),
        Check("day", "bad_date", f"{_DATE} IS NULL", _DAY),
        Check("gscale", "out_of_range", "coalesce(\"gscale\" NOT BETWEEN -10 AND 10, true)"),
    ),
)
