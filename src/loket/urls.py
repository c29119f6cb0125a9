"""Top-level URL map: the applicant portal, staff pages and the Django admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("loket.predictions.urls")),
    path("", include("loket.portal.urls")),
    prefix_default_language=False,
)
