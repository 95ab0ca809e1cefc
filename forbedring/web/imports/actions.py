"""Saving a checked import: all rows in one transaction, corrections with their audit trail
(C7, C10).

The rules are those of ``measures.actions.save_period`` (the data entry page): a changed value
writes the previous values, who entered them and who replaced them to ``ObservationRevision``
and raises ``version``; an unchanged row writes nothing. ``save_period`` works one period of one
team at a time with a few queries per row, which is right for a page of ten rows and far too
slow for a file of 100,000; so this module does the same in bulk: one locking query for the
stored rows, an ``executemany`` INSERT for the new observations, ``bulk_create`` for the audit
rows and an ``executemany`` UPDATE for the corrections (Django's ``bulk_update`` builds a CASE
expression per field that grows with the batch and took seconds for a few hundred rows).

The stored values are read again under lock at save time, not taken from the preview: what a
colleague saved between preview and confirm is then corrected with an audit row, never lost
without a trace, and a row that became equal is left alone.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from forbedring.web.imports.plan import Outcome, Plan, stored_values, values_of
from forbedring.web.measures.actions import AnyUser, Values
from forbedring.web.measures.models import Observation, ObservationRevision

BATCH = 2_000
UPDATED_FIELDS = (
    "numerator",
    "denominator",
    "value",
    "comment",
    "entered_by",
    "entered_at",
    "version",
)


class ImportRefusedError(ValueError):
    """The plan has rows with errors and the user did not choose to import the valid ones."""


@transaction.atomic
def save_plan(plan: Plan, *, by: AnyUser, valid_only: bool = False) -> dict[str, int]:
    """Store the plan's new rows and corrections; returns how many were created, corrected
    and found unchanged. Raises :class:`ImportRefusedError` if any row has errors, unless
    ``valid_only``."""
    if plan.errors and not valid_only:
        raise ImportRefusedError(f"{len(plan.errors)} rows have errors")
    rows = [
        r for r in plan.rows if r.outcome in (Outcome.NEW, Outcome.CORRECTION, Outcome.UNCHANGED)
    ]
    stored = stored_values(rows, lock=True)
    now = timezone.now()
    created: list[dict[str, object]] = []
    revisions: list[ObservationRevision] = []
    updates: list[tuple[object, ...]] = []
    unchanged = 0
    for row in rows:
        assert row.team is not None
        assert row.measure is not None
        assert row.period is not None
        values = row.values or Values()
        current = stored.get((row.team.pk, row.measure.pk, row.period))
        if current is None:
            created.append(
                {
                    "team_id": row.team.pk, "measure_id": row.measure.pk, "period": row.period,
                    "numerator": values.numerator, "denominator": values.denominator,
                    "value": values.value, "comment": values.comment,
                }
            )  # fmt: skip
            continue
        if values_of(current) == values:
            unchanged += 1
            continue
        pk, numerator, denominator, value, comment, entered_by_id, entered_at, version = current
        revisions.append(
            ObservationRevision(
                observation_id=pk, version=version, numerator=numerator,
                denominator=denominator, value=value, comment=comment,
                entered_by_id=entered_by_id, entered_at=entered_at, replaced_by=by,
                replaced_at=now,
            )
        )  # fmt: skip
        updates.append(
            (values.numerator, values.denominator, values.value, values.comment, by.pk, now,
             version + 1, pk)
        )  # fmt: skip
    _insert(created, {"entered_by_id": by.pk, "entered_at": now, "version": 1})
    ObservationRevision.objects.bulk_create(revisions, batch_size=BATCH)
    _update(updates)
    return {"created": len(created), "corrected": len(updates), "unchanged": unchanged}


def _insert(rows: list[dict[str, object]], common: dict[str, object]) -> None:
    """``bulk_create`` without building a model instance and compiling SQL for every value
    (most of the import's time for 100,000 rows): one INSERT run with ``executemany``.
    ``rows`` hold the values that differ per row, ``common`` those shared by all (converted
    once); other fields get their defaults. Dates and other non-plain values go through the
    field's own conversion to the database."""
    if not rows:
        return
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]
    prepared = {
        f.attname: f.get_db_prep_save(
            common[f.attname] if f.attname in common else f.get_default(), connection
        )
        for f in fields
        if f.attname not in rows[0]
    }
    varying = [f for f in fields if f.attname in rows[0]]
    plain = (int, float, str, type(None))

    def values(row: dict[str, object]) -> list[object]:
        converted = {
            f.attname: v
            if isinstance(v := row[f.attname], plain)
            else f.get_db_prep_save(v, connection)
            for f in varying
        }
        return [
            converted[f.attname] if f.attname in converted else prepared[f.attname] for f in fields
        ]

    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(Observation._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [values(row) for row in rows[start : start + BATCH]])


def _update(updates: list[tuple[object, ...]]) -> None:
    if not updates:
        return
    meta = Observation._meta
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(meta.get_field(f).column)} = %s" for f in UPDATED_FIELDS)
    sql = f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s"
    # entered_at goes through the backend's adapter (time zone, SQLite text format).
    adapt = connection.ops.adapt_datetimefield_value
    params = [(*u[:5], adapt(u[5]), *u[6:]) for u in updates]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
