"""Keyboard only: the skip link, logging in, and a focus that can be seen on every stop of the Tab order."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD
from youths.models import Youth

pytestmark = [pytest.mark.browser]

# Remembers, before any key is pressed, how each focusable element looks without the focus (but the one that has it).
RECORD_UNFOCUSED = """() => {
  window.unfocusedStyles = new Map();
  for (const element of document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")) {
    if (element === document.activeElement) continue;
    const style = getComputedStyle(element);
    window.unfocusedStyles.set(element, {outline: style.outlineStyle + " " + style.outlineWidth});
  }
}"""
# What the focused element looks like, against how it looked before.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const before = (window.unfocusedStyles && window.unfocusedStyles.get(element)) || {outline: ""};
  return {
    name: element.tagName.toLowerCase() + (element.type ? "[" + element.type + "]" : "") + " "
      + (element.id || (element.innerText || element.value || "").trim().slice(0, 40)),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    // Chromium's own calendar button, inside a date field: the field itself no longer matches :focus.
    picker: element.type === "date" && !element.matches(":focus"),
    outlineChanged: style.outlineStyle + " " + style.outlineWidth !== before.outline,
    seen: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0,
  };
}"""


def focus_is_visible(page):
    """The element the keyboard is on shows it: an outline of at least 2 px it did not have before, as app.css draws
    it everywhere (Bootstrap's pale glow alone, with no outline, does not count)."""
    focused = page.evaluate(FOCUSED)
    if focused["picker"]:
        return "picker"
    assert focused["seen"], f"{focused['name']} a le focus sans être visible à l'écran"
    assert focused["outline"] >= 2 and focused["outlineChanged"], (
        f"{focused['name']} : pas de contour visible au focus ({focused})"
    )
    return focused["name"]


def tab_through(page):
    """Press Tab from the focused element to the end of the page, checking every stop; their names."""
    stops = []
    while page.evaluate("document.activeElement !== document.body") and len(stops) < 150:
        stops.append(focus_is_visible(page))
        page.keyboard.press("Tab")
    return stops


def test_skip_link_login_and_visible_focus_on_every_tab_stop(demo, journey):
    page = journey.page
    # Styles are read as soon as a key is pressed: no transition half-way.
    page.emulate_media(reduced_motion="reduce")
    journey.goto("/connexion/")
    page.evaluate(RECORD_UNFOCUSED)

    # The login form takes the focus on arrival; it is filled and sent from the keyboard alone.
    expect(page.get_by_label("Nom d’utilisateur").or_(page.get_by_label("Nom d'utilisateur"))).to_be_focused()
    focus_is_visible(page)
    journey.check("connexion-au-clavier")
    page.keyboard.type("conseillere.boulonnais")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    focus_is_visible(page)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(journey.base + "/")

    # The home page, from the top: the skip link, the header, the menu and the content.
    page.evaluate(RECORD_UNFOCUSED)
    page.keyboard.press("Tab")
    header_stops = tab_through(page)
    assert "button[submit] Se déconnecter" in header_stops, header_stops

    # On a case file, the first Tab shows the skip link, which takes the focus past the header and the menu.
    youth = Youth.objects.filter(mission_locale__code="ML-BOULONNAIS", status="active").order_by("pk").first()
    journey.goto(youth.get_absolute_url())
    page.evaluate(RECORD_UNFOCUSED)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    focus_is_visible(page)
    journey.check("lien-d-evitement")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("navigation", name="Fil d'Ariane").get_by_role("link", name="Accueil")).to_be_focused()

    # Every stop of the Tab order, from there to the end of the page, shows where it is.
    kinds = {stop.split(" ")[0] for stop in header_stops + tab_through(page)}
    assert {"a", "button[submit]", "select[select-one]", "input[checkbox]", "textarea[textarea]"} <= kinds, kinds
    journey.check("dossier-au-clavier")
