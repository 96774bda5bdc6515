"""Where a claim comes from: a publication with title, publisher, date, URL and kind."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, FileUrl, HttpUrl

SourceKind = Literal["primary", "wire", "newspaper", "reference", "reprint", "dataset"]


class Source(BaseModel):
    """Where a fact comes from. `date` is the publication date; `date_kind: accessed` when the
    page gives none and the date is the day the source was checked. `kind`: `primary` (a
    government or intergovernmental text), `wire`, `newspaper`, `reference` (encyclopaedias,
    institutes' backgrounders), `reprint` (a mirror or a copy on another site), `dataset`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    publisher: str = Field(min_length=2)
    date: dt.date
    date_kind: Literal["published", "accessed"] = "published"
    url: HttpUrl | FileUrl = Field(description="http(s) for real sources; file: for scenarios")
    kind: SourceKind | None = Field(default=None, description="what sort of publication it is")
