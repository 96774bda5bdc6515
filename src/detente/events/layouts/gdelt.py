"""GDELT 1.0 (back-files of 57 fields, daily files of 58) and GDELT 2.0 (61 fields) event exports:
tab-separated, no header line; the two GDELT 1.0 layouts may share a file."""

from __future__ import annotations

from detente.events.layouts.base import Check, Layout

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]


def _geo(adm2: bool) -> list[str]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code", *(["ADM2Code"] if adm2 else []),
              "Lat", "Long", "FeatureID"]
    return [f"{block}_{f}" for block in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in fields]


def _columns(adm2: bool, url: bool) -> tuple[str, ...]:
    return tuple(["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                  *[f"Actor1{f}" for f in _ACTOR], *[f"Actor2{f}" for f in _ACTOR], *_EVENT,
                  *_geo(adm2), "DATEADDED", *(["SOURCEURL"] if url else [])])


_CODE_CHECKS = (
    Check("EventCode", "bad_code", "NOT regexp_full_match(coalesce(\"EventCode\", ''), '[0-9]{2,4}')"),
    Check("EventRootCode", "bad_code",
          "coalesce(\"EventRootCode\", '') <> left(\"EventCode\", 2) "
          "OR \"EventRootCode\" NOT BETWEEN '01' AND '20'"),
)


def _gdelt(name: str, adm2: bool, url: bool, alternates: tuple[str, ...]) -> Layout:
    types = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "DATE", "QuadClass": "TINYINT",
             "GoldsteinScale": "DOUBLE", "NumMentions": "INTEGER", "NumSources": "INTEGER",
             "NumArticles": "INTEGER", "AvgTone": "DOUBLE"}
    select = {
        "dataset": "'gdelt'", "event_id": "CAST(\"GLOBALEVENTID\" AS VARCHAR)", "date": "\"SQLDATE\"",
        "source_actor": "\"Actor1Code\"", "source_name": "\"Actor1Name\"",
        "source_country": "\"Actor1CountryCode\"", "target_actor": "\"Actor2Code\"",
        "target_name": "\"Actor2Name\"", "target_country": "\"Actor2CountryCode\"",
        "event_code": "\"EventCode\"", "event_base": "\"EventBaseCode\"",
        "event_root": "\"EventRootCode\"", "quad_class": "\"QuadClass\"",
        "goldstein": "\"GoldsteinScale\"", "mentions": "\"NumMentions\"",
        "sources": "\"NumSources\"", "articles": "\"NumArticles\"", "tone": "\"AvgTone\"",
        "source_url": "\"SOURCEURL\"" if url else "NULL", "plover_event": "NULL",
    }
    checks = (
        Check("GLOBALEVENTID", "missing_value", "\"GLOBALEVENTID\" IS NULL"),
        Check("SQLDATE", "missing_value", "\"SQLDATE\" IS NULL"),
        *_CODE_CHECKS,
        Check("QuadClass", "out_of_range", "coalesce(\"QuadClass\" NOT BETWEEN 1 AND 4, true)"),
        Check("GoldsteinScale", "out_of_range",
              "coalesce(\"GoldsteinScale\" NOT BETWEEN -10 AND 10, true)"),
    )
    return Layout(name=name, dataset="gdelt", columns=_columns(adm2, url), types=types,
                  select=select, checks=checks, alternates=alternates)


GDELT1_BACK = _gdelt("gdelt1_back", adm2=False, url=False, alternates=("gdelt1_daily",))
GDELT1_DAILY = _gdelt("gdelt1_daily", adm2=False, url=True, alternates=("gdelt1_back",))
GDELT2 = _gdelt("gdelt2", adm2=True, url=True, alternates=())

# A GDELT line's layout by its number of tab-separated fields.
BY_FIELD_COUNT = {len(lay.columns): lay for lay in (GDELT1_BACK, GDELT1_DAILY, GDELT2)}
