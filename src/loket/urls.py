"""Top-level URL map: the applicant portal, staff pages and the Django admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from loket.portal.views import set_language

urlpatterns: list[URLPattern | URLResolver] = [
    # Django's switch (``django.conf.urls.i18n``), wrapped so a signed-in applicant's choice
    # is remembered for the messages we send them.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("loket.predictions.urls")),
    path("", include("loket.portal.urls")),
    prefix_default_language=False,
)
