"""``manage.py import_indicator_values FILE --indicator ID [--source TEXT]``: the upload page's
check and save from the command line, all or nothing, with the same row errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forbedring.web.imports.reading import ReadError
from forbedring.web.indicators.importing import PlanError, apply_plan, plan_import
from forbedring.web.indicators.models import IndicatorImport
from forbedring.web.indicators.table import read_indicator_table


class Command(BaseCommand):
    help = "Import published indicator values (CSV or .xlsx) for one indicator of the library."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--indicator", required=True, help="The indicator's library id.")
        parser.add_argument("--source", default="", help="Which publication the figures are from.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            plan = plan_import(read_indicator_table(data, path.name), options["indicator"])
        except (ReadError, PlanError) as error:
            raise CommandError(f"{path.name}: {error.message}") from None
        if plan.errors:
            lines = [f"row {e.row}, column {e.column or '-'}: {e.message}" for e in plan.errors]
            raise CommandError(
                f"{path.name}: nothing imported, {len(plan.errors)} error(s):\n" + "\n".join(lines)
            )
        record = IndicatorImport(
            indicator=plan.indicator.id, filename=path.name[:255], source=options["source"]
        )
        apply_plan(plan, record)
        self.stdout.write(
            f"{path.name}: {record.created} new, {record.updated} changed, "
            f"{record.unchanged} unchanged value(s) of {plan.indicator.id}."
        )
