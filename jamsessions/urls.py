from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/", include("jamsessions.accounts.urls")),
    path("jams/", include("planning.urls")),
    path("jams/<slug:slug>/sessions/", include("sessions.urls")),
    path("admin/", admin.site.urls),
]
