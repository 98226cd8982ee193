from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.MissionLocaleListView.as_view(), name="list"),
    path("<slug:code>/", views.MissionLocaleDetailView.as_view(), name="detail"),
]
