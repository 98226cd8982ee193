"""The "Mon portefeuille" section of the counsellor's home page (registered in YouthsConfig.ready())."""

import datetime

from django.db.models import Count, F, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from .enums import YouthStatus
from .models import Youth

SHOWN = 10
WITHOUT_CONTACT_DAYS = 90  # "plus de 3 mois"


def caseload_home_section(request, staff):
    """The staff member's files en suivi, the longest without contact first: 2 queries, whatever their number."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=WITHOUT_CONTACT_DAYS)
    mine = Youth.objects.visible_to(request.user).filter(referent=staff, status=YouthStatus.ACTIVE)
    counts = mine.aggregate(
        followed=Count("pk"),
        late=Count("pk", filter=Q(last_contact_date__lt=since) | Q(last_contact_date__isnull=True)),
    )
    youths = list(
        mine.select_related("site").order_by(
            F("last_contact_date").asc(nulls_first=True), "last_name", "first_name", "pk"
        )[:SHOWN]
    )
    for youth in youths:
        youth.is_late = youth.last_contact_date is None or youth.last_contact_date < since
    caseload_url = reverse("youths:caseload")
    query = QueryDict(mutable=True)
    query.update({"referent": staff.pk, "status": YouthStatus.ACTIVE, "sort": "last_contact"})
    late_query = query.copy()
    late_query["no_contact_days"] = WITHOUT_CONTACT_DAYS
    return {
        "youths": youths,
        "followed": counts["followed"],
        "late": counts["late"],
        "days": WITHOUT_CONTACT_DAYS,
        "today": today,
        "caseload_url": f"{caseload_url}?{query.urlencode()}",
        "late_url": f"{caseload_url}?{late_query.urlencode()}",
    }
