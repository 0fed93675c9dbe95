"""Project URLs: the screening app, sign-in, and Django admin."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Resume screening administration"
admin.site.site_title = "Resume screening"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="careers:jobs", permanent=False)),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("screening.api.urls", "api"))),
    path("", include("screening.urls")),
]
