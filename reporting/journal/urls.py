"""The journal of a Jam: mounted at /jams/<slug>/journal/ in the "journal" namespace."""

from django.urls import path

from reporting.journal import views as journal_views

urlpatterns = [
    path("", journal_views.journal_list_view, name="list"),
    path("new/", journal_views.journal_create_view, name="create"),
    path("<int:pk>/edit/", journal_views.journal_edit_view, name="edit"),
    path("<int:pk>/delete/", journal_views.journal_delete_view, name="delete"),
]
