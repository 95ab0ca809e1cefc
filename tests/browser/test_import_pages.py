"""The import in a real browser (Chromium via Playwright, see tests/browser/conftest.py):
upload, mapping, preview, save, the htmx-polled progress of a background import, and axe-core
on every page of the flow."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forbedring.web.imports.models import ImportJob
from forbedring.web.measures.models import Observation
from forbedring.web.measures.views_entry import default_period
from tests.browser.conftest import Demo, axe_violations, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _file(demo: Demo) -> str:
    """The demo team's last two stored months of falls, one of them changed, and the month
    not yet entered."""
    stored = list(
        Observation.objects.filter(
            team=demo.team, measure=demo.falls, numerator__isnull=False
        ).order_by("-period")[:2]
    )
    lines = ["Dato;Tæller;Nævner;Kommentar"]
    for index, o in enumerate(stored):
        numerator = o.numerator + 1 if index == 0 else o.numerator
        lines.append(f"{o.period:%d-%m-%Y};{numerator:g};{o.denominator:g};{o.comment}")
    new = default_period("month", timezone.localdate())
    lines.append(f"{new:%d.%m.%Y};2;1.480;Importeret")
    return "\n".join(lines) + "\n"


def _falls(demo: Demo) -> list[tuple[int, int]]:
    return list(
        Observation.objects.filter(team=demo.team, measure=demo.falls).values_list("pk", "version")
    )


def _check_axe(page: Any, name: str) -> None:
    screenshot(page, f"import-{name}")
    violations = axe_violations(page)
    assert not violations, f"axe-core on {name}: {violations}"


def test_import_from_team_home_to_saved_with_preview(page: Any, demo: Demo, tmp_path: Any) -> None:
    before = _falls(demo)
    sign_in(page, demo.url, "team")
    page.goto(demo.team_url())
    page.get_by_role("link", name="Importér fra fil").or_(
        page.get_by_role("link", name="Import from file")
    ).click()
    _check_axe(page, "upload")
    path = tmp_path / "fald.csv"
    path.write_text(_file(demo), encoding="utf-8")
    page.set_input_files("input[type=file]", str(path))
    page.locator("button.primary[type=submit]").click()
    # Mapping: three of four columns suggested from the Danish names; choose the measure.
    expect(page.locator("table.mapping-table")).to_be_visible()
    _check_axe(page, "mapping")
    job = ImportJob.objects.get()
    assert job.mapping == {"period": 0, "numerator": 1, "denominator": 2, "comment": 3}
    page.locator("button.primary[type=submit]").click()
    # The team reports several measures and the file has no measure column.
    expect(page.locator(".error-summary")).to_be_visible()
    page.goto(f"{demo.url}/imports/teams/{demo.team.pk}/measures/{demo.falls.pk}/")
    page.set_input_files("input[type=file]", str(path))
    page.locator("button.primary[type=submit]").click()
    page.locator("button.primary[type=submit]").click()
    expect(page.locator(".import-counts")).to_be_visible()
    _check_axe(page, "preview")
    job = ImportJob.objects.latest("pk")
    assert _falls(demo) == before  # the preview saved nothing
    page.locator("form.form-actions button.primary").click()
    expect(page.locator("#import-status .import-counts")).to_be_visible()
    _check_axe(page, "done")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.counts == {"created": 1, "corrected": 1, "unchanged": 1, "errors": 0}


def test_background_progress_updates_without_reloading(page: Any, demo: Demo) -> None:
    from forbedring.web.accounts.models import User

    job = ImportJob.objects.create(
        team=demo.team, created_by=User.objects.get(username="team"), filename="stor.csv",
        status=ImportJob.Status.CHECKING, total_rows=100_000, processed_rows=40_000,
    )  # fmt: skip
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}/imports/{job.pk}/")
    progress = page.locator("#import-status progress")
    expect(progress).to_have_attribute("value", "20")
    _check_axe(page, "progress")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SAVING, processed_rows=0)
    expect(progress).to_have_attribute("value", "50", timeout=5_000)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, counts={"created": 100_000, "corrected": 0, "unchanged": 0}
    )
    expect(page.locator("#import-status .import-counts")).to_be_visible(timeout=5_000)
    expect(page.locator("#import-status")).not_to_have_attribute("hx-trigger", "every 1s")
