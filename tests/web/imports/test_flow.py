"""The import pages end to end: upload, mapping, preview, confirm; all or nothing; re-import;
corrections with audit; mapping remembered; rejected rows; who may import."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from forbedring.web.imports.models import ColumnMapping, ImportJob
from forbedring.web.measures.models import Observation, ObservationRevision
from forbedring.web.organisations.models import Role
from tests.web import factories
from tests.web.imports.conftest import World

GOOD = (
    "Dato;Tæller;Nævner;Kommentar\n01-01-2024;3;10;start\n01-02-2024;4;10;\n01-03-2024;5;1.200;\n"
)


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def client_for(user: object) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)  # type: ignore[arg-type]
    return client


def upload(
    client: Client, world: World, text: str | bytes, name: str = "data.csv", measure: bool = True
) -> object:
    url = (
        reverse("imports:upload_measure", args=[world.team.pk, world.p.pk])
        if measure
        else reverse("imports:upload", args=[world.team.pk])
    )
    data = text.encode() if isinstance(text, str) else text
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def import_file(client: Client, world: World, text: str, *, valid_only: bool = False) -> ImportJob:
    response = upload(client, world, text)
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )  # type: ignore[attr-defined]
    job = ImportJob.objects.latest("pk")
    mapping_page = client.get(reverse("imports:mapping", args=[job.pk]))
    assert mapping_page.status_code == 200
    posted = {f"column_{i}": f for f, i in job.mapping.items()}
    assert client.post(reverse("imports:mapping", args=[job.pk]), posted).status_code == 302
    assert client.get(reverse("imports:preview", args=[job.pk])).status_code == 200
    data = {"valid_only": "1"} if valid_only else {}
    assert client.post(reverse("imports:confirm", args=[job.pk]), data).status_code == 302
    job.refresh_from_db()
    return job


def test_import_saves_every_row_and_reports_counts(world: World) -> None:
    job = import_file(client_for(world.member), world, GOOD)
    assert job.status == ImportJob.Status.DONE
    assert job.counts == {"created": 3, "corrected": 0, "unchanged": 0, "errors": 0}
    march = Observation.objects.get(team=world.team, measure=world.p, period=dt.date(2024, 3, 1))
    assert (march.numerator, march.denominator, march.entered_by) == (5, 1200, world.member)
    assert abs(timezone.now() - march.entered_at) < dt.timedelta(minutes=1)
    assert march.version == 1
    assert job.data == b""  # the file is dropped once imported


def test_preview_shows_counts_and_saves_nothing(world: World) -> None:
    client = client_for(world.member)
    upload(client, world, GOOD)
    job = ImportJob.objects.latest("pk")
    response = client.get(reverse("imports:preview", args=[job.pk]))
    assert response.context["counts"]["new"] == 3
    assert "3 new observations" in response.content.decode()
    assert Observation.objects.count() == 0


def test_file_with_an_error_saves_nothing(world: World) -> None:
    client = client_for(world.member)
    text = GOOD + "01-04-2024;11;10;\n"
    upload(client, world, text)
    job = ImportJob.objects.latest("pk")
    page = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "numerator cannot be larger than the denominator" in page
    assert "<td>5</td><td>Tæller</td>" in page
    client.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Nothing was saved" in job.message
    assert Observation.objects.count() == 0


def test_valid_rows_only_saves_them_and_returns_the_rejected_rows(world: World) -> None:
    client = client_for(world.member)
    job = import_file(
        client, world, GOOD + "01-04-2024;11;10;for mange\n01-05-2024;x;10;\n", valid_only=True
    )
    assert job.status == ImportJob.Status.DONE
    assert Observation.objects.count() == 3
    response = client.get(reverse("imports:rejected", args=[job.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Row", "Dato", "Tæller", "Nævner", "Kommentar", "Errors"]
    assert [r[0] for r in rows[1:]] == ["5", "6"]
    assert "numerator cannot be larger" in rows[1][-1]
    assert rows[2][-1].startswith("Tæller: expected a number")


def test_reimporting_the_same_file_changes_nothing(world: World) -> None:
    client = client_for(world.member)
    import_file(client, world, GOOD)
    before = list(Observation.objects.values_list("pk", "version", "entered_at"))
    job = import_file(client, world, GOOD)
    assert job.counts == {"created": 0, "corrected": 0, "unchanged": 3, "errors": 0}
    assert list(Observation.objects.values_list("pk", "version", "entered_at")) == before
    assert ObservationRevision.objects.count() == 0


def test_changed_value_is_a_correction_with_audit_history(world: World) -> None:
    client = client_for(world.member)
    import_file(client, world, GOOD)
    lead = factories.user("lead", Role.TEAM_LEAD, team=world.team)
    job = import_file(
        client_for(lead), world, GOOD.replace("01-02-2024;4;10;", "01-02-2024;6;10;rettet")
    )
    assert job.counts["corrected"] == 1 and job.counts["unchanged"] == 2
    february = Observation.objects.get(period=dt.date(2024, 2, 1), measure=world.p)
    assert (february.numerator, february.comment, february.version, february.entered_by) == (
        6,
        "rettet",
        2,
        lead,
    )
    revision = ObservationRevision.objects.get(observation=february)
    assert (revision.numerator, revision.version, revision.entered_by, revision.replaced_by) == (
        4,
        1,
        world.member,
        lead,
    )


def test_preview_lists_corrections_with_the_old_value(world: World) -> None:
    client = client_for(world.member)
    import_file(client, world, GOOD)
    upload(client, world, GOOD.replace("01-02-2024;4;10;", "01-02-2024;6;10;"))
    job = ImportJob.objects.latest("pk")
    response = client.get(reverse("imports:preview", args=[job.pk]))
    assert response.context["counts"]["correction"] == 1
    assert [r["number"] for r in response.context["corrections"]] == [3]
    assert '6 / 10 <span class="muted">(was 4 / 10)</span>' in response.content.decode()


def test_mapping_is_remembered_per_team(world: World) -> None:
    client = client_for(world.member)
    text = "Tidspunkt;Kol A;Kol B\n01-01-2024;3;10\n"
    upload(client, world, text)
    job = ImportJob.objects.latest("pk")
    assert job.mapping == {"period": 0}  # "Kol A" and "Kol B" mean nothing by themselves
    response = client.post(
        reverse("imports:mapping", args=[job.pk]),
        {"column_0": "period", "column_1": "numerator", "column_2": "denominator"},
    )
    assert response.status_code == 302
    assert ColumnMapping.objects.get(team=world.team).columns == {
        "tidspunkt": "period",
        "kola": "numerator",
        "kolb": "denominator",
    }
    upload(client, world, text)
    assert ImportJob.objects.latest("pk").mapping == {"period": 0, "numerator": 1, "denominator": 2}


def test_mapping_without_numbers_is_refused_with_a_message(world: World) -> None:
    client = client_for(world.member)
    upload(client, world, GOOD)
    job = ImportJob.objects.latest("pk")
    response = client.post(reverse("imports:mapping", args=[job.pk]), {"column_0": "period"})
    assert response.status_code == 200
    assert "Choose the columns with the numbers" in response.content.decode()
    response = client.post(
        reverse("imports:mapping", args=[job.pk]),
        {"column_0": "period", "column_1": "numerator", "column_2": "numerator"},
    )
    assert "chosen twice" in response.content.decode()


def test_unreadable_upload_is_refused_on_the_form(world: World) -> None:
    response = upload(client_for(world.member), world, b"\xd0\xcf\x11\xe0old", name="old.xls")
    assert response.status_code == 200
    assert "old Excel file (.xls)" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_team_column_cannot_import_into_another_organisations_team(world: World) -> None:
    client = client_for(world.member)
    text = "Team;Dato;Tæller;Nævner\nHavbakken;01-01-2024;3;10\nSolgården;01-02-2024;3;10\n"
    upload(client, world, text)
    job = ImportJob.objects.latest("pk")
    response = client.get(reverse("imports:preview", args=[job.pk]))
    errors = response.context["errors"]
    assert [(r.row.number, r.errors[0].column) for r in errors] == [(2, "Team")]
    assert "there is no such team “Havbakken”" in errors[0].errors[0].message
    client.post(reverse("imports:confirm", args=[job.pk]), {"valid_only": "1"})
    assert not Observation.objects.filter(team=world.other_team).exists()
    assert Observation.objects.filter(team=world.team).count() == 1


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("outsider", 404)])
def test_only_team_editors_may_upload(world: World, who: str, status: int) -> None:
    client = client_for(getattr(world, who))
    assert client.get(reverse("imports:upload", args=[world.team.pk])).status_code == status
    assert upload(client, world, GOOD).status_code == status  # type: ignore[attr-defined]
    assert ImportJob.objects.count() == 0


def test_anonymous_is_sent_to_login(world: World) -> None:
    response = Client().get(reverse("imports:upload", args=[world.team.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_measure_of_another_team_answers_404(world: World) -> None:
    other = factories.measure([world.other_team], name="Andet")
    client = client_for(world.member)
    assert (
        client.get(reverse("imports:upload_measure", args=[world.team.pk, other.pk])).status_code
        == 404
    )


def test_an_upload_is_seen_only_by_its_uploader(world: World) -> None:
    upload(client_for(world.member), world, GOOD)
    job = ImportJob.objects.latest("pk")
    colleague = factories.user("colleague", Role.TEAM_MEMBER, team=world.team)
    for name in ("mapping", "preview", "status", "rejected"):
        for user in (colleague, world.outsider, world.leader):
            assert (
                client_for(user).get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
            )
    assert client_for(colleague).post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    assert Observation.objects.count() == 0


def test_team_home_links_to_the_import_for_editors_only(world: World) -> None:
    url = reverse("imports:upload", args=[world.team.pk])
    assert (
        url
        in client_for(world.member).get(reverse("team_home", args=[world.team.pk])).content.decode()
    )
    assert (
        url
        not in client_for(world.leader)
        .get(reverse("team_home", args=[world.team.pk]))
        .content.decode()
    )


def test_measure_page_links_to_the_measure_import_for_editors_only(world: World) -> None:
    url = reverse("imports:upload_measure", args=[world.team.pk, world.p.pk])
    page = reverse("measure_detail", args=[world.team.pk, world.p.pk])
    assert url in client_for(world.member).get(page).content.decode()
    assert url not in client_for(world.leader).get(page).content.decode()


def test_a_new_upload_drops_the_uploaders_abandoned_files(world: World) -> None:
    client = client_for(world.member)
    upload(client, world, GOOD)
    old = ImportJob.objects.latest("pk")
    ImportJob.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=2))
    upload(client, world, GOOD)
    assert not ImportJob.objects.filter(pk=old.pk).exists()
    assert ImportJob.objects.count() == 1
