from django.urls import path
from django.views.i18n import set_language

from tiltak.web.views import board, entries, fillin, home, imports, people, register, signin

app_name = "web"

ENTRY = "plan/<slug:plan>/<slug:round>/tiltak/<str:number>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("logg-inn/", signin.SignInView.as_view(), name="login"),
    path("logg-ut/", signin.SignOutView.as_view(), name="logout"),
    # Single sign-on (OpenID Connect); the provider knows the redirect URI {TILTAK_SITE_URL}/arbeid/oidc/callback/
    path("oidc/logg-inn/", signin.SingleSignOnStart.as_view(), name="oidc_login"),
    path("oidc/callback/", signin.SingleSignOnCallback.as_view(), name="oidc_callback"),
    path("sprak/", set_language, name="set_language"),
    path("glemt-passord/", people.ForgottenPasswordView.as_view(), name="password_reset"),
    path("glemt-passord/sendt/", people.PasswordLinkSentView.as_view(), name="password_reset_done"),
    path("passord/<uidb64>/<token>/", people.SetPasswordView.as_view(), name="password_reset_confirm"),
    path("passord/ferdig/", people.PasswordSetView.as_view(), name="password_reset_complete"),
    # The register: plans and measures (for their coordinator and administrators)
    path("planer/ny/", register.new_plan, name="plan_new"),
    path("planer/<slug:plan>/", register.plan_register, name="plan_register"),
    path("planer/<slug:plan>/rediger/", register.edit_plan, name="plan_edit"),
    path("planer/<slug:plan>/tiltak/ny/", register.new_measure, name="measure_new"),
    path("planer/<slug:plan>/tiltak/<str:number>/", register.edit_measure, name="measure_edit"),
    path("planer/<slug:plan>/tiltak/<str:number>/nytt-nummer/", register.renumber_measure, name="measure_renumber"),
    path("planer/<slug:plan>/tiltak/<str:number>/avslutt/", register.retire_measure, name="measure_retire"),
    path("planer/<slug:plan>/skala/<int:position>/", register.edit_grade, name="grade_edit"),
    # People (for coordinators, of their plans; administrators, of all)
    path("brukere/", people.people, name="people"),
    path("brukere/ny/", people.new_person, name="person_new"),
    path("brukere/logg/", people.account_log, name="account_log"),
    path("brukere/<int:pk>/", people.person, name="person"),
    path("brukere/<int:pk>/rolle/<int:role>/", people.change_role, name="person_role"),
    path("brukere/<int:pk>/aktiv/", people.set_active, name="person_active"),
    path("brukere/<int:pk>/opphev-utestengning/", people.lift_lockout, name="person_unlock"),
    path("brukere/<int:pk>/send-lenke/", people.send_link, name="person_link"),
    path("importer/", imports.upload, name="import"),
    path("importer/bekreft/", imports.confirm, name="import_confirm"),
    path("plan/<slug:plan>/ny-runde/", board.open_round, name="open_round"),
    path("plan/<slug:plan>/<slug:round>/", board.round_board, name="round"),
    path("plan/<slug:plan>/<slug:round>/forhandsvisning/", board.preview, name="preview"),
    path("plan/<slug:plan>/<slug:round>/publiser/", board.publish, name="publish"),
    path("plan/<slug:plan>/<slug:round>/send-inn/", home.submit_selected, name="submit_selected"),
    path("plan/<slug:plan>/<slug:round>/skjema/", fillin.forms_page, name="forms"),
    path("plan/<slug:plan>/<slug:round>/skjema/bekreft/", fillin.confirm, name="form_confirm"),
    path("plan/<slug:plan>/<slug:round>/skjema/alle.zip", fillin.download_all, name="forms_zip"),
    path("plan/<slug:plan>/<slug:round>/skjema/<str:ministry>.xlsx", fillin.download, name="form_download"),
    path("plan/<slug:plan>/<slug:round>/godkjenn/", board.approve_selected, name="approve_selected"),
    path(ENTRY, entries.entry_page, name="entry"),
    path(ENTRY + "send-inn/", entries.submit, name="submit"),
    path(ENTRY + "godkjenn/", entries.approve, name="approve"),
    path(ENTRY + "returner/", entries.return_entry, name="return"),
    path(ENTRY + "historikk/", entries.history, name="history"),
]
