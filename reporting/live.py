"""The figures of DESIGN.md §1 computed from the case files, per mission locale, in SQL.

The definitions are written once, here, as conditions on a young person (`youth_conditions`) and on their latest
mobility assessment (`ASSESSMENT_CONDITIONS`); reporting/figures.py explains them in French-reader terms and
turns the counts into a report.

One query whatever the number of young people: the young people with a contact in the year (a semi-join probing
the contacts' (youth, date) index), left-joined to their latest assessment dated on or before 31 December (the
assessment for which no later one exists: an anti-join), grouped by mission locale with one conditional count per
figure. Joins rather than a correlated subquery per young person let PostgreSQL spread the work over its parallel
workers: about 0.25 s over 120,000 young people and a million contacts (EXPLAIN: parallel seq scan of the young
people, index-only scan of contact_youth_date_idx, parallel hash anti-join of the assessments, partial aggregates).
"""

import datetime

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q

from mobility.enums import LicenceStatus, PublicTransportUse, Vehicle
from mobility.models import MobilityAssessment
from youths.enums import DiplomaLevel, Housing, Sex
from youths.models import Contact, Youth

from .enums import Indicator

MINOR_AGE = 18

# The young person's latest assessment on or before 31 December, joined under this name.
LATEST = "latest_assessment"
# What that latest assessment must say for the young person to count in each mobility indicator.
ASSESSMENT_CONDITIONS = {
    # The car licence, valid: the one employers ask for and the "10 000 permis" programme funds. A moped or
    # motorbike licence alone (AM, A: "other") does not count, nor a suspended licence.
    Indicator.DRIVING_LICENCE: Q(**{f"{LATEST}__licence_status": LicenceStatus.LICENCE_B}),
    # An individual motorised means of transport, as the national statistics count it (DARES: "moyen de transport
    # individuel motorisé"): a car or a motorised two-wheeler. A bicycle, or access to a shared or family vehicle,
    # is a means of transport (see the last indicator) but not this one.
    Indicator.OWN_VEHICLE: Q(**{f"{LATEST}__vehicle__in": [Vehicle.CAR, Vehicle.MOTORISED_TWO_WHEELER]}),
    # Uses public transport, regularly or now and then.
    Indicator.PUBLIC_TRANSPORT: Q(
        **{f"{LATEST}__public_transport_use__in": [PublicTransportUse.REGULAR, PublicTransportUse.OCCASIONAL]}
    ),
    # Nothing at all: no vehicle of any kind (not even a shared one or a bicycle) and never public transport.
    Indicator.NO_MEANS_OF_TRANSPORT: Q(
        **{f"{LATEST}__vehicle": Vehicle.NONE, f"{LATEST}__public_transport_use": PublicTransportUse.NEVER}
    ),
}


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def youth_conditions(year: int) -> dict[str, Q]:
    """What the case file itself must say for the young person to count in each of the other indicators."""
    _, end = year_bounds(year)
    return {
        Indicator.MEN: Q(sex=Sex.MALE),
        # Under 18 on 31 December of the year: born after 31 December of (year - 18).
        Indicator.MINORS: Q(birth_date__gt=end.replace(year=year - MINOR_AGE)),
        Indicator.NO_DIPLOMA: Q(diploma_level=DiplomaLevel.NONE),
        Indicator.ZUS: Q(lives_in_priority_area=True),
        Indicator.OWN_HOUSING: Q(housing=Housing.OWN),
    }


def in_contact(year: int):
    """The young people with at least one contact dated in the year."""
    start, end = year_bounds(year)
    return Youth.objects.filter(Exists(Contact.objects.filter(youth=OuterRef("pk"), date__range=(start, end))))


def latest_assessment(year: int) -> FilteredRelation:
    """The young person's assessment dated on or before 31 December of the year with no later one (by date, then
    by order of entry): their mobility profile at the end of the year. No row if they have none."""
    _, end = year_bounds(year)
    later = MobilityAssessment.objects.filter(youth=OuterRef(f"{LATEST}__youth"), date__lte=end).filter(
        Q(date__gt=OuterRef(f"{LATEST}__date")) | Q(date=OuterRef(f"{LATEST}__date"), pk__gt=OuterRef(f"{LATEST}__pk"))
    )
    return FilteredRelation("mobility_assessments", condition=Q(mobility_assessments__date__lte=end) & ~Exists(later))


def counts_by_mission_locale(year: int) -> dict[int, dict[str, int]]:
    """{mission locale id: {"youths_in_contact", "first_contacts", "assessed", each indicator: count}}.

    Only the missions locales with at least one young person in contact in the year appear. One query.
    """
    start, end = year_bounds(year)
    conditions = {**youth_conditions(year), **ASSESSMENT_CONDITIONS}
    rows = (
        in_contact(year)
        .annotate(**{LATEST: latest_assessment(year)})
        .values("mission_locale_id")
        .annotate(
            youths_in_contact=Count("pk"),
            first_contacts=Count("pk", filter=Q(first_contact_date__range=(start, end))),
            assessed=Count(f"{LATEST}__pk"),
            **{indicator.value: Count("pk", filter=condition) for indicator, condition in conditions.items()},
        )
        .order_by()
    )
    return {row.pop("mission_locale_id"): row for row in rows}
