"""What the API's requests and responses look like (its OpenAPI schema is made from these).

Every field has a description: the schema is the API's documentation (``/api/docs``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, P, PathEx, Schema

from forbedring.web.measures.forms_entry import COMMENT_LENGTH

# Ids are 64-bit database keys: larger numbers cannot name anything, and SQLite and PostgreSQL
# refuse them in a query, so they are rejected before one is made.
MAX_ID = 2**63 - 1
MAX_BULK_ITEMS = 1000
IdPath = PathEx[int, P(ge=1, le=MAX_ID)]

WriteStatus = Literal["created", "updated", "cleared", "unchanged"]


class ErrorItem(Schema):
    index: int | None = Field(None, description="The item of a bulk request (from 0).")
    field: str | None = Field(None, description="The field, e.g. 'numerator' or 'period'.")
    message: str


class Error(Schema):
    detail: str = Field(description="What went wrong, in words.")
    errors: list[ErrorItem] = Field(default=[], description="Each problem, where it is.")


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str = Field(description="municipality, region, hospital, general_practice, ...")
    country: str = Field(description="DK or NO.")
    official_code: str = Field(description="Kommunekode / kommunenummer; may be empty.")


class UnitOut(Schema):
    id: int
    name: str
    kind: str = Field(description="nursing_home, home_care, ward, clinic or other.")


class TeamOut(Schema):
    id: int
    name: str
    organisation_id: int
    unit: UnitOut
    can_edit: bool = Field(description="Whether you may write this team's observations.")


class MeasureOut(Schema):
    id: int
    name: str
    organisation_id: int | None = Field(description="The owner; null for shared measures.")
    kind: str = Field(description="outcome, process or balancing.")
    description: str
    numerator: str = Field(description="Operational definition of the numerator.")
    denominator: str = Field(description="Operational definition of the denominator.")
    inclusion: str
    exclusion: str
    data_source: str
    sampling: str
    unit_label: str
    multiplier: float = Field(description="numerator / denominator is multiplied by this.")
    has_denominator: bool = Field(
        description="Reported as numerator and denominator (true) or as one value (false)."
    )
    chart_type: str = Field(description="run, i, p, pp, c, u, up, g or t.")
    rule_set: str = Field(description="anhoej, ihi or mdc.")
    direction: str = Field(description="increase, decrease or neutral: which way is better.")
    target: float | None
    target_date: dt.date | None
    frequency: str = Field(description="day, week or month.")
    first_period: dt.date | None = Field(description="No data can be written before this.")


class ObservationOut(Schema):
    period: dt.date = Field(description="First day of the day, ISO week or month.")
    numerator: float | None
    denominator: float | None
    value: float | None
    comment: str
    version: int = Field(description="Goes up with every correction.")
    entered_at: dt.datetime


class ObservationIn(Schema):
    numerator: float | None = Field(None, description="For measures with a denominator.")
    denominator: float | None = Field(None, description="For measures with a denominator.")
    value: float | None = Field(None, description="For measures without a denominator.")
    comment: str = Field("", max_length=COMMENT_LENGTH)
    version: int | None = Field(
        None, ge=0, le=MAX_ID,
        description="The version you read (0: there was none). When the stored observation "
        "has changed since, a different value is refused (409) instead of overwriting a "
        "colleague's correction. Omit it to correct whatever is stored.",
    )  # fmt: skip


class WriteOut(Schema):
    status: WriteStatus = Field(
        description="created, updated (a correction, the old values kept in the audit trail), "
        "cleared (all fields emptied) or unchanged (the same values were stored already)."
    )
    observation: ObservationOut | None = Field(description="What is stored now, if anything.")


class BulkItemIn(ObservationIn):
    team: int = Field(ge=1, le=MAX_ID, description="Team id.")
    measure: int = Field(ge=1, le=MAX_ID, description="Measure id.")
    period: dt.date = Field(description="First day of the day, ISO week or month.")


class BulkIn(Schema):
    observations: list[BulkItemIn] = Field(min_length=1, max_length=MAX_BULK_ITEMS)


class BulkItemOut(Schema):
    index: int
    team: int
    measure: int
    period: dt.date
    status: WriteStatus
    version: int | None = Field(description="The stored version now; null if none is stored.")


class BulkOut(Schema):
    created: int
    updated: int
    cleared: int
    unchanged: int
    results: list[BulkItemOut]


class StatusOut(Schema):
    points: int = Field(description="Points with a value.")
    signal: bool = Field(description="A signal in the latest phase (runs or limits).")
    improving: bool | None = Field(
        description="With a signal: whether the latest point is on the better side."
    )
    target_met: bool | None = Field(description="null without a target.")
    latest: float | None


class PointOut(Schema):
    period: dt.date
    numerator: float | None = Field(description="As reported.")
    denominator: float | None = Field(description="As reported.")
    value: float | None = Field(description="As reported (measures without a denominator).")
    y: float | None = Field(description="The charted value (multiplied); null if missing.")
    centre: float | None = Field(description="Centre line (median, mean; MDC: mean).")
    lower_limit: float | None = Field(description="Lower control or process limit.")
    upper_limit: float | None = Field(description="Upper control or process limit.")
    phase: int = Field(description="Phase (MDC: rebase group), from 1.")
    baseline: bool = Field(description="Within the frozen baseline.")
    included: bool = Field(description="False for excluded points.")
    outside_limits: bool | None = Field(
        description="Outside the control limits (null on run charts, which have none, and on "
        "MDC charts: see point_type)."
    )
    point_type: str | None = Field(
        description="MDC charts: common_cause, special_cause_improvement, ..."
    )


class PhaseOut(Schema):
    phase: int
    useful_points: int = Field(description="Points not on the centre line (Anhøj).")
    longest_run: int | None
    longest_run_max: int | None = Field(description="A longer run is a signal.")
    crossings: int | None
    crossings_min: int | None = Field(description="Fewer crossings is a signal.")
    long_run: bool
    few_crossings: bool
    runs_signal: bool
    points_outside_limits: int


class SeriesOut(Schema):
    team_id: int
    measure_id: int
    chart_type: str
    rule_set: str
    kind: Literal["spc", "mdc", "empty"] = Field(
        description="spc: run or Shewhart chart; mdc: NHS Making Data Count; empty: no data."
    )
    points: list[PointOut]
    phases: list[PhaseOut] = Field(description="Runs analysis per phase (spc charts).")
    variation_icon: str | None = Field(description="MDC charts only.")
    assurance_icon: str | None = Field(description="MDC charts with a target only.")
    status: StatusOut
    summary: str = Field(description="The chart in words, as screen readers hear it.")
