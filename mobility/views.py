from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from config.access import RegionalOrStaffMixin, StaffMemberRequiredMixin, is_regional
from config.exports import neutralise
from youths.models import Youth

from . import services
from .eligibility import describe_rules, eligibility
from .enums import PENDING_STATUSES
from .filters import AidRequestFilterSet
from .forms import AidRequestForm, AssessmentForm, GrantForm, JobRefusalForm, PayForm, ReasonForm
from .models import AidRequest, AidScheme, Envelope, MobilityAssessment
from .tables import AidRequestTable


def youth_of(request, public_id):
    """A case file of the user's mission locale, or 404 (never a file of another one)."""
    queryset = Youth.objects.visible_to(request.user).select_related("residence_commune", "mission_locale")
    return get_object_or_404(queryset, public_id=public_id)


def case_file_url(youth, section):
    return f"{youth.get_absolute_url()}#section-{section}"


class YouthFormView(StaffMemberRequiredMixin, View):
    """A form about one young person, on its own page, back to the case file once saved."""

    template_name = "mobility/youth_form.html"
    page_title = ""
    submit_label = "Enregistrer"
    intro = ""

    def render_page(self, youth, form, **extra):
        context = {
            "youth": youth,
            "form": form,
            "page_title": self.page_title,
            "submit_label": self.submit_label,
            "intro": self.intro,
            **extra,
        }
        return render(self.request, self.template_name, context)


class AssessmentCreateView(YouthFormView):
    page_title = "Bilan de mobilité"
    submit_label = "Enregistrer le bilan"
    intro = "Le formulaire reprend le dernier bilan : ne changez que ce qui a bougé."

    def get(self, request, public_id):
        youth = youth_of(request, public_id)
        latest = MobilityAssessment.objects.filter(youth=youth).order_by("-date", "-id").first()
        return self.render_page(youth, AssessmentForm.prefilled_from(latest), latest=latest)

    def post(self, request, public_id):
        youth = youth_of(request, public_id)
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_record(youth=youth, recorded_by=self.staff_member, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Bilan de mobilité enregistré : c'est désormais le profil actuel.")
                return redirect(case_file_url(youth, "mobility"))
        return self.render_page(youth, form)


class JobRefusalCreateView(YouthFormView):
    page_title = "Refus d'une offre ou d'une formation"
    submit_label = "Enregistrer le refus"

    def get(self, request, public_id):
        youth = youth_of(request, public_id)
        return self.render_page(youth, JobRefusalForm(initial={"date": timezone.localdate()}))

    def post(self, request, public_id):
        youth = youth_of(request, public_id)
        form = JobRefusalForm(request.POST)
        if form.is_valid():
            try:
                services.job_refusal_record(youth=youth, recorded_by=self.staff_member, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Refus enregistré.")
                return redirect(case_file_url(youth, "mobility"))
        return self.render_page(youth, form)


class AidRequestCreateView(YouthFormView):
    template_name = "mobility/aid_request_form.html"
    page_title = "Demande d'aide"
    submit_label = "Envoyer la demande"

    def get(self, request, public_id):
        youth = youth_of(request, public_id)
        day = timezone.localdate()
        scheme = AidScheme.objects.open_on(day).filter(code=request.GET.get("dispositif", "")).first()
        form = AidRequestForm(staff=self.staff_member, day=day, initial=AidRequestForm.initial_for(scheme))
        reasons = eligibility(scheme, youth, day) if scheme else []
        return self.render_page(youth, form, scheme=scheme, reasons=reasons)

    def post(self, request, public_id):
        youth = youth_of(request, public_id)
        day = timezone.localdate()
        form = AidRequestForm(request.POST, staff=self.staff_member, day=day)
        reasons = []
        if form.is_valid():
            data = form.cleaned_data
            try:
                aid, created = services.aid_request_create(
                    youth=youth,
                    scheme=data["scheme"],
                    amount=data["amount_stored"],
                    requested_by=self.staff_member,
                    justification=data["justification"],
                    idempotency_key=data["idempotency_key"],
                    partner=data["partner"],
                    receives_rsa=data["receives_rsa"],
                    override_reason=data.get("override_reason", ""),
                    day=day,
                )
            except services.AidIneligible as refusal:
                reasons = refusal.reasons
                hint = ""
                if refusal.overridable:
                    hint = (
                        " La direction peut passer outre en écrivant le motif de la dérogation."
                        if self.staff_member.is_manager
                        else " Seule la direction peut passer outre, avec un motif écrit."
                    )
                form.add_error(None, refusal.message + hint)
            except services.AidError as error:
                form.add_error(None, error.message)
            else:
                if created:
                    messages.success(
                        request,
                        f"Demande « {aid.scheme.name} » enregistrée : elle attend la décision de la direction.",
                    )
                else:
                    messages.info(
                        request, "Cette demande était déjà enregistrée : elle n'a pas été envoyée deux fois."
                    )
                return redirect(aid)
        return self.render_page(youth, form, scheme=form.cleaned_data.get("scheme"), reasons=reasons)


class NeutralisedExport(TableExport):
    """Every cell through config.exports.neutralise(): a name typed as "=…" is never run by a spreadsheet."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        for index, row in enumerate(dataset):
            dataset[index] = tuple(neutralise(value) for value in row)
        return dataset


class AidRequestListView(StaffMemberRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """/aides/: for a manager the requests to decide first; for a counsellor their own requests by default."""

    model = AidRequest
    table_class = AidRequestTable
    filterset_class = AidRequestFilterSet
    template_name = "mobility/aid_list.html"
    table_pagination = {"per_page": 25}
    export_class = NeutralisedExport
    export_formats = ("csv",)
    export_name = "demandes-aides"

    def get_queryset(self):
        return (
            AidRequest.objects.of_mission_locale(self.staff_member)
            .select_related("youth__site", "scheme", "requested_by__user")
            .annotate(
                to_decide=Case(
                    When(status__in=PENDING_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .order_by("to_decide", "-requested_on", "-id")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.staff_member.is_manager and not self.request.GET:
            kwargs["data"] = {"requested_by": str(self.staff_member.pk)}
        return kwargs

    def get_table_kwargs(self):
        return {"is_manager": self.staff_member.is_manager}

    def get_export_filename(self, export_format):
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get(self.export_trigger_param) not in (None, *self.export_formats):
            raise Http404("Format d'export inconnu.")
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff"] = self.staff_member
        query = self.request.GET.copy()
        query.pop("page", None)
        query[self.export_trigger_param] = "csv"
        context["export_query"] = query.urlencode()
        return context


ACTIONS = {
    "grant": {"button": "Accorder", "title": "Accorder l'aide", "service": services.aid_request_grant},
    "adjourn": {"button": "Ajourner", "title": "Ajourner la décision", "service": services.aid_request_adjourn},
    "refuse": {"button": "Refuser", "title": "Refuser l'aide", "service": services.aid_request_refuse},
    "pay": {"button": "Enregistrer le versement", "title": "Versement", "service": services.aid_request_pay},
    "cancel": {"button": "Annuler l'aide", "title": "Annuler", "service": services.aid_request_cancel},
}
SUCCESS = {
    "grant": "Aide accordée : l'enveloppe est débitée.",
    "adjourn": "Décision ajournée.",
    "refuse": "Aide refusée.",
    "pay": "Versement enregistré.",
    "cancel": "Aide annulée.",
}


def action_form(action, aid, data=None):
    prefix = action
    if action == "grant":
        return GrantForm(data, aid_request=aid, prefix=prefix)
    if action == "pay":
        return PayForm(data, prefix=prefix)
    labels = {
        "adjourn": ("Motif de l'ajournement", "Pièce manquante, prochaine commission… Le conseiller le verra."),
        "refuse": ("Motif du refus", "Obligatoire : le conseiller le transmet au jeune."),
        "cancel": ("Motif de l'annulation", "Le jeune renonce, a trouvé une autre solution…"),
    }
    label, help_text = labels[action]
    return ReasonForm(data, label=label, help_text=help_text, prefix=prefix)


def service_kwargs(action, form):
    data = form.cleaned_data
    if action == "grant":
        return {"amount": data["amount"], "comment": data["comment"]}
    if action == "pay":
        return {"paid_on": data["paid_on"], "method": data["method"]}
    return {"reason": data["reason"]}


class AidRequestDetailView(StaffMemberRequiredMixin, View):
    """One request with its history; the manager's decisions are POST forms to the URLs of AidActionView."""

    template_name = "mobility/aid_detail.html"

    def get_aid(self):
        queryset = AidRequest.objects.of_mission_locale(self.staff_member).select_related(
            "youth",
            "scheme",
            "partner__commune",
            "envelope__scheme",
            "envelope__mission_locale",
            "requested_by__user",
            "decided_by__user",
            "overridden_by__user",
        )
        return get_object_or_404(queryset, public_id=self.kwargs["public_id"])

    def page(self, aid, bound=None):
        actions = services.allowed_actions(self.staff_member, aid)
        forms = []
        for action in actions:
            form = bound[1] if bound and bound[0] == action else action_form(action, aid)
            button = "Retirer la demande" if action == "cancel" and aid.is_pending else ACTIONS[action]["button"]
            forms.append({"action": action, "form": form, "button": button, "title": ACTIONS[action]["title"]})
        events = aid.events.select_related("actor__user").order_by("at", "id")
        context = {"aid": aid, "events": events, "action_forms": forms, "staff": self.staff_member}
        if bound and bound[0] not in actions:
            # An action no longer possible (the request moved meanwhile): its error goes at the top of the page.
            context["action_errors"] = bound[1].non_field_errors()
        return render(self.request, self.template_name, context, status=400 if bound else 200)

    def get(self, request, public_id):
        return self.page(self.get_aid())


class AidActionView(AidRequestDetailView):
    action = None
    http_method_names = ["post"]

    def post(self, request, public_id):
        aid = self.get_aid()
        form = action_form(self.action, aid, request.POST)
        if form.is_valid():
            try:
                ACTIONS[self.action]["service"](
                    aid_request=aid, by=self.staff_member, **service_kwargs(self.action, form)
                )
            except services.AidError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, SUCCESS[self.action])
                return redirect(aid)
        return self.page(aid, bound=(self.action, form))


def current_year(request):
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def scoped_envelopes(staff, regional):
    envelopes = Envelope.objects.select_related("mission_locale")
    if regional:
        return envelopes
    return envelopes.filter(Q(mission_locale_id=staff.mission_locale_id) | Q(mission_locale__isnull=True))


def envelope_totals(envelopes):
    totals = {"amount_total": 0, "amount_granted": 0, "amount_paid": 0}
    for envelope in envelopes:
        for key in totals:
            totals[key] += envelope.amount_total if key == "amount_total" else getattr(envelope, key)
    totals["remaining"] = totals["amount_total"] - totals["amount_granted"]
    return totals


class SchemeListView(RegionalOrStaffMixin, View):
    """/dispositifs/: each scheme with its envelopes of the year; regional staff see every mission locale's."""

    template_name = "mobility/scheme_list.html"

    def get(self, request):
        year = current_year(request)
        regional = self.staff_member is None and is_regional(request.user)
        schemes = list(AidScheme.objects.order_by("name"))
        by_scheme = defaultdict(list)
        for envelope in (
            scoped_envelopes(self.staff_member, regional)
            .filter(year=year)
            .order_by("scheme_id", "mission_locale__name")
        ):
            by_scheme[envelope.scheme_id].append(envelope)
        today = timezone.localdate()
        rows = []
        for scheme in schemes:
            envelopes = by_scheme.get(scheme.pk, [])
            for envelope in envelopes:
                envelope.scheme = scheme
            units = {envelope.unit for envelope in envelopes}
            rows.append(
                {
                    "scheme": scheme,
                    "is_open": scheme.is_open_on(today),
                    "envelopes": envelopes,
                    # A total only adds up envelopes counted in the same unit.
                    "totals": envelope_totals(envelopes)
                    if regional and len(envelopes) > 1 and len(units) == 1
                    else None,
                    "totals_unit": next(iter(units)) if len(units) == 1 else None,
                }
            )
        context = {
            "rows": rows,
            "year": year,
            "years": range(today.year + 1, today.year - 5, -1),
            "regional": regional,
            "staff": self.staff_member,
        }
        return render(request, self.template_name, context)


class SchemeDetailView(RegionalOrStaffMixin, View):
    """/dispositifs/<code>/: the rules in plain French and the envelopes, year by year."""

    template_name = "mobility/scheme_detail.html"

    def get(self, request, code):
        scheme = get_object_or_404(AidScheme, code=code)
        regional = self.staff_member is None and is_regional(request.user)
        commune_names = list(scheme.communes.order_by("name").values_list("name", flat=True))
        combinations = list(scheme.not_combinable_with.order_by("name").values_list("name", flat=True))
        envelopes = list(
            scoped_envelopes(self.staff_member, regional)
            .filter(scheme=scheme)
            .order_by("-year", "mission_locale__name")
        )
        for envelope in envelopes:
            envelope.scheme = scheme
        years = defaultdict(list)
        for envelope in envelopes:
            years[envelope.year].append(envelope)
        today = timezone.localdate()
        context = {
            "scheme": scheme,
            "is_open": scheme.is_open_on(today),
            "rules": describe_rules(scheme, commune_names, combinations, today),
            "years": sorted(years.items(), reverse=True),
            "regional": regional,
            "staff": self.staff_member,
        }
        return render(request, self.template_name, context)
