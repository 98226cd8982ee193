"""Writes of the case file that touch several rows: each in one transaction, keyword-only."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, F, Max, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from missions.models import MissionLocale, StaffMember
from missions.text import fold

from .enums import YouthStatus
from .models import Contact, Situation, Transfer, Youth


def name_key(last_name: str, first_name: str) -> tuple[str, ...]:
    """The words of a full name, folded and sorted: accents, case, hyphens and first/last order ignored."""
    return tuple(sorted(fold(f"{last_name} {first_name}").split()))


def possible_duplicates(*, mission_locale: MissionLocale, birth_date, last_name: str, first_name: str, exclude=None):
    """Files of the same mission locale with the same birth date and the same name, however it is written."""
    wanted = name_key(last_name, first_name)
    candidates = Youth.objects.filter(mission_locale=mission_locale, birth_date=birth_date).select_related(
        "referent__user", "site"
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return [youth for youth in candidates if name_key(youth.last_name, youth.first_name) == wanted]


def youth_welcome(*, counsellor: StaffMember, identity: dict, contact: dict) -> Youth:
    """First welcome: the file, in the counsellor's mission locale with them as referent, and its first contact."""
    with transaction.atomic():
        youth = Youth(
            **identity,
            mission_locale=counsellor.mission_locale,
            referent=counsellor,
            first_contact_date=contact["date"],
            last_contact_date=contact["date"],
        )
        if youth.site is None:
            youth.site = contact.get("site")
        youth.full_clean()
        youth.save()
        first = Contact(youth=youth, counsellor=counsellor, **contact)
        first.full_clean()
        first.save()
    return youth


def _refresh_last_contact(youth: Youth):
    last = youth.contacts.aggregate(last=Max("date"))["last"]
    Youth.objects.filter(pk=youth.pk).update(last_contact_date=last, updated_at=timezone.now())
    youth.last_contact_date = last


def contact_record(*, youth: Youth, counsellor: StaffMember, **fields) -> Contact:
    """A new contact; the file's last contact date follows, and a dormant file wakes up (one UPDATE for both).

    The young person, the counsellor and the site are rows the caller has just read: their foreign keys are not
    checked again with a query each (the database guarantees them anyway)."""
    contact = Contact(youth=youth, counsellor=counsellor, **fields)
    contact.full_clean(exclude={"youth", "counsellor", "site"})
    with transaction.atomic():
        contact.save()
        Youth.objects.filter(pk=youth.pk).update(
            last_contact_date=Greatest(Coalesce(F("last_contact_date"), Value(contact.date)), Value(contact.date)),
            status=Case(When(status=YouthStatus.DORMANT, then=Value(YouthStatus.ACTIVE)), default=F("status")),
            updated_at=timezone.now(),
        )
    youth.last_contact_date = max(youth.last_contact_date or contact.date, contact.date)
    if youth.status == YouthStatus.DORMANT:
        youth.status = YouthStatus.ACTIVE
    return contact


def contact_can_be_corrected(contact: Contact, staff: StaffMember | None, today: datetime.date | None = None) -> bool:
    """Only its author, and only on the day it was typed."""
    today = today or timezone.localdate()
    return staff is not None and contact.counsellor_id == staff.pk and timezone.localdate(contact.created_at) == today


def contact_correct(*, contact: Contact, editor: StaffMember, **fields) -> Contact:
    if not contact_can_be_corrected(contact, editor):
        raise PermissionDenied("Seul l'auteur d'un contact peut le corriger, et seulement le jour de sa saisie.")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.full_clean()
        contact.save()
        _refresh_last_contact(contact.youth)
    return contact


def situation_record(*, youth: Youth, recorded_by: StaffMember, **fields) -> Situation:
    """A new situation closes the one still running (the day before the new one starts)."""
    with transaction.atomic():
        situation = Situation(youth=youth, recorded_by=recorded_by, **fields)
        situation.full_clean()
        running = youth.situations.filter(end_date__isnull=True, start_date__lt=situation.start_date)
        running.update(end_date=situation.start_date - datetime.timedelta(days=1))
        situation.save()
    return situation


def youth_change_referent(*, youth: Youth, referent: StaffMember, by: StaffMember) -> Youth:
    if not by.is_manager or by.mission_locale_id != youth.mission_locale_id:
        raise PermissionDenied("Seule la direction de la mission locale peut changer le référent.")
    if referent.mission_locale_id != youth.mission_locale_id:
        raise PermissionDenied("Le référent doit appartenir à la mission locale du jeune.")
    youth.referent = referent
    youth.save(update_fields=["referent", "updated_at"])
    return youth


def youth_transfer(*, youth: Youth, to: MissionLocale, by: StaffMember, reason: str = "") -> Transfer:
    """The young person moved: the file goes to another mission locale with its whole history."""
    if not by.is_manager or by.mission_locale_id != youth.mission_locale_id:
        raise PermissionDenied("Seule la direction de la mission locale peut transférer un dossier.")
    if to.pk == youth.mission_locale_id:
        raise ValueError("Le dossier est déjà dans cette mission locale.")
    with transaction.atomic():
        youth = Youth.objects.select_for_update().get(pk=youth.pk)
        transfer = Transfer.objects.create(
            youth=youth,
            from_mission_locale_id=youth.mission_locale_id,
            to_mission_locale=to,
            by=by.user,
            reason=reason,
        )
        youth.mission_locale = to
        youth.referent = None
        youth.site = None
        youth.save(update_fields=["mission_locale", "referent", "site", "updated_at"])
    return transfer
