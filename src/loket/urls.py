"""Top-level URL map: one include per door, the language switch and the Django admin.

Each door (``loket.web.<audience>``) owns its URLs; paths are unchanged from before the doors
were split out, so bookmarks keep working.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from loket.web.shared.views import set_language

urlpatterns: list[URLPattern | URLResolver] = [
    # Django's switch (``django.conf.urls.i18n``), wrapped so a signed-in applicant's choice
    # is remembered for the messages we send them.
    path("i18n/setlang/", set_language, name="set_language"),
    # One login for everyone: the portal's, with its lockout message and the staff's second
    # factor; the admin's own login form would be a second door to guard.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin-login",
    ),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("loket.web.public.urls")),
    path("", include("loket.web.staff.urls")),
    path("", include("loket.web.shared.urls")),
    path("", include("loket.web.applicant.urls")),
    prefix_default_language=False,
)
