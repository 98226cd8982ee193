"""Writes of the reporting app: each a keyword-only function named <noun>_<verb>, in one transaction."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .imports import COUNT_COLUMNS, read_yearly_figures
from .models import YearlyFigures

_FILE_COLUMN = {name: column for column, name in COUNT_COLUMNS.items()}


@dataclass
class YearTotals:
    missions_locales: int = 0
    youths_in_contact: int = 0
    first_contacts: int = 0


@dataclass
class YearlyFiguresImport:
    """What an import did, or would do with `dry_run`."""

    dry_run: bool
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    years: dict[int, YearTotals] = field(default_factory=dict)
    replaced_lines: list[str] = field(default_factory=list)


def yearly_figures_import(*, path: Path, dry_run: bool = False, batch_size: int = 500) -> YearlyFiguresImport:
    """Import the yearly figures file at `path`, all or nothing.

    Every row is checked first (`YearlyFiguresFileError` lists every problem and nothing is written). A row new
    for its mission locale and year is created; one that differs from what is stored replaces it in place; one
    identical is left alone, so importing the same file twice changes nothing. `dry_run` reports the same counts
    without writing.
    """
    path = Path(path)
    rows = read_yearly_figures(path)
    result = YearlyFiguresImport(dry_run=dry_run)
    years = defaultdict(YearTotals)
    for row in rows:
        totals = years[row.year]
        totals.missions_locales += 1
        totals.youths_in_contact += row.counts["youths_in_contact"]
        totals.first_contacts += row.counts["first_contacts"]
    result.years = dict(sorted(years.items()))

    with transaction.atomic():
        stored = YearlyFigures.objects.filter(
            year__in={row.year for row in rows}, mission_locale_id__in={row.mission_locale_id for row in rows}
        ).order_by()
        if not dry_run:
            stored = stored.select_for_update()
        existing = {(figures.mission_locale_id, figures.year): figures for figures in stored}
        now = timezone.now()
        to_create, to_update = [], []
        for row in rows:
            figures = existing.get((row.mission_locale_id, row.year))
            if figures is None:
                to_create.append(
                    YearlyFigures(
                        mission_locale_id=row.mission_locale_id,
                        year=row.year,
                        imported_at=now,
                        source_file=path.name,
                        **row.counts,
                    )
                )
                continue
            changed = [name for name, value in row.counts.items() if getattr(figures, name) != value]
            if not changed:
                result.unchanged += 1
                continue
            columns = ", ".join(_FILE_COLUMN[name] for name in changed)
            result.replaced_lines.append(f"ligne {row.line} : {row.code_ml} {row.year} ({columns})")
            for name, value in row.counts.items():
                setattr(figures, name, value)
            figures.imported_at, figures.source_file = now, path.name
            to_update.append(figures)
        result.created, result.replaced = len(to_create), len(to_update)
        if not dry_run:
            YearlyFigures.objects.bulk_create(to_create, batch_size=batch_size)
            YearlyFigures.objects.bulk_update(
                to_update, [*YearlyFigures.COUNT_FIELDS, "imported_at", "source_file"], batch_size=batch_size
            )
    return result
