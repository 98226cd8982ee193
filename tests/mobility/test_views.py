import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse

from mobility import services
from mobility.enums import AidStatus, PaymentMethod
from mobility.models import AidRequest, Envelope, JobRefusal, MobilityAssessment
from tests.missions.factories import MissionLocaleFactory, SiteFactory, StaffMemberFactory, UserFactory
from tests.mobility.factories import (
    AidRequestEventFactory,
    AidRequestFactory,
    AidSchemeFactory,
    EnvelopeFactory,
    ManagerFactory,
    MobilityAssessmentFactory,
)
from tests.youths.factories import YouthFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
# session, user with their staff member (config.auth.StaffMemberModelBackend); the session is not saved
BASE_QUERIES = 2


def youth_urls(youth):
    return [
        reverse(f"mobility:{name}", kwargs={"public_id": youth.public_id})
        for name in ("assessment_create", "refusal_create", "aid_create")
    ]


def aid_urls(aid):
    return [reverse("mobility:aid_detail", kwargs={"public_id": aid.public_id})]


def action_url(aid, action):
    return reverse(f"mobility:aid_{action}", kwargs={"public_id": aid.public_id})


def file_request(youth, scheme, by, amount=None):
    aid, _ = services.aid_request_create(
        youth=youth,
        scheme=scheme,
        amount=amount or scheme.default_amount,
        requested_by=by,
        justification="Trajets vers un chantier d'insertion à Tourcoing.",
        idempotency_key=uuid.uuid4(),
    )
    return aid


class TestAccess:
    def test_anonymous_goes_to_the_login_page(self, client, youth, scheme):
        aid = AidRequestFactory(youth=youth, scheme=scheme)
        urls = youth_urls(youth) + aid_urls(aid) + [reverse("mobility:aid_list"), reverse("mobility:scheme_list")]
        urls.append(scheme.get_absolute_url())
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login"))

    def test_other_mission_locale_is_404(self, client, youth, scheme, envelope):
        aid = AidRequestFactory(youth=youth, scheme=scheme)
        stranger = ManagerFactory()
        client.force_login(stranger.user)
        for url in youth_urls(youth) + aid_urls(aid):
            assert client.get(url).status_code == 404, url
        assert client.post(action_url(aid, "grant"), {"grant-amount": "150"}).status_code == 404
        aid.refresh_from_db()
        assert aid.status == AidStatus.REQUESTED
        assert str(aid.public_id) not in client.get(reverse("mobility:aid_list")).content.decode()

    def test_counsellor_deciding_is_403(self, client, youth, scheme, staff, envelope):
        aid = file_request(youth, scheme, staff)
        client.force_login(staff.user)
        for action, data in [
            ("grant", {"grant-amount": "150"}),
            ("refuse", {"refuse-reason": "non"}),
            ("adjourn", {"adjourn-reason": "plus tard"}),
        ]:
            assert client.post(action_url(aid, action), data).status_code == 403, action
        aid.refresh_from_db()
        assert aid.status == AidStatus.REQUESTED
        assert Envelope.objects.get().amount_granted == 0

    def test_regional_staff_see_no_case_file_nor_request(self, client, regional_user, youth, scheme):
        aid = AidRequestFactory(youth=youth, scheme=scheme)
        client.force_login(regional_user)
        for url in youth_urls(youth) + aid_urls(aid) + [reverse("mobility:aid_list")]:
            assert client.get(url).status_code == 403, url
        assert client.get(reverse("mobility:scheme_list")).status_code == 200
        assert client.get(scheme.get_absolute_url()).status_code == 200

    def test_unattached_user_is_refused_everywhere(self, client, scheme):
        client.force_login(UserFactory())
        assert client.get(reverse("mobility:scheme_list")).status_code == 403
        assert client.get(reverse("mobility:aid_list")).status_code == 403

    def test_navigation(self, client, staff, regional_user):
        client.force_login(staff.user)
        html = client.get(reverse("mobility:aid_list")).content.decode()
        assert f'href="{reverse("mobility:aid_list")}" aria-current="page">Aides</a>' in html
        assert f'href="{reverse("mobility:scheme_list")}">Dispositifs</a>' in html
        client.force_login(regional_user)
        html = client.get(reverse("mobility:scheme_list")).content.decode()
        assert ">Aides</a>" not in html
        assert f'href="{reverse("mobility:scheme_list")}" aria-current="page">Dispositifs</a>' in html


class TestAssessmentForm:
    def test_prefilled_from_the_latest_assessment(self, client, youth, staff):
        MobilityAssessmentFactory(youth=youth, licence_status="none", date=TODAY - datetime.timedelta(days=90))
        MobilityAssessmentFactory(
            youth=youth,
            licence_status="theory_passed",
            vehicle="bicycle",
            accepted_distance_km=25,
            mobility_constraints=["childcare"],
            date=TODAY - datetime.timedelta(days=30),
        )
        client.force_login(staff.user)
        response = client.get(youth_urls(youth)[0])
        form = response.context["form"]
        assert form.initial["licence_status"] == "theory_passed"
        assert form.initial["accepted_distance_km"] == 25
        assert form.initial["mobility_constraints"] == ["childcare"]
        assert form.initial["date"] == TODAY
        html = response.content.decode()
        assert '<option value="theory_passed" selected>code obtenu</option>' in html
        assert 'value="childcare" id="id_mobility_constraints_1" checked' in html.replace('"  ', '" ')

    def test_record_and_back_to_the_case_file(self, client, youth, staff):
        client.force_login(staff.user)
        response = client.post(
            youth_urls(youth)[0],
            {
                "date": TODAY.isoformat(),
                "licence_status": "lessons",
                "vehicle": "none",
                "public_transport_use": "regular",
                "has_transport_pass": "on",
                "accepted_distance_km": "15",
                "accepted_travel_minutes": "",
                "mobility_constraints": ["shift_hours", "health"],
                "constraints_details": "",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == f"{youth.get_absolute_url()}#section-mobility"
        assessment = MobilityAssessment.objects.get()
        assert (assessment.licence_status, assessment.recorded_by, assessment.mobility_constraints) == (
            "lessons",
            staff,
            ["shift_hours", "health"],
        )

    def test_errors_in_french_next_to_the_field(self, client, youth, staff):
        client.force_login(staff.user)
        response = client.post(
            youth_urls(youth)[0],
            {
                "date": (TODAY + datetime.timedelta(days=2)).isoformat(),
                "licence_status": "none",
                "vehicle": "none",
                "public_transport_use": "never",
                "accepted_distance_km": "500",
            },
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="id_date-erreurs">La date du bilan ne peut être dans le futur.</div>' in html
        assert "La distance acceptée est comprise entre 1 et 300 km." in html
        assert MobilityAssessment.objects.count() == 0


class TestJobRefusalForm:
    def test_record(self, client, youth, staff):
        client.force_login(staff.user)
        response = client.post(
            youth_urls(youth)[1],
            {
                "date": TODAY.isoformat(),
                "kind": "offer",
                "label": "Cariste, Roncq",
                "reason": "distance",
                "distance_km": "28",
            },
        )
        assert response.status_code == 302
        refusal = JobRefusal.objects.get()
        assert (refusal.label, refusal.reason, refusal.distance_km, refusal.youth) == (
            "Cariste, Roncq",
            "distance",
            28,
            youth,
        )


class TestAidRequestForm:
    def test_scheme_preselected_and_amount_prefilled(self, client, youth, scheme, staff):
        client.force_login(staff.user)
        response = client.get(youth_urls(youth)[2], {"dispositif": scheme.code})
        html = response.content.decode()
        assert f'<option value="{scheme.pk}" selected>' in html
        assert 'value="150,00"' in html
        assert 'name="idempotency_key"' in html
        assert "override_reason" not in html  # counsellors cannot override

    def test_ineligibility_is_shown_before_typing(self, client, youth, staff):
        scheme = AidSchemeFactory(departements=["62"])
        client.force_login(staff.user)
        html = client.get(youth_urls(youth)[2], {"dispositif": scheme.code}).content.decode()
        assert "n'est pas éligible à « " in html
        assert "<li>réside hors du Pas-de-Calais</li>" in html

    def post(self, client, youth, scheme, **data):
        payload = {
            "scheme": scheme.pk,
            "amount": "120,50",
            "partner": "",
            "justification": "Carte de bus pour se rendre en formation.",
            "idempotency_key": str(uuid.uuid4()),
            **data,
        }
        return client.post(youth_urls(youth)[2], payload)

    def test_request_then_double_submit(self, client, youth, scheme, staff):
        client.force_login(staff.user)
        key = str(uuid.uuid4())
        response = self.post(client, youth, scheme, idempotency_key=key)
        aid = AidRequest.objects.get()
        assert response["Location"] == aid.get_absolute_url()
        assert (aid.amount, aid.requested_by, aid.status) == (12050, staff, AidStatus.REQUESTED)
        response = self.post(client, youth, scheme, idempotency_key=key)
        assert response["Location"] == aid.get_absolute_url()
        assert AidRequest.objects.count() == 1
        messages = [str(m) for m in response.wsgi_request._messages]
        assert "Cette demande était déjà enregistrée : elle n'a pas été envoyée deux fois." in messages

    def test_ineligible_request_is_refused_with_its_reasons(self, client, youth, staff):
        scheme = AidSchemeFactory(departements=["62"])
        client.force_login(staff.user)
        response = self.post(client, youth, scheme)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Demande refusée au dépôt : réside hors du Pas-de-Calais." in html
        assert "Seule la direction peut passer outre" in html
        assert AidRequest.objects.count() == 0

    def test_manager_overrides(self, client, youth, manager):
        scheme = AidSchemeFactory(departements=["62"])
        client.force_login(manager.user)
        response = self.post(client, youth, scheme, override_reason="Emménage à Lens la semaine prochaine")
        assert response.status_code == 302
        assert AidRequest.objects.get().override_reason == "Emménage à Lens la semaine prochaine"

    def test_amount_above_the_ceiling(self, client, youth, scheme, staff):
        client.force_login(staff.user)
        response = self.post(client, youth, scheme, amount="400,01")
        assert 'id="id_amount-erreurs">Au plus 400,00\u00a0€ par demande pour ce dispositif.</div>' in (
            response.content.decode()
        )
        assert AidRequest.objects.count() == 0

    def test_closed_scheme_cannot_be_chosen(self, client, youth, staff):
        closed = AidSchemeFactory(valid_from=datetime.date(2009, 1, 1), valid_until=datetime.date(2011, 12, 31))
        client.force_login(staff.user)
        response = self.post(client, youth, closed)
        assert "scheme" in response.context["form"].errors
        assert AidRequest.objects.count() == 0


class TestAidList:
    def test_manager_sees_requests_to_decide_first(self, client, youth, scheme, staff, manager, envelope):
        granted = file_request(youth, scheme, staff)
        services.aid_request_grant(aid_request=granted, by=manager)
        pending = file_request(youth, scheme, staff)
        AidRequest.objects.filter(pk=pending.pk).update(requested_on=TODAY - datetime.timedelta(days=40))
        client.force_login(manager.user)
        rows = [row.record for row in client.get(reverse("mobility:aid_list")).context["table"].rows]
        assert rows == [pending, granted]

    def test_counsellor_sees_their_own_requests_by_default(self, client, youth, scheme, staff):
        colleague = StaffMemberFactory(mission_locale=youth.mission_locale)
        mine = file_request(youth, scheme, staff)
        file_request(youth, scheme, colleague)
        client.force_login(staff.user)
        response = client.get(reverse("mobility:aid_list"))
        assert [row.record for row in response.context["table"].rows] == [mine]
        response = client.get(reverse("mobility:aid_list"), {"requested_by": ""})
        assert len(response.context["table"].rows) == 2

    def test_the_period_has_visible_labels_and_keeps_what_was_typed(self, client, staff):
        client.force_login(staff.user)
        html = client.get(
            reverse("mobility:aid_list"), {"requested_on_after": "2026-01-05", "requested_on_before": "2026-02-01"}
        ).content.decode()
        assert '<label class="mb-0" for="id_requested_on_0">du</label>' in html
        assert '<label class="mb-0" for="id_requested_on_1">au</label>' in html
        assert 'id="id_requested_on_0"' in html and 'value="2026-01-05"' in html
        assert 'id="id_requested_on_1"' in html and 'value="2026-02-01"' in html

    def test_filters(self, client, youth, scheme, staff, manager, envelope):
        site = SiteFactory(mission_locale=youth.mission_locale)
        youth.site = site
        youth.save()
        other_scheme = AidSchemeFactory()
        refused = file_request(youth, scheme, staff)
        services.aid_request_refuse(aid_request=refused, by=manager, reason="Hors critères")
        kept = file_request(youth, other_scheme, staff)
        client.force_login(manager.user)
        url = reverse("mobility:aid_list")

        def records(**params):
            return [row.record for row in client.get(url, params).context["table"].rows]

        assert records(status="refused") == [refused]
        assert records(scheme=other_scheme.pk) == [kept]
        assert len(records(site=site.pk)) == 2
        assert records(requested_by=manager.pk) == []
        assert len(records(requested_on_after=TODAY.isoformat(), requested_on_before=TODAY.isoformat())) == 2
        assert records(requested_on_before=(TODAY - datetime.timedelta(days=1)).isoformat()) == []

    def test_filter_dropdowns_stay_within_the_mission_locale(self, client, staff):
        other = StaffMemberFactory()
        SiteFactory(mission_locale=other.mission_locale, name="Antenne d'ailleurs")
        client.force_login(staff.user)
        form = client.get(reverse("mobility:aid_list")).context["filter"].form
        assert other not in form.fields["requested_by"].queryset
        assert not form.fields["site"].queryset.filter(name="Antenne d'ailleurs").exists()

    def test_csv_export_without_justification(self, client, youth, scheme, staff, manager):
        file_request(youth, scheme, staff)
        client.force_login(manager.user)
        response = client.get(reverse("mobility:aid_list"), {"_export": "csv", "status": "requested"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f"demandes-aides-{TODAY:%Y-%m-%d}.csv" in response["Content-Disposition"]
        content = response.content.decode()
        rows = list(csv.reader(io.StringIO(content)))
        assert rows[0] == [
            "Date",
            "Jeune",
            "Dispositif",
            "Demandé",
            "Accordé",
            "Statut",
            "Conseiller",
            "Lieu de suivi",
        ]
        assert rows[1][1] == str(youth)
        assert rows[1][3] == "150,00\u00a0€"
        assert "chantier d'insertion" not in content
        assert client.get(reverse("mobility:aid_list"), {"_export": "xlsx"}).status_code == 404

    def test_csv_export_neutralises_formulas(self, client, youth, scheme, staff, manager):
        youth.last_name = "=HYPERLINK(1)"
        youth.save()
        file_request(youth, scheme, staff)
        client.force_login(manager.user)
        rows = list(
            csv.reader(io.StringIO(client.get(reverse("mobility:aid_list"), {"_export": "csv"}).content.decode()))
        )
        assert rows[1][1].startswith("'=HYPERLINK(1)")

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, mission_locale, scheme, manager, count):
        for _ in range(count):
            youth = YouthFactory(mission_locale=mission_locale, site=SiteFactory(mission_locale=mission_locale))
            AidRequestFactory(youth=youth, scheme=scheme)
        client.force_login(manager.user)
        # + count, rows, and the scheme, site and counsellor dropdowns
        with django_assert_num_queries(BASE_QUERIES + 5):
            response = client.get(reverse("mobility:aid_list"))
        assert len(response.context["table"].rows) == count


class TestAidDetail:
    def test_manager_decides_with_the_history_on_the_page(self, client, youth, scheme, staff, manager, envelope):
        aid = file_request(youth, scheme, staff)
        client.force_login(manager.user)
        html = client.get(aid.get_absolute_url()).content.decode()
        assert "Trajets vers un chantier d&#x27;insertion" in html
        for action in ("grant", "adjourn", "refuse", "cancel"):
            assert f'action="{action_url(aid, action)}"' in html
        assert f'action="{action_url(aid, "pay")}"' not in html
        response = client.post(action_url(aid, "grant"), {"grant-amount": "100", "grant-comment": "Dossier complet"})
        assert response["Location"] == aid.get_absolute_url()
        aid.refresh_from_db()
        assert (aid.status, aid.amount_granted) == (AidStatus.GRANTED, 10000)
        assert Envelope.objects.get().amount_granted == 10000
        response = client.post(
            action_url(aid, "pay"), {"pay-paid_on": TODAY.isoformat(), "pay-method": PaymentMethod.CHEQUE}
        )
        assert response.status_code == 302
        html = client.get(aid.get_absolute_url()).content.decode()
        assert "demandée → accordée" in html
        assert "accordée → versée" in html
        assert "Dossier complet" in html

    def test_insufficient_envelope_is_explained(self, client, youth, scheme, staff, manager):
        EnvelopeFactory(scheme=scheme, mission_locale=youth.mission_locale, amount_total=5000)
        aid = file_request(youth, scheme, staff)
        client.force_login(manager.user)
        response = client.post(action_url(aid, "grant"), {"grant-amount": "150"})
        assert response.status_code == 400
        assert "Enveloppe insuffisante : il reste 50,00\u00a0€" in response.content.decode()

    def test_refusal_needs_a_reason(self, client, youth, scheme, staff, manager):
        aid = file_request(youth, scheme, staff)
        client.force_login(manager.user)
        response = client.post(action_url(aid, "refuse"), {"refuse-reason": ""})
        assert response.status_code == 400
        assert 'id="id_refuse-reason-erreurs">' in response.content.decode()

    def test_forbidden_transition_is_explained(self, client, youth, scheme, staff, manager):
        aid = file_request(youth, scheme, staff)
        client.force_login(manager.user)
        response = client.post(
            action_url(aid, "pay"), {"pay-paid_on": TODAY.isoformat(), "pay-method": PaymentMethod.CHEQUE}
        )
        assert response.status_code == 400
        assert (
            "Impossible d&#x27;enregistrer le versement de cette aide : elle est en attente de décision."
            in response.content.decode()
        )

    def test_counsellor_may_withdraw_their_request(self, client, youth, scheme, staff):
        aid = file_request(youth, scheme, staff)
        client.force_login(staff.user)
        html = client.get(aid.get_absolute_url()).content.decode()
        assert "Retirer la demande" in html
        assert f'action="{action_url(aid, "grant")}"' not in html
        response = client.post(action_url(aid, "cancel"), {"cancel-reason": "Le jeune a trouvé un covoiturage"})
        assert response.status_code == 302
        aid.refresh_from_db()
        assert aid.status == AidStatus.CANCELLED

    @pytest.mark.parametrize("events", [1, 20])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, youth, scheme, manager, events):
        aid = AidRequestFactory(youth=youth, scheme=scheme)
        AidRequestEventFactory.create_batch(events, aid_request=aid)
        client.force_login(manager.user)
        # + the request with its relations, its events
        with django_assert_num_queries(BASE_QUERIES + 2):
            response = client.get(aid.get_absolute_url())
        assert len(response.context["events"]) == events


class TestSchemes:
    def test_staff_see_their_envelopes_and_the_regional_ones(self, client, staff, scheme):
        EnvelopeFactory(scheme=scheme, mission_locale=staff.mission_locale, amount_total=200000)
        EnvelopeFactory(scheme=scheme, mission_locale=None, amount_total=900000)
        EnvelopeFactory(scheme=scheme, mission_locale=MissionLocaleFactory(name="Mission locale voisine"))
        Envelope.objects.filter(mission_locale=staff.mission_locale).update(amount_granted=50000, amount_paid=20000)
        client.force_login(staff.user)
        html = client.get(reverse("mobility:scheme_list")).content.decode()
        assert staff.mission_locale.name in html
        assert "Enveloppe régionale" in html
        assert "Mission locale voisine" not in html
        assert "1\u202f500,00\u00a0€" in html  # remaining of the mission locale's envelope
        assert 'max="200000" value="50000" aria-label="' in html
        assert (
            'aria-valuetext="500,00\u00a0€ accordés sur 2\u202f000,00\u00a0€ (25 %), reste 1\u202f500,00\u00a0€"'
            in html
        )
        assert 'max="200000" value="20000" aria-label="' in html
        assert "25 % accordé" in html and "10 % versé" in html

    def test_regional_staff_see_every_mission_locale_and_totals(self, client, regional_user, scheme):
        for name in ("Mission locale A", "Mission locale B"):
            EnvelopeFactory(scheme=scheme, mission_locale=MissionLocaleFactory(name=name), amount_total=100000)
        client.force_login(regional_user)
        html = client.get(reverse("mobility:scheme_list")).content.decode()
        assert "Mission locale A" in html and "Mission locale B" in html
        assert "<tfoot>" in html
        assert "2\u202f000,00\u00a0€" in html

    def test_closed_scheme_shows_as_closed(self, client, staff):
        AidSchemeFactory(
            name="10 000 permis", valid_from=datetime.date(2009, 1, 1), valid_until=datetime.date(2011, 12, 31)
        )
        client.force_login(staff.user)
        html = client.get(reverse("mobility:scheme_list")).content.decode()
        assert "fermé depuis le 31/12/2011" in html

    def test_other_years(self, client, staff, scheme):
        EnvelopeFactory(scheme=scheme, mission_locale=staff.mission_locale, year=TODAY.year - 1, amount_total=4200)
        client.force_login(staff.user)
        assert "42,00" not in client.get(reverse("mobility:scheme_list")).content.decode()
        html = client.get(reverse("mobility:scheme_list"), {"annee": TODAY.year - 1}).content.decode()
        assert "42,00" in html

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, regional_user, count):
        for _ in range(count):
            scheme = AidSchemeFactory()
            EnvelopeFactory(scheme=scheme, mission_locale=MissionLocaleFactory())
            EnvelopeFactory(scheme=scheme, mission_locale=None)
        client.force_login(regional_user)
        # session, user (no staff member, known from the same query), regional group, schemes, envelopes
        with django_assert_num_queries(5):
            response = client.get(reverse("mobility:scheme_list"))
        assert len(response.context["rows"]) == count

    def test_scheme_page_says_the_rules_in_french(self, client, staff, reference_data):
        client.force_login(staff.user)
        response = client.get(reverse("mobility:scheme_detail", kwargs={"code": "faj-pas-de-calais"}))
        rules = response.context["rules"]
        assert (
            "Âge le jour de la demande : de 18 à 25 ans ; "
            "dès 16 ans pour un jeune en apprentissage, formation ou immersion en entreprise." in rules
        )
        assert "Résider dans le Pas-de-Calais." in rules
        assert "Ne pas percevoir le RSA (le conseiller le déclare à la demande)." in rules
        assert "Non cumulable sur 12 mois avec : FIPJ — Fonds pour l'insertion professionnelle des jeunes." in rules
        html = client.get(reverse("mobility:scheme_detail", kwargs={"code": "lmcu-tickets"})).content.decode()
        assert "dans l&#x27;une des 85 communes du dispositif (Anstaing, Armentières" in html
        html = client.get(reverse("mobility:scheme_detail", kwargs={"code": "10000-permis"})).content.decode()
        assert "Ouvert du 01/01/2009 au 31/12/2011." in html
        assert "Fermé à ce jour : aucune nouvelle demande." in html

    def test_scheme_page_envelopes_are_scoped(self, client, staff, scheme):
        EnvelopeFactory(scheme=scheme, mission_locale=MissionLocaleFactory(name="Mission locale voisine"))
        EnvelopeFactory(scheme=scheme, mission_locale=staff.mission_locale)
        client.force_login(staff.user)
        html = client.get(scheme.get_absolute_url()).content.decode()
        assert staff.mission_locale.name in html
        assert "Mission locale voisine" not in html
        assert client.get(reverse("mobility:scheme_detail", kwargs={"code": "inconnu"})).status_code == 404


class TestCaseFile:
    def test_the_case_file_shows_the_three_sections(self, client, youth, scheme, staff, manager, envelope):
        MobilityAssessmentFactory(youth=youth, licence_status="none", date=datetime.date(2025, 1, 10))
        MobilityAssessmentFactory(youth=youth, licence_status="theory_passed", date=datetime.date(2025, 3, 14))
        aid = file_request(youth, scheme, staff)
        services.aid_request_grant(aid_request=aid, by=manager)
        client.force_login(staff.user)
        html = client.get(youth.get_absolute_url()).content.decode()
        assert ">Mobilité</h2>" in html
        assert "permis : aucun → code obtenu, 14/03/2025" in html
        assert ">Aides possibles</h2>" in html
        assert ">Passeport mobilité</h2>" in html
        assert "Accordé en tout : 150,00\u00a0€." in html
