from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path


def healthz(request):
    """For load balancers and `tiltak bench` (the framework's floor): no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("tiltak.api.urls")),
    path("arbeid/", include("tiltak.web.urls")),
    path("rapport/", include("tiltak.reports.urls")),
    path("", include("tiltak.portal.urls")),
]
