"""Pages of collective actions: the list of sessions, an action's page with registration and its waiting lists,
the attendance sheet, and the forms of actions and sessions.

A staff member sees the actions of their mission locale, and every inter-ML event; of an event their mission
locale does not take part in, only the public part (title, dates, places left). Young people are only ever shown
to the staff of their own mission locale.
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from config.access import StaffMemberRequiredMixin
from youths.enums import YouthStatus
from youths.models import Youth

from . import action_services as services
from .action_filters import ActionSessionFilterSet
from .action_forms import (
    ActionSessionForm,
    AttendanceSheetForm,
    CancelRegistrationForm,
    CollectiveActionForm,
    EuropeanMobilityForm,
)
from .action_tables import ActionSessionTable, session_when
from .actions import ActionSession, CollectiveAction, Registration
from .enums import LICENCE_STEPS, ActionKind, Attendance, LicenceStatus, RegistrationStatus

SEARCH_LIMIT = 15
ACTION_FIELDS = ["kind", "title", "description", "themes", "funder"]


def apply_errors(form, error: ValidationError):
    """A service's validation errors next to their field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def european_of(action):
    """The stay abroad of a European mobility (None for another action, or one still without details)."""
    return getattr(action, "european_mobility", None)


class ActionMixin(StaffMemberRequiredMixin):
    def get_action(self, public_id, for_edit=False):
        """An action the user may open (else 404); `for_edit`: one of their mission locale's (else 403)."""
        queryset = CollectiveAction.objects.visible_to(self.request.user).select_related(
            "mission_locale", "european_mobility", "created_by__user"
        )
        action = get_object_or_404(queryset, public_id=public_id)
        if for_edit and not services.can_edit(self.staff_member, action):
            raise PermissionDenied("Seule la mission locale porteuse de l'action peut la modifier.")
        return action

    def get_session(self, pk):
        queryset = ActionSession.objects.visible_to(self.request.user).select_related("action__mission_locale", "site")
        return get_object_or_404(queryset, pk=pk)


class ActionListView(ActionMixin, SingleTableMixin, FilterView):
    """/actions-collectives/: the sessions to come (or past), with the places left and the user's young people."""

    model = ActionSession
    table_class = ActionSessionTable
    filterset_class = ActionSessionFilterSet
    template_name = "mobility/actions/list.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        return (
            ActionSession.objects.visible_to(self.request.user)
            .select_related("action__mission_locale", "site")
            .with_counts(self.staff_member.mission_locale_id)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff"] = self.staff_member
        context["kinds"] = ActionKind.choices
        return context


def licence_rank(status):
    return LICENCE_STEPS.index(status) if status in LICENCE_STEPS else None


def licence_label(status):
    return LicenceStatus(status).label if status else "non renseigné"


def distance_label(km):
    return f"{km} km" if km is not None else "non précisée"


def workshop_impact(action, mission_locale_id, now):
    """For a mobility workshop: of the young people of this mission locale who attended, those whose latest
    mobility assessment after the workshop shows a wider accepted distance or a step forward on the licence,
    compared with the last assessment on or before it. One query."""
    registrations = (
        Registration.objects.filter(
            session__action=action,
            session__starts_at__lte=now,
            attendance=Attendance.PRESENT,
            youth__mission_locale_id=mission_locale_id,
        )
        .select_related("youth", "session")
        .with_assessments_around()
        .order_by("session__starts_at", "pk")
    )
    seen, rows = set(), []
    summary = {"attendees": 0, "comparable": 0, "wider_distance": 0, "licence_step": 0, "progressed": 0}
    for registration in registrations:
        if registration.youth_id in seen:  # several sessions: the first one attended counts
            continue
        seen.add(registration.youth_id)
        summary["attendees"] += 1
        if registration.before_date is None or registration.after_date is None:
            continue
        summary["comparable"] += 1
        before_km, after_km = registration.before_accepted_distance_km, registration.after_accepted_distance_km
        wider = before_km is not None and after_km is not None and after_km > before_km
        before_rank = licence_rank(registration.before_licence_status)
        after_rank = licence_rank(registration.after_licence_status)
        step = before_rank is not None and after_rank is not None and after_rank > before_rank
        summary["wider_distance"] += wider
        summary["licence_step"] += step
        if wider or step:
            summary["progressed"] += 1
            rows.append(
                {
                    "youth": registration.youth,
                    "session_day": registration.session.day,
                    "before_date": registration.before_date,
                    "after_date": registration.after_date,
                    "distance": (distance_label(before_km), distance_label(after_km)) if wider else None,
                    "licence": (
                        (
                            licence_label(registration.before_licence_status),
                            licence_label(registration.after_licence_status),
                        )
                        if step
                        else None
                    ),
                }
            )
    summary["rows"] = rows
    return summary


class ActionDetailView(ActionMixin, View):
    """An action with its sessions. Its organisers also get, for their own young people: the registered and the
    waiting list of each session, the search to register one more, the attendance sheets, and for a mobility
    workshop its impact."""

    template_name = "mobility/actions/detail.html"

    def get(self, request, public_id):
        action = self.get_action(public_id)
        staff = self.staff_member
        now = timezone.now()
        others = list(action.other_mission_locales.order_by("name"))
        takes_part = staff.mission_locale_id in {action.mission_locale_id, *(ml.pk for ml in others)}
        sessions = list(action.sessions.select_related("site").with_counts(staff.mission_locale_id))
        rows = {session.pk: {"session": session, "registered": [], "waiting": []} for session in sessions}
        if takes_part:
            registrations = (
                Registration.objects.active()
                .filter(session__action=action, youth__mission_locale_id=staff.mission_locale_id)
                .select_related("youth", "registered_by__user", "attendance_recorded_by__user")
                .with_waiting_rank()
                .order_by("position", "youth__last_name", "youth__first_name", "pk")
            )
            for registration in registrations:
                key = "waiting" if registration.status == RegistrationStatus.WAITING else "registered"
                rows[registration.session_id][key].append(registration)
        for session in sessions:
            row = rows[session.pk]
            row.update(
                when=session_when(session),
                open=session.registration_open(now),
                started=session.has_started(now),
                ended=session.ends_at < now,
            )
            marks = [registration.attendance for registration in row["registered"]]
            row["marks"] = {mark: marks.count(mark) for mark in Attendance.values}
        open_sessions = [session for session in sessions if rows[session.pk]["open"]]
        context = {
            "action": action,
            "european": european_of(action),
            "others": others,
            "staff": staff,
            "takes_part": takes_part,
            "can_edit": services.can_edit(staff, action),
            "sessions": [rows[session.pk] for session in sessions],
            # The coming sessions first, in order; then the past ones, the latest first.
            "coming_sessions": [rows[session.pk] for session in sessions if not rows[session.pk]["ended"]],
            "past_sessions": [rows[session.pk] for session in reversed(sessions) if rows[session.pk]["ended"]],
            "open_sessions": open_sessions,
        }
        if takes_part and open_sessions:
            context.update(self.search(open_sessions))
        if (
            takes_part
            and action.kind == ActionKind.MOBILITY_WORKSHOP
            and any(row["started"] for row in context["sessions"])
        ):
            context["impact"] = workshop_impact(action, staff.mission_locale_id, now)
        return render(request, self.template_name, context)

    def search(self, open_sessions):
        """Young people of the user's mission locale matching the name typed, each marked if already on the
        chosen session; one query."""
        term = self.request.GET.get("recherche", "").strip()[:100]
        chosen = open_sessions[0]
        wanted = self.request.GET.get("session", "")
        for session in open_sessions:
            if str(session.pk) == wanted:
                chosen = session
        found, more = None, False
        if len(term) >= 2:
            already = Registration.objects.active().filter(session=chosen, youth_id=OuterRef("pk"))
            found = list(
                Youth.objects.visible_to(self.request.user)
                .search(term)
                .exclude(status=YouthStatus.ANONYMISED)
                .annotate(already=Exists(already))
                .select_related("site")
                .order_by("last_name", "first_name", "pk")[: SEARCH_LIMIT + 1]
            )
            more = len(found) > SEARCH_LIMIT
            found = found[:SEARCH_LIMIT]
        return {"search_term": term, "chosen_session": chosen, "found": found, "found_more": more}


def action_page(session, anchor=None, query=None):
    """The action's page, at the session (or `anchor`), with a query string if given."""
    url = session.action.get_absolute_url()
    query = {key: value for key, value in (query or {}).items() if value}
    if query:
        url += "?" + urlencode(query)
    return url + f"#{anchor or f'session-{session.pk}'}"


class RegisterView(ActionMixin, View):
    """One click on a young person found by the search: registered on the session, or on its waiting list."""

    http_method_names = ["post"]

    def post(self, request, pk):
        session = self.get_session(pk)
        try:
            public_id = uuid.UUID(request.POST.get("jeune", ""))
        except ValueError as error:
            raise Http404("Jeune introuvable.") from error
        youth = get_object_or_404(Youth.objects.visible_to(request.user), public_id=public_id)
        term = request.POST.get("recherche", "").strip()[:100]
        back = action_page(session, anchor="inscrire", query={"session": session.pk, "recherche": term})
        try:
            registration = services.registration_create(session=session, youth=youth, by=self.staff_member)
        except services.AlreadyRegistered as error:
            messages.info(request, error.message)
        except services.ActionError as error:
            messages.error(request, error.message)
        else:
            if registration.status == RegistrationStatus.REGISTERED:
                messages.success(
                    request,
                    f"{youth} est {services.registered_word(youth)} à la session du {session.day:%d/%m/%Y}.",
                )
            else:
                rank = Registration.objects.filter(
                    session=session, status=RegistrationStatus.WAITING, position__lte=registration.position
                ).count()
                messages.warning(
                    request,
                    f"La session du {session.day:%d/%m/%Y} est complète : {youth} est sur la liste d'attente, "
                    f"en position {rank}. Une place libérée lui reviendra dans cet ordre.",
                )
        return redirect(back)


class CancelRegistrationView(ActionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        queryset = Registration.objects.filter(youth__mission_locale_id=self.staff_member.mission_locale_id)
        registration = get_object_or_404(queryset.select_related("session__action", "youth"), pk=pk)
        form = CancelRegistrationForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            _, promoted = services.registration_cancel(registration=registration, by=self.staff_member, reason=reason)
        except services.ActionError as error:
            messages.error(request, error.message)
        else:
            message = f"Inscription de {registration.youth} annulée."
            if promoted:
                message += " Le premier jeune de la liste d'attente prend la place libérée."
            messages.success(request, message)
        return redirect(action_page(registration.session))


class AttendanceView(ActionMixin, View):
    """The attendance sheet of a session, for the young people of the user's mission locale: one form for all."""

    template_name = "mobility/actions/attendance.html"

    def setup_sheet(self, pk):
        session = self.get_session(pk)
        if self.staff_member.mission_locale_id not in services.organiser_ids(session.action):
            raise PermissionDenied("Votre mission locale ne participe pas à cette action.")
        registrations = list(
            Registration.objects.filter(
                session=session,
                status=RegistrationStatus.REGISTERED,
                youth__mission_locale_id=self.staff_member.mission_locale_id,
            )
            .select_related("youth", "attendance_recorded_by__user")
            .order_by("youth__last_name", "youth__first_name", "pk")
        )
        return session, registrations

    def page(self, session, form, status=200):
        context = {
            "session": session,
            "action": session.action,
            "when": session_when(session),
            "form": form,
            "started": session.has_started(),
            "staff": self.staff_member,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        session, registrations = self.setup_sheet(pk)
        return self.page(session, AttendanceSheetForm(registrations=registrations))

    def post(self, request, pk):
        session, registrations = self.setup_sheet(pk)
        form = AttendanceSheetForm(request.POST, registrations=registrations)
        if form.is_valid():
            try:
                counts = services.attendance_record(session=session, by=self.staff_member, marks=form.marks())
            except services.ActionError as error:
                form.add_error(None, error.message)
            else:
                message = (
                    f"Présences enregistrées : {counts['present']} présent(s), {counts['absent']} absent(s), "
                    f"{counts['excused']} excusé(s)."
                )
                if counts["contacts_created"]:
                    message += f" {counts['contacts_created']} contact(s) ajouté(s) à l'historique des jeunes."
                if counts["contacts_removed"]:
                    message += f" {counts['contacts_removed']} contact(s) retiré(s) de l'historique."
                messages.success(request, message)
                return redirect(action_page(session))
        return self.page(session, form, status=400)


class ActionFormView(ActionMixin, View):
    template_name = "mobility/actions/action_form.html"

    def page(self, form, european_form, action=None, status=200):
        context = {"form": form, "european_form": european_form, "action": action, "staff": self.staff_member}
        return render(self.request, self.template_name, context, status=status)

    def submit(self, form, european_form, save):
        """Validate both forms (the stay abroad only for a European mobility), then save through the service."""
        valid = form.is_valid()
        is_european = form.cleaned_data.get("kind") == ActionKind.EUROPEAN_MOBILITY if valid else False
        if is_european and not european_form.is_valid():
            valid = False
        if valid:
            try:
                action = save(
                    by=self.staff_member,
                    fields={name: form.cleaned_data[name] for name in ACTION_FIELDS},
                    other_mission_locales=list(form.cleaned_data["other_mission_locales"]),
                    european=european_form.cleaned_data if is_european else None,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return action
        return None


class ActionCreateView(ActionFormView):
    def get(self, request):
        initial = CollectiveActionForm.initial_for(request.GET.get("type", ""))
        form = CollectiveActionForm(staff=self.staff_member, initial=initial)
        return self.page(form, EuropeanMobilityForm(prefix="europe"))

    def post(self, request):
        form = CollectiveActionForm(request.POST, staff=self.staff_member)
        european_form = EuropeanMobilityForm(request.POST, prefix="europe")
        action = self.submit(form, european_form, services.collective_action_create)
        if action is None:
            return self.page(form, european_form, status=400)
        messages.success(request, f"Action « {action.title} » créée : ajoutez maintenant ses sessions.")
        return redirect("mobility:action_session_create", public_id=action.public_id)


class ActionUpdateView(ActionFormView):
    def forms(self, action, data=None):
        form = CollectiveActionForm(data, staff=self.staff_member, instance=action)
        european_form = EuropeanMobilityForm(data, prefix="europe", instance=european_of(action))
        return form, european_form

    def get(self, request, public_id):
        action = self.get_action(public_id, for_edit=True)
        return self.page(*self.forms(action), action=action)

    def post(self, request, public_id):
        action = self.get_action(public_id, for_edit=True)
        form, european_form = self.forms(action, request.POST)

        def save(**kwargs):
            return services.collective_action_update(action=action, **kwargs)

        saved = self.submit(form, european_form, save)
        if saved is None:
            return self.page(form, european_form, action=action, status=400)
        messages.success(request, "Action modifiée.")
        return redirect(saved)


class SessionFormView(ActionMixin, View):
    template_name = "mobility/actions/session_form.html"

    def form(self, action, data=None, instance=None):
        return ActionSessionForm(data, action=action, organisers=services.organiser_ids(action), instance=instance)

    def page(self, action, form, session=None, status=200):
        context = {"action": action, "form": form, "session": session, "staff": self.staff_member}
        return render(self.request, self.template_name, context, status=status)

    def save(self, action, form, session=None):
        if not form.is_valid():
            return self.page(action, form, session=session, status=400)
        try:
            saved, promoted = services.action_session_save(
                action=action, by=self.staff_member, session=session, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.page(action, form, session=session, status=400)
        message = f"Session du {saved.day:%d/%m/%Y} enregistrée."
        if promoted:
            message += f" {len(promoted)} jeune(s) de la liste d'attente passe(nt) parmi les inscrits."
        messages.success(self.request, message)
        return redirect(action_page(saved))


class SessionCreateView(SessionFormView):
    def get(self, request, public_id):
        action = self.get_action(public_id, for_edit=True)
        return self.page(action, self.form(action))

    def post(self, request, public_id):
        action = self.get_action(public_id, for_edit=True)
        return self.save(action, self.form(action, request.POST))


class SessionUpdateView(SessionFormView):
    def get_own_session(self, action, pk):
        return get_object_or_404(ActionSession.objects.filter(action=action), pk=pk)

    def get(self, request, public_id, pk):
        action = self.get_action(public_id, for_edit=True)
        session = self.get_own_session(action, pk)
        return self.page(action, self.form(action, instance=session), session=session)

    def post(self, request, public_id, pk):
        action = self.get_action(public_id, for_edit=True)
        session = self.get_own_session(action, pk)
        return self.save(action, self.form(action, request.POST, instance=session), session=session)
