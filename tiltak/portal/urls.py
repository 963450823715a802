from django.urls import path

from tiltak.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/<slug:plan>/", views.plan_overview, name="plan"),
    path("plan/<slug:plan>/<slug:round>/", views.plan_overview, name="round"),
]
