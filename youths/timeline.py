"""The case file's history: contacts and situations together, the latest first, one page at a time, in one query.

The situations of a young person are few and already read for the file (`sections.situations_of`); the contacts
are many. A page covers the positions [start, end) of the merged history. At most S situations (S = their number)
come before a contact, so the contacts of the page are among the contacts ranked [start - S, end) by themselves:
one query reads that slice of contacts with their total (a window count), and the merge places each entry exactly.

Order: the latest day first; on one day, the entry with the higher id first; a contact before a situation with
the same day and id. The page numbers follow Django's Paginator (a wrong number gives the first page, a number
past the end the last one).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

from .models import Contact

PAGE_SIZE = 20


@dataclass
class Entry:
    kind: str  # "contact" or "situation"
    object: object
    can_correct: bool = False


def _contact_key(contact):
    return (contact.date, contact.pk, 1)


def _situation_key(situation):
    return (situation.start_date, situation.pk, 0)


def _requested_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def _contacts_slice(youth, low, high):
    queryset = (
        Contact.objects.filter(youth=youth)
        .select_related("counsellor__user", "site")
        .annotate(total=Window(Count("pk")))
        .order_by("-date", "-id")
    )
    return list(queryset[low:high])


def timeline_page(youth, situations, page_value, page_size=PAGE_SIZE) -> tuple[Page, list[Entry]]:
    """The page asked for (`page_value`, from the query string) and its entries, in order.

    `situations` are all the young person's situations, the latest first. One query; two more only when the page
    asked for is past the end (then the last page is shown, as Paginator.get_page does).
    """
    count = len(situations)
    number = _requested_number(page_value)
    start = (number - 1) * page_size
    low = max(0, start - count)
    contacts = _contacts_slice(youth, low, start + page_size)
    if contacts:
        total_contacts = contacts[0].total
    elif low == 0:
        total_contacts = 0
    else:
        total_contacts = Contact.objects.filter(youth=youth).count()
    page = Paginator(range(total_contacts + count), page_size).get_page(number)
    if page.number != number:  # past the end: the last page
        start = (page.number - 1) * page_size
        low = max(0, start - count)
        contacts = _contacts_slice(youth, low, start + page_size)
    end = start + page_size

    situation_keys = [_situation_key(situation) for situation in situations]
    contact_keys = [_contact_key(contact) for contact in contacts]
    placed = []
    for rank, (key, contact) in enumerate(zip(contact_keys, contacts, strict=True), start=low):
        position = rank + sum(1 for other in situation_keys if other > key)
        placed.append((position, Entry("contact", contact)))
    for key, situation in zip(situation_keys, situations, strict=True):
        # Exact for any situation that belongs on this page: every contact ranked before `low` comes before it.
        position = sum(1 for other in situation_keys if other > key) + low
        position += sum(1 for other in contact_keys if other > key)
        placed.append((position, Entry("situation", situation)))
    entries = [entry for position, entry in sorted(placed, key=lambda item: item[0]) if start <= position < end]
    return page, entries
