from django.urls import path

from tiltak.portal import feeds
from tiltak.portal.views import measures, ministries, opendata, pages, plans, search

app_name = "portal"

PLAN = "plan/<slug:plan>/"
# A long list's later pages (tiltak/core/paging.py): in the address, so each is a file of the static export.
PAGE = "side/<int:page>/"

urlpatterns = [
    path("", plans.home, name="home"),
    path(PAGE, plans.home, name="home_page"),
    path("sok/", search.search, name="search"),
    path("sok/indeks.js", search.search_index, name="search_index"),
    path("apne-data/", opendata.open_data, name="open_data"),
    path("tilgjengelighet/", pages.accessibility, name="accessibility"),
    path("departement/<str:abbreviation>/", ministries.ministry_page, name="ministry"),
    path("departement/<str:abbreviation>/" + PAGE, ministries.ministry_page, name="ministry_page"),
    path(PLAN, plans.plan_overview, name="plan"),
    path(PLAN + "runde/<slug:round>/", plans.plan_overview, name="round"),
    path(PLAN + "runde/<slug:round>/" + PAGE, plans.plan_overview, name="round_page"),
    path(PLAN + "sammenligning/", plans.compare, name="compare_latest"),
    path(PLAN + "sammenligning/<slug:before>/<slug:after>/", plans.compare, name="compare"),
    path(PLAN + "sammenligning/<slug:before>/<slug:after>/" + PAGE, plans.compare, name="compare_page"),
    path(PLAN + "tiltak/<str:number>/", measures.measure_page, name="measure"),
    path(PLAN + "data/historikk.<str:fmt>", opendata.history, name="history"),
    path(PLAN + "runder.atom", feeds.RoundsFeed(), name="rounds_feed"),
    path(PLAN + "rettelser.atom", feeds.CorrectionsFeed(), name="corrections_feed"),
]
