"""The pages of the actions, under /jams/, namespace "jams" (before planning's own addresses,
so that /jams/new/ is not read as a Jam called “new”)."""

from django.urls import path

from jamsessions.actions import views

app_name = "jams"

urlpatterns = [
    path("new/", views.jam_create_view, name="create"),
    path("<slug:slug>/edit/", views.jam_edit_view, name="edit"),
    path("<slug:slug>/export/", views.jam_export_view, name="export"),
    path("<slug:slug>/delete/", views.jam_delete_view, name="delete"),
]
