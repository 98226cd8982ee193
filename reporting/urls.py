from django.urls import path

from . import exports, views

app_name = "reporting"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path(
        f"export/{exports.HEADLINE}.<str:fmt>", views.ExportView.as_view(what=exports.HEADLINE), name="export_headline"
    ),
    path(
        f"export/{exports.MISSIONS_LOCALES}.<str:fmt>",
        views.ExportView.as_view(what=exports.MISSIONS_LOCALES),
        name="export_missions_locales",
    ),
]
