"""Login and logout, shared by every door. Under ``i18n_patterns``."""

from loket.web.shared.auth import auth_urlpatterns
from loket.web.shared.oidc import oidc_urlpatterns

app_name = "accounts"

urlpatterns = [*auth_urlpatterns, *oidc_urlpatterns]
