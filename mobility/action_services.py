"""Writes of collective actions: actions and their sessions, registrations with a waiting list, attendance.

Every function is keyword-only and runs in one transaction. A session's places are a shared total: registering,
cancelling and changing the capacity lock the session row first (`select_for_update(of=("self",))`), then count,
so that two counsellors registering at the same moment never go past the capacity; beyond it, registrations go to
the waiting list in the order they arrive, and a cancellation moves the first one up in the same transaction.
Each presence on an attendance sheet becomes one contact of the young person's timeline (youths.services), never two.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from youths.enums import ContactKind, YouthStatus
from youths.models import Contact, Youth
from youths.services import contact_record

from .actions import ActionSession, CollectiveAction, EuropeanMobility, Registration
from .enums import ActionKind, Attendance, RegistrationStatus

MAX_CONTACT_MINUTES = 600  # youths.Contact keeps durations up to 10 hours; a longer event is a contact without one


class ActionError(Exception):
    """A request the rules cannot honour; `message` says why, in French, to show as is."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class AlreadyRegistered(ActionError):
    def __init__(self, registration):
        self.registration = registration
        if registration.status == RegistrationStatus.WAITING:
            where = "sur la liste d'attente de cette session"
        else:
            where = f"{registered_word(registration.youth)} à cette session"
        super().__init__(f"{registration.youth} est déjà {where}.")


def registered_word(youth):
    """ "inscrit" or "inscrite"."""
    return "inscrite" if youth.sex == "F" else "inscrit"


def organiser_ids(action) -> set[int]:
    """The missions locales whose young people may register: the one running the action, and for an inter-ML event
    the others taking part."""
    return {action.mission_locale_id, *action.other_mission_locales.values_list("pk", flat=True)}


def can_edit(staff, action) -> bool:
    """Counsellors and managers of the mission locale running the action."""
    return staff is not None and staff.mission_locale_id == action.mission_locale_id


def _require_editor(staff, action):
    if not can_edit(staff, action):
        raise PermissionDenied("Seule la mission locale porteuse de l'action peut la modifier.")


def _check_organisers(kind, lead_id, others, action=None):
    """Only an inter-ML event has other missions locales, and it has at least one; young people already registered
    must still belong to one of the missions locales taking part."""
    other_ids = {ml.pk for ml in others} - {lead_id}
    if kind != ActionKind.INTER_ML_EVENT and other_ids:
        raise ValidationError(
            {
                "other_mission_locales": "Seul un événement inter-missions locales associe d'autres missions "
                "locales : une autre action a une seule mission locale porteuse."
            }
        )
    if kind == ActionKind.INTER_ML_EVENT and not other_ids:
        raise ValidationError(
            {
                "other_mission_locales": "Un événement inter-missions locales réunit au moins deux missions locales : "
                "cochez celles qui y participent."
            }
        )
    if action is not None and action.pk:
        stranded = (
            Registration.objects.active()
            .filter(session__action=action)
            .exclude(youth__mission_locale_id__in={lead_id, *other_ids})
            .count()
        )
        if stranded:
            raise ValidationError(
                {
                    "other_mission_locales": f"{stranded} jeune(s) d'une mission locale retirée de l'action y sont "
                    "inscrits : leur mission locale doit d'abord annuler leur inscription."
                }
            )
    return other_ids


def _save_european(action, european: dict | None):
    if action.kind != ActionKind.EUROPEAN_MOBILITY:
        EuropeanMobility.objects.filter(action=action).delete()
        return None
    if not european:
        raise ValidationError("Une mobilité européenne précise sa destination, son programme et ses dates.")
    details = EuropeanMobility.objects.filter(action=action).first() or EuropeanMobility(action=action)
    for name, value in european.items():
        setattr(details, name, value)
    details.full_clean()
    details.save()
    return details


def collective_action_create(*, by, fields: dict, other_mission_locales=(), european: dict | None = None):
    """A new action run by the staff member's mission locale (with its stay abroad for a European mobility)."""
    if by is None:
        raise PermissionDenied("Seuls les membres d'une mission locale créent des actions collectives.")
    with transaction.atomic():
        action = CollectiveAction(**fields, mission_locale_id=by.mission_locale_id, created_by=by)
        other_ids = _check_organisers(action.kind, action.mission_locale_id, other_mission_locales)
        action.full_clean()
        action.save()
        action.other_mission_locales.set(other_ids)
        _save_european(action, european)
    return action


def collective_action_update(*, action, by, fields: dict, other_mission_locales=(), european: dict | None = None):
    _require_editor(by, action)
    with transaction.atomic():
        action = CollectiveAction.objects.select_for_update(of=("self",)).get(pk=action.pk)
        for name, value in fields.items():
            setattr(action, name, value)
        other_ids = _check_organisers(action.kind, action.mission_locale_id, other_mission_locales, action=action)
        action.full_clean()
        action.save()
        action.other_mission_locales.set(other_ids)
        _save_european(action, european)
    return action


def _lock_session(session):
    return ActionSession.objects.select_for_update(of=("self",)).select_related("action").get(pk=session.pk)


def _registered_count(session):
    return Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count()


def _fill_places(session, now):
    """Move the first ones of the waiting list up to the places left (the session row is locked)."""
    free = session.capacity - _registered_count(session)
    if free <= 0:
        return []
    first = list(
        Registration.objects.filter(session=session, status=RegistrationStatus.WAITING)
        .order_by("position")
        .values_list("pk", flat=True)[:free]
    )
    Registration.objects.filter(pk__in=first).update(
        status=RegistrationStatus.REGISTERED, position=None, promoted_at=now
    )
    return first


def action_session_save(*, action, by, session=None, **fields):
    """Create a session, or change one. The capacity never drops below the young people registered, and a larger
    one moves the first of the waiting list up; once attendance is taken, the session's day no longer changes."""
    _require_editor(by, action)
    now = timezone.now()
    with transaction.atomic():
        if session is None:
            session = ActionSession(action=action)
            day_before = None
            registered = 0
        else:
            session = _lock_session(session)
            if session.action_id != action.pk:
                raise PermissionDenied("Cette session appartient à une autre action.")
            day_before = session.day
            registered = _registered_count(session)
        for name, value in fields.items():
            setattr(session, name, value)
        errors = {}
        if session.capacity is not None and session.capacity < registered:
            errors["capacity"] = (
                f"{registered} jeunes sont déjà inscrits : la session ne peut compter moins de places. "
                "Annulez d'abord des inscriptions."
            )
        if (
            day_before is not None
            and session.starts_at
            and session.day != day_before
            and Registration.objects.filter(session=session).exclude(attendance="").exists()
        ):
            errors["starts_at"] = (
                f"La présence a déjà été notée pour le {day_before:%d/%m/%Y} : le jour de la session ne change plus."
            )
        if errors:
            raise ValidationError(errors)
        session.full_clean()
        session.save()
        promoted = _fill_places(session, now) if day_before is not None else []
    return session, promoted


def registration_create(*, session, youth, by, at=None) -> Registration:
    """Register a young person of the staff member's mission locale: on the session if a place is left, else at the
    end of its waiting list. Raises AlreadyRegistered for a second registration of the same young person."""
    if by is None or youth.mission_locale_id != by.mission_locale_id:
        raise PermissionDenied("Vous ne pouvez inscrire que les jeunes de votre mission locale.")
    action = session.action
    if by.mission_locale_id not in organiser_ids(action):
        raise PermissionDenied(
            f"Votre mission locale ne participe pas à « {action.title} » : seules les missions locales "
            "organisatrices y inscrivent des jeunes."
        )
    if youth.status == YouthStatus.ANONYMISED:
        raise ActionError("Ce dossier est anonymisé : il ne peut plus être inscrit.")
    now = at or timezone.now()
    with transaction.atomic():
        locked = _lock_session(session)
        if locked.has_started(now):
            raise ActionError(f"La session du {locked.day:%d/%m/%Y} a commencé : les inscriptions sont closes.")
        if timezone.localdate(now) > locked.registration_deadline:
            raise ActionError(
                f"Les inscriptions à la session du {locked.day:%d/%m/%Y} sont closes depuis le "
                f"{locked.registration_deadline:%d/%m/%Y}."
            )
        existing = Registration.objects.active().filter(session=locked, youth=youth).select_related("youth").first()
        if existing is not None:
            raise AlreadyRegistered(existing)
        if _registered_count(locked) < locked.capacity:
            status, position = RegistrationStatus.REGISTERED, None
        else:
            last = Registration.objects.filter(session=locked, status=RegistrationStatus.WAITING).aggregate(
                last=Max("position")
            )["last"]
            status, position = RegistrationStatus.WAITING, (last or 0) + 1
        registration = Registration.objects.create(
            session=locked, youth=youth, status=status, position=position, registered_by=by
        )
    return registration


def registration_cancel(*, registration, by, reason: str = "", at=None):
    """Cancel a registration before the session; if it held a place, the first of the waiting list takes it.
    Returns (registration, ids of the registrations moved up)."""
    if by is None or registration.youth.mission_locale_id != by.mission_locale_id:
        raise PermissionDenied("Seule la mission locale du jeune peut annuler son inscription.")
    now = at or timezone.now()
    with transaction.atomic():
        session = _lock_session(registration.session)
        locked = Registration.objects.select_for_update(of=("self",)).select_related("youth").get(pk=registration.pk)
        if locked.status == RegistrationStatus.CANCELLED:
            raise ActionError("Cette inscription est déjà annulée.")
        if session.has_started(now):
            raise ActionError("La session a commencé : notez plutôt l'absence sur la feuille de présence.")
        held_a_place = locked.status == RegistrationStatus.REGISTERED
        locked.status = RegistrationStatus.CANCELLED
        locked.position = None
        locked.cancelled_at = now
        locked.cancelled_by = by
        locked.cancellation_reason = (reason or "").strip()[:255]
        locked.save(update_fields=["status", "position", "cancelled_at", "cancelled_by", "cancellation_reason"])
        promoted = _fill_places(session, now) if held_a_place else []
    return locked, promoted


def _refresh_last_contact(youth_id, now):
    latest = Contact.objects.filter(youth_id=OuterRef("pk")).order_by("-date").values("date")[:1]
    Youth.objects.filter(pk=youth_id).update(last_contact_date=Subquery(latest), updated_at=now)


def attendance_record(*, session, by, marks: dict, at=None) -> dict:
    """The attendance sheet of a session, for the young people of the staff member's mission locale.

    `marks` maps registration ids to present, absent or excused. A presence becomes a workshop contact of the
    young person's timeline, dated on the session day, with the action's themes, written by `by`; marking it again
    changes nothing, and a presence corrected into an absence takes its contact back out of the timeline.
    Returns counts: present, absent, excused, contacts_created, contacts_removed.
    """
    now = at or timezone.now()
    if by is None:
        raise PermissionDenied("Seuls les membres d'une mission locale notent les présences.")
    unknown_marks = {mark for mark in marks.values() if mark not in Attendance.values}
    if unknown_marks:
        raise ActionError("Pour chaque jeune, choisissez présent, absent ou excusé.")
    action = session.action
    if by.mission_locale_id not in organiser_ids(action):
        raise PermissionDenied("Votre mission locale ne participe pas à cette action.")
    if not session.has_started(now):
        opening = timezone.localtime(session.starts_at)
        raise ActionError(f"La feuille de présence s'ouvre au début de la session, le {opening:%d/%m/%Y à %H:%M}.")
    counts = {"present": 0, "absent": 0, "excused": 0, "contacts_created": 0, "contacts_removed": 0}
    with transaction.atomic():
        registrations = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(
                session=session,
                status=RegistrationStatus.REGISTERED,
                youth__mission_locale_id=by.mission_locale_id,
                pk__in=list(marks),
            )
            .select_related("youth")
            .order_by("pk")
        )
        if len(registrations) != len(marks):
            raise ActionError(
                "La liste des inscrits a changé depuis l'ouverture de la feuille : rechargez la page et notez à "
                "nouveau les présences."
            )
        site = session.site if session.site_id else None
        duration = session.duration_minutes if 0 < session.duration_minutes <= MAX_CONTACT_MINUTES else None
        for registration in registrations:
            mark = marks[registration.pk]
            counts[mark] += 1
            changed = registration.attendance != mark
            removed_contact = None
            if mark == Attendance.PRESENT and registration.contact_id is None:
                youth = registration.youth
                registration.contact = contact_record(
                    youth=youth,
                    counsellor=by,
                    date=session.day,
                    kind=ContactKind.WORKSHOP,
                    themes=list(action.themes),
                    site=site if site is not None and site.mission_locale_id == youth.mission_locale_id else None,
                    duration_minutes=duration,
                    notes=f"Action collective « {action.title} ».",
                )
                counts["contacts_created"] += 1
                changed = True
            elif mark != Attendance.PRESENT and registration.contact_id is not None:
                removed_contact = registration.contact_id
                registration.contact = None
                changed = True
            if not changed:
                continue
            registration.attendance = mark
            registration.attendance_recorded_at = now
            registration.attendance_recorded_by = by
            registration.save(
                update_fields=["attendance", "attendance_recorded_at", "attendance_recorded_by", "contact"]
            )
            if removed_contact is not None:
                Contact.objects.filter(pk=removed_contact).delete()
                _refresh_last_contact(registration.youth_id, now)
                counts["contacts_removed"] += 1
    return counts
