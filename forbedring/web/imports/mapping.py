"""Which column holds which field: suggested from the column names and the team's last
mapping, adjusted by the user, and checked for completeness (C7)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from forbedring.web.imports.headers import FIELDS, field_for, normalise
from forbedring.web.imports.models import ColumnMapping
from forbedring.web.organisations.models import Team

# field -> column index
type Mapping = dict[str, int]


def field_labels() -> dict[str, str]:
    return {
        "period": _("Period (date)"),
        "measure": _("Measure"),
        "team": _("Team"),
        "numerator": _("Numerator"),
        "denominator": _("Denominator"),
        "value": _("Value"),
        "comment": _("Comment"),
    }


def remembered(team: Team) -> dict[str, str]:
    stored = ColumnMapping.objects.filter(team=team).first()
    return dict(stored.columns) if stored is not None else {}


def suggest(header: list[str], team: Team) -> Mapping:
    """A field for each column whose name the team mapped before or that is a known name; the
    first column wins when two suggest the same field."""
    memory = remembered(team)
    mapping: Mapping = {}
    for index, name in enumerate(header):
        key = normalise(name)
        field = memory[key] if key in memory else field_for(name)
        if field in FIELDS and field not in mapping:
            mapping[field] = index
    return mapping


def remember(team: Team, header: list[str], mapping: Mapping) -> None:
    """Keep the team's choices for these column names (a column mapped to nothing is kept as
    "" so that it is not suggested again from its name)."""
    memory = remembered(team)
    chosen = {index: field for field, index in mapping.items()}
    for index, name in enumerate(header):
        key = normalise(name)
        if key:
            memory[key] = chosen.get(index, "")
    ColumnMapping.objects.update_or_create(team=team, defaults={"columns": memory})


@dataclass(frozen=True)
class MappingProblem:
    message: str


def mapping_problems(
    mapping: Mapping, *, width: int, measure_fixed: bool, single_measure: bool
) -> list[str]:
    """What is missing or contradictory in a mapping, as messages for the user."""
    problems: list[str] = []
    labels = field_labels()
    if any(not 0 <= i < width for i in mapping.values()):
        problems.append(_("A field is mapped to a column the file does not have."))
    if len(set(mapping.values())) != len(mapping):
        problems.append(_("A column is mapped to two fields. Map each column to one field."))
    if "period" not in mapping:
        problems.append(
            _("Choose the column that holds the %(field)s.") % {"field": labels["period"]}
        )
    if "measure" not in mapping and not measure_fixed and not single_measure:
        problems.append(
            _(
                "Choose the column that names the measure, or start the import from the "
                "measure's page."
            )
        )
    if not {"numerator", "denominator", "value"} & set(mapping):
        problems.append(
            _("Choose the columns with the numbers: numerator and denominator, or value.")
        )
    return problems
