import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from missions.enums import SiteKind
from missions.models import Commune, Partner
from missions.text import fold
from tests.missions.factories import (
    CommuneFactory,
    MissionLocaleFactory,
    PartnerFactory,
    SiteFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


class TestFold:
    def test_accents_ligatures_case_and_hyphens(self):
        assert fold("Marcq-en-Barœul") == fold("MARCQ EN BAROEUL") == "marcq en baroeul"
        assert fold("  Saint-Pol-sur-Ternoise ") == "saint pol sur ternoise"
        assert fold("Éléonore") == "eleonore"


class TestCommune:
    def test_insee_code_is_unique(self):
        CommuneFactory(insee_code="62160", name="Boulogne-sur-Mer")
        with pytest.raises(IntegrityError), transaction.atomic():
            Commune.objects.create(insee_code="62160", name="Autre", departement="62")

    def test_search_ignores_accents_and_case(self):
        CommuneFactory(insee_code="59378", name="Marcq-en-Barœul", departement="59")
        CommuneFactory(insee_code="62160", name="Boulogne-sur-Mer")
        assert [c.insee_code for c in Commune.objects.search("baroeul")] == ["59378"]
        assert [c.insee_code for c in Commune.objects.search("MARCQ EN")] == ["59378"]
        assert [c.insee_code for c in Commune.objects.search("6216")] == ["62160"]
        assert not Commune.objects.search("  ").exists()

    def test_invalid_insee_code_is_refused_in_french(self):
        commune = Commune(insee_code="6216", name="X", departement="62")
        with pytest.raises(ValidationError) as error:
            commune.full_clean()
        assert "cinq caractères" in str(error.value)


class TestMissionLocale:
    def test_code_and_name_are_unique(self):
        ml = MissionLocaleFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            MissionLocaleFactory(code=ml.code)
        with pytest.raises(IntegrityError), transaction.atomic():
            MissionLocaleFactory(name=ml.name)


class TestSite:
    def test_one_siege_per_mission_locale(self):
        ml = MissionLocaleFactory()
        SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE)
        SiteFactory(mission_locale=ml, kind=SiteKind.ANTENNE)
        with pytest.raises(IntegrityError), transaction.atomic():
            SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE)
        SiteFactory(kind=SiteKind.SIEGE)  # another mission locale keeps its own siège

    def test_second_siege_gets_a_french_validation_message(self):
        ml = MissionLocaleFactory()
        SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE)
        second = SiteFactory.build(mission_locale=ml, kind=SiteKind.SIEGE, commune=ml.seat_commune)
        with pytest.raises(ValidationError) as error:
            second.full_clean()
        assert "déjà un siège" in str(error.value)

    def test_unknown_kind_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            SiteFactory(kind="bureau")

    def test_site_names_are_unique(self):
        site = SiteFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            SiteFactory(name=site.name)


class TestStaffMember:
    def test_one_attachment_per_user(self):
        member = StaffMemberFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            StaffMemberFactory(user=member.user)

    def test_unknown_role_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            StaffMemberFactory(role="stagiaire")


class TestPartner:
    def test_siret_is_unique_when_given(self):
        PartnerFactory(siret="")
        PartnerFactory(siret="")
        PartnerFactory(siret="12345678901234")
        with pytest.raises(IntegrityError), transaction.atomic():
            PartnerFactory(siret="12345678901234")

    def test_same_name_in_same_commune_is_refused(self):
        partner = PartnerFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Partner.objects.create(name=partner.name, kind=partner.kind, commune=partner.commune)
