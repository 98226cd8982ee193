"""The case file's history pages, checked against a plain merge of every contact and situation."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.youths.factories import ContactFactory, SituationFactory, YouthFactory
from youths.models import Contact, Situation
from youths.timeline import timeline_page

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)


def expected_order(youth):
    """Every entry, the latest day first, then the higher id; a contact before a situation of the same day and id."""
    keys = [((c.date, c.pk, 1), ("contact", c.pk)) for c in Contact.objects.filter(youth=youth)]
    keys += [((s.start_date, s.pk, 0), ("situation", s.pk)) for s in Situation.objects.filter(youth=youth)]
    return [entry for _, entry in sorted(keys, reverse=True)]


def shown(youth, page_value, size):
    situations = list(Situation.objects.filter(youth=youth).order_by("-start_date", "-id"))
    page, entries = timeline_page(youth, situations, page_value, page_size=size)
    return page, [(entry.kind, entry.object.pk) for entry in entries]


@pytest.mark.parametrize("seed", range(12))
def test_every_page_matches_the_plain_merge(seed):
    rng = random.Random(seed)
    youth = YouthFactory()
    for _ in range(rng.randint(0, 40)):
        ContactFactory(youth=youth, date=DAY - datetime.timedelta(days=rng.randint(0, 30)))
    for _ in range(rng.randint(0, 8)):
        SituationFactory(youth=youth, start_date=DAY - datetime.timedelta(days=rng.randint(0, 30)))
    size = rng.choice([3, 5, 20])
    order = expected_order(youth)
    pages = max(1, -(-len(order) // size))
    for number in range(1, pages + 1):
        page, entries = shown(youth, str(number), size)
        assert page.number == number and page.paginator.count == len(order)
        assert entries == order[(number - 1) * size : number * size]


def test_a_page_past_the_end_shows_the_last_one_and_a_wrong_number_the_first():
    youth = YouthFactory()
    for days in range(7):
        ContactFactory(youth=youth, date=DAY - datetime.timedelta(days=days))
    SituationFactory(youth=youth, start_date=DAY - datetime.timedelta(days=3))
    order = expected_order(youth)
    page, entries = shown(youth, "99", 3)
    assert page.number == 3 and entries == order[6:]
    for wrong in ("abc", "0", "-2", None):
        page, entries = shown(youth, wrong, 3)
        assert page.number == 1 and entries == order[:3]


def test_only_situations_and_nothing_at_all():
    youth = YouthFactory()
    assert shown(youth, None, 5)[1] == []
    situations = [SituationFactory(youth=youth, start_date=DAY - datetime.timedelta(days=d)) for d in (9, 1, 5)]
    assert shown(youth, None, 5)[1] == [("situation", s.pk) for s in (situations[1], situations[2], situations[0])]


def test_one_query_per_page(django_assert_num_queries):
    youth = YouthFactory()
    ContactFactory.create_batch(30, youth=youth)
    situations = list(SituationFactory.create_batch(4, youth=youth))
    for number in ("1", "2"):
        with django_assert_num_queries(1):
            timeline_page(youth, situations, number)


class TestContactRules:
    """A contact's kind and duration: said in French by the fields' validation, enforced by the database."""

    @pytest.mark.parametrize("minutes", [0, 601])
    def test_a_duration_out_of_range_is_refused_with_its_message(self, minutes):
        contact = ContactFactory.build(youth=YouthFactory(), duration_minutes=minutes)
        with pytest.raises(ValidationError) as error:
            contact.full_clean(exclude={"youth", "counsellor", "site"})
        assert error.value.message_dict == {
            "duration_minutes": ["La durée d'un contact est comprise entre 1 et 600 minutes."]
        }

    @pytest.mark.parametrize(
        ("field", "value"), [("duration_minutes", 0), ("duration_minutes", 601), ("kind", "telepathy")]
    )
    def test_the_database_refuses_what_validation_would(self, field, value):
        contact = ContactFactory(youth=YouthFactory())
        with pytest.raises(IntegrityError), transaction.atomic():
            Contact.objects.filter(pk=contact.pk).update(**{field: value})
