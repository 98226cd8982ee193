"""Extension points of the case file, the caseload and the home page.

`youths` does not import the apps that build on it; they register here from `AppConfig.ready()`:

- a case-file section: a title, a template, a function that fetches its data in a fixed number of queries,
  and who may see it;
- a caseload filter: extra fields of the caseload's FilterSet.
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


def register_section(section: CaseFileSection):
    _sections[section.key] = section


def sections_for(request, youth):
    """The sections this request may see, in order, each with its data."""
    return [
        {"section": section, "data": section.fetch(request, youth)}
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key))
        if section.visible(request, youth)
    ]
