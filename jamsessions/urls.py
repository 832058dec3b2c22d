from django.contrib import admin
from django.urls import include, path

from planning import team_urls

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/", include("jamsessions.accounts.urls")),
    path("jams/", include("planning.urls")),
    path("jams/<slug:slug>/sessions/", include("sessions.urls")),
    path("jams/<slug:slug>/", include(("sessions.jam_urls", "space"))),
    path("team/join/", include((team_urls.join_urlpatterns, "team"))),
    path("admin/", admin.site.urls),
]
