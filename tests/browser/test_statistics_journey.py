"""The statistics page in a real browser, for regional staff and for a manager, and its exports downloaded and read."""

import csv
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from missions.models import MissionLocale
from reporting.enums import ReportSource
from reporting.figures import REGION_LABEL
from youths.models import Youth

pytestmark = [pytest.mark.browser]

HEADLINE_HEADERS = ["année", "origine", "périmètre", "indicateur", "nombre", "pourcentage des jeunes en contact"]


def download(page, link):
    """Click a download link; the file's name and bytes."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def read_csv(content):
    """A CSV export as French spreadsheets open it: UTF-8 with a BOM, separated by semicolons."""
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def shown_year(page):
    heading = page.get_by_role("heading", level=1).inner_text()
    return int(re.fullmatch(r"Statistiques (\d{4})", heading.strip()).group(1))


def test_statistics_and_exports_for_regional_staff_and_a_manager(demo, journey):
    page = journey.page
    menu = page.get_by_role("navigation", name="Navigation principale")

    # Regional staff: every mission locale, and the table of missions locales to download.
    journey.login("region")
    journey.check("accueil-region")
    menu.get_by_role("link", name="Statistiques").click()
    year = shown_year(page)
    table = page.get_by_role("table", name=re.compile("mission locale", re.IGNORECASE)).last
    expect(table.get_by_role("columnheader").first).to_be_visible()
    journey.check("statistiques-region")

    name, content = download(page, page.get_by_role("link", name=f"CSV des missions locales {year}"))
    assert re.fullmatch(rf"statistiques-missions-locales-{year}-(imported|live)\.csv", name)
    rows = read_csv(content)
    assert rows[0][:5] == ["code", "mission locale", "département", "lieux de proximité", "jeunes en contact"]
    *missions, region = rows[1:]
    assert "ML-BOULONNAIS" in [row[0] for row in missions]
    assert region[:2] == ["", REGION_LABEL]
    assert int(region[4]) == sum(int(row[4]) for row in missions) > 0

    name, content = download(page, page.get_by_role("link", name=f"XLSX des chiffres clés {year}"))
    assert name == f"statistiques-chiffres-cles-{year}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    headline = list(sheet.iter_rows(values_only=True))
    assert list(headline[0]) == HEADLINE_HEADERS
    assert {row[0] for row in headline[1:]} == {year}
    assert {"jeunes en contact", "premiers accueils"} <= {row[3] for row in headline[1:]}

    # The same page on a phone: the wide table scrolls in its own box, not the page.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    journey.check("statistiques-region-375px")
    page.set_viewport_size({"width": 1280, "height": 900})
    journey.logout()

    # A manager: the region beside their own mission locale, the headline figures to download; no other ML's table.
    journey.login("direction.boulonnais")
    menu.get_by_role("link", name="Statistiques").click()
    year = shown_year(page)
    ml = MissionLocale.objects.get(code="ML-BOULONNAIS")
    expect(page.get_by_role("heading", name=ml.name, exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("des missions locales"))).to_have_count(0)
    journey.check("statistiques-direction")

    name, content = download(page, page.get_by_role("link", name=f"CSV des chiffres clés {year}"))
    assert name == f"statistiques-chiffres-cles-{year}.csv"
    rows = read_csv(content)
    assert rows[0] == HEADLINE_HEADERS
    own = {row[3]: row[4] for row in rows[1:] if row[1] == ReportSource.LIVE.label and row[2] == ml.name}
    in_contact = Youth.objects.filter(mission_locale=ml, contacts__date__year=year).distinct().count()
    assert int(own["jeunes en contact"]) == in_contact > 0
    journey.logout()
