from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from config.access import RegionalOrStaffMixin, is_regional, staff_member_of

from .enums import SiteKind
from .filters import MissionLocaleFilter
from .home import home_sections_for
from .models import Commune, MissionLocale, Site
from .tables import MissionLocaleTable


def home(request):
    """The counsellor's home: their mission locale and its sites. Regional staff get the region at a glance."""
    staff = staff_member_of(request.user)
    context = {"staff": staff}
    if staff is not None:
        context["my_sites"] = staff.sites.select_related("commune").order_by("kind", "name")
        context["ml_sites"] = (
            Site.objects.filter(mission_locale=staff.mission_locale, is_active=True)
            .select_related("commune")
            .order_by("kind", "name")
        )
        context["home_sections"] = home_sections_for(request, staff)
    elif is_regional(request.user):
        context["region"] = MissionLocale.objects.aggregate(
            missions=Count("id", distinct=True),
            sites=Count("sites", filter=Q(sites__is_active=True)),
        )
    return render(request, "missions/home.html", context)


class MissionLocaleListView(RegionalOrStaffMixin, SingleTableMixin, FilterView):
    model = MissionLocale
    table_class = MissionLocaleTable
    filterset_class = MissionLocaleFilter
    template_name = "missions/missionlocale_list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return MissionLocale.objects.select_related("seat_commune").with_site_count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = self.filterset.qs.order_by().aggregate(
            missions=Count("id"), sites=Sum("site_count", default=0)
        )
        return context


class MissionLocaleDetailView(RegionalOrStaffMixin, DetailView):
    model = MissionLocale
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "missions/missionlocale_detail.html"
    context_object_name = "mission_locale"

    def get_object(self, queryset=None):
        return get_object_or_404(MissionLocale.objects.select_related("seat_commune"), code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sites = list(self.object.sites.select_related("commune").order_by("kind", "name"))
        context["sites"] = sites
        context["site_counts"] = {
            label: sum(1 for site in sites if site.kind == value) for value, label in SiteKind.choices
        }
        return context


def commune_suggestions(request):
    """Suggestions for the commune fields: name or start of the INSEE code, 15 at most, as JSON. For attached users
    (the staff of a mission locale, regional staff), like every reference page."""
    if staff_member_of(request.user) is None and not is_regional(request.user):
        raise PermissionDenied("Votre compte n'est rattaché à aucune mission locale.")
    term = request.GET.get("q", "")
    communes = Commune.objects.suggestions(term) if len(term.strip()) >= 2 else []
    return JsonResponse(
        {"results": [{"label": f"{c.name} ({c.insee_code})", "departement": c.departement} for c in communes]}
    )
