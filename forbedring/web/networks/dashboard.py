"""The network dashboard's data (C5): for one measure, every enrolled team's small chart, the
network's aggregate chart and a table of teams; for every measure, the share of teams with a
signal of improvement; and the teams' progress scores over time.

Queries are few and fixed in number, whatever the number of teams: the enrolled teams, the
network's measures, all their observations and series events, and the submitted reports. Full
charts are built only for the measure shown (``series_view``); the shares of every measure come
from one status path (:mod:`.statuses`), one vectorised engine call per measure and set of
phase options. The aggregate follows the one rule of :mod:`.aggregate`, which the seminar
export uses too; the scores are in :mod:`.scores`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from forbedring.charts.model import Lang
from forbedring.web.measures.models import Measure
from forbedring.web.measures.queries import SeriesView, Status, compact_spec, series_view
from forbedring.web.measures.series_rows import load_series
from forbedring.web.measures.views_team import StatusText, describe_status
from forbedring.web.networks.aggregate import NetworkSeries, network_series
from forbedring.web.networks.models import Enrolment, Network, NetworkMeasure, TeamReport
from forbedring.web.networks.scores import Scores, scores_over_time
from forbedring.web.networks.statuses import measure_statuses
from forbedring.web.organisations.models import Team

SortKey = Literal["team", "organisation", "latest", "signal", "score"]
SORT_KEYS: tuple[SortKey, ...] = ("team", "organisation", "latest", "signal", "score")


# What Django's json_script escapes, so the JSON cannot end its <script> element early.
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


def spec_script(spec: dict[str, Any], element_id: str) -> SafeString:
    """A chart's spec in a ``<script type="application/json">`` element, as ``json_script``
    writes it but faster for a page of a hundred charts (about 2 MB of JSON): without spaces
    after separators, and escaped with ``str.replace`` rather than ``str.translate``, which
    Python runs character by character when a character becomes several."""
    text = json.dumps(spec, cls=DjangoJSONEncoder, separators=(",", ":"))
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text)
    )


def dom_id(team: Team) -> str:
    return f"team-{team.pk}"


def spec_id(team: Team) -> str:
    return f"{dom_id(team)}-spec"


@dataclass(frozen=True)
class TeamCard:
    """One enrolled team's series of the measure shown: its small chart and its row.

    The small chart is kept as the page writes it (``spec_script``, empty without data), and
    the view without its full chart and spec: a hundred charts' worth of dicts and lists held
    until the page is rendered were the largest share of what Python's cyclic garbage collector
    walked on this page (Django's template context is a reference cycle, so it frees the page's
    data only when it runs)."""

    team: Team
    view: SeriesView
    spec_script: SafeString
    status: StatusText
    score: Decimal | None

    @classmethod
    def of(
        cls, team: Team, view: SeriesView, status: StatusText, score: Decimal | None
    ) -> TeamCard:
        spec = compact_spec(view.spec, height=120) if view.spec else None
        script = spec_script(spec, spec_id(team)) if spec else mark_safe("")
        return cls(team, replace(view, chart=None, spec=None), script, status, score)

    @property
    def dom_id(self) -> str:
        return dom_id(self.team)

    @property
    def spec_id(self) -> str:
        return spec_id(self.team)

    @property
    def signal_rank(self) -> int:
        """Improving first, then other signals, no signal, worsening, and no data last."""
        status = self.view.status
        if not status.points:
            return 4
        if not status.signal:
            return 2
        return {True: 0, None: 1, False: 3}[status.improving]


@dataclass(frozen=True)
class Share:
    """The share of teams with a signal of improvement on one measure."""

    measure: Measure
    improving: int
    with_data: int
    teams: int

    @property
    def percent(self) -> float | None:
        return 100 * self.improving / self.with_data if self.with_data else None


@dataclass(frozen=True)
class Dashboard:
    network: Network
    measures: list[Measure]
    measure: Measure | None
    teams: list[Team]
    cards: list[TeamCard]
    rows: list[TeamCard]
    shares: list[Share]
    aggregate: NetworkSeries | None
    scores: Scores


def share_of(measure: Measure, statuses: dict[int, Status], teams: int) -> Share:
    improving = sum(s.improving is True for s in statuses.values())
    with_data = sum(s.points > 0 for s in statuses.values())
    return Share(measure, improving, with_data, teams)


def _sort_cards(cards: list[TeamCard], key: SortKey, descending: bool) -> list[TeamCard]:
    """Sort the table's rows; rows without a value stay last in either direction."""

    def value(card: TeamCard) -> Any:
        if key == "team":
            return card.team.name.casefold()
        if key == "organisation":
            return card.team.unit.organisation.name.casefold()
        if key == "latest":
            return card.view.status.latest
        if key == "signal":
            return card.signal_rank
        return card.score

    present = [c for c in cards if value(c) is not None]
    missing = [c for c in cards if value(c) is None]
    present.sort(key=lambda c: (value(c), c.team.name.casefold()), reverse=descending)
    return present + missing


def build(
    network: Network,
    *,
    measure_id: int | None,
    lang: Lang,
    sort: SortKey = "team",
    descending: bool = False,
) -> Dashboard:
    """The dashboard of the network for the chosen measure (the first when none is chosen)."""
    teams = list(
        Team.objects.filter(
            enrolments__network=network, enrolments__status=Enrolment.Status.ENROLLED
        )
        .select_related("unit__organisation")
        .order_by("name", "pk")
    )
    measures: list[Measure] = [
        link.measure
        for link in NetworkMeasure.objects.filter(network=network).select_related("measure")
    ]
    chosen = next((m for m in measures if m.pk == measure_id), measures[0] if measures else None)
    observations, events = load_series(teams, measures, chosen)
    latest_scores: dict[int, Decimal] = {}
    for team_id, score in (
        TeamReport.objects.filter(
            network=network, status=TeamReport.Status.SUBMITTED, progress_score__isnull=False
        )
        .order_by("period")
        .values_list("team_id", "progress_score")
    ):
        latest_scores[team_id] = score
    cards: list[TeamCard] = []
    if chosen is not None:
        for team in teams:
            key = (chosen.pk, team.pk)
            view = series_view(
                chosen, team, lang=lang, observations=observations.get(key, []),
                events=events.get(key, []), annotations=[],
            )  # fmt: skip
            status = describe_status(view, lang)
            cards.append(TeamCard.of(team, view, status, latest_scores.get(team.pk)))
    shares = [
        share_of(measure, measure_statuses(measure, teams, observations, events, lang), len(teams))
        for measure in measures
    ]
    aggregate = None
    if chosen is not None:
        aggregate = network_series(
            chosen, [observations.get((chosen.pk, team.pk), []) for team in teams],
            network_name=network.name, lang=lang,
        )  # fmt: skip
    return Dashboard(
        network=network,
        measures=measures,
        measure=chosen,
        teams=teams,
        cards=cards,
        rows=_sort_cards(cards, sort, descending),
        shares=shares,
        aggregate=aggregate,
        scores=scores_over_time(network, teams, lang),
    )
