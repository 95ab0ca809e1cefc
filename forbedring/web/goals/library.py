"""The national goals and their indicators by country, read once from the reviewed library
(``forbedring.indicators``). Local goals refer to them by id; the library says what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import get_language

from forbedring.indicators.library import Goal, Indicator
from forbedring.web.indicators.models import indicator_sets

LANGUAGES = ("da", "nb", "en")


def active_lang() -> str:
    """The request's language as the library's texts know it (da, nb or en)."""
    code = (get_language() or "da").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


@dataclass(frozen=True)
class NationalGoal:
    """A national goal (Denmark) or quality theme (Norway) with its country and indicators."""

    goal: Goal
    country: str  # "DK" or "NO", as Organisation.country stores it
    indicators: tuple[Indicator, ...]

    @property
    def id(self) -> str:
        return self.goal.id

    @property
    def number(self) -> int:
        return self.goal.number

    def title(self, lang: str) -> str:
        return self.goal.title.get(lang)

    def label(self, lang: str) -> str:
        """How pages name the goal: its number and title, e.g. "2. Styrket indsats ..."."""
        return f"{self.goal.number}. {self.goal.title.get(lang)}"


@cache
def _all_goals() -> dict[str, NationalGoal]:
    return {
        goal.id: NationalGoal(
            goal=goal,
            country=indicator_set.country.upper(),
            indicators=indicator_set.indicators_for(goal.id),
        )
        for indicator_set in indicator_sets()
        for goal in indicator_set.goals
    }


def national_goal(goal_id: str) -> NationalGoal | None:
    return _all_goals().get(goal_id)


def national_goals(country: str) -> tuple[NationalGoal, ...]:
    """The country's national goals in their published order (by number)."""
    goals = [g for g in _all_goals().values() if g.country == country]
    return tuple(sorted(goals, key=lambda g: g.number))


@cache
def _indicator_index() -> dict[str, tuple[Indicator, NationalGoal]]:
    return {
        indicator.id: (indicator, goal)
        for goal in _all_goals().values()
        for indicator in goal.indicators
    }


def indicator_with_goal(indicator_id: str) -> tuple[Indicator, NationalGoal] | None:
    """An indicator of the library and the national goal it follows (None if unknown)."""
    return _indicator_index().get(indicator_id)


def indicator_order() -> dict[str, int]:
    """Each indicator's place in the library, for listing indicators in the published order."""
    return {indicator_id: place for place, indicator_id in enumerate(_indicator_index())}
