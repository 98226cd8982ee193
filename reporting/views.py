from django.contrib.auth.mixins import AccessMixin
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from config.access import is_regional, staff_member_of

from . import exports
from .dashboard import Statistics, choose_year, load_statistics
from .enums import ReportSource
from .page import dashboard_context
from .tables import MissionLocaleFiguresTable


class StatisticsAccessMixin(AccessMixin):
    """Regional staff (every mission locale) and ML managers (the region and their own); counsellors get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        staff = staff_member_of(request.user)
        self.regional = is_regional(request.user)
        self.manager = staff if staff is not None and staff.is_manager else None
        if not self.regional and self.manager is None:
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def statistics(self) -> Statistics:
        own = self.manager.mission_locale_id if self.manager is not None else None
        return load_statistics(own, self.request.GET.get("annee"), timezone.localdate())

    def chosen(self, statistics: Statistics) -> tuple[int | None, str | None]:
        """The year asked for if it has figures (else the latest), and the source of the table of missions locales
        (the one asked for if the year has it, else imported when there is, else live)."""
        year = choose_year(statistics.years, self.request.GET.get("annee"))
        sources = statistics.sources(year) if year is not None else {}
        source = self.request.GET.get("source")
        if source not in sources:
            source = next(iter(sources), None)
        return year, source


class DashboardView(StatisticsAccessMixin, TemplateView):
    template_name = "reporting/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statistics = self.statistics()
        year, source = self.chosen(statistics)
        asked = self.request.GET.get("annee", "")
        context.update(
            dashboard_context(statistics, year, source, regional=self.regional, today=timezone.localdate()),
            asked_year_missing=bool(asked) and asked != str(year),
            asked_year=asked,
        )
        table = context.get("table_data")
        if table is not None:
            context["table"] = MissionLocaleFiguresTable(
                table["rows"], totals=table["totals"], caption=table["caption"]
            )
            RequestConfig(self.request, paginate=False).configure(context["table"])
        return context


class ExportView(StatisticsAccessMixin, View):
    """CSV or XLSX of the headline figures, or (regional staff) of the table of missions locales."""

    what = None  # "chiffres-cles" or "missions-locales"

    def get(self, request, fmt):
        if fmt not in exports.FORMATS:
            raise Http404("Format d'export inconnu.")
        if self.what == exports.MISSIONS_LOCALES and not self.regional:
            self.raise_exception = True
            return self.handle_no_permission()
        statistics = self.statistics()
        year, source = self.chosen(statistics)
        if year is None:
            raise Http404("Aucun chiffre à exporter.")
        if self.what == exports.MISSIONS_LOCALES:
            dataset = exports.missions_locales_dataset(statistics, year, ReportSource(source))
        else:
            dataset = exports.headline_dataset(statistics, year)
        content, content_type = exports.render(dataset, fmt)
        response = HttpResponse(content, content_type=content_type)
        suffix = f"-{source}" if self.what == exports.MISSIONS_LOCALES else ""
        response["Content-Disposition"] = f'attachment; filename="statistiques-{self.what}-{year}{suffix}.{fmt}"'
        return response
