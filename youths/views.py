from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from config.access import StaffMemberRequiredMixin

from . import services
from .exports import CONTENT_TYPES, caseload_export_response
from .filters import CaseloadFilterSet
from .forms import (
    ContactForm,
    DuplicateConfirmationForm,
    ReferentForm,
    SituationForm,
    TransferForm,
    YouthIdentityForm,
)
from .models import CaseFileAccess, Contact, Situation, Youth
from .sections import latest_situation, sections_for, situations_of
from .tables import CaseloadTable
from .timeline import timeline_page

ACCESS_LOG_PAGE_SIZE = 50


def _apply_errors(form, error: ValidationError):
    """Model validation errors back onto the form, next to their field when it has one."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


class YouthMixin(StaffMemberRequiredMixin):
    """Views about one case file: the file is looked up within the user's mission locale only (else 404)."""

    youth_queryset_related = ("referent__user", "site", "residence_commune", "mission_locale")

    page_title = ""
    submit_label = "Enregistrer"

    def get_youth(self):
        queryset = Youth.objects.visible_to(self.request.user).select_related(*self.youth_queryset_related)
        return get_object_or_404(queryset, public_id=self.kwargs["public_id"])

    def page(self, youth, form, **extra):
        context = {"youth": youth, "form": form, "page_title": self.page_title, "submit_label": self.submit_label}
        return render(self.request, self.template_name, {**context, **extra})


class YouthCreateView(StaffMemberRequiredMixin, View):
    """First welcome: the file and its first contact in one go, after a check for possible duplicates."""

    template_name = "youths/welcome.html"

    def get(self, request):
        identity = YouthIdentityForm(staff=self.staff_member)
        contact = ContactForm(staff=self.staff_member, prefix="contact")
        return self.render(identity, contact, DuplicateConfirmationForm(), [])

    def post(self, request):
        identity = YouthIdentityForm(request.POST, staff=self.staff_member)
        contact = ContactForm(request.POST, staff=self.staff_member, prefix="contact")
        confirmation = DuplicateConfirmationForm(request.POST)
        duplicates = []
        # The age rule is checked on the day of the first contact (today when that date is itself wrong).
        contact_valid = contact.is_valid()
        identity.instance.first_contact_date = contact.cleaned_data["date"] if contact_valid else timezone.localdate()
        if identity.is_valid() and contact.is_valid() and confirmation.is_valid():
            data = identity.cleaned_data
            duplicates = services.possible_duplicates(
                mission_locale=self.staff_member.mission_locale,
                birth_date=data["birth_date"],
                last_name=data["last_name"],
                first_name=data["first_name"],
            )
            if not duplicates or confirmation.cleaned_data["confirm_not_duplicate"]:
                try:
                    youth = services.youth_welcome(
                        counsellor=self.staff_member,
                        identity={name: data[name] for name in identity.Meta.fields},
                        contact={name: contact.cleaned_data[name] for name in contact.Meta.fields},
                    )
                except ValidationError as error:
                    _apply_errors(identity, error)
                else:
                    messages.success(
                        request, f"Dossier de {youth.first_name} {youth.last_name} créé avec son premier accueil."
                    )
                    return redirect(youth)
        return self.render(identity, contact, confirmation, duplicates)

    def render(self, identity, contact, confirmation, duplicates):
        context = {"form": identity, "contact_form": contact, "confirmation": confirmation, "duplicates": duplicates}
        return render(self.request, self.template_name, context)


class YouthDetailView(YouthMixin, View):
    """The case file. Each display is written to the access log."""

    template_name = "youths/detail.html"

    def get(self, request, public_id):
        youth = self.get_youth()
        CaseFileAccess.objects.create(youth=youth, user=request.user)
        staff = self.staff_member
        today = timezone.localdate()
        page, entries = timeline_page(youth, situations_of(youth), request.GET.get("page"))
        for entry in entries:
            if entry.kind == "contact":
                entry.can_correct = services.contact_can_be_corrected(entry.object, staff)
        context = {
            "youth": youth,
            "staff": staff,
            "today": today,
            "current_situation": latest_situation(youth, today),
            "timeline": {"page": page, "entries": entries},
            "contact_form": ContactForm(staff=staff, prefix="contact"),
            "sections": sections_for(request, youth),
            "can_manage": staff.is_manager,
            "can_see_accesses": can_see_accesses(staff, youth),
        }
        return render(request, self.template_name, context)


def can_see_accesses(staff, youth):
    """Who read a file is shown to its referent and to the direction of the mission locale."""
    return staff.is_manager or youth.referent_id == staff.pk


class AccessLogView(YouthMixin, View):
    """Who opened the case file and when, the latest first, page by page. Reading it is not reading the file."""

    template_name = "youths/access_log.html"

    def get(self, request, public_id):
        youth = self.get_youth()
        if not can_see_accesses(self.staff_member, youth):
            raise PermissionDenied("Le journal des consultations est réservé au référent du jeune et à la direction.")
        accesses = CaseFileAccess.objects.filter(youth=youth).select_related("user").order_by("-accessed_at", "-id")
        page = Paginator(accesses, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, self.template_name, {"youth": youth, "page": page})


class ContactCreateView(YouthMixin, View):
    template_name = "youths/contact_form.html"
    page_title = "Nouveau contact"

    def get(self, request, public_id):
        youth = self.get_youth()
        return self.page(youth, ContactForm(staff=self.staff_member))

    def post(self, request, public_id):
        youth = self.get_youth()
        form = ContactForm(request.POST, staff=self.staff_member, prefix=request.POST.get("prefix") or None)
        if form.is_valid():
            services.contact_record(youth=youth, counsellor=self.staff_member, **form.cleaned_data)
            messages.success(request, "Contact enregistré.")
            return redirect(youth)
        return self.page(youth, form)


class ContactCorrectView(YouthMixin, View):
    template_name = "youths/contact_form.html"
    page_title = "Corriger le contact"

    def get_contact(self, youth):
        contact = get_object_or_404(Contact.objects.filter(youth=youth), pk=self.kwargs["pk"])
        if not services.contact_can_be_corrected(contact, self.staff_member):
            raise PermissionDenied("Seul l'auteur d'un contact peut le corriger, et seulement le jour de sa saisie.")
        return contact

    def get(self, request, public_id, pk):
        youth = self.get_youth()
        contact = self.get_contact(youth)
        form = ContactForm(instance=contact, staff=self.staff_member)
        return self.page(youth, form, contact=contact)

    def post(self, request, public_id, pk):
        youth = self.get_youth()
        contact = self.get_contact(youth)
        form = ContactForm(request.POST, instance=contact, staff=self.staff_member)
        if form.is_valid():
            services.contact_correct(contact=contact, editor=self.staff_member, **form.cleaned_data)
            messages.success(request, "Contact corrigé.")
            return redirect(youth)
        return self.page(youth, form, contact=contact)


class YouthUpdateView(YouthMixin, View):
    template_name = "youths/identity_form.html"
    page_title = "Modifier l'identité"

    def get(self, request, public_id):
        youth = self.get_youth()
        return self.page(youth, YouthIdentityForm(instance=youth, staff=self.staff_member))

    def post(self, request, public_id):
        youth = self.get_youth()
        form = YouthIdentityForm(request.POST, instance=youth, staff=self.staff_member)
        if form.is_valid():
            form.save()
            messages.success(request, "Identité mise à jour.")
            return redirect(youth)
        return self.page(youth, form)


class SituationCreateView(YouthMixin, View):
    template_name = "youths/situation_form.html"
    page_title = "Nouvelle situation"

    def get(self, request, public_id):
        youth = self.get_youth()
        return self.page(youth, SituationForm())

    def post(self, request, public_id):
        youth = self.get_youth()
        form = SituationForm(request.POST)
        if form.is_valid():
            try:
                services.situation_record(youth=youth, recorded_by=self.staff_member, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Situation enregistrée.")
                return redirect(youth)
        return self.page(youth, form)


class SituationUpdateView(YouthMixin, View):
    """Correct a situation (its end, its label…): the history keeps the corrected version."""

    template_name = "youths/situation_form.html"
    page_title = "Modifier la situation"

    def get_situation(self, youth):
        return get_object_or_404(Situation.objects.filter(youth=youth), pk=self.kwargs["pk"])

    def get(self, request, public_id, pk):
        youth = self.get_youth()
        return self.page(youth, SituationForm(instance=self.get_situation(youth)))

    def post(self, request, public_id, pk):
        youth = self.get_youth()
        form = SituationForm(request.POST, instance=self.get_situation(youth))
        if form.is_valid():
            form.save()
            messages.success(request, "Situation modifiée.")
            return redirect(youth)
        return self.page(youth, form)


class ManagerActionMixin(YouthMixin):
    def check_manager(self):
        if not self.staff_member.is_manager:
            raise PermissionDenied("Réservé à la direction de la mission locale.")


class ReferentChangeView(ManagerActionMixin, View):
    template_name = "youths/referent_form.html"
    page_title = "Changer de référent"

    def get(self, request, public_id):
        youth = self.get_youth()
        self.check_manager()
        form = ReferentForm(staff=self.staff_member, initial={"referent": youth.referent})
        return self.page(youth, form)

    def post(self, request, public_id):
        youth = self.get_youth()
        self.check_manager()
        form = ReferentForm(request.POST, staff=self.staff_member)
        if form.is_valid():
            services.youth_change_referent(youth=youth, referent=form.cleaned_data["referent"], by=self.staff_member)
            messages.success(request, "Référent modifié.")
            return redirect(youth)
        return self.page(youth, form)


class TransferView(ManagerActionMixin, View):
    template_name = "youths/transfer_form.html"
    page_title = "Transférer le dossier"
    submit_label = "Transférer"

    def get(self, request, public_id):
        youth = self.get_youth()
        self.check_manager()
        return self.page(youth, TransferForm(staff=self.staff_member))

    def post(self, request, public_id):
        youth = self.get_youth()
        self.check_manager()
        form = TransferForm(request.POST, staff=self.staff_member)
        if form.is_valid():
            transfer = services.youth_transfer(
                youth=youth, to=form.cleaned_data["to"], by=self.staff_member, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                f"Dossier de {youth.first_name} {youth.last_name} transféré à {transfer.to_mission_locale}, "
                "avec tout son historique.",
            )
            return redirect(reverse("home"))
        return self.page(youth, form)


class CaseloadView(StaffMemberRequiredMixin, SingleTableMixin, FilterView):
    """The caseload: by default the staff member's own open files; filters, sorting, 25 per page, exports."""

    model = Youth
    table_class = CaseloadTable
    filterset_class = CaseloadFilterSet
    template_name = "youths/caseload.html"
    table_pagination = {"per_page": 25}
    export_param = "export"

    def get_queryset(self):
        return Youth.objects.visible_to(self.request.user).select_related("site", "referent__user")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "staff": self.staff_member}

    def get_table_kwargs(self):
        return {"searching": bool(self.request.GET.get("q", "").strip())}  # see CaseloadTable.order_name

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get(self.export_param)
        if export_format not in CONTENT_TYPES:
            return super().get(request, *args, **kwargs)
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_valid():
            return super().get(request, *args, **kwargs)  # the page, with the errors next to the fields
        # The export keeps the table's order: the table applies its sort to the queryset without reading it.
        table = self.get_table_class()(self.filterset.qs, order_by=request.GET.get("sort"))
        return caseload_export_response(
            table.data.data, export_format=export_format, mission_locale=self.staff_member.mission_locale
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(self.export_param, None)
        context["export_links"] = []
        for export_format in CONTENT_TYPES:
            query[self.export_param] = export_format
            context["export_links"].append({"format": export_format.upper(), "query": query.urlencode()})
        context["staff"] = self.staff_member
        return context
