"""Server time and SQL queries of the pages a counsellor opens all day, through the Django test client.

Every page gets a few warm-up requests, then `runs` timed requests taken in turns of five per page (so that a burst
of load from other processes on the machine spreads over every page), then two more requests under
`CaptureQueriesContext` for its number of SQL queries, the fewer kept (not timed: capturing slows the cursor down;
once a minute a request also writes its session's expiry). The time is that of `Client.get`/`post`: URL routing,
middleware, view, queries and template rendering, without the network.
Beside the wall-clock time (p50, p95, what the targets are about), the CPU time of this process (p50) says how much
of it is the application's own work rather than waiting for the database or for a CPU the machine shares.
"""

import datetime
import io
import logging
import statistics
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management import call_command, load_command_class
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import timezone

from missions.enums import StaffRole
from missions.models import StaffMember
from youths.enums import ContactKind, Theme, YouthStatus
from youths.models import Contact, Youth

# A counsellor's portfolio of a realistic size: the benchmark picks, in the largest mission locale, the counsellor
# whose open files are closest to this.
REALISTIC_CASELOAD = 300
BENCH_SUPERUSER = "bench.admin"


@dataclass
class Measure:
    key: str
    label: str
    path: str
    runs: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    cpu_p50_ms: float | None = None
    queries: int | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class Page:
    """A page under measure: how to request it, what answer to expect, its wall-clock and CPU times."""

    measure: Measure
    call: object
    check: object
    limits: tuple = ()  # p50, p95 (ms) and queries a counsellor page must stay under
    wall: list = field(default_factory=list)
    cpu: list = field(default_factory=list)


def measure_interleaved(pages, runs, warmup, chunk=5):
    """Time the pages in turns of `chunk` requests each, so that a burst of load on the machine (other processes)
    spreads over every page rather than falling on one; then count each page's queries once."""
    for page in pages:
        for _ in range(warmup):
            page.check(page.call())
    done = 0
    while done < runs:
        turn = min(chunk, runs - done)
        for page in pages:
            for _ in range(turn):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = page.call()
                page.wall.append((time.perf_counter() - started) * 1000)
                page.cpu.append((time.process_time() - started_cpu) * 1000)
                page.check(response)
        done += turn
    for page in pages:
        # Two requests, the fewer queries kept: once a minute a request also writes its session's new expiry
        # (3 queries: config/security.py), which is not the page's own cost.
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                page.check(page.call())
            counts.append(len(queries.captured_queries))
        page.measure.queries = min(counts)
        page.measure.runs = runs
        if page.cpu:
            page.measure.cpu_p50_ms = statistics.median(page.cpu)


def expect(*statuses):
    def check(response):
        status = getattr(response, "status_code", 200)
        if status not in statuses:
            path = response.request.get("PATH_INFO")
            raise SystemExit(f"Unexpected HTTP {status} for {path} (expected {statuses}).")

    return check


def pick_counsellor():
    """The counsellor of the largest mission locale whose open caseload is closest to a realistic size."""
    largest = Youth.objects.order_by().values("mission_locale_id").annotate(n=Count("pk")).order_by("-n").first()
    if largest is None:
        raise SystemExit("No young person in the database: seed it first.")
    open_files = Q(caseload__status__in=[YouthStatus.ACTIVE, YouthStatus.DORMANT])
    members = (
        StaffMember.objects.filter(mission_locale_id=largest["mission_locale_id"], role=StaffRole.COUNSELLOR)
        .annotate(open_files=Count("caseload", filter=open_files))
        .select_related("user", "mission_locale")
    )
    member = min(members, key=lambda m: (abs(m.open_files - REALISTIC_CASELOAD), m.pk))
    return member, largest["n"]


def first_manager(mission_locale_id):
    return (
        StaffMember.objects.filter(mission_locale_id=mission_locale_id, role=StaffRole.MANAGER)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def bench_superuser():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=BENCH_SUPERUSER, defaults={"is_staff": True, "is_superuser": True, "first_name": "Banc d'essai"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def regional_report_source():
    """`live` when regional_report supports it, else `imported`."""
    parser = load_command_class("reporting", "regional_report").create_parser("manage.py", "regional_report")
    for action in parser._actions:
        if action.dest == "source":
            return "live" if action.choices and "live" in action.choices else "imported"
    return "imported"


def url_exists(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def measure_pages(runs: int, warmup: int, report_runs: int, log) -> tuple[list[Measure], dict]:
    counsellor, ml_youths = pick_counsellor()
    ml = counsellor.mission_locale
    log(
        f"Counsellor {counsellor.user.username} of {ml.name} ({ml_youths} young people), "
        f"{counsellor.open_files} open files in their caseload."
    )
    client = logged_in(counsellor.user)
    files = list(
        Youth.objects.filter(referent=counsellor, status__in=[YouthStatus.ACTIVE, YouthStatus.DORMANT])
        .order_by("last_name", "first_name", "pk")
        .values_list("public_id", flat=True)[: max(runs, 1)]
    )
    if not files:
        raise SystemExit(f"{counsellor.user.username} follows no file.")
    site_id = counsellor.sites.values_list("pk", flat=True).first()
    rotation = {"detail": 0, "contact": 0}

    def next_file(key):
        rotation[key] += 1
        return files[rotation[key] % len(files)]

    def contact_post():
        data = {
            "date": timezone.localdate().isoformat(),
            "kind": ContactKind.PHONE,
            "themes": [Theme.MOBILITY],
            "duration_minutes": "15",
            "site": site_id or "",
            "notes": "",
        }
        return client.post(f"/jeunes/{next_file('contact')}/contacts/nouveau/", data)

    counsellor_target = "p50 < 50 ms, p95 < 100 ms, ≤ 12 queries"
    plan = [
        ("caseload", "Caseload (default: own open files)", "/jeunes/", lambda: client.get("/jeunes/"), 200),
        (
            "search",
            "Name search, whole mission locale",
            "/jeunes/?q=lefevre&referent=all&status=all",
            lambda: client.get("/jeunes/", {"q": "lefevre", "referent": "all", "status": "all"}),
            200,
        ),
        (
            "case_file",
            "Case file (writes its access log)",
            "/jeunes/<uuid>/",
            lambda: client.get(f"/jeunes/{next_file('detail')}/"),
            200,
        ),
        ("contact", "Record a contact (POST)", "/jeunes/<uuid>/contacts/nouveau/", contact_post, 302),
        ("aids", "Aid requests", "/aides/", lambda: client.get("/aides/"), 200),
        ("schemes", "Aid schemes and envelopes", "/dispositifs/", lambda: client.get("/dispositifs/"), 200),
        ("home", "Home page", "/", lambda: client.get("/"), 200),
    ]
    pages = [
        Page(Measure(key, label, path, target=counsellor_target), call, expect(status), (50, 100, 12))
        for key, label, path, call, status in plan
    ]
    dashboard = dashboard_page(counsellor, log)
    if dashboard.call is not None:
        pages.append(dashboard)
    admin = logged_in(bench_superuser())
    reference = Page(
        Measure("admin", "Django admin changelist of young people (superuser)", "/admin/youths/youth/"),
        lambda: admin.get("/admin/youths/youth/"),
        expect(200),
    )
    reference.measure.target = "reference"
    pages.append(reference)
    log(f"Timing {len(pages)} pages, {runs} requests each, in turns…")
    measure_interleaved(pages, runs, warmup)
    for page in pages:
        judge(page.measure, page.wall, page.measure.queries, page.measure.target, *page.limits)
        log(f"  {page.measure.label}: p50 {page.measure.p50_ms:.1f} ms")
    measures = [page.measure for page in pages if page is not reference]
    if dashboard.call is None:
        measures.append(dashboard.measure)
    measures.append(measure_report(report_runs, log))
    measures.append(reference.measure)
    caseload = measures[0]
    ratio = reference.measure.p50_ms / caseload.p50_ms
    measures.append(
        Measure(
            "ratio",
            "Admin changelist p50 / caseload p50",
            "",
            target="≥ 3",
            met=ratio >= 3,
            note=f"{ratio:.1f}×",
        )
    )
    context = {
        "counsellor": counsellor.user.username,
        "mission_locale": ml.name,
        "mission_locale_youths": ml_youths,
        "caseload": counsellor.open_files,
    }
    return measures, context


def judge(measure, durations, queries, target, p50_limit=None, p95_limit=None, query_limit=None):
    measure.p50_ms = statistics.median(durations)
    measure.p95_ms = percentile(durations, 0.95)
    measure.queries = queries
    measure.target = target
    if p50_limit is not None:
        measure.met = (
            measure.p50_ms < p50_limit
            and (p95_limit is None or measure.p95_ms < p95_limit)
            and (query_limit is None or queries <= query_limit)
        )
    return measure


def dashboard_page(counsellor, log):
    """/statistiques/ for the first of the counsellor, their manager, regional staff who may open it."""
    path = "/statistiques/"
    measure = Measure("dashboard", "Statistics dashboard", path, target="p50 < 300 ms")
    page = Page(measure, None, expect(200), (300,))
    if not url_exists(path):
        measure.note = "skipped: /statistiques/ does not exist yet"
        log(f"  {measure.label}: {measure.note}")
        return page
    candidates = [counsellor.user]
    manager = first_manager(counsellor.mission_locale_id)
    if manager is not None:
        candidates.append(manager.user)
    regional = get_user_model().objects.filter(groups__name="Équipe régionale", is_active=True).order_by("pk").first()
    if regional is not None:
        candidates.append(regional)
    request_log = logging.getLogger("django.request")
    for user in candidates:
        client = logged_in(user)
        level, request_log.level = request_log.level, logging.ERROR  # a 403 here is an answer, not an incident
        try:
            status = client.get(path).status_code
        finally:
            request_log.level = level
        if status == 200:
            page.call = lambda client=client: client.get(path)
            measure.note = f"as {user.username}"
            return page
    measure.note = "skipped: no demo user may open /statistiques/"
    return page


def measure_report(runs, log):
    source = regional_report_source()
    year = timezone.localdate().year if source == "live" else 2011
    measure = Measure("report", f"regional_report --source {source} --year {year}", "manage.py regional_report")
    measure.target = "no target (a command)"
    if source != "live":
        measure.note = "--source live not supported yet: imported figures measured"

    def run():
        call_command("regional_report", year=year, source=source, format="json", stdout=io.StringIO())

    page = Page(measure, run, lambda response: None)
    measure_interleaved([page], runs, 1)
    judge(measure, page.wall, measure.queries, measure.target)
    log(f"  {measure.label}: p50 {measure.p50_ms:.1f} ms")
    return measure


def data_size():
    today = timezone.localdate()
    return {
        "youths": Youth.objects.count(),
        "contacts": Contact.objects.count(),
        "contacts_last_year": Contact.objects.filter(date__gt=today - datetime.timedelta(days=365)).count(),
    }
