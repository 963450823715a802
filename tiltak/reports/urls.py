from django.urls import path

from tiltak.reports import views

app_name = "reports"

urlpatterns = [
    path("<slug:plan>/<slug:round>/", views.report_page, name="page"),
    # A long report's later pages (tiltak/core/paging.py).
    path("<slug:plan>/<slug:round>/side/<int:page>/", views.report_page, name="page_part"),
    path("<slug:plan>/<slug:round>/rapport.<str:fmt>", views.download, name="download"),
]
