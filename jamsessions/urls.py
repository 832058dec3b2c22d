from django.contrib import admin
from django.urls import include, path

from jamsessions import views
from planning.team import urls as team_urls
from sessions.feedback import urls as feedback_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("jamsessions.accounts.urls")),
    path("jams/", include("jamsessions.actions.urls")),
    path("jams/", include("planning.urls")),
    path("jams/<slug:slug>/guests/", include("sessions.messages.urls")),
    path("jams/<slug:slug>/report/", include(("reporting.reports.urls", "report"))),
    path("jams/<slug:slug>/journal/", include(("reporting.journal.urls", "journal"))),
    path("review/", include(("reporting.review.urls", "review"))),
    path("jams/<slug:slug>/sessions/", include("sessions.urls")),
    path("jams/<slug:slug>/", include(("sessions.space.urls", "space"))),
    path("team/join/", include((team_urls.join_urlpatterns, "team"))),
    path("i/", include(("sessions.participant.urls", "guest"))),
    path("calendar/", include(("sessions.calendar.urls", "calendar"))),
    path("q/<str:code>/", include(("sessions.box.urls", "box"))),
    path("q/<str:code>/feedback/", include((feedback_urls.box_urlpatterns, "feedback"))),
    path("admin/", admin.site.urls),
]

handler500 = "jamsessions.views.server_error"
