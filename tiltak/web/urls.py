from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from tiltak.web.views import board, entries, home, imports

app_name = "web"

ENTRY = "plan/<slug:plan>/<slug:round>/tiltak/<str:number>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("logg-inn/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/", set_language, name="set_language"),
    path("importer/", imports.upload, name="import"),
    path("importer/bekreft/", imports.confirm, name="import_confirm"),
    path("plan/<slug:plan>/ny-runde/", board.open_round, name="open_round"),
    path("plan/<slug:plan>/<slug:round>/", board.round_board, name="round"),
    path("plan/<slug:plan>/<slug:round>/forhandsvisning/", board.preview, name="preview"),
    path("plan/<slug:plan>/<slug:round>/publiser/", board.publish, name="publish"),
    path("plan/<slug:plan>/<slug:round>/send-inn/", home.submit_selected, name="submit_selected"),
    path("plan/<slug:plan>/<slug:round>/godkjenn/", board.approve_selected, name="approve_selected"),
    path(ENTRY, entries.entry_page, name="entry"),
    path(ENTRY + "send-inn/", entries.submit, name="submit"),
    path(ENTRY + "godkjenn/", entries.approve, name="approve"),
    path(ENTRY + "returner/", entries.return_entry, name="return"),
    path(ENTRY + "historikk/", entries.history, name="history"),
]
