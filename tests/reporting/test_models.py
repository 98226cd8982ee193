import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reporting.models import YearlyFigures
from tests.reporting.factories import YearlyFiguresFactory

pytestmark = pytest.mark.django_db


class TestYearlyFiguresConstraints:
    def test_one_row_per_mission_locale_and_year(self):
        figures = YearlyFiguresFactory()
        YearlyFiguresFactory(mission_locale=figures.mission_locale, year=2012)
        with pytest.raises(IntegrityError), transaction.atomic():
            YearlyFiguresFactory(mission_locale=figures.mission_locale, year=2011)

    def test_the_duplicate_is_explained_in_french(self):
        figures = YearlyFiguresFactory()
        duplicate = YearlyFiguresFactory.build(mission_locale=figures.mission_locale, year=figures.year)
        with pytest.raises(ValidationError) as error:
            duplicate.validate_constraints()
        assert "Cette mission locale a déjà des chiffres pour cette année." in error.value.messages

    @pytest.mark.parametrize("field", YearlyFigures.SUB_COUNT_FIELDS)
    def test_a_part_cannot_exceed_the_young_people_in_contact(self, field):
        with pytest.raises(IntegrityError), transaction.atomic():
            YearlyFiguresFactory(**{field: 1001})
        assert not YearlyFigures.objects.exists()

    @pytest.mark.parametrize("field", YearlyFigures.SUB_COUNT_FIELDS)
    def test_a_part_equal_to_the_young_people_in_contact_is_allowed(self, field):
        YearlyFiguresFactory(**{field: 1000})
        assert YearlyFigures.objects.count() == 1

    def test_the_exceeding_part_is_named_in_french(self):
        figures = YearlyFiguresFactory.build(men=1200)
        with pytest.raises(ValidationError) as error:
            figures.validate_constraints()
        assert error.value.messages == ["Le nombre « hommes » ne peut dépasser le nombre de jeunes en contact."]

    def test_sites_are_not_a_part_of_the_young_people(self):
        YearlyFiguresFactory(sites=5000)
        assert YearlyFigures.objects.get().sites == 5000

    @pytest.mark.parametrize("year", [1989, 2101])
    def test_the_year_must_be_plausible(self, year):
        with pytest.raises(IntegrityError), transaction.atomic():
            YearlyFiguresFactory(year=year)

    @pytest.mark.parametrize("year", [1990, 2100])
    def test_the_bounds_are_allowed(self, year):
        assert YearlyFiguresFactory(year=year).year == year

    def test_str_names_the_mission_locale_and_the_year(self):
        figures = YearlyFiguresFactory(mission_locale__name="Mission locale du Calaisis")
        assert str(figures) == "Mission locale du Calaisis — 2011"

    def test_every_field_has_a_french_verbose_name(self):
        names = {field.name: field.verbose_name for field in YearlyFigures._meta.get_fields() if field.concrete}
        assert names["year"] == "année"
        assert names["youths_in_contact"] == "jeunes en contact"
        assert names["no_means_of_transport"] == "sans aucun moyen de locomotion"
        assert YearlyFigures._meta.verbose_name_plural == "chiffres annuels"
