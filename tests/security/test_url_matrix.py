"""The access matrix: every URL of the project, found from the URL configuration, for every kind of user.

Each URL name has one row in PAGES: the objects its URL is built from, and the access rule of its page (one of
the rows of RULES, the table of the README). A URL without a row fails the test, so a new page cannot escape the
matrix. The admin is walked through its index only (its own views follow the admin's permissions, tested in
tests/security/test_admin_access.py and tests/security/test_roles.py).

For each URL and each subject: anonymous → the login page; a user of another mission locale → 404 on a page about
an object of the first one; the wrong role → 403; the right role → 200 on GET, or the action done (a redirect) on
the pages that only take POST. The permission each page stands for must agree with who gets it (the groups of
config/roles.py say the same as the views).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from missions.enums import SiteKind, StaffRole
from mobility import services as aid_services
from mobility.enums import PaymentMethod
from tests.missions.factories import (
    MissionLocaleFactory,
    RegionalUserFactory,
    SiteFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.mobility.factories import (
    ActionSessionFactory,
    AidRequestFactory,
    AidSchemeFactory,
    CollectiveActionFactory,
    EnvelopeFactory,
    RegistrationFactory,
)
from tests.reporting.factories import YearlyFiguresFactory
from tests.youths.factories import ContactFactory, SituationFactory, YouthFactory

pytestmark = pytest.mark.django_db

# --- Subjects -------------------------------------------------------------------------------------------------------

ANONYMOUS = "anonyme"
COUNSELLOR = "conseiller"  # of mission locale A: referent of the file, author of its contact, asked for its aid
MANAGER = "direction"  # of mission locale A
OTHER_COUNSELLOR = "conseiller-autre-ml"  # of mission locale B
OTHER_MANAGER = "direction-autre-ml"  # of mission locale B
REGIONAL = "equipe-regionale"
SUPERUSER = "superutilisateur"
UNATTACHED = "sans-role"  # a logged-in account with neither a mission locale nor a group
SUBJECTS = [ANONYMOUS, COUNSELLOR, MANAGER, OTHER_COUNSELLOR, OTHER_MANAGER, REGIONAL, SUPERUSER, UNATTACHED]

# --- Outcomes -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    label: str
    status: int
    redirect: str | None = None  # "login", "admin_login", "home", "logged_out", "elsewhere"
    # Whether the subject's role holds the page's permission: True when the role may use the page (even if this
    # object is out of reach), False when the role is refused, None when not a question of role.
    role_allowed: bool | None = None


OK = Outcome("200", 200, role_allowed=True)
DONE = Outcome("action faite (302)", 302, redirect="elsewhere", role_allowed=True)  # OK on a POST-only page
LOGIN = Outcome("connexion", 302, redirect="login")
ADMIN_LOGIN = Outcome("connexion à l'admin", 302, redirect="admin_login")
HOME = Outcome("accueil (302)", 302, redirect="home")
LOGGED_OUT = Outcome("déconnecté (302)", 302, redirect="logged_out")
FORBIDDEN = Outcome("403", 403, role_allowed=False)
NOT_AUTHOR = Outcome("403 (pas l'auteur)", 403, role_allowed=True)  # the role may, but not on this object
NOT_FOUND = Outcome("404", 404)  # the object is of another mission locale, whatever the role


def rule(*outcomes):
    """What each subject gets on a kind of page, in the order of SUBJECTS."""
    return dict(zip(SUBJECTS, outcomes, strict=True))


# The README table, one rule per kind of page. Columns: anonymous, counsellor, manager, counsellor and manager of
# another mission locale, regional staff, superuser, account without a role.
RULES = {
    "login": rule(OK, HOME, HOME, HOME, HOME, HOME, HOME, HOME),
    "logout": rule(LOGIN, LOGGED_OUT, LOGGED_OUT, LOGGED_OUT, LOGGED_OUT, LOGGED_OUT, LOGGED_OUT, LOGGED_OUT),
    "any user": rule(LOGIN, OK, OK, OK, OK, OK, OK, OK),
    "reference": rule(LOGIN, OK, OK, OK, OK, OK, OK, FORBIDDEN),
    "ml page": rule(LOGIN, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "ml object": rule(LOGIN, OK, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "author": rule(LOGIN, OK, NOT_AUTHOR, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "manager object": rule(LOGIN, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "statistics": rule(LOGIN, FORBIDDEN, OK, FORBIDDEN, OK, OK, OK, FORBIDDEN),
    "regional statistics": rule(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN),
    "admin": rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, ADMIN_LOGIN),
}

# --- The objects URLs are built from ---------------------------------------------------------------------------


class World:
    """Mission locale A with its staff and one of everything, mission locale B with its staff, and the other users.
    Objects are created when first asked for: each test builds only what its URL needs."""

    @cached_property
    def ml(self):
        ml = MissionLocaleFactory()
        SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE, name=f"Siège — {ml.name}")
        return ml

    @cached_property
    def other_ml(self):
        ml = MissionLocaleFactory()
        SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE, name=f"Siège — {ml.name}")
        return ml

    @cached_property
    def counsellor(self):
        return StaffMemberFactory(mission_locale=self.ml, role=StaffRole.COUNSELLOR)

    @cached_property
    def manager(self):
        return StaffMemberFactory(mission_locale=self.ml, role=StaffRole.MANAGER)

    def user(self, subject):
        if subject == COUNSELLOR:
            return self.counsellor.user
        if subject == MANAGER:
            return self.manager.user
        if subject in (OTHER_COUNSELLOR, OTHER_MANAGER):
            role = StaffRole.COUNSELLOR if subject == OTHER_COUNSELLOR else StaffRole.MANAGER
            return StaffMemberFactory(mission_locale=self.other_ml, role=role).user
        if subject == REGIONAL:
            return RegionalUserFactory()
        if subject == SUPERUSER:
            return get_user_model().objects.create_superuser("technique", "technique@example.org", "x" * 16)
        if subject == UNATTACHED:
            return UserFactory()
        raise AssertionError(subject)

    @cached_property
    def youth(self):
        return YouthFactory(mission_locale=self.ml, referent=self.counsellor)

    @cached_property
    def contact(self):
        return ContactFactory(youth=self.youth, counsellor=self.counsellor)

    @cached_property
    def situation(self):
        return SituationFactory(youth=self.youth, recorded_by=self.counsellor)

    @cached_property
    def scheme(self):
        scheme = AidSchemeFactory(code="fdaj-matrice", name="FDAJ matrice")
        EnvelopeFactory(scheme=scheme, mission_locale=self.ml, amount_total=1_000_000)
        return scheme

    @cached_property
    def aid(self):
        """A pending request of the counsellor."""
        return AidRequestFactory(youth=self.youth, scheme=self.scheme, requested_by=self.counsellor)

    @cached_property
    def granted_aid(self):
        aid = AidRequestFactory(youth=self.youth, scheme=self.scheme, requested_by=self.counsellor)
        return aid_services.aid_request_grant(aid_request=aid, by=self.manager)

    @cached_property
    def action(self):
        """A workshop of mission locale A only (an inter-ML event would show its public part to others)."""
        return CollectiveActionFactory(mission_locale=self.ml, created_by=self.counsellor)

    @cached_property
    def session(self):
        return ActionSessionFactory(action=self.action)

    @cached_property
    def registration(self):
        return RegistrationFactory(session=self.session, youth=self.youth, registered_by=self.counsellor)

    def statistics(self):
        """Figures to show and export: the imported ones of a past year, the live ones of this year."""
        YearlyFiguresFactory(mission_locale=self.ml, year=2011)
        YearlyFiguresFactory(mission_locale=self.other_ml, year=2011)
        _ = self.contact  # a young person of A in contact this year
        return {}


# --- The pages --------------------------------------------------------------------------------------------------


def none(world):
    return {}


def youth(world):
    return {"public_id": world.youth.public_id}


def action(world):
    return {"public_id": world.action.public_id}


def aid(world):
    return {"public_id": world.aid.public_id}


@dataclass(frozen=True)
class Page:
    rule: str
    kwargs: Callable[[World], dict] = none  # the URL's arguments, creating the objects they name
    permission: str | None = None  # the permission this page stands for
    post: Callable[[World], dict] | None = None  # for a page that only takes POST: the data of a valid submit
    query: dict = field(default_factory=dict)


def reason(prefix):
    return lambda world: {f"{prefix}-reason": "Motif écrit pour le test."}


PAGES = {
    "home": Page("any user"),
    "login": Page("login"),
    "logout": Page("logout", post=lambda world: {}),
    "password_change": Page("any user"),
    "password_change_done": Page("any user"),
    "commune_suggestions": Page("reference", permission="missions.view_commune", query={"q": "Bou"}),
    "missions:list": Page("reference", permission="missions.view_missionlocale"),
    "missions:detail": Page("reference", lambda w: {"code": w.ml.code}, permission="missions.view_missionlocale"),
    "youths:caseload": Page("ml page", permission="youths.view_youth"),
    "youths:create": Page("ml page", permission="youths.add_youth"),
    "youths:detail": Page("ml object", youth, permission="youths.view_youth"),
    "youths:update": Page("ml object", youth, permission="youths.change_youth"),
    "youths:contact_create": Page("ml object", youth, permission="youths.add_contact"),
    "youths:contact_correct": Page(
        "author", lambda w: {"public_id": w.youth.public_id, "pk": w.contact.pk}, permission="youths.change_contact"
    ),
    "youths:situation_create": Page("ml object", youth, permission="youths.add_situation"),
    "youths:situation_update": Page(
        "ml object",
        lambda w: {"public_id": w.youth.public_id, "pk": w.situation.pk},
        permission="youths.change_situation",
    ),
    # The access log: the file's referent (the counsellor of this matrix) and the direction; another counsellor
    # of the mission locale gets 403 (tests/youths/test_case_file.py).
    "youths:access_log": Page("ml object", youth, permission="youths.view_youth"),
    "youths:referent": Page("manager object", youth, permission="youths.transfer_youth"),
    "youths:transfer": Page("manager object", youth, permission="youths.transfer_youth"),
    "youths:subject_access": Page("manager object", youth, permission="youths.export_personal_data"),
    "youths:subject_access_json": Page("manager object", youth, permission="youths.export_personal_data"),
    "mobility:assessment_create": Page("ml object", youth, permission="mobility.add_mobilityassessment"),
    "mobility:refusal_create": Page("ml object", youth, permission="mobility.add_jobrefusal"),
    "mobility:aid_create": Page("ml object", youth, permission="mobility.add_aidrequest"),
    "mobility:aid_list": Page("ml page", permission="mobility.view_aidrequest"),
    "mobility:aid_detail": Page("ml object", aid, permission="mobility.view_aidrequest"),
    "mobility:aid_grant": Page(
        "manager object",
        aid,
        permission="mobility.decide_aidrequest",
        post=lambda w: {"grant-amount": "150", "grant-comment": ""},
    ),
    "mobility:aid_adjourn": Page(
        "manager object", aid, permission="mobility.decide_aidrequest", post=reason("adjourn")
    ),
    "mobility:aid_refuse": Page("manager object", aid, permission="mobility.decide_aidrequest", post=reason("refuse")),
    "mobility:aid_pay": Page(
        "manager object",
        lambda w: {"public_id": w.granted_aid.public_id},
        permission="mobility.decide_aidrequest",
        post=lambda w: {"pay-paid_on": datetime.date.today().isoformat(), "pay-method": PaymentMethod.CHEQUE},
    ),
    # The counsellor withdraws their own pending request; a manager may cancel any.
    "mobility:aid_cancel": Page("ml object", aid, permission="mobility.change_aidrequest", post=reason("cancel")),
    "mobility:scheme_list": Page("reference", permission="mobility.view_aidscheme"),
    "mobility:scheme_detail": Page(
        "reference", lambda w: {"code": w.scheme.code}, permission="mobility.view_aidscheme"
    ),
    "mobility:action_list": Page("ml page", permission="mobility.view_actionsession"),
    "mobility:action_create": Page("ml page", permission="mobility.add_collectiveaction"),
    "mobility:action_detail": Page("ml object", action, permission="mobility.view_collectiveaction"),
    "mobility:action_update": Page("ml object", action, permission="mobility.change_collectiveaction"),
    "mobility:action_session_create": Page("ml object", action, permission="mobility.add_actionsession"),
    "mobility:action_session_update": Page(
        "ml object",
        lambda w: {"public_id": w.action.public_id, "pk": w.session.pk},
        permission="mobility.change_actionsession",
    ),
    "mobility:action_register": Page(
        "ml object",
        lambda w: {"pk": w.session.pk},
        permission="mobility.add_registration",
        post=lambda w: {"jeune": str(w.youth.public_id)},
    ),
    "mobility:action_attendance": Page(
        "ml object", lambda w: {"pk": w.session.pk}, permission="mobility.change_registration"
    ),
    "mobility:action_cancel": Page(
        "ml object",
        lambda w: {"pk": w.registration.pk},
        permission="mobility.change_registration",
        post=lambda w: {"reason": "A trouvé un emploi."},
    ),
    "reporting:dashboard": Page("statistics", lambda w: w.statistics(), permission="reporting.view_statistics"),
    "reporting:export_headline": Page(
        "statistics", lambda w: {**w.statistics(), "fmt": "csv"}, permission="reporting.view_statistics"
    ),
    "reporting:export_missions_locales": Page(
        "regional statistics",
        lambda w: {**w.statistics(), "fmt": "xlsx"},
        permission="reporting.view_regional_statistics",
    ),
    "admin:index": Page("admin"),
}

# --- The URL configuration, walked ------------------------------------------------------------------------------

ADMIN_NAMESPACE = "admin"
ADMIN_PAGES = ["admin:index"]  # the admin's own views are not the project's pages: its index stands for them


def walk(patterns, namespace="", prefix=""):
    """(URL name, route) of every project URL; the admin's patterns and static files are left out."""
    static = settings.STATIC_URL.lstrip("/")
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == ADMIN_NAMESPACE:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern) and not route.startswith(static):
            yield (f"{namespace}{pattern.name}" if pattern.name else f"(sans nom) {route}", route)


PROJECT_URLS = list(walk(get_resolver().url_patterns))
URL_NAMES = [name for name, _ in PROJECT_URLS] + ADMIN_PAGES
ROUTES = {**dict(PROJECT_URLS), "admin:index": "admin/"}
REFUSALS = (LOGIN, ADMIN_LOGIN, FORBIDDEN, NOT_AUTHOR, NOT_FOUND)
# Pages shown on GET, and the subjects they refuse: the refusal must hold on POST too.
REFUSED_POSTS = [
    pytest.param(name, subject, id=f"{name} {ROUTES[name]}-{subject}")
    for name in URL_NAMES
    if name in PAGES and PAGES[name].post is None
    for subject in SUBJECTS
    if RULES[PAGES[name].rule][subject] in REFUSALS
]


@pytest.fixture(autouse=True)
def empty_cache():
    """The dashboard keeps live figures in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return World()


def check_redirect(response, expected, url):
    location = response["Location"]
    if expected == "login":
        assert location.startswith(reverse("login") + "?next="), location
    elif expected == "admin_login":
        assert location.startswith(reverse("admin:login") + "?next="), location
    elif expected == "home":
        assert location == reverse("home"), location
    elif expected == "logged_out":
        assert location == reverse("login"), location
    else:
        assert not location.startswith((reverse("login"), reverse("admin:login"))), location
        assert location != url, location


class TestUrlMatrix:
    def test_the_walk_finds_the_pages_of_every_app(self):
        names = {name for name, _ in PROJECT_URLS}
        assert {
            "home",
            "youths:detail",
            "mobility:aid_grant",
            "mobility:action_detail",
            "reporting:dashboard",
        } <= names
        assert not any(name.startswith("admin:") for name in names)

    def test_every_row_is_a_page_of_the_project(self):
        stale = set(PAGES) - set(URL_NAMES)
        assert not stale, f"Rows of PAGES without a URL any more: {sorted(stale)}"

    @pytest.mark.parametrize("subject", SUBJECTS)
    @pytest.mark.parametrize("name", [pytest.param(name, id=f"{name} {ROUTES[name]}") for name in URL_NAMES])
    def test_access(self, client, world, name, subject):
        page = PAGES.get(name)
        assert page is not None, f"No row for the URL {name} ({ROUTES[name]}) in PAGES: add its objects and rule."
        expected = RULES[page.rule][subject]
        if page.post is not None and expected is OK:
            expected = DONE
        url = reverse(name, kwargs=page.kwargs(world))
        user = None
        if subject != ANONYMOUS:
            user = world.user(subject)
            client.force_login(user)
        if page.post is not None:
            response = client.post(url, page.post(world))
        else:
            response = client.get(url, page.query)
        assert response.status_code == expected.status, (
            f"{name} {url} as {subject}: expected {expected.label}, got {response.status_code}"
        )
        if expected.redirect:
            check_redirect(response, expected.redirect, url)
        if expected is LOGGED_OUT:
            assert "_auth_user_id" not in client.session
        if page.permission and expected.role_allowed is not None and subject not in (ANONYMOUS, SUPERUSER):
            # The superuser holds every permission (the admin in full) but opens case files only as the staff of a
            # mission locale: the check is about the groups.
            fresh = get_user_model().objects.get(pk=user.pk)
            assert fresh.has_perm(page.permission) is expected.role_allowed, (
                f"{name} as {subject}: gets {expected.label} but the role "
                f"{'lacks' if expected.role_allowed else 'holds'} the permission {page.permission}"
            )

    @pytest.mark.parametrize(("name", "subject"), REFUSED_POSTS)
    def test_refusals_hold_on_post(self, client, world, name, subject):
        """A page that refuses a subject on GET refuses them on POST: a POST handler does not skip the check. A view
        without one may answer 405 instead, when its check is made on GET only: nothing can be posted to it."""
        page = PAGES[name]
        expected = RULES[page.rule][subject]
        url = reverse(name, kwargs=page.kwargs(world))
        view_class = getattr(resolve(url).func, "view_class", None)
        allowed = {expected.status}
        if view_class is not None and not hasattr(view_class, "post") and expected not in (LOGIN, ADMIN_LOGIN):
            allowed.add(405)
        if subject != ANONYMOUS:
            client.force_login(world.user(subject))
        response = client.post(url, {})
        assert response.status_code in allowed, f"POST {name} {url} as {subject}: got {response.status_code}"
        if response.status_code == 302:
            check_redirect(response, expected.redirect, url)

    @pytest.mark.parametrize("subject", [subject for subject in SUBJECTS if subject != ANONYMOUS])
    def test_the_menu_links_only_to_pages_the_user_may_open(self, client, world, subject):
        client.force_login(world.user(subject))
        html = client.get(reverse("home")).content.decode()
        links = re.findall(r'<a class="nav-link" href="([^"]+)"', html)
        assert reverse("home") in links
        for link in links:
            assert client.get(link).status_code == 200, f"{subject}: the menu links to {link}"
