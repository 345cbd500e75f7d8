from django.urls import path, re_path

from projects.dashboard import views

app_name = "coordination"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("abdeckung/", views.coverage, name="coverage"),
    path("abdeckung.xlsx", views.coverage_xlsx, name="coverage_xlsx"),
    path("ozg/", views.ozg, name="ozg"),
    path("ozg.xlsx", views.ozg_xlsx, name="ozg_xlsx"),
    path("ueberschneidungen/", views.overlaps, name="overlaps"),
    path("ueberschneidungen/kontakt/", views.introduce, name="introduce"),
    # A project's id is its page's: at most 18 digits, so that SQLite can compare it (network.ids).
    re_path(r"^veraltet/(?P<pk>[0-9]{1,18})/erinnern/$", views.remind, name="remind"),
    path("sachstandsbericht.pdf", views.status_report, name="status_report"),
]
