import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mobility.enums import SchemeUnit
from mobility.models import AidScheme, Envelope
from tests.missions.factories import MissionLocaleFactory
from tests.mobility.factories import (
    AidRequestFactory,
    AidSchemeFactory,
    EnvelopeFactory,
    MobilityAssessmentFactory,
)

pytestmark = pytest.mark.django_db


class TestEnvelopeConstraints:
    def test_one_envelope_per_scheme_mission_locale_and_year(self):
        envelope = EnvelopeFactory(mission_locale=MissionLocaleFactory())
        with pytest.raises(IntegrityError), transaction.atomic():
            EnvelopeFactory(scheme=envelope.scheme, mission_locale=envelope.mission_locale, year=envelope.year)
        EnvelopeFactory(scheme=envelope.scheme, mission_locale=envelope.mission_locale, year=envelope.year + 1)

    def test_one_regional_envelope_per_scheme_and_year_despite_null(self):
        envelope = EnvelopeFactory(mission_locale=None)
        with pytest.raises(IntegrityError), transaction.atomic():
            EnvelopeFactory(scheme=envelope.scheme, mission_locale=None, year=envelope.year)

    def test_unique_constraint_message_is_french(self):
        envelope = EnvelopeFactory(mission_locale=None)
        duplicate = Envelope(scheme=envelope.scheme, year=envelope.year, unit=envelope.unit, amount_total=1)
        with pytest.raises(ValidationError) as error:
            duplicate.validate_constraints()
        assert "Ce dispositif a déjà une enveloppe régionale pour cette année." in str(error.value)

    @pytest.mark.parametrize(
        ("total", "granted", "paid"),
        [(100, 101, 0), (100, 50, 51), (100, 0, -1), (-1, 0, 0)],
    )
    def test_amounts_never_exceed_nor_go_negative(self, total, granted, paid):
        envelope = EnvelopeFactory(amount_total=1000)
        with pytest.raises(IntegrityError), transaction.atomic():
            Envelope.objects.filter(pk=envelope.pk).update(
                amount_total=total, amount_granted=granted, amount_paid=paid
            )

    def test_envelope_unit_is_the_scheme_unit_or_places(self):
        scheme = AidSchemeFactory(unit=SchemeUnit.TICKETS, default_amount=10, max_amount=20)
        with pytest.raises(ValidationError) as error:
            Envelope(scheme=scheme, year=2025, unit=SchemeUnit.EUROS, amount_total=100).full_clean()
        assert "se compte en titres de transport ou en places" in str(error.value)
        Envelope(scheme=scheme, year=2025, unit=SchemeUnit.PLACES, amount_total=100).full_clean()

    def test_a_places_envelope_counts_one_place_per_aid_in_euros(self):
        scheme = AidSchemeFactory(unit=SchemeUnit.EUROS)
        assert Envelope(scheme=scheme, unit=SchemeUnit.PLACES).units_for(100000) == 1
        assert Envelope(scheme=scheme, unit=SchemeUnit.EUROS).units_for(100000) == 100000

    def test_envelope_chosen_for_a_grant_is_the_mission_locale_one_then_the_regional_one(self):
        ml, other = MissionLocaleFactory(), MissionLocaleFactory()
        regional = EnvelopeFactory(mission_locale=None, year=2025)
        own = EnvelopeFactory(scheme=regional.scheme, mission_locale=ml, year=2025)
        assert Envelope.objects.for_grant(regional.scheme, ml, 2025) == own
        assert Envelope.objects.for_grant(regional.scheme, other, 2025) == regional
        assert Envelope.objects.for_grant(regional.scheme, ml, 2024) is None


class TestSchemeConstraints:
    @pytest.mark.parametrize(
        "changes",
        [
            {"default_amount": 50000},  # above the ceiling
            {"min_age": 26, "max_age": 25},
            {"min_age": 18, "younger_from_age": 18},
            {"valid_until": datetime.date(2004, 12, 31)},
            {"unit": "kilos"},
        ],
    )
    def test_invalid_rules_are_refused_by_the_database(self, changes):
        scheme = AidSchemeFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            AidScheme.objects.filter(pk=scheme.pk).update(**changes)

    def test_open_on(self):
        scheme = AidSchemeFactory(valid_from=datetime.date(2009, 1, 1), valid_until=datetime.date(2011, 12, 31))
        assert list(AidScheme.objects.open_on(datetime.date(2011, 12, 31))) == [scheme]
        assert not AidScheme.objects.open_on(datetime.date(2012, 1, 1)).exists()
        assert not AidScheme.objects.open_on(datetime.date(2008, 12, 31)).exists()
        AidScheme.objects.update(is_active=False)
        assert not AidScheme.objects.open_on(datetime.date(2010, 1, 1)).exists()


class TestAidRequestConstraints:
    @pytest.mark.parametrize(
        "changes",
        [
            {"amount": 0},
            {"amount_granted": 20000, "amount": 10000},
            {"status": "granted"},  # no amount granted, no envelope, no decision maker
            {"status": "refused"},  # no reason
            {"status": "unknown"},
        ],
    )
    def test_database_refuses_inconsistent_requests(self, changes):
        aid = AidRequestFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            type(aid).objects.filter(pk=aid.pk).update(**changes)

    def test_idempotency_key_is_unique(self):
        aid = AidRequestFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            AidRequestFactory(idempotency_key=aid.idempotency_key)

    def test_amount_is_printed_in_its_unit(self):
        aid = AidRequestFactory(amount=123456)
        assert aid.amount_display == "1\u202f234,56\u00a0€"


class TestAssessment:
    def test_changes_since_the_previous_assessment(self):
        before = MobilityAssessmentFactory(licence_status="none", accepted_distance_km=None)
        after = MobilityAssessmentFactory(
            youth=before.youth,
            licence_status="theory_passed",
            accepted_distance_km=20,
            mobility_constraints=["health"],
        )
        assert after.changes_since(before) == [
            ("permis", "aucun", "code obtenu"),
            ("distance acceptée", "non précisée", "20 km"),
            ("contraintes", "aucune", "santé"),
        ]
