"""The figures of DESIGN.md §1 for one year, in one shape whatever their source, and their text and CSV forms.

A report is a dict:

    {"year": 2011, "source": "imported", "missions_locales": 27, "sites": 166, "youths_in_contact": 121870,
     "first_contacts": 35000, "indicators": {"men": {"count": 62885, "percent": 51.6}, ...},
     "by_departement": {"59": {<the same without year and source>}, "62": {...}}}

Percentages are shares of `youths_in_contact`, with one decimal, rounded half up (0.0 when nobody is counted).
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Sum

from missions.enums import Departement

from .enums import Indicator, ReportSource
from .models import YearlyFigures

REGION_LABEL = "Région Nord-Pas-de-Calais"
TOTAL_LABELS = {
    "missions_locales": "missions locales",
    "sites": "lieux de proximité",
    "youths_in_contact": "jeunes en contact",
    "first_contacts": "premiers accueils",
}
_SUMMED = ["sites", "youths_in_contact", "first_contacts", *Indicator.values]


def format_number(value: int) -> str:
    """5310 → "5 310": a space between thousands, as French readers expect."""
    return f"{value:,}".replace(",", " ")


def format_percent(value: float) -> str:
    """51.6 → "51,6 %"."""
    return f"{value:.1f}".replace(".", ",") + " %"


def percent(count: int, total: int) -> float:
    if not total:
        return 0.0
    return float((Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def scope_figures(totals: dict) -> dict:
    """One scope (the region or a département) from its summed counts and its number of missions locales."""
    youths = totals.get("youths_in_contact") or 0
    return {
        "missions_locales": totals.get("missions_locales") or 0,
        "sites": totals.get("sites") or 0,
        "youths_in_contact": youths,
        "first_contacts": totals.get("first_contacts") or 0,
        "indicators": {
            key: {"count": totals.get(key) or 0, "percent": percent(totals.get(key) or 0, youths)}
            for key in Indicator.values
        },
    }


def imported_figures(year: int) -> dict | None:
    """The report of `year` from the imported yearly figures; None if no mission locale has figures that year.

    One aggregate query, grouped by département; the region is the sum of the (at most two) groups.
    """
    groups = {
        row.pop("departement"): row
        for row in YearlyFigures.objects.for_year(year)
        .values(departement=F("mission_locale__departement"))
        .annotate(missions_locales=Count("id"), **{name: Sum(name) for name in _SUMMED})
        .order_by("departement")
    }
    if not groups:
        return None
    region = {name: sum(group[name] for group in groups.values()) for name in ["missions_locales", *_SUMMED]}
    return {
        "year": year,
        "source": ReportSource.IMPORTED.value,
        **scope_figures(region),
        "by_departement": {code: scope_figures(groups.get(code, {})) for code in Departement.values},
    }


def _scopes(report: dict):
    """(key, French label, figures) for the region then each département."""
    yield "region", REGION_LABEL, report
    labels = dict(Departement.choices)
    for code, figures in report["by_departement"].items():
        yield code, labels.get(code, code), figures


def report_text(report: dict) -> str:
    """A table a person reads in a terminal: label, count, percent of the young people in contact."""
    source = ReportSource(report["source"]).label
    lines = [f"Chiffres de l'année {report['year']} ({source})"]
    width = max(len(label) for label in [*TOTAL_LABELS.values(), *Indicator.labels])
    for _, title, figures in _scopes(report):
        lines += ["", title, "-" * len(title)]
        for key, label in TOTAL_LABELS.items():
            value = format_number(figures[key])
            share = f"  {format_percent(percent(figures[key], figures['youths_in_contact'])):>7}"
            lines.append(f"{label:<{width}}  {value:>9}{share if key == 'first_contacts' else ''}")
        for key, label in Indicator.choices:
            indicator = figures["indicators"][key]
            lines.append(
                f"{label:<{width}}  {format_number(indicator['count']):>9}  {format_percent(indicator['percent']):>7}"
            )
    return "\n".join(lines) + "\n"


def report_csv(report: dict) -> str:
    """One row per scope (region, 59, 62) and figure: the totals without percent, then the indicators."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["scope", "indicator", "count", "percent"])
    for scope, _, figures in _scopes(report):
        for key in TOTAL_LABELS:
            writer.writerow([scope, key, figures[key], ""])
        for key in Indicator.values:
            indicator = figures["indicators"][key]
            writer.writerow([scope, key, indicator["count"], f"{indicator['percent']:.1f}"])
    return out.getvalue()
