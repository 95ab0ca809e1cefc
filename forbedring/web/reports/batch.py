"""A batch of status reports from start to end, as the background task runs it: every area's
report of a country's level, its PDF stored with the batch, progress counted as it goes, and
an area that fails recorded with its reason while the others go on (issue #8).

The data, lights, cascades and chart specs are made here, in a few queries for all areas;
drawing the charts and laying out the PDFs, which is most of the time, is shared among
:data:`PROCESSES` processes (:mod:`forbedring.web.reports.pool`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.db import IntegrityError
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forbedring.charts.model import Lang
from forbedring.web.goals.queries import cascades_for_areas
from forbedring.web.indicators.charts import chart_language
from forbedring.web.indicators.lights import LightSettings, load_country
from forbedring.web.organisations.models import Organisation
from forbedring.web.reports import pool
from forbedring.web.reports.charts import FunnelBase
from forbedring.web.reports.content import (
    LevelLights,
    StatusReport,
    build_report,
    level_lights,
    report_years,
)
from forbedring.web.reports.documents import pdf_filename, report_pdf
from forbedring.web.reports.models import ReportBatch, ReportResult
from forbedring.web.reports.pictures import (
    ReportSpecs,
    funnel_bases,
    funnel_rasters,
    report_specs,
    with_pictures,
)
from forbedring.web.reports.raster import RasterFunnel

logger = logging.getLogger(__name__)

# Two processes on the two cores of our servers; more would only compete for them.
PROCESSES = min(2, os.cpu_count() or 1)
# Fewer reports are made in this process: starting a process costs about two seconds.
POOL_FROM = 8


@dataclass(frozen=True)
class PdfJob:
    report: StatusReport
    specs: ReportSpecs


@dataclass(frozen=True)
class PdfOutcome:
    area_id: int
    filename: str
    pdf: bytes
    pages: int
    error: str


type Bases = dict[str, FunnelBase | None]
type Rasters = dict[str, RasterFunnel | None]


def render_job(job: PdfJob, bases: Bases, rasters: Rasters) -> PdfOutcome:
    """One report's PDF, or the reason it could not be made (never raises)."""
    area = job.report.area
    try:
        content, pages = report_pdf(with_pictures(job.report, job.specs, bases, rasters))
    except Exception as error:  # one area's failure must not stop the others
        logger.exception("status report of area %s failed", area.pk)
        return PdfOutcome(area.pk, "", b"", 0, f"{type(error).__name__}: {error}")
    return PdfOutcome(area.pk, pdf_filename(job.report), content, pages, "")


type Prepared = PdfJob | PdfOutcome


def _inline(items: Iterable[Prepared], bases: Bases, rasters: Rasters) -> Iterator[PdfOutcome]:
    for item in items:
        yield item if isinstance(item, PdfOutcome) else render_job(item, bases, rasters)


@contextlib.contextmanager
def process_pool(processes: int) -> Iterator[ProcessPoolExecutor | None]:
    """The processes that make the PDFs, started at once so that they load their libraries
    while the worker reads the data; None for one process (the reports are then made here)."""
    if processes <= 1:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(
        max_workers=processes, mp_context=context, initializer=pool.set_up,
        initargs=(django_settings.SETTINGS_MODULE,),
    )  # fmt: skip
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def render_all(
    items: Iterable[Prepared],
    bases: Bases,
    rasters: Rasters,
    executor: ProcessPoolExecutor | None,
) -> Iterator[PdfOutcome]:
    """Every job's outcome (and those of areas that failed before, as they come), in the
    order they finish. Jobs go to the processes as they are prepared, so the processes work
    while the rest are put together; the funnel drawings go to each process once, in a file.
    Should the pool break (a process killed, out of memory), the reports not yet made are
    made in this process."""
    if executor is None:
        yield from _inline(items, bases, rasters)
        return
    submitted: list[PdfJob] = []
    finished: set[int] = set()
    handle, path = tempfile.mkstemp(prefix="forbedring-reports-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((bases, rasters), out, protocol=pickle.HIGHEST_PROTOCOL)
        futures = []
        for item in items:
            if isinstance(item, PdfOutcome):
                yield item
                continue
            submitted.append(item)
            futures.append(executor.submit(pool.render, item, path))
        for future in as_completed(futures):
            outcome: PdfOutcome = future.result()
            finished.add(outcome.area_id)
            yield outcome
    except BrokenProcessPool:
        logger.exception("the report processes broke; making the rest in the worker")
        rest = [job for job in submitted if job.report.area.pk not in finished]
        yield from _inline(rest, bases, rasters)
    finally:
        os.unlink(path)


def _settings(batch: ReportBatch) -> LightSettings:
    return LightSettings.from_query(QueryDict(batch.options))


def _jobs(
    batch: ReportBatch, found: LevelLights, lang: Lang, rasters: Rasters
) -> Iterator[Prepared]:
    """Every area's job, or the outcome of an area whose report could not be put together
    (made in the batch's language: the caller keeps it active while this runs)."""
    areas = found.data.areas_of(batch.level)
    cascades = cascades_for_areas([a.pk for a in areas])
    years = report_years(found.data, found.level)
    for area in areas:
        try:
            report = build_report(area, found, cascades[area.pk], lang, years)
            yield PdfJob(report, report_specs(report, found, rasters))
        except Exception as error:
            logger.exception("status report of area %s failed", area.pk)
            yield PdfOutcome(area.pk, "", b"", 0, f"{type(error).__name__}: {error}")


def _record(batch: ReportBatch, outcome: PdfOutcome) -> bool:
    """Store one outcome and count it; False when the batch was deleted meanwhile."""
    if outcome.error:
        batch.failed += 1
    else:
        batch.done += 1
    counted = ReportBatch.objects.filter(pk=batch.pk).update(done=batch.done, failed=batch.failed)
    if not counted:
        return False
    try:
        ReportResult.objects.create(
            batch=batch, area_id=outcome.area_id, filename=outcome.filename, pdf=outcome.pdf,
            pages=outcome.pages, error=outcome.error,
        )  # fmt: skip
    except IntegrityError:
        return False
    return True


def run(batch: ReportBatch, processes: int | None = None) -> ReportBatch:
    """Make every area's report of the batch; the batch records progress and the outcome."""
    lang = chart_language(batch.language)
    batch.status, batch.started_at = ReportBatch.Status.RUNNING, timezone.now()
    batch.save(update_fields=["status", "started_at"])
    processes = PROCESSES if processes is None else processes
    try:
        with translation.override(lang):
            areas = Organisation.objects.filter(country=batch.country, kind=batch.level)
            batch.total = areas.count()
            ReportBatch.objects.filter(pk=batch.pk).update(total=batch.total)
            if not batch.total:
                return _finish(
                    batch, ReportBatch.Status.FAILED, _("There are no areas of this level.")
                )
            with process_pool(processes if batch.total >= POOL_FROM else 1) as executor:
                period = dt.date(batch.year, 1, 1) if batch.year else None
                data = load_country(batch.country)
                found = level_lights(data, batch.level, period, _settings(batch))
                bases = funnel_bases(found, lang)
                rasters = funnel_rasters(bases)
                prepared = _jobs(batch, found, lang, rasters)
                for outcome in render_all(prepared, bases, rasters, executor):
                    if not _record(batch, outcome):
                        return batch  # deleted while running: nothing left to report to
    except Exception:
        logger.exception("status report batch %s failed", batch.pk)
        return _finish(
            batch, ReportBatch.Status.FAILED,
            _("The reports could not be made because of an error on the server."),
        )  # fmt: skip
    return _finish(batch, ReportBatch.Status.DONE, "")


# A ReportBatch.Status member (Django's choices carry no types without the mypy plugin).
type Status = Any


def _finish(batch: ReportBatch, status: Status, error: str) -> ReportBatch:
    batch.status, batch.error, batch.finished_at = status, error, timezone.now()
    ReportBatch.objects.filter(pk=batch.pk).update(
        status=status, error=error, finished_at=batch.finished_at
    )
    return batch
