"""``manage.py load_indicator_areas``: create Denmark's 98 municipalities, 5 regions and the
nations "Danmark" and "Norge" where they are missing, so published sheets can be imported."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from forbedring.web.indicators.areas import ensure_areas


class Command(BaseCommand):
    help = "Create the Danish municipalities and regions and the nations that are missing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = ensure_areas()
        self.stdout.write(f"{created} area(s) created.")
