"""The IHI assessment scale for collaboratives (DESIGN.md §6): the progress score a team gives
itself each month, from 0.5 (intent to participate) to 5.0 (outstanding sustainable results).

The wording follows the scale's published levels, shortened for a radio group; the long text
says what a team at that level typically has to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Level:
    """One step of the scale: its score, a short name and what it means."""

    score: Decimal
    short: str | Promise
    long: str | Promise

    @property
    def value(self) -> str:
        """The score as a form value: always one decimal ("1.0", not "1")."""
        return score_value(self.score)


def score_value(score: Decimal) -> str:
    return f"{score:.1f}"


LEVELS: tuple[Level, ...] = (
    Level(
        Decimal("0.5"),
        _("Intent to participate"),
        _("The organisation has agreed to take part; no team has been formed yet."),
    ),
    Level(
        Decimal("1.0"),
        _("Team formed"),
        _("A team has been formed and has met, but has not yet planned the work."),
    ),
    Level(
        Decimal("1.5"),
        _("Planning for the project has begun"),
        _(
            "The team is meeting, has discussed its aim and begun planning, and is working out "
            "how to measure; no tests of change yet."
        ),
    ),
    Level(
        Decimal("2.0"),
        _("Activity, but no changes"),
        _(
            "The team has an aim and measures and is collecting baseline data, but has not yet "
            "tested any change."
        ),
    ),
    Level(
        Decimal("2.5"),
        _("Changes tested, but no improvement"),
        _(
            "The team is testing changes in PDSA cycles, but the measures do not show "
            "improvement yet."
        ),
    ),
    Level(
        Decimal("3.0"),
        _("Modest improvement"),
        _(
            "Tests of change have led to some improvement in the process measures; the changes "
            "are starting to be implemented."
        ),
    ),
    Level(
        Decimal("3.5"),
        _("Improvement"),
        _(
            "Several changes are implemented and the process measures show improvement; the "
            "outcome measures are starting to improve."
        ),
    ),
    Level(
        Decimal("4.0"),
        _("Significant improvement"),
        _(
            "Most of the changes are implemented and the outcome measures show clear "
            "improvement, at least halfway to the aim."
        ),
    ),
    Level(
        Decimal("4.5"),
        _("Sustainable improvement"),
        _(
            "The improvement has held for some months; the new way of working is part of daily "
            "routine and the team is planning to spread it."
        ),
    ),
    Level(
        Decimal("5.0"),
        _("Outstanding sustainable results"),
        _("The aim has been reached and sustained, and the changes are spreading to other units."),
    ),
)

BY_SCORE: dict[Decimal, Level] = {level.score: level for level in LEVELS}


def level_for(score: Decimal | None) -> Level | None:
    """The level of a score on the scale (None for no score or one off the scale)."""
    return None if score is None else BY_SCORE.get(Decimal(score))


def is_on_scale(score: Decimal | None) -> bool:
    return level_for(score) is not None
