"""What collective actions add to the case file, to the subject-access export and to the anonymisation of files.

Each fetch runs one query, whatever the number of actions the young person registered for.
"""

from django.urls import reverse
from django.utils import timezone

from config.access import staff_member_of

from .action_tables import session_when
from .actions import Registration
from .enums import ActionKind, Attendance


def fetch_actions(request, youth):
    """The actions the young person registered for or attended, the latest first, with each absence in sight
    (cancelled registrations left out). Links only to the actions the reader may open."""
    staff = staff_member_of(request.user)
    registrations = list(
        Registration.objects.active()
        .filter(youth=youth)
        .select_related("session__action", "session__site")
        .with_waiting_rank()
        .order_by("-session__starts_at", "-pk")
    )
    now = timezone.now()
    rows = []
    for registration in registrations:
        action = registration.session.action
        visible = action.kind == ActionKind.INTER_ML_EVENT or (
            staff is not None and action.mission_locale_id == staff.mission_locale_id
        )
        rows.append(
            {
                "registration": registration,
                "action": action,
                "session": registration.session,
                "when": session_when(registration.session),
                "url": f"{action.get_absolute_url()}#session-{registration.session_id}" if visible else None,
                "past": registration.session.has_started(now),
            }
        )
    attendances = [registration.attendance for registration in registrations]
    return {
        "rows": rows,
        "present": attendances.count(Attendance.PRESENT),
        "absent": attendances.count(Attendance.ABSENT),
        "excused": attendances.count(Attendance.EXCUSED),
        "upcoming": sum(1 for row in rows if not row["past"]),
        "list_url": reverse("mobility:action_list"),
    }


def subject_access_actions(youth):
    """Every registration, cancelled ones included, with its attendance."""
    registrations = (
        Registration.objects.filter(youth=youth)
        .select_related("session__action", "session__site", "registered_by__user")
        .order_by("session__starts_at", "pk")
    )
    return [
        {
            "Action": registration.session.action.title,
            "Type d'action": registration.session.action.get_kind_display(),
            "Session": registration.session.starts_at,
            "Lieu": registration.session.place,
            "Statut": registration.get_status_display(),
            "Inscrit par": registration.registered_by.user.get_full_name() or registration.registered_by.user.username,
            "Inscrit le": registration.created_at,
            "Présence": registration.get_attendance_display() or None,
            "Annulé le": registration.cancelled_at,
            "Motif de l'annulation": registration.cancellation_reason or None,
        }
        for registration in registrations
    ]


def anonymize_registrations(youth_ids):
    """The only free text of a registration is the reason of its cancellation: erased with the file."""
    return (
        Registration.objects.filter(youth_id__in=youth_ids)
        .exclude(cancellation_reason="")
        .update(cancellation_reason="")
    )
