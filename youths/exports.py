"""The caseload as a spreadsheet (CSV or XLSX): the filtered rows, the columns below and nothing else.

No confidential notes and no contact details (e-mail, phone, address, legal representative): the list below is
the whole export. Every cell goes through `config.exports.neutralise()` (CSV injection).
"""

import datetime

import tablib
from django.http import HttpResponse
from django.utils import timezone

from config.exports import neutralise

from .filters import staff_member_label
from .models import age_on

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CSV_DELIMITER = ";"  # what a French spreadsheet expects
CHUNK_SIZE = 2000

COLUMNS = [
    ("Nom", lambda youth, today: youth.last_name),
    ("Prénom", lambda youth, today: youth.first_name),
    ("Date de naissance", lambda youth, today: youth.birth_date),
    ("Âge", lambda youth, today: age_on(youth.birth_date, today)),
    ("Sexe", lambda youth, today: youth.get_sex_display()),
    ("Commune de résidence", lambda youth, today: youth.residence_commune.name),
    ("Réside en ZUS/QPV", lambda youth, today: "oui" if youth.lives_in_priority_area else "non"),
    ("Niveau de diplôme", lambda youth, today: youth.get_diploma_level_display()),
    ("Lieu de suivi", lambda youth, today: youth.site.name if youth.site else ""),
    ("Conseiller référent", lambda youth, today: staff_member_label(youth.referent) if youth.referent else ""),
    ("Statut", lambda youth, today: youth.get_status_display()),
    ("Date du premier accueil", lambda youth, today: youth.first_contact_date),
    ("Date du dernier contact", lambda youth, today: youth.last_contact_date or ""),
]
FIELDS = [
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "residence_commune__name",
    "lives_in_priority_area",
    "diploma_level",
    "site__name",
    "referent__user__username",
    "referent__user__first_name",
    "referent__user__last_name",
    "status",
    "first_contact_date",
    "last_contact_date",
]


def caseload_dataset(queryset, *, today: datetime.date) -> tablib.Dataset:
    """One query, whatever the number of rows: the related objects come in the same SELECT."""
    dataset = tablib.Dataset(headers=[header for header, _ in COLUMNS], title="Jeunes")
    rows = (
        queryset.select_related("residence_commune", "site", "referent__user")
        .only(*FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for youth in rows:
        dataset.append([neutralise(value(youth, today)) for _, value in COLUMNS])
    return dataset


def caseload_export_filename(mission_locale, export_format: str, today: datetime.date) -> str:
    return f"jeunes-{mission_locale.code}-{today.isoformat()}.{export_format}"


def caseload_export_response(queryset, *, export_format: str, mission_locale) -> HttpResponse:
    today = timezone.localdate()
    dataset = caseload_dataset(queryset, today=today)
    if export_format == "csv":
        content = "\ufeff" + dataset.export("csv", delimiter=CSV_DELIMITER)  # the BOM tells Excel it is UTF-8
    else:
        content = dataset.export("xlsx")
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    filename = caseload_export_filename(mission_locale, export_format, today)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
