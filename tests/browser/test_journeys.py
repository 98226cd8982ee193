"""The counsellor's main journeys, in a real browser, with an accessibility check on every page they cross."""

import datetime
import re

import pytest
from django.db.models import Count
from playwright.sync_api import expect

from youths.models import Contact, Youth

pytestmark = [pytest.mark.browser]


def birth_date(years):
    today = datetime.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def test_welcome_find_and_record_a_contact(demo, journey):
    page = journey.page
    journey.goto("/connexion/")
    journey.check("connexion")
    journey.login("conseillere.boulonnais")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour Camille")
    journey.check("accueil")

    # First welcome, keyboard only: every field reached with Tab and typed, submitted with Enter.
    page.get_by_role("link", name="Premier accueil").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Premier accueil")
    journey.check("premier-accueil")
    page.get_by_role("textbox", name="Nom", exact=True).focus()
    page.keyboard.type("Lefèvre-Dubois")
    page.keyboard.press("Tab")
    page.keyboard.type("Éloïse")
    page.get_by_label("Date de naissance").fill(birth_date(19).isoformat())
    page.get_by_role("radio", name="femme").check()
    page.get_by_label("Commune de résidence").fill("Boulogne-sur-Mer (62160)")
    page.get_by_role("combobox", name="Niveau de diplôme").select_option("none")
    page.get_by_role("combobox", name="Logement").select_option("parents")
    page.get_by_role("checkbox", name="mobilité").check()
    page.get_by_label("Notes confidentielles").fill("Veut passer le permis B.")
    page.get_by_label("Notes confidentielles").press("Tab")
    expect(page.get_by_role("button", name="Créer le dossier")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("LEFÈVRE-DUBOIS Éloïse")
    journey.check("dossier")
    youth = Youth.objects.get(last_name="Lefèvre-Dubois")

    # The same young person again, written differently: the duplicate warning appears.
    journey.goto("/jeunes/nouveau/")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Dubois Lefevre")
    page.get_by_label("Prénom").fill("Eloise")
    page.get_by_label("Date de naissance").fill(birth_date(19).isoformat())
    page.get_by_role("radio", name="femme").check()
    page.get_by_label("Commune de résidence").fill("62160")
    page.get_by_role("combobox", name="Niveau de diplôme").select_option("none")
    page.get_by_role("combobox", name="Logement").select_option("parents")
    page.get_by_role("checkbox", name="emploi").check()
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.get_by_role("heading", name="Ce jeune a peut-être déjà un dossier")).to_be_visible()
    journey.check("doublon")
    assert not Youth.objects.filter(last_name="Dubois Lefevre").exists()

    # Find her by name, with and without accents.
    for term in ("Éloïse Lefèvre", "eloise lefevre dubois"):
        journey.goto("/jeunes/")
        page.get_by_label("Nom ou prénom").fill(term)
        page.get_by_role("button", name="Filtrer").click()
        expect(page.get_by_role("link", name="LEFÈVRE-DUBOIS Éloïse")).to_be_visible()
    journey.check("recherche")
    page.get_by_role("link", name="LEFÈVRE-DUBOIS Éloïse").click()

    # Record a contact from the case file, keyboard only.
    page.get_by_role("link", name="Noter un contact").click()
    form = page.locator("#nouveau-contact")
    form.get_by_role("combobox", name="Type de contact").select_option("phone")
    form.get_by_role("checkbox", name="santé").focus()
    page.keyboard.press("Space")
    form.get_by_label("Notes confidentielles").fill("Rendez-vous au CMP pris.")
    form.get_by_role("button", name="Enregistrer le contact").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()
    assert Contact.objects.filter(youth=youth).count() == 2
    assert Contact.objects.filter(youth=youth, kind="phone").get().themes == ["health"]
    journey.check("contact-enregistre")

    # As her referent, see who opened her file.
    page.get_by_role("link", name="Journal des consultations du dossier").click()
    expect(page.get_by_role("heading", name=re.compile("Journal des consultations"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ consultations?$"))).to_be_visible()
    journey.check("journal-des-consultations")

    journey.logout()
    expect(page).to_have_url(re.compile(r"/connexion/"))


def test_errors_are_announced_and_linked_to_their_field(demo, journey):
    page = journey.page
    journey.login("conseillere.boulonnais")
    journey.goto("/jeunes/nouveau/")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Martin")
    page.get_by_label("Date de naissance").fill(birth_date(27).isoformat())
    page.get_by_role("button", name="Créer le dossier").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Le dossier n'a pas été créé")
    # Read out on arrival: the summary has the focus and the page's title starts with "Erreur".
    expect(alert).to_be_focused()
    expect(page).to_have_title(re.compile("^Erreur : Premier accueil"))
    alert.get_by_role("link", name="Date de naissance").click()
    birth = page.get_by_label("Date de naissance")
    expect(birth).to_be_focused()
    expect(birth).to_have_attribute("aria-invalid", "true")
    expect(birth).to_have_value(birth_date(27).isoformat())
    described = birth.get_attribute("aria-describedby")
    expect(page.locator(f"#{described.split()[0]}")).to_contain_text("Ce jeune a 27 ans")
    journey.check("erreurs")


MAIN_PAGES = [
    ("accueil", "/"),
    ("jeunes", "/jeunes/"),
    ("dossier", None),
    ("aides", "/aides/"),
    ("dispositifs", "/dispositifs/"),
    ("actions-collectives", "/actions-collectives/"),
    ("statistiques", "/statistiques/"),
]


def test_main_pages_on_a_phone_and_on_a_laptop(demo, journey):
    """At 375 px the page body never scrolls sideways (a wide table scrolls inside its own box); at 1280 px neither,
    and the menu is laid out in full."""
    page = journey.page
    # The fullest case file: the most aid requests, then the most contacts.
    youth = (
        Youth.objects.filter(mission_locale__code="ML-BOULONNAIS", status="active")
        .annotate(aids=Count("aid_requests", distinct=True), contacts_count=Count("contacts", distinct=True))
        .order_by("-aids", "-contacts_count", "pk")
        .first()
    )
    pages = [(label, path or youth.get_absolute_url()) for label, path in MAIN_PAGES]
    page.set_viewport_size({"width": 375, "height": 800})
    journey.login("direction.boulonnais")
    menu = page.get_by_role("navigation", name="Navigation principale")
    expect(menu.get_by_role("link", name="Jeunes")).to_be_hidden()
    page.get_by_role("button", name="Ouvrir le menu").click()
    menu.get_by_role("link", name="Jeunes").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for label, path in pages:
        journey.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} : la page fait {width} px de large sur un écran de 375 px"
        journey.check(f"{label}-375px")

    page.set_viewport_size({"width": 1280, "height": 900})
    for label, path in pages:
        journey.goto(path)
        expect(menu.get_by_role("link", name="Statistiques")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{path} : la page fait {width} px de large sur un écran de 1280 px"
        journey.check(f"{label}-1280px")
    journey.logout()
