from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from missions import views as missions_views

urlpatterns = [
    path("", missions_views.home, name="home"),
    path("connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/modifie/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("communes/suggestions/", missions_views.commune_suggestions, name="commune_suggestions"),
    path("missions/", include("missions.urls")),
    path("jeunes/", include("youths.urls")),
    path("", include("mobility.urls")),
    path("statistiques/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
