import datetime

import pytest
from django.utils import timezone

from config.bulk import insert_rows, reserve_ids
from tests.youths.factories import YouthFactory
from youths.enums import ContactKind, Theme
from youths.models import Contact, Youth

pytestmark = pytest.mark.django_db


class TestReserveIds:
    def test_keys_follow_the_existing_ones_and_are_not_reused(self):
        youth = YouthFactory()
        first = reserve_ids(Contact, 3)
        assert len(first) == len(set(first)) == 3
        insert_rows(
            Contact,
            ["id", "youth_id", "date", "kind", "themes", "counsellor_id"],
            [(pk, youth.pk, youth.first_contact_date, ContactKind.PHONE, ",work,", youth.referent_id) for pk in first],
        )
        second = reserve_ids(Contact, 2)
        assert min(second) > max(first)

    def test_nothing_to_reserve(self):
        assert reserve_ids(Youth, 0) == []


class TestInsertRows:
    def test_rows_hold_the_values_given_and_the_defaults_of_the_others(self):
        youth = YouthFactory()
        day = datetime.date(2024, 3, 5)
        before = timezone.now()
        count = insert_rows(
            Contact,
            ["youth_id", "date", "kind", "themes", "counsellor_id", "duration_minutes"],
            [
                (youth.pk, day, ContactKind.INTERVIEW, f",{Theme.WORK},{Theme.MOBILITY},", youth.referent_id, 30),
                (youth.pk, day, ContactKind.PHONE, "", youth.referent_id, None),
            ],
        )
        assert count == 2
        first, second = Contact.objects.filter(youth=youth).order_by("pk")
        assert (first.date, first.kind, first.themes, first.duration_minutes) == (
            day,
            ContactKind.INTERVIEW,
            [Theme.WORK, Theme.MOBILITY],
            30,
        )
        assert (second.kind, second.themes, second.duration_minutes) == (ContactKind.PHONE, [], None)
        # Columns left out: the field's default, and now for auto_now fields.
        assert first.notes == "" and first.site_id is None
        assert first.created_at >= before and first.updated_at >= before

    def test_the_reserved_keys_are_the_rows_keys(self):
        youth = YouthFactory()
        ids = reserve_ids(Contact, 2)
        insert_rows(
            Contact,
            ["id", "youth_id", "date", "kind", "counsellor_id"],
            [(pk, youth.pk, youth.first_contact_date, ContactKind.PHONE, youth.referent_id) for pk in ids],
        )
        assert sorted(Contact.objects.filter(youth=youth).values_list("pk", flat=True)) == ids

    def test_no_rows(self):
        assert insert_rows(Contact, ["youth_id"], []) == 0
        assert not Contact.objects.exists()
