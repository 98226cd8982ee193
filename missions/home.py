"""Sections of a staff member's home page, registered by the apps that build on `missions`.

`missions` cannot import the apps to its right; each of them registers its sections from `AppConfig.ready()`:
a template, and a function `fetch(request, staff) -> dict` that reads its data in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    fetch: Callable  # fetch(request, staff) -> dict for the template, in a fixed number of queries
    order: int = 100


_sections: dict[str, HomeSection] = {}


def register_home_section(key: str, template: str, fetch: Callable, order: int = 100):
    """Register (or replace, under the same key) a home page section."""
    _sections[key] = HomeSection(key=key, template=template, fetch=fetch, order=order)


def home_sections_for(request, staff):
    """The registered sections, in order, each with its data, for a staff member's home page."""
    return [
        {"section": section, "data": section.fetch(request, staff)}
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key))
    ]
