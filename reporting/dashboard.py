"""The figures behind the /statistiques/ page, read in a fixed number of queries whatever the number of missions
locales; reporting/page.py words and draws them.

Per request: every imported yearly figure of every year (one query: 27 rows a year), the missions locales with
their active sites (one), the range of contact dates (one), the data version of the case files (one, index
lookups); then the live figures of each year with contacts (one query each), kept in the Django cache with the data
version they were computed at: a visit after a change of the files recomputes the year shown only (see
`cached_live_counts`).
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Min, Q

from missions.enums import Departement
from missions.models import MissionLocale
from mobility.models import MobilityAssessment
from youths.models import Contact, Youth

from .enums import ReportSource
from .figures import REGION_LABEL, YearCounts, live_counts
from .live import counts_by_mission_locale
from .models import YearlyFigures

CACHE_TIMEOUT = 60 * 60
DEPARTEMENT_LABELS = dict(Departement.choices)


def data_version() -> str:
    """A short key that changes whenever the case files change in a way the live figures could see.

    One query of four index lookups, under a millisecond at any scale (the COUNT(*) it once held took 18 ms over
    120,000 young people and 64 ms over 600,000): the latest modification of a young person (recording, correcting
    or removing a contact, transferring or anonymising a file all touch `updated_at`), the highest ids of young
    people, contacts and mobility assessments (a row added by any means). What it cannot see (a contact or an
    assessment edited in the Django admin, a row deleted there) shows at the latest when the cache entry expires,
    after CACHE_TIMEOUT.
    """
    parts = []
    for model, aggregates in [
        (Youth, ["MAX(updated_at)", "MAX(id)"]),
        (Contact, ["MAX(id)"]),
        (MobilityAssessment, ["MAX(id)"]),
    ]:
        table = connection.ops.quote_name(model._meta.db_table)
        parts += [f"(SELECT {aggregate} FROM {table})" for aggregate in aggregates]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode(), usedforsecurity=False).hexdigest()[:16]


def cached_live_counts(year: int, version: str, sites, *, fresh: bool) -> YearCounts | None:
    """`live_counts(year)`, its query answered from the cache when it may be.

    The cache keeps, per year, the counts of the case files with the data version they were computed at (the
    missions locales' sites and départements are read afresh at every call). A `fresh` year (the one the page
    shows, and the current year) is recomputed as soon as the version changed; the other years of the trend
    take what the cache holds, at most CACHE_TIMEOUT old. So recording a contact costs the next visit one query,
    not one per year.
    """
    key = f"reporting:live:{year}"
    entry = cache.get(key)
    # An entry naming a mission locale that no longer exists (deleted, or a rebuilt database) is never reused.
    if entry is not None and (entry[0] == version or not fresh) and entry[1].keys() <= sites.keys():
        counts = entry[1]
    else:
        counts = counts_by_mission_locale(year)
        cache.set(key, (version, counts), CACHE_TIMEOUT)
    return live_counts(year, sites, counts)


def live_years() -> list[int]:
    """The years from the first to the last contact of the case files (an index lookup at each end)."""
    bounds = Contact.objects.aggregate(first=Min("date"), last=Max("date"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["first"].year, bounds["last"].year + 1))


def imported_by_year() -> dict[int, YearCounts]:
    """Every imported yearly figure, year by year. One query: at most one row per mission locale and year."""
    years = {}
    rows = YearlyFigures.objects.values(
        "year", "mission_locale_id", "mission_locale__departement", *YearlyFigures.COUNT_FIELDS
    ).order_by()
    for row in rows:
        year, pk = row.pop("year"), row.pop("mission_locale_id")
        counts = years.setdefault(year, YearCounts(year, ReportSource.IMPORTED.value, {}, {}))
        counts.departements[pk] = row.pop("mission_locale__departement")
        counts.by_mission_locale[pk] = row
    return years


@dataclass
class MissionLocaleRow:
    pk: int
    code: str
    name: str
    departement: str
    active_sites: int


@dataclass
class Scope:
    """The region, a département or one mission locale: who it is and the ids of its missions locales."""

    key: str
    label: str
    mission_locale_ids: list[int]


@dataclass
class Statistics:
    """Every year's figures, imported and live, and who looks at them."""

    missions_locales: dict[int, MissionLocaleRow]
    imported: dict[int, YearCounts]
    live: dict[int, YearCounts]
    own_mission_locale: MissionLocaleRow | None = None
    years: list[int] = field(init=False)

    def __post_init__(self):
        self.years = sorted(set(self.imported) | set(self.live), reverse=True)

    def sources(self, year: int) -> dict[str, YearCounts]:
        """{source: counts} of the year, imported first."""
        found = {ReportSource.IMPORTED.value: self.imported.get(year), ReportSource.LIVE.value: self.live.get(year)}
        return {source: counts for source, counts in found.items() if counts is not None}

    @property
    def region(self) -> Scope:
        return Scope("region", REGION_LABEL, list(self.missions_locales))

    @property
    def departements(self) -> list[Scope]:
        return [
            Scope(code, label, [pk for pk, ml in self.missions_locales.items() if ml.departement == code])
            for code, label in Departement.choices
        ]

    @property
    def scopes(self) -> list[Scope]:
        """What the headline figures show: the region, and a manager's own mission locale beside it."""
        scopes = [self.region]
        if self.own_mission_locale is not None:
            ml = self.own_mission_locale
            scopes.append(Scope(ml.code, ml.name, [ml.pk]))
        return scopes


def choose_year(years, asked) -> int | None:
    """The year asked for if it is one of `years`, else the latest; None without any."""
    try:
        asked = int(asked)
    except (TypeError, ValueError):
        asked = None
    if asked in years:
        return asked
    return max(years, default=None)


def load_statistics(
    own_mission_locale_id: int | None = None, asked_year=None, today: datetime.date | None = None
) -> Statistics:
    """Every year's figures; the live figures of the year asked for (see `choose_year`) and of the current year
    are fresh, those of the other years may come from the cache as it is (see `cached_live_counts`)."""
    today = today or datetime.date.today()
    missions = {
        row["pk"]: MissionLocaleRow(**row)
        for row in MissionLocale.objects.annotate(active_sites=Count("sites", filter=Q(sites__is_active=True)))
        .values("pk", "code", "name", "departement", "active_sites")
        .order_by("name")
    }
    sites = {pk: (ml.departement, ml.active_sites) for pk, ml in missions.items()}
    imported = imported_by_year()
    years = live_years()
    fresh = {choose_year(set(imported) | set(years), asked_year), today.year}
    version = data_version()
    live = {}
    for year in years:
        counts = cached_live_counts(year, version, sites, fresh=year in fresh)
        if counts is not None:
            live[year] = counts
    return Statistics(
        missions_locales=missions,
        imported=imported,
        live=live,
        own_mission_locale=missions.get(own_mission_locale_id),
    )
