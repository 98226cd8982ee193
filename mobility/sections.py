"""What mobility adds to the case file (youths.sections) and to the subject-access export (youths.subject_access).

Each fetch runs a fixed number of queries, whatever the number of assessments, refusals, schemes or aids.
"""

from django.urls import reverse
from django.utils import timezone

from config.access import staff_member_of
from youths.sections import shared, situations_of

from .eligibility import open_schemes_for
from .enums import CONSUMING_STATUSES, SchemeUnit
from .models import AidRequest, JobRefusal, MobilityAssessment
from .units import format_amount


def assessments_of(youth):
    """Every mobility assessment of the young person, the latest first: read once per display of the file."""
    assessments = MobilityAssessment.objects.filter(youth=youth).select_related("recorded_by__user")
    return shared(youth, "mobility_assessments", assessments.order_by("-date", "-id"))


def aid_requests_of(youth):
    """Every aid request of the young person, in any mission locale, the latest first: read once per display."""
    aids = AidRequest.objects.filter(youth=youth).select_related("scheme", "mission_locale", "partner")
    return shared(youth, "aid_requests", aids.order_by("-requested_on", "-id"))


def fetch_mobility(request, youth):
    """The current profile (latest assessment), what changed at each assessment, and the jobs turned down."""
    assessments = assessments_of(youth)
    history = [
        {"assessment": assessment, "changes": assessment.changes_since(previous)}
        for assessment, previous in zip(assessments, assessments[1:], strict=False)
    ]
    refusals = list(JobRefusal.objects.filter(youth=youth).order_by("-date", "-id"))
    return {
        "current": assessments[0] if assessments else None,
        "first": assessments[-1] if assessments else None,
        "history": history,
        "refusals": refusals,
        "distance_refusals": sum(1 for refusal in refusals if refusal.reason == "distance"),
        "assessment_url": reverse("mobility:assessment_create", kwargs={"public_id": youth.public_id}),
        "refusal_url": reverse("mobility:refusal_create", kwargs={"public_id": youth.public_id}),
    }


def fetch_possible_aids(request, youth):
    """Every open scheme, eligible or not with the reasons, each with a link to request it."""
    staff = staff_member_of(request.user)
    request_url = reverse("mobility:aid_create", kwargs={"public_id": youth.public_id})
    rows = open_schemes_for(
        youth,
        timezone.localdate(),
        situations=situations_of(youth),
        assessments=assessments_of(youth),
        aid_requests=aid_requests_of(youth),
    )
    for row in rows:
        row["url"] = f"{request_url}?dispositif={row['scheme'].code}"
        row["overridable"] = all(reason.overridable for reason in row["reasons"])
    return {
        "rows": rows,
        "eligible_count": sum(1 for row in rows if not row["reasons"]),
        "is_manager": bool(staff and staff.is_manager),
    }


def fetch_passport(request, youth):
    """Every aid ever requested for this young person, in any mission locale, with its status."""
    aids = aid_requests_of(youth)
    totals = {}
    for aid in aids:
        if aid.status in CONSUMING_STATUSES:
            totals[aid.scheme.unit] = totals.get(aid.scheme.unit, 0) + aid.amount_granted
    order = [SchemeUnit.EUROS, SchemeUnit.PLACES, SchemeUnit.TICKETS]
    return {
        "aids": aids,
        "granted_totals": [format_amount(totals[unit], unit) for unit in order if unit in totals],
        "request_url": reverse("mobility:aid_create", kwargs={"public_id": youth.public_id}),
    }


def subject_access_assessments(youth):
    rows = []
    for assessment in MobilityAssessment.objects.filter(youth=youth).order_by("date", "id"):
        row = {"Date du bilan": assessment.date}
        for name in MobilityAssessment.TRACKED_FIELDS:
            row[str(MobilityAssessment._meta.get_field(name).verbose_name).capitalize()] = assessment.display(name)
        row["Précisions sur les contraintes"] = assessment.constraints_details or None
        rows.append(row)
    return rows


def subject_access_refusals(youth):
    return [
        {
            "Date": refusal.date,
            "Nature": refusal.get_kind_display(),
            "Offre ou formation": refusal.label,
            "Motif principal": refusal.get_reason_display(),
            "Distance (km)": refusal.distance_km,
        }
        for refusal in JobRefusal.objects.filter(youth=youth).order_by("date", "id")
    ]


def subject_access_aids(youth):
    return [
        {
            "Date de la demande": aid.requested_on,
            "Dispositif": aid.scheme.name,
            "Montant demandé": aid.amount_display,
            "Statut": aid.get_status_display(),
            "Montant accordé": aid.amount_granted_display if aid.amount_granted is not None else None,
            "Motivation": aid.justification,
            "Motif de la décision": aid.decision_reason or None,
            "Versée le": aid.paid_on,
        }
        for aid in AidRequest.objects.filter(youth=youth).select_related("scheme").order_by("requested_on", "id")
    ]
