from django.urls import path

from tiltak.reports import views

app_name = "reports"

urlpatterns = [
    path("<slug:plan>/<slug:round>/", views.report_page, name="page"),
    path("<slug:plan>/<slug:round>/rapport.<str:fmt>", views.download, name="download"),
]
