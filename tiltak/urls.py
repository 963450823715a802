from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("tiltak.api.urls")),
    path("arbeid/", include("tiltak.web.urls")),
    path("rapport/", include("tiltak.reports.urls")),
    path("", include("tiltak.portal.urls")),
]
