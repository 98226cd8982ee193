"""Subject access: everything the application holds about one young person, as a printable page and as JSON.

A manager of the file's mission locale produces it from the case file, when the young person exercises their
right of access (RGPD, article 15). The document has the identity, the contacts with their notes (the person's own
data), the situations, the transfers and the access log of the file, plus the sections that later apps register
from `AppConfig.ready()`:

    register_subject_access_section("mobility_assessments", "Bilans mobilité", fetch_assessments, order=40)

`fetch(youth)` returns a list of rows, each a dict from a French label to a value (text, number, date, date and
time, boolean, list of texts or None), in a fixed number of queries. Producing the document is a read of the file:
it writes one `CaseFileAccess` row, before the access log is read, so the document shows its own production.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import View

from config.access import StaffMemberRequiredMixin

from .enums import Theme
from .models import CaseFileAccess, Contact, Situation, Transfer, Youth

EMPTY = "—"
THEME_LABELS = dict(Theme.choices)


@dataclass(frozen=True)
class SubjectAccessSection:
    key: str
    title: str
    fetch: Callable  # fetch(youth) -> list[dict], in a fixed number of queries
    order: int = 100


_sections: dict[str, SubjectAccessSection] = {}


def register_subject_access_section(key: str, title: str, fetch: Callable, order: int = 100):
    """Adds a section to every subject-access export (identity is 0, contacts 10, situations 20, transfers 30,
    the access log 1000)."""
    _sections[key] = SubjectAccessSection(key=key, title=title, fetch=fetch, order=order)


def registered_sections() -> list[SubjectAccessSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def _label(model, field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name)


def _person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def identity_rows(youth: Youth) -> list[dict]:
    """The file itself; `youth` comes with its referent's user, site, commune and mission locale."""

    def label(name):
        return _label(Youth, name)

    return [
        {
            label("public_id"): str(youth.public_id),
            label("last_name"): youth.last_name,
            label("first_name"): youth.first_name,
            label("birth_date"): youth.birth_date,
            label("sex"): youth.get_sex_display(),
            label("email"): youth.email,
            label("phone"): youth.phone,
            label("address"): youth.address,
            label("residence_commune"): str(youth.residence_commune),
            label("lives_in_priority_area"): youth.lives_in_priority_area,
            label("diploma_level"): youth.get_diploma_level_display(),
            label("housing"): youth.get_housing_display(),
            label("legal_representative_name"): youth.legal_representative_name,
            label("legal_representative_phone"): youth.legal_representative_phone,
            label("mission_locale"): youth.mission_locale.name,
            label("site"): youth.site.name if youth.site else None,
            label("referent"): _person(youth.referent.user) if youth.referent else None,
            label("first_contact_date"): youth.first_contact_date,
            label("last_contact_date"): youth.last_contact_date,
            label("status"): youth.get_status_display(),
            label("created_at"): youth.created_at,
            label("updated_at"): youth.updated_at,
        }
    ]


def contact_rows(youth: Youth) -> list[dict]:
    contacts = Contact.objects.filter(youth=youth).select_related("counsellor__user", "site").order_by("date", "id")
    return [
        {
            _label(Contact, "date"): contact.date,
            _label(Contact, "kind"): contact.get_kind_display(),
            _label(Contact, "themes"): [str(THEME_LABELS.get(theme, theme)) for theme in contact.themes],
            _label(Contact, "site"): contact.site.name if contact.site else None,
            _label(Contact, "counsellor"): _person(contact.counsellor.user),
            _label(Contact, "duration_minutes"): contact.duration_minutes,
            _label(Contact, "notes"): contact.notes,
            _label(Contact, "created_at"): contact.created_at,
            _label(Contact, "updated_at"): contact.updated_at,
        }
        for contact in contacts
    ]


def situation_rows(youth: Youth) -> list[dict]:
    situations = Situation.objects.filter(youth=youth).select_related("recorded_by__user").order_by("start_date", "id")
    return [
        {
            _label(Situation, "kind"): situation.get_kind_display(),
            _label(Situation, "start_date"): situation.start_date,
            _label(Situation, "end_date"): situation.end_date,
            _label(Situation, "label"): situation.label,
            _label(Situation, "recorded_by"): _person(situation.recorded_by.user) if situation.recorded_by else None,
            _label(Situation, "created_at"): situation.created_at,
        }
        for situation in situations
    ]


def transfer_rows(youth: Youth) -> list[dict]:
    transfers = (
        Transfer.objects.filter(youth=youth)
        .select_related("from_mission_locale", "to_mission_locale", "by")
        .order_by("transferred_at", "id")
    )
    return [
        {
            _label(Transfer, "from_mission_locale"): transfer.from_mission_locale.name,
            _label(Transfer, "to_mission_locale"): transfer.to_mission_locale.name,
            _label(Transfer, "by"): _person(transfer.by),
            _label(Transfer, "reason"): transfer.reason,
            _label(Transfer, "transferred_at"): transfer.transferred_at,
        }
        for transfer in transfers
    ]


def access_rows(youth: Youth) -> list[dict]:
    accesses = CaseFileAccess.objects.filter(youth=youth).select_related("user").order_by("accessed_at", "id")
    return [
        {
            _label(CaseFileAccess, "user"): _person(access.user),
            _label(CaseFileAccess, "accessed_at"): access.accessed_at,
        }
        for access in accesses
    ]


CORE_SECTIONS = [
    SubjectAccessSection("identity", "Identité et suivi", identity_rows, order=0),
    SubjectAccessSection("contacts", "Contacts", contact_rows, order=10),
    SubjectAccessSection("situations", "Situations", situation_rows, order=20),
    SubjectAccessSection("transfers", "Transferts du dossier", transfer_rows, order=30),
    SubjectAccessSection("accesses", "Consultations du dossier", access_rows, order=1000),
]


def subject_access_document(youth: Youth, *, produced_by, now: datetime.datetime | None = None) -> dict:
    """Every section about `youth`, in order. Values stay Python values: the page and the JSON format them."""
    sections = sorted([*CORE_SECTIONS, *registered_sections()], key=lambda section: (section.order, section.key))
    return {
        "title": f"Données personnelles de {youth.first_name} {youth.last_name}",
        "public_id": str(youth.public_id),
        "mission_locale": youth.mission_locale.name,
        "produced_at": now or timezone.now(),
        "produced_by": _person(produced_by),
        "sections": [
            {"key": section.key, "title": section.title, "rows": list(section.fetch(youth))} for section in sections
        ],
    }


def display(value) -> str:
    """A value as the printable page shows it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def printable_sections(document: dict) -> list[dict]:
    """Each section with its columns (every label met, in order) and its rows as display strings."""
    sections = []
    for section in document["sections"]:
        columns = list(dict.fromkeys(label for row in section["rows"] for label in row))
        rows = [[display(row.get(column)) for column in columns] for row in section["rows"]]
        printable = {**section, "columns": columns, "cells": rows}
        if section["key"] == "identity" and len(rows) == 1:  # one record: label and value side by side
            printable["fields"] = list(zip(columns, rows[0], strict=True))
        sections.append(printable)
    return sections


class SubjectAccessMixin(StaffMemberRequiredMixin):
    """A manager of the file's mission locale only: another mission locale's file is a 404, a counsellor a 403."""

    def get_document(self):
        youth = get_object_or_404(
            Youth.objects.visible_to(self.request.user).select_related(
                "referent__user", "site", "residence_commune", "mission_locale"
            ),
            public_id=self.kwargs["public_id"],
        )
        if not self.staff_member.is_manager:
            raise PermissionDenied(
                "L'export des données personnelles est réservé à la direction de la mission locale."
            )
        CaseFileAccess.objects.create(youth=youth, user=self.request.user)
        return youth, subject_access_document(youth, produced_by=self.request.user)


class SubjectAccessView(SubjectAccessMixin, View):
    def get(self, request, public_id):
        youth, document = self.get_document()
        context = {"youth": youth, "document": document, "sections": printable_sections(document)}
        response = render(request, "youths/subject_access.html", context)
        add_never_cache_headers(response)
        return response


class SubjectAccessJsonView(SubjectAccessMixin, View):
    def get(self, request, public_id):
        youth, document = self.get_document()
        response = JsonResponse(
            document, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="donnees-personnelles-{youth.public_id}.json"'
        add_never_cache_headers(response)
        return response
