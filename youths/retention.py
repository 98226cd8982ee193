"""Retention of case files, after the national system's rules: when a file expires and how it is anonymised.

A file expires when the young person is past their 26th birthday with no programme still running, or when nobody
has been in contact with them for two years. An expired file is anonymised in place: names, contact details,
address, legal representative, notes and free texts are erased and the birth date is reduced to its year (1 July);
what the statistics count is kept (sex, commune, ZUS/QPV, diploma, housing, the mission locale, the dates, kinds and
themes of contacts, the kinds and dates of situations), so that the yearly figures do not change.

Later apps hold free texts about the young person too (mobility: aid justifications, assessment notes). They
register an anonymizer here from `AppConfig.ready()`:

    register_anonymizer(anonymize_aid_requests)

An anonymizer is called with a queryset of the ids of the files being anonymised (`Youth` rows, `.values("pk")`,
usable as `youth_id__in=youth_ids`), inside the transaction that anonymises them; it erases its own free texts with
bulk updates and returns the number of rows it changed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from .enums import SituationKind, YouthStatus
from .models import Contact, Situation, Transfer, Youth, birth_date_bounds

RETENTION_AGE = 26
INACTIVITY_DAYS = 2 * 365
PROGRAMME_KINDS = (
    SituationKind.TRAINING,
    SituationKind.APPRENTICESHIP,
    SituationKind.IMMERSION,
    SituationKind.JOB,
)
ANONYMOUS_NAME = "ANONYME"
BATCH_SIZE = 2000

_anonymizers: dict[str, Callable] = {}


def register_anonymizer(anonymizer: Callable):
    """Called for each batch of files being anonymised, in the same transaction: `anonymizer(youth_ids) -> int`."""
    _anonymizers[f"{anonymizer.__module__}.{anonymizer.__qualname__}"] = anonymizer


def registered_anonymizers() -> dict[str, Callable]:
    return dict(_anonymizers)


def running_programmes(day: datetime.date):
    """The one definition of a programme still running on `day`: a training, apprenticeship, immersion or job
    situation that has no end date or ends on `day` or later (one planned to start later counts too)."""
    return Situation.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), kind__in=PROGRAMME_KINDS)


def past_retention_age(day: datetime.date) -> Q:
    """Files of young people who had their 26th birthday on `day` or before."""
    _, latest_birth_date = birth_date_bounds(RETENTION_AGE, RETENTION_AGE, day)
    return Q(birth_date__lte=latest_birth_date)


def without_contact_since(day: datetime.date) -> Q:
    """Files without any contact for two years on `day` (a file with no contact at all counts from its opening)."""
    limit = day - datetime.timedelta(days=INACTIVITY_DAYS)
    return Q(last_contact_date__lt=limit) | Q(last_contact_date__isnull=True, first_contact_date__lt=limit)


def expired_files(day: datetime.date | None = None):
    """The files to anonymise on `day`, those already anonymised left out, annotated with the reason of each."""
    day = day or timezone.localdate()
    running = running_programmes(day).filter(youth_id=OuterRef("pk"))
    return (
        Youth.objects.exclude(status=YouthStatus.ANONYMISED)
        .annotate(
            has_running_programme=Exists(running),
            past_age=ExpressionWrapper(past_retention_age(day), output_field=BooleanField()),
            inactive=ExpressionWrapper(without_contact_since(day), output_field=BooleanField()),
        )
        .filter(Q(past_age=True, has_running_programme=False) | Q(inactive=True))
    )


@dataclass
class RetentionSummary:
    files: int = 0
    past_age: int = 0
    inactive: int = 0
    contacts: int = 0
    situations: int = 0
    transfers: int = 0
    registered: dict | None = None
    sample: list | None = None  # public ids of the first files, for the dry run


def retention_summary(day: datetime.date | None = None, sample_size: int = 20) -> RetentionSummary:
    """What an anonymisation run would do on `day`, without changing anything: counts and the first public ids."""
    files = expired_files(day)
    summary = RetentionSummary(
        files=files.count(),
        past_age=files.filter(past_age=True, has_running_programme=False).count(),
        inactive=files.filter(inactive=True).count(),
        registered={},
    )
    ids = files.values("pk")
    summary.contacts = Contact.objects.filter(youth_id__in=ids).exclude(notes="").count()
    summary.situations = Situation.objects.filter(youth_id__in=ids).exclude(label="").count()
    summary.transfers = Transfer.objects.filter(youth_id__in=ids).exclude(reason="").count()
    summary.sample = [
        str(public_id) for public_id in files.order_by("pk").values_list("public_id", flat=True)[:sample_size]
    ]
    return summary


def youths_anonymize(*, youth_ids: list[int], now: datetime.datetime | None = None) -> dict[str, int]:
    """Anonymise these files in one transaction with bulk updates; returns the number of rows changed per kind.

    Files already anonymised are left alone. The registered anonymizers of later apps run in the same transaction.
    """
    now = now or timezone.now()
    counts = {"files": 0, "contacts": 0, "situations": 0, "transfers": 0}
    with transaction.atomic():
        youths = Youth.objects.filter(pk__in=youth_ids).exclude(status=YouthStatus.ANONYMISED)
        ids = list(youths.select_for_update().values_list("pk", flat=True))
        if not ids:
            return counts
        targets = Youth.objects.filter(pk__in=ids)
        # Birth dates reduced to the year: one update per birth year, so that no database date function is needed.
        years = targets.order_by().values_list("birth_date__year", flat=True).distinct()
        for year in sorted(set(years)):
            targets.filter(birth_date__year=year).update(birth_date=datetime.date(year, 7, 1))
        counts["files"] = targets.update(
            last_name=ANONYMOUS_NAME,
            first_name=Substr(Cast("public_id", output_field=CharField()), 1, 8),  # the same 8 hex digits everywhere
            search_name="",
            email="",
            phone="",
            address="",
            legal_representative_name="",
            legal_representative_phone="",
            status=YouthStatus.ANONYMISED,
            updated_at=now,
        )
        counts["contacts"] = Contact.objects.filter(youth_id__in=ids).exclude(notes="").update(notes="")
        counts["situations"] = Situation.objects.filter(youth_id__in=ids).exclude(label="").update(label="")
        counts["transfers"] = Transfer.objects.filter(youth_id__in=ids).exclude(reason="").update(reason="")
        youth_ids_queryset = Youth.objects.filter(pk__in=ids).values("pk")
        for key, anonymizer in _anonymizers.items():
            counts[key] = anonymizer(youth_ids_queryset) or 0
    return counts


def anonymize_expired(day: datetime.date | None = None, batch_size: int = BATCH_SIZE, progress=None) -> dict[str, int]:
    """Anonymise every expired file, one transaction per batch: an interrupted run is resumed by running it again."""
    ids = list(expired_files(day).order_by("pk").values_list("pk", flat=True))
    totals: dict[str, int] = {}
    for start in range(0, len(ids), batch_size):
        counts = youths_anonymize(youth_ids=ids[start : start + batch_size])
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    return totals
