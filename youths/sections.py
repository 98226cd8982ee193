"""Extension points of the case file, the caseload and the home page.

`youths` does not import the apps that build on it; they register here from `AppConfig.ready()`:

- a case-file section: a title, a template, a function that fetches its data in a fixed number of queries,
  and who may see it;
- a caseload filter: extra fields of the caseload's FilterSet.

What several parts of one display of the file need (its situations, its mobility assessments, its aid requests) is
read once with `shared()` and kept on the Youth instance, which lives as long as the request: the whole case file
stays within a fixed number of queries (see tests/youths/test_case_file.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


def _always(request, youth):
    return True


@dataclass(frozen=True)
class CaseFileSection:
    key: str
    title: str
    template: str
    fetch: Callable  # fetch(request, youth) -> dict for the template, in a fixed number of queries
    order: int = 100
    visible: Callable = field(default=_always)  # visible(request, youth) -> bool


_sections: dict[str, CaseFileSection] = {}

_SHARED_ATTRIBUTE = "_case_file_shared"


def shared(youth, key: str, rows):
    """The rows of the queryset `rows`, read the first time only: kept on this Youth instance (one display of the
    file) under `key`."""
    cache = youth.__dict__.setdefault(_SHARED_ATTRIBUTE, {})
    if key not in cache:
        cache[key] = list(rows)
    return cache[key]


def situations_of(youth):
    """Every situation of the young person, the latest first (by start date, then by entry), in one query."""
    from .models import Situation

    situations = Situation.objects.filter(youth=youth).select_related("recorded_by__user")
    return shared(youth, "situations", situations.order_by("-start_date", "-id"))


def latest_situation(youth, day):
    """The latest situation started on or before `day` (it may have ended since), or None."""
    return next((situation for situation in situations_of(youth) if situation.start_date <= day), None)


def register_section(section: CaseFileSection):
    _sections[section.key] = section


def sections_for(request, youth):
    """The sections this request may see, in order, each with its data."""
    return [
        {"section": section, "data": section.fetch(request, youth)}
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key))
        if section.visible(request, youth)
    ]
