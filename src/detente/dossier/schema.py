"""The dossier's schema: every fact kind as a pydantic model. One fact = one cited statement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from detente.core.source import Source

ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)



class Fact(_Strict):
    """Fields every fact has. `valid_from`/`valid_to` bound the period the fact describes;
    `valid_to: null` means it still holds (as far as the dossier knows)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: str
    summary: str = Field(min_length=10, description="one-sentence paraphrase, never a quote")
    valid_from: dt.date
    valid_to: dt.date | None = None
    precision: Literal["day", "month", "year"] = "day"
    source: Source
    tags: list[str] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> Fact:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self

    def active_on(self, day: dt.date) -> bool:
        """True when the fact holds on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def known_on(self, day: dt.date) -> bool:
        """True when the fact had begun by `day` (it may have ended since)."""
        return self.valid_from <= day


class Conflict(Fact):
    """A war, proxy war, armed clash or crisis. `side_a`/`side_b` are the belligerents;
    `supporters_*` back a side without fighting (arms, money, intelligence)."""

    kind: Literal["conflict"]
    name: str
    form: Literal["war", "proxy_war", "armed_clash", "crisis", "occupation", "incident"]
    side_a: list[ISO3] = Field(min_length=1)
    side_b: list[ISO3] = Field(min_length=1)
    supporters_a: list[ISO3] = []
    supporters_b: list[ISO3] = []
    ended_by: (
        Literal["ceasefire", "armistice", "peace_treaty", "withdrawal", "settlement", "other"]
        | None
    ) = None

    def relation(self, a: str, b: str) -> str | None:
        """'direct' when a and b fight on opposite sides, 'proxy' when at least one of them only
        backs a side against the other, None when they are not on opposite sides."""
        fight_a, fight_b = set(self.side_a), set(self.side_b)
        camp_a, camp_b = fight_a | set(self.supporters_a), fight_b | set(self.supporters_b)
        if (a in fight_a and b in fight_b) or (a in fight_b and b in fight_a):
            return "direct"
        if (a in camp_a and b in camp_b) or (a in camp_b and b in camp_a):
            return "proxy"
        return None


TreatyCategory = Literal[
    "strategic_arms",
    "intermediate_arms",
    "missile_defense",
    "conventional_arms",
    "nuclear_testing",
    "risk_reduction",
    "confidence_building",
    "disengagement",
    "armistice",
    "peace",
    "normalization",
    "defense_pact",
    "trade",
    "nonproliferation",
    "water_sharing",
    "other",
]

MilestoneEvent = Literal[
    "signed",
    "ratified",
    "in_force",
    "extended",
    "observed",
    "inspections_held",
    "inspections_paused",
    "inspections_halted",
    "inspections_resumed",
    "data_exchange_halted",
    "suspended",
    "withdrawal_notice",
    "withdrawn",
    "expired",
    "superseded",
    "abandoned",
    "violation_alleged",
]


class Milestone(_Strict):
    """One dated step in a treaty's life. `source` defaults to the treaty's own source."""

    date: dt.date
    event: MilestoneEvent
    by: list[ISO3] = []
    count: int | None = Field(default=None, ge=0, description="inspections held, where known")
    note: str | None = None
    source: Source | None = None


class Treaty(Fact):
    """A treaty or agreement. `valid_from` is the signature date; status on a day comes from
    the milestones up to that day (signed → in force → suspended → withdrawn / expired)."""

    kind: Literal["treaty"]
    name: str
    aliases: list[str] = []
    category: TreatyCategory
    parties: list[ISO3] = Field(min_length=2)
    inspections_allowed_per_year: int | None = Field(default=None, ge=0)
    milestones: list[Milestone] = []

    @model_validator(mode="after")
    def _milestones_after_signature(self) -> Treaty:
        for m in self.milestones:
            if m.date < self.valid_from:
                raise ValueError(f"milestone {m.event} on {m.date} is before valid_from")
        return self

    def status_on(self, day: dt.date) -> TreatyStatus:
        """The treaty's status on `day`, from its milestones up to that day (the one rule the
        cracks, the treaty timeline and the fact check share)."""
        status, since, insp, held, last, ended_by = "signed", self.valid_from, None, None, None, None
        for m in sorted((m for m in self.milestones if m.date <= day), key=lambda m: m.date):
            last = m
            if m.event == "in_force":
                status, since = "in_force", m.date
                insp = "active" if self.inspections_allowed_per_year else None
            elif m.event == "observed" and status == "signed":
                status, since = "observed", m.date
            elif m.event == "suspended":
                status, since = "suspended", m.date
            elif m.event in ("withdrawn", "expired"):
                status, since, ended_by = "ended", m.date, m.event
            elif m.event in ("superseded", "abandoned"):
                status, since = m.event, m.date
            elif m.event == "inspections_paused":
                insp = "paused"
            elif m.event == "inspections_halted":
                insp = "halted"
            elif m.event == "inspections_resumed":
                insp = "active"
            elif m.event == "inspections_held" and m.count is not None:
                held = m.count
        if self.valid_to is not None and self.valid_to <= day and status not in (
                "ended", "superseded", "abandoned"):
            status, since, ended_by = "ended", self.valid_to, "expired"
        return TreatyStatus(status, since, insp, held, last, ended_by)


@dataclass(frozen=True)
class TreatyStatus:
    """A treaty on one day. `status`: signed, observed, in_force, suspended, ended (withdrawn or
    expired: `ended_by`), superseded, abandoned; `inspections`: active, paused, halted or None;
    `inspections_held`: the last count reported; `last_event`: the milestone that set it."""

    status: str
    since: dt.date
    inspections: str | None
    inspections_held: int | None
    last_event: Milestone | None = None
    ended_by: str | None = None


class Sanction(Fact):
    """A sanction or its easing. `direction: impose` holds while active; `ease`/`lift` are
    the dated acts that loosen it."""

    kind: Literal["sanction"]
    imposer: list[ISO3] = Field(min_length=1)
    target: list[ISO3] = Field(min_length=1)
    scope: list[
        Literal[
            "comprehensive",
            "financial",
            "energy",
            "trade",
            "technology",
            "sectoral",
            "travel",
            "individuals",
            "diplomatic",
            "agriculture",
            "aviation",
        ]
    ] = Field(min_length=1)
    direction: Literal["impose", "ease", "lift"] = "impose"


class ArmsSupply(Fact):
    """Arms or military aid from `supplier` to `recipient`, which fights `against`."""

    kind: Literal["arms_supply"]
    supplier: ISO3
    recipient: ISO3
    against: ISO3 | None = None
    items: str
    value_usd: float | None = Field(default=None, ge=0)
    direction: Literal["supply", "pause", "resume", "commitment"] = "supply"
    # with no `valid_to`: True, deliveries still run on every day after `valid_from` (a register
    # that shows them going on); False, one package that fades from its date
    ongoing: bool = False


class Claim(_Strict):
    """One negotiating item. `issue` is a short shared key so demands and rejections can meet."""

    issue: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=5)


class Position(Fact):
    """A party's stated position. `camp` is the dyad state whose side it is on (default: the
    holder), so a proxy's conditions count for its patron's side."""

    kind: Literal["position"]
    holder: ISO3
    camp: ISO3 | None = None
    demands: list[Claim] = []
    rejects: list[Claim] = []
    accepts: list[Claim] = []

    @model_validator(mode="after")
    def _says_something(self) -> Position:
        if not (self.demands or self.rejects or self.accepts):
            raise ValueError("a position needs at least one of demands, rejects, accepts")
        return self

    @property
    def side(self) -> str:
        return self.camp or self.holder


class Exchange(Fact):
    """People-to-people or economic ties: a measured level (`effect: measure`, with `value`,
    `unit`, `year`) or a step that opens or restricts them."""

    kind: Literal["exchange"]
    domain: Literal[
        "students", "visas", "travel", "flights", "trade", "culture", "sport", "adoption",
        "migration", "science",
    ]
    effect: Literal["measure", "opens", "restricts", "closes"]
    origin: ISO3 | None = None
    destination: ISO3 | None = None
    value: float | None = None
    unit: str | None = None
    year: int | None = None

    @model_validator(mode="after")
    def _measure_has_value(self) -> Exchange:
        if self.effect == "measure" and (self.value is None or self.unit is None):
            raise ValueError("a measure needs value and unit")
        return self


class Channel(Fact):
    """A diplomatic channel and its state: an embassy open or closed, a summit held, talks
    running or suspended, a hotline, an expulsion that shrank a mission."""

    kind: Literal["channel"]
    channel: Literal[
        "diplomatic_relations", "embassy", "consulate", "summit", "talks", "hotline",
        "deconfliction", "back_channel", "expulsion", "multilateral",
    ]
    status: Literal["open", "held", "reduced", "suspended", "closed"]
    parties: list[ISO3] = []


class Cooperation(Fact):
    """An area both sides still work on together (a bridge)."""

    kind: Literal["cooperation"]
    area: Literal[
        "nonproliferation", "space", "counterterrorism", "prisoner_exchange", "health",
        "arctic", "environment", "humanitarian", "science", "risk_reduction", "other",
    ]
    status: Literal["active", "suspended", "ended"] = "active"


AnyFact = Annotated[
    Conflict | Treaty | Sanction | ArmsSupply | Position | Exchange | Channel | Cooperation,
    Field(discriminator="kind"),
]

FACT_KINDS: dict[str, type[Fact]] = {
    "conflict": Conflict,
    "treaty": Treaty,
    "sanction": Sanction,
    "arms_supply": ArmsSupply,
    "position": Position,
    "exchange": Exchange,
    "channel": Channel,
    "cooperation": Cooperation,
}


class DyadInfo(_Strict):
    """`dyad.yaml` in each dossier folder: the pair and what the dossier covers."""

    a: ISO3
    b: ISO3
    title: str
    coverage_from: dt.date
    coverage_to: dt.date
    notes: str = ""

    @field_validator("b")
    @classmethod
    def _distinct(cls, b: str, info) -> str:
        if info.data.get("a") == b:
            raise ValueError("a dyad needs two different states")
        return b
