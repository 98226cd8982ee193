"""The figures of DESIGN.md §1 for one year, in one shape whatever their source, and their text and CSV forms.

A report is a dict:

    {"year": 2011, "source": "imported", "missions_locales": 27, "sites": 166, "youths_in_contact": 121870,
     "first_contacts": 35000, "indicators": {"men": {"count": 62885, "percent": 51.6}, ...},
     "by_departement": {"59": {<the same without year and source>}, "62": {...}}}

Percentages are shares of `youths_in_contact`, with one decimal, rounded half up (0.0 when nobody is counted).
A mission locale counts in the département of its reference data.

Two sources:

- "imported": the yearly figures file of the missions locales (`YearlyFigures`), summed as they were typed.
- "live": computed from the case files (reporting/live.py holds the SQL), for the calendar year Y:
  - youths_in_contact: the young people with at least one contact dated in Y, whatever the status of their file
    (an anonymised file keeps its statistical fields and still counts); each counts in the mission locale that
    holds their file today (a file transferred during the year counts once, in its new mission locale);
  - first_contacts: those of them whose first-contact date ("date du premier accueil") is in Y;
  - missions_locales: the missions locales with at least one young person in contact in Y;
  - sites: the active sites ("lieux d'accueil" marked active) of those missions locales, as they are today;
  - men: sex M; minors: under 18 on 31 December of Y (born after 31 December of Y - 18), one reference day
    for everybody, as a yearly statistic is usually closed; no_diploma: diploma level "sans diplôme"; zus: lives
    in a priority area (ZUS/QPV box of the file); own_housing: housing "logement autonome";
  - the four mobility indicators read the latest mobility assessment dated on or before 31 December of Y (by
    date, then by order of entry): driving_licence: a valid car licence (permis B; a moped or motorbike licence
    alone, "autre permis", and a suspended licence do not count); own_vehicle: an individual motorised means of
    transport, as the national statistics (DARES) count it: a car or a motorised two-wheeler (a bicycle or a
    shared or family vehicle does not count here); public_transport: uses public transport regularly or now
    and then; no_means_of_transport: no vehicle at all (neither car, two-wheeler, bicycle nor shared vehicle)
    and never public transport;
  - a young person without any assessment by 31 December counts in `youths_in_contact` (the denominator of
    every percentage) but in none of the four mobility counts: an unknown profile is not assumed.
"""

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from missions.enums import Departement
from missions.models import MissionLocale

from .enums import Indicator, ReportSource
from .live import counts_by_mission_locale
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


NARROW_NBSP = "\u202f"


def number_fr(value: int) -> str:
    """121870 → "121 870" with a narrow no-break space: French typography on screen and in exports."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def percent_fr(value: float) -> str:
    """46.7 → "46,7 %" with a narrow no-break space before the sign."""
    return f"{value:.1f}".replace(".", ",") + f"{NARROW_NBSP}%"


def percent(count: int, total: int) -> float:
    if not total:
        return 0.0
    return float((Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def scope_figures(totals: dict) -> dict:
    """One scope (the region, a département or a mission locale) from its summed counts."""
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


@dataclass
class YearCounts:
    """One year of one source, mission locale by mission locale: what a report and the dashboard are built from.

    `by_mission_locale` maps a mission locale's id to its counts (`sites`, `youths_in_contact`, `first_contacts`
    and each indicator); `departements` maps the same ids to their département code.
    """

    year: int
    source: str
    by_mission_locale: dict[int, dict[str, int]]
    departements: dict[int, str]

    def totals(self, mission_locale_ids) -> dict:
        """The sums over these missions locales (those without figures count for nothing), with their number."""
        ids = [pk for pk in mission_locale_ids if pk in self.by_mission_locale]
        names = _SUMMED + ["assessed"] if self.source == ReportSource.LIVE else _SUMMED
        totals = {name: sum(self.by_mission_locale[pk][name] for pk in ids) for name in names}
        return {"missions_locales": len(ids), **totals}

    def scope(self, mission_locale_ids) -> dict:
        return scope_figures(self.totals(mission_locale_ids))

    def report(self) -> dict:
        """The report of DESIGN.md §4: the region, then each département."""
        return {
            "year": self.year,
            "source": self.source,
            **self.scope(self.by_mission_locale),
            "by_departement": {
                code: self.scope(pk for pk, departement in self.departements.items() if departement == code)
                for code in Departement.values
            },
        }


def imported_counts(year: int) -> YearCounts | None:
    """The imported yearly figures of `year`; None if no mission locale has figures that year. One query."""
    rows = YearlyFigures.objects.for_year(year).values(
        "mission_locale_id", "mission_locale__departement", *YearlyFigures.COUNT_FIELDS
    )
    by_mission_locale, departements = {}, {}
    for row in rows.order_by():
        pk = row.pop("mission_locale_id")
        departements[pk] = row.pop("mission_locale__departement")
        by_mission_locale[pk] = row
    if not by_mission_locale:
        return None
    return YearCounts(year, ReportSource.IMPORTED.value, by_mission_locale, departements)


def mission_locale_sites() -> dict[int, tuple[str, int]]:
    """{mission locale id: (département, number of active sites)} for every mission locale. One query."""
    missions = MissionLocale.objects.annotate(active_sites=Count("sites", filter=Q(sites__is_active=True)))
    return {
        pk: (departement, sites)
        for pk, departement, sites in missions.values_list("pk", "departement", "active_sites").order_by()
    }


def live_counts(year: int, sites: dict[int, tuple[str, int]] | None = None, counts=None) -> YearCounts | None:
    """The figures of `year` computed from the case files; None if nobody had a contact that year.

    Two queries; one if `sites` (from `mission_locale_sites()`) is given; none if `counts`, the result of
    `counts_by_mission_locale(year)` kept from an earlier call, is given too. Live counts also hold `assessed`,
    the number of young people with an assessment: the report does not show it, the dashboard does.
    """
    if counts is None:
        counts = counts_by_mission_locale(year)
    if not counts:
        return None
    if sites is None:
        sites = mission_locale_sites()
    by_mission_locale, departements = {}, {}
    for pk, row in counts.items():
        departements[pk], active_sites = sites[pk]
        by_mission_locale[pk] = {**row, "sites": active_sites}
    return YearCounts(year, ReportSource.LIVE.value, by_mission_locale, departements)


def imported_figures(year: int) -> dict | None:
    """The report of `year` from the imported yearly figures; None if no mission locale has figures that year."""
    counts = imported_counts(year)
    return counts.report() if counts else None


def live_figures(year: int) -> dict | None:
    """The report of `year` computed from the case files; None if no young person had a contact that year."""
    counts = live_counts(year)
    return counts.report() if counts else None


FIGURES = {ReportSource.IMPORTED.value: imported_figures, ReportSource.LIVE.value: live_figures}
# The shares shown beside the indicators in tables and exports: the first contacts, then every indicator.
SHARES = [("first_contacts", TOTAL_LABELS["first_contacts"]), *Indicator.choices]


def figures_row(counts: dict, **identity) -> dict:
    """Flat counts and shares of one mission locale or scope: `sites`, `youths_in_contact`, then for each share
    its count under its key and its percent under `<key>_percent`; `identity` (name, code…) comes first."""
    youths = counts["youths_in_contact"]
    row = {**identity, "sites": counts["sites"], "youths_in_contact": youths}
    for key, _ in SHARES:
        row[key] = counts[key]
        row[f"{key}_percent"] = percent(counts[key], youths)
    return row


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
