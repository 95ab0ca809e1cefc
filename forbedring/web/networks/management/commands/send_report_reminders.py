"""Daily reminders of overdue monthly team reports (run it from cron once a day).

For every network whose latest due reporting period is past its due date, the members of each
enrolled team without a submitted report get an e-mail (``actions_reports.send_reminders``).
So that a daily cron does not send the same reminder every day, a network's teams are
reminded on the day after the due date and then once a week (days 1, 8, 15, … after it) until
the next period falls due; ``--every-day`` reminds whenever the period is overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from forbedring.web.networks import actions_reports
from forbedring.web.networks.models import Network


class Command(BaseCommand):
    help = "E-mail the teams whose monthly report to a learning network is overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, default=None,
            help="Run as if today were this day (YYYY-MM-DD).",
        )  # fmt: skip
        parser.add_argument(
            "--every-day", action="store_true",
            help="Remind whenever a period is overdue, not only on the day after and weekly.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date = options["date"] or timezone.localdate()
        total = 0
        for network in Network.objects.order_by("pk"):
            due_periods = [
                (period, due)
                for period, due in actions_reports.reporting_periods(network, today)
                if due < today
            ]
            if not due_periods:
                continue
            period, due = due_periods[-1]
            late = (today - due).days
            if not options["every_day"] and late % 7 != 1:
                continue
            sent = actions_reports.send_reminders(network=network, period=period, by=None)
            if sent:
                self.stdout.write(f"{network.name} {period:%Y-%m}: {sent} reminder(s)")
            total += sent
        self.stdout.write(f"Sent {total} reminder(s).")
