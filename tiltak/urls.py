from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tiltak.monitoring import views as monitoring
from tiltak.portal import errors

urlpatterns = [
    path("healthz", monitoring.healthz, name="healthz"),
    path("readyz", monitoring.readyz, name="readyz"),
    path("metrics", monitoring.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", include("tiltak.api.urls")),
    path("arbeid/", include("tiltak.web.urls")),
    path("favicon.ico", errors.favicon),
]
# The public pages: bokmål at /…, English at /en/… (see tiltak.middleware).
urlpatterns += i18n_patterns(
    path("rapport/", include("tiltak.reports.urls")),
    path("", include("tiltak.portal.urls")),
    prefix_default_language=False,
)

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
