import datetime
from decimal import Decimal

import pytest

from config.exports import neutralise


class TestNeutralise:
    @pytest.mark.parametrize(
        "value",
        ['=HYPERLINK("http://example.org")', "+33 6 12", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1+1"],
    )
    def test_a_text_a_spreadsheet_would_evaluate_gets_a_quote(self, value):
        assert neutralise(value) == "'" + value

    @pytest.mark.parametrize("value", ["Durand", "Léa", "", "a=b", "06 12 34 56 78", "'=déjà neutre"])
    def test_an_ordinary_text_is_left_alone(self, value):
        assert neutralise(value) == value

    @pytest.mark.parametrize("value", [-3, 0, 12.5, Decimal("-1.5"), None, True, datetime.date(2024, 1, 2)])
    def test_values_that_are_not_text_are_left_alone(self, value):
        assert neutralise(value) == value
