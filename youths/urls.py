from django.urls import path

from . import subject_access, views

app_name = "youths"

urlpatterns = [
    path("", views.CaseloadView.as_view(), name="caseload"),
    path("nouveau/", views.YouthCreateView.as_view(), name="create"),
    path("<uuid:public_id>/", views.YouthDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/modifier/", views.YouthUpdateView.as_view(), name="update"),
    path("<uuid:public_id>/contacts/nouveau/", views.ContactCreateView.as_view(), name="contact_create"),
    path("<uuid:public_id>/contacts/<int:pk>/corriger/", views.ContactCorrectView.as_view(), name="contact_correct"),
    path("<uuid:public_id>/situations/nouvelle/", views.SituationCreateView.as_view(), name="situation_create"),
    path(
        "<uuid:public_id>/situations/<int:pk>/modifier/", views.SituationUpdateView.as_view(), name="situation_update"
    ),
    path("<uuid:public_id>/referent/", views.ReferentChangeView.as_view(), name="referent"),
    path("<uuid:public_id>/transfert/", views.TransferView.as_view(), name="transfer"),
    path("<uuid:public_id>/consultations/", views.AccessLogView.as_view(), name="access_log"),
    path(
        "<uuid:public_id>/donnees-personnelles/",
        subject_access.SubjectAccessView.as_view(),
        name="subject_access",
    ),
    path(
        "<uuid:public_id>/donnees-personnelles.json",
        subject_access.SubjectAccessJsonView.as_view(),
        name="subject_access_json",
    ),
]
