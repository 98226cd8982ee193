import datetime
import io
from collections import Counter

import pytest
from axes.models import AccessLog
from django.core.management import call_command
from django.utils import timezone

from missions.enums import StaffRole
from tests.missions.factories import MissionLocaleFactory, StaffMemberFactory
from tests.youths.factories import ContactFactory, SituationFactory, YouthFactory
from youths import retention
from youths.enums import ContactKind, DiplomaLevel, Housing, Sex, SituationKind, Theme, YouthStatus
from youths.management.commands.purge_access_log import purge
from youths.models import CaseFileAccess, Contact, Situation, Transfer, Youth

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def years_ago(years, days=0):
    try:
        day = TODAY.replace(year=TODAY.year - years)
    except ValueError:  # 29 February
        day = TODAY.replace(year=TODAY.year - years, day=28)
    return day - datetime.timedelta(days=days)


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def run(*args):
    out = io.StringIO()
    call_command("anonymize_expired", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Every column of every file, contact, situation and transfer: what a run may or may not change."""
    return (
        list(Youth.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        list(Situation.objects.order_by("pk").values()),
        list(Transfer.objects.order_by("pk").values()),
    )


def statistics():
    """Per mission locale, what the yearly reports count: files by sex, diploma, ZUS/QPV, housing, commune, year
    of birth and of first contact; contacts by year, kind and theme; situations by kind and year."""
    figures = Counter()
    for youth in Youth.objects.all():
        ml = youth.mission_locale_id
        for name in ("sex", "diploma_level", "lives_in_priority_area", "housing", "residence_commune_id"):
            figures[(ml, name, getattr(youth, name))] += 1
        figures[(ml, "birth_year", youth.birth_date.year)] += 1
        figures[(ml, "first_contact", youth.first_contact_date, youth.last_contact_date)] += 1
    for contact in Contact.objects.select_related("youth"):
        ml = contact.youth.mission_locale_id
        figures[(ml, "contact", contact.date, contact.kind, contact.duration_minutes, contact.site_id)] += 1
        for theme in contact.themes:
            figures[(ml, "theme", contact.date.year, theme)] += 1
    for situation in Situation.objects.select_related("youth"):
        figures[(situation.youth.mission_locale_id, "situation", situation.kind, situation.start_date)] += 1
    return figures


@pytest.fixture
def ml():
    return MissionLocaleFactory()


@pytest.fixture
def make(ml):
    def make(**fields):
        fields.setdefault("mission_locale", ml)
        fields.setdefault("phone", "06 12 34 56 78")
        fields.setdefault("email", "lea@example.org")
        fields.setdefault("address", "12 rue des Tilleuls")
        fields.setdefault("first_contact_date", years_ago(1))
        fields.setdefault("last_contact_date", days_ago(30))
        youth = YouthFactory(**fields)
        youth.contact = ContactFactory(youth=youth, date=youth.first_contact_date, notes="Parle de sa famille.")
        return youth

    return make


@pytest.fixture
def files(make):
    """One file for each rule; the name says whether it is expected to be anonymised."""
    return {
        "expired_26_no_situation": make(birth_date=years_ago(27), first_contact_date=years_ago(9)),
        "expired_26_today": make(birth_date=years_ago(26), first_contact_date=years_ago(9)),
        "kept_26_tomorrow": make(birth_date=years_ago(26, days=-1), first_contact_date=years_ago(9)),
        "kept_26_open_training": make(birth_date=years_ago(27), first_contact_date=years_ago(9)),
        "kept_26_job_ending_later": make(birth_date=years_ago(27), first_contact_date=years_ago(9)),
        "kept_26_programme_ending_today": make(birth_date=years_ago(27), first_contact_date=years_ago(9)),
        "expired_26_training_ended": make(birth_date=years_ago(27), first_contact_date=years_ago(9)),
        "expired_26_only_jobseeker": make(birth_date=years_ago(27), first_contact_date=years_ago(9)),
        "expired_no_contact_2_years": make(
            birth_date=years_ago(21), first_contact_date=years_ago(4), last_contact_date=days_ago(731)
        ),
        "kept_contact_729_days_ago": make(
            birth_date=years_ago(21), first_contact_date=years_ago(4), last_contact_date=days_ago(729)
        ),
        "expired_never_contacted_since_opening": make(
            birth_date=years_ago(21), first_contact_date=days_ago(800), last_contact_date=None
        ),
        "kept_young_and_active": make(birth_date=years_ago(19)),
    }


@pytest.fixture
def situations(files):
    SituationFactory(youth=files["kept_26_open_training"], kind=SituationKind.TRAINING, label="BTS", end_date=None)
    SituationFactory(
        youth=files["kept_26_job_ending_later"],
        kind=SituationKind.JOB,
        label="Boulangerie Martin",
        end_date=TODAY + datetime.timedelta(days=90),
    )
    SituationFactory(youth=files["kept_26_programme_ending_today"], kind=SituationKind.IMMERSION, end_date=TODAY)
    SituationFactory(
        youth=files["expired_26_training_ended"],
        kind=SituationKind.APPRENTICESHIP,
        label="CFA du Boulonnais",
        start_date=days_ago(400),
        end_date=days_ago(1),
    )
    SituationFactory(youth=files["expired_26_only_jobseeker"], kind=SituationKind.JOBSEEKER, end_date=None)
    # No contact for two years: anonymised even with a programme still running.
    SituationFactory(youth=files["expired_no_contact_2_years"], kind=SituationKind.TRAINING, label="Titre pro")
    return files


def expected(files):
    return {name for name in files if name.startswith("expired")}


def anonymised(files):
    return {name for name, youth in files.items() if Youth.objects.get(pk=youth.pk).status == YouthStatus.ANONYMISED}


class TestWhichFilesExpire:
    def test_the_rules(self, situations):
        expired = set(retention.expired_files(TODAY).values_list("pk", flat=True))
        assert expired == {situations[name].pk for name in expected(situations)}

    def test_a_running_programme_is_one_definition(self, situations):
        running = retention.running_programmes(TODAY)
        assert set(running.values_list("youth_id", flat=True)) == {
            situations[name].pk
            for name in (
                "kept_26_open_training",
                "kept_26_job_ending_later",
                "kept_26_programme_ending_today",
                "expired_no_contact_2_years",
            )
        }

    def test_a_26th_birthday_on_29_february(self, make):
        leap_born = make(birth_date=datetime.date(2000, 2, 29), first_contact_date=datetime.date(2017, 1, 1))
        assert not retention.expired_files(datetime.date(2026, 2, 28)).filter(pk=leap_born.pk).exists()
        assert retention.expired_files(datetime.date(2026, 3, 1)).filter(pk=leap_born.pk).exists()


class TestDryRun:
    def test_by_default_it_lists_and_changes_nothing(self, situations):
        before = snapshot()
        output = run()
        assert snapshot() == before
        assert f"Dossiers à anonymiser au {TODAY:%d/%m/%Y} : {len(expected(situations))}" in output
        assert "Simulation : rien n'a été modifié" in output
        for name in expected(situations):
            assert str(situations[name].public_id) in output
        for name in set(situations) - expected(situations):
            assert str(situations[name].public_id) not in output
        assert "Durand" not in output  # public identifiers only, no names

    def test_dry_run_flag_is_the_same(self, situations):
        before = snapshot()
        output = run("--dry-run")
        assert snapshot() == before
        assert "Simulation" in output

    def test_it_lists_twenty_files_at_most(self, make):
        for _ in range(25):
            make(birth_date=years_ago(30), first_contact_date=years_ago(12))
        output = run()
        assert "Dossiers à anonymiser" in output and ": 25 (" in output
        assert sum(1 for line in output.splitlines() if line.startswith("  ") and len(line.strip()) == 36) == 20

    def test_apply_and_dry_run_cannot_be_combined(self):
        with pytest.raises(Exception, match="not allowed with argument"):
            call_command("anonymize_expired", "--apply", "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())


class TestApply:
    def test_anonymises_exactly_the_expected_files(self, situations):
        output = run("--apply")
        assert anonymised(situations) == expected(situations)
        assert f"Dossiers anonymisés : {len(expected(situations))}" in output

    def test_what_is_erased_and_what_is_kept(self, situations):
        youth = situations["expired_26_training_ended"]
        Youth.objects.filter(pk=youth.pk).update(
            legal_representative_name="Marc Durand", legal_representative_phone="03 21 00 00 00"
        )
        Transfer.objects.create(
            youth=youth,
            from_mission_locale=MissionLocaleFactory(),
            to_mission_locale=youth.mission_locale,
            by=youth.referent.user,
            reason="Déménage chez sa tante à Calais",
        )
        before = Youth.objects.get(pk=youth.pk)
        run("--apply")
        after = Youth.objects.get(pk=youth.pk)
        assert after.last_name == "ANONYME"
        assert after.first_name == after.public_id.hex[:8]
        assert after.search_name == ""
        assert (after.email, after.phone, after.address) == ("", "", "")
        assert (after.legal_representative_name, after.legal_representative_phone) == ("", "")
        assert after.birth_date == datetime.date(before.birth_date.year, 7, 1)
        assert after.status == YouthStatus.ANONYMISED
        assert Contact.objects.get(youth=youth).notes == ""
        assert Situation.objects.get(youth=youth).label == ""
        assert Transfer.objects.get(youth=youth).reason == ""
        for name in (
            "public_id",
            "mission_locale_id",
            "site_id",
            "referent_id",
            "sex",
            "residence_commune_id",
            "lives_in_priority_area",
            "diploma_level",
            "housing",
            "first_contact_date",
            "last_contact_date",
        ):
            assert getattr(after, name) == getattr(before, name), name
        contact = Contact.objects.get(youth=youth)
        assert (contact.date, contact.kind, contact.themes, contact.duration_minutes) == (
            youth.contact.date,
            youth.contact.kind,
            youth.contact.themes,
            youth.contact.duration_minutes,
        )
        situation = Situation.objects.get(youth=youth)
        assert (situation.kind, situation.start_date, situation.end_date) == (
            SituationKind.APPRENTICESHIP,
            days_ago(400),
            days_ago(1),
        )

    def test_files_that_stay_are_untouched(self, situations):
        kept = [situations[name].pk for name in set(situations) - expected(situations)]
        before = list(Youth.objects.filter(pk__in=kept).order_by("pk").values())
        notes = list(Contact.objects.filter(youth_id__in=kept).order_by("pk").values_list("notes", flat=True))
        labels = list(Situation.objects.filter(youth_id__in=kept).order_by("pk").values_list("label", flat=True))
        run("--apply")
        assert list(Youth.objects.filter(pk__in=kept).order_by("pk").values()) == before
        assert list(Contact.objects.filter(youth_id__in=kept).order_by("pk").values_list("notes", flat=True)) == notes
        assert labels == list(
            Situation.objects.filter(youth_id__in=kept).order_by("pk").values_list("label", flat=True)
        )
        assert "Boulangerie Martin" in labels

    @pytest.mark.parametrize(
        "birth_date", [datetime.date(1995, 1, 1), datetime.date(1995, 7, 1), datetime.date(1995, 12, 31)]
    )
    def test_the_birth_date_keeps_its_year_only(self, make, birth_date):
        youth = make(birth_date=birth_date, first_contact_date=datetime.date(2012, 3, 1))
        run("--apply")
        assert Youth.objects.get(pk=youth.pk).birth_date == datetime.date(1995, 7, 1)

    def test_already_anonymised_files_are_skipped(self, situations):
        run("--apply")
        before = snapshot()
        output = run("--apply")
        assert snapshot() == before
        assert "Dossiers à anonymiser" in output and ": 0 (" in output
        assert "Aucun dossier à anonymiser." in output
        assert retention.youths_anonymize(youth_ids=[situations[name].pk for name in expected(situations)]) == {
            "files": 0,
            "contacts": 0,
            "situations": 0,
            "transfers": 0,
        }
        assert snapshot() == before

    def test_the_statistics_do_not_change(self, situations, make):
        other_ml = MissionLocaleFactory()
        for index in range(6):
            youth = make(
                mission_locale=other_ml,
                birth_date=years_ago(27 + index % 3, days=index * 40),
                first_contact_date=years_ago(10 - index % 2),
                sex=[Sex.MALE, Sex.FEMALE][index % 2],
                diploma_level=list(DiplomaLevel)[index % 4],
                housing=list(Housing)[index % 5],
                lives_in_priority_area=index % 2 == 0,
            )
            ContactFactory(
                youth=youth, date=years_ago(8), kind=ContactKind.WORKSHOP, themes=[Theme.MOBILITY, Theme.HOUSING]
            )
        before = statistics()
        run("--apply")
        assert Youth.objects.filter(status=YouthStatus.ANONYMISED, mission_locale=other_ml).count() == 6
        assert statistics() == before

    def test_batches_cover_every_file(self, situations):
        totals = retention.anonymize_expired(TODAY, batch_size=2)
        assert totals["files"] == len(expected(situations))
        assert anonymised(situations) == expected(situations)

    def test_the_first_name_token_is_the_same_on_every_database(self, make):
        youth = make(birth_date=years_ago(30), first_contact_date=years_ago(12))
        retention.youths_anonymize(youth_ids=[youth.pk])
        youth.refresh_from_db()
        assert youth.first_name == youth.public_id.hex[:8]
        assert str(youth) == f"ANONYME {youth.public_id.hex[:8]}"


class TestRegisteredAnonymizers:
    @pytest.fixture
    def calls(self, monkeypatch):
        calls = []

        def erase_aid_justifications(youth_ids):
            files = Youth.objects.filter(pk__in=youth_ids)
            calls.append((set(files.values_list("pk", flat=True)), set(files.values_list("status", flat=True))))
            return 3

        monkeypatch.setattr(retention, "_anonymizers", {})
        retention.register_anonymizer(erase_aid_justifications)
        return calls

    def test_called_with_the_files_in_the_same_transaction(self, situations, calls):
        output = run("--apply")
        assert calls == [({situations[name].pk for name in expected(situations)}, {YouthStatus.ANONYMISED})]
        assert "erase_aid_justifications : 3 ligne(s) anonymisée(s)" in output

    def test_not_called_on_a_dry_run(self, situations, calls):
        run()
        assert calls == []

    def test_a_failing_anonymizer_leaves_the_batch_untouched(self, situations, monkeypatch):
        def broken(youth_ids):
            raise RuntimeError("mobility could not erase its texts")

        monkeypatch.setattr(retention, "_anonymizers", {})
        retention.register_anonymizer(broken)
        before = snapshot()
        with pytest.raises(RuntimeError, match="mobility could not erase its texts"):
            run("--apply")
        assert snapshot() == before
        assert anonymised(situations) == set()

    def test_registering_twice_keeps_one(self, monkeypatch):
        monkeypatch.setattr(retention, "_anonymizers", {})

        def erase(youth_ids):
            return 0

        retention.register_anonymizer(erase)
        retention.register_anonymizer(erase)
        assert len(retention.registered_anonymizers()) == 1


class TestPurgeAccessLog:
    """The access log of case files (and the login log) is kept one year."""

    def test_rows_older_than_a_year_go(self, make):
        youth = make(birth_date=years_ago(20))
        user = StaffMemberFactory(mission_locale=youth.mission_locale, role=StaffRole.MANAGER).user
        now = timezone.now()
        ages = [366, 400, 800, 364, 10, 0]
        for age in ages:
            access = CaseFileAccess.objects.create(youth=youth, user=user)
            CaseFileAccess.objects.filter(pk=access.pk).update(accessed_at=now - datetime.timedelta(days=age))
            log = AccessLog.objects.create(username=user.username)
            AccessLog.objects.filter(pk=log.pk).update(attempt_time=now - datetime.timedelta(days=age))
        out = io.StringIO()
        call_command("purge_access_log", "--dry-run", stdout=out)
        assert "consultations de dossiers : 3 ligne(s) à supprimer." in out.getvalue()
        assert "connexions : 3 ligne(s) à supprimer." in out.getvalue()
        assert CaseFileAccess.objects.count() == 6
        out = io.StringIO()
        call_command("purge_access_log", stdout=out)
        assert "consultations de dossiers : 3 ligne(s) supprimée(s)." in out.getvalue()
        remaining = sorted((now - access.accessed_at).days for access in CaseFileAccess.objects.all())
        assert remaining == [0, 10, 364]
        assert AccessLog.objects.count() == 3

    def test_batches(self, make):
        youth = make(birth_date=years_ago(20))
        for _ in range(7):
            CaseFileAccess.objects.create(youth=youth, user=youth.referent.user)
        old = CaseFileAccess.objects.filter(accessed_at__lte=timezone.now())
        assert purge(old, batch_size=3) == 7
        assert not CaseFileAccess.objects.exists()
