"""Project URLs: the screening app, sign-in, and Django admin."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

admin.site.site_header = "Resume screening administration"
admin.site.site_title = "Resume screening"


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # Browsers ask for /favicon.ico whatever the page says; send them to the icon whitenoise serves.
    return HttpResponseRedirect(static("favicon.svg"))


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="careers:jobs", permanent=False)),
    path("favicon.ico", favicon),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("screening.api.urls", "api"))),
    path("", include("screening.urls")),
]
