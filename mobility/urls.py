from django.urls import path

from . import action_views, views

app_name = "mobility"

urlpatterns = [
    path("jeunes/<uuid:public_id>/mobilite/bilan/", views.AssessmentCreateView.as_view(), name="assessment_create"),
    path("jeunes/<uuid:public_id>/mobilite/refus/", views.JobRefusalCreateView.as_view(), name="refusal_create"),
    path("jeunes/<uuid:public_id>/mobilite/aide/", views.AidRequestCreateView.as_view(), name="aid_create"),
    path("aides/", views.AidRequestListView.as_view(), name="aid_list"),
    path("aides/<uuid:public_id>/", views.AidRequestDetailView.as_view(), name="aid_detail"),
    path("aides/<uuid:public_id>/accorder/", views.AidActionView.as_view(action="grant"), name="aid_grant"),
    path("aides/<uuid:public_id>/ajourner/", views.AidActionView.as_view(action="adjourn"), name="aid_adjourn"),
    path("aides/<uuid:public_id>/refuser/", views.AidActionView.as_view(action="refuse"), name="aid_refuse"),
    path("aides/<uuid:public_id>/verser/", views.AidActionView.as_view(action="pay"), name="aid_pay"),
    path("aides/<uuid:public_id>/annuler/", views.AidActionView.as_view(action="cancel"), name="aid_cancel"),
    path("dispositifs/", views.SchemeListView.as_view(), name="scheme_list"),
    path("dispositifs/<slug:code>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("actions-collectives/", action_views.ActionListView.as_view(), name="action_list"),
    path("actions-collectives/nouvelle/", action_views.ActionCreateView.as_view(), name="action_create"),
    path("actions-collectives/<uuid:public_id>/", action_views.ActionDetailView.as_view(), name="action_detail"),
    path(
        "actions-collectives/<uuid:public_id>/modifier/",
        action_views.ActionUpdateView.as_view(),
        name="action_update",
    ),
    path(
        "actions-collectives/<uuid:public_id>/sessions/nouvelle/",
        action_views.SessionCreateView.as_view(),
        name="action_session_create",
    ),
    path(
        "actions-collectives/<uuid:public_id>/sessions/<int:pk>/modifier/",
        action_views.SessionUpdateView.as_view(),
        name="action_session_update",
    ),
    path(
        "actions-collectives/sessions/<int:pk>/inscrire/",
        action_views.RegisterView.as_view(),
        name="action_register",
    ),
    path(
        "actions-collectives/sessions/<int:pk>/presences/",
        action_views.AttendanceView.as_view(),
        name="action_attendance",
    ),
    path(
        "actions-collectives/inscriptions/<int:pk>/annuler/",
        action_views.CancelRegistrationView.as_view(),
        name="action_cancel",
    ),
]
