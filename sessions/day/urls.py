"""The day's attendance and notes, under /jams/<slug>/sessions/<key>/ (namespace "sessions")."""

from django.urls import path

from sessions.day import views

session_urlpatterns = [
    path("attendance/", views.attendance_view, name="attendance"),
    path("attendance/guests/<int:pk>/", views.attendance_mark_view, name="attendance_mark"),
    path(
        "attendance/walk-ins/",
        views.attendance_walk_in_add_view,
        name="attendance_walk_in_add",
    ),
    path(
        "attendance/walk-ins/<int:pk>/remove/",
        views.attendance_walk_in_remove_view,
        name="attendance_walk_in_remove",
    ),
    path("notes/", views.notes_view, name="notes"),
    path("notes/save/", views.note_save_view, name="note_save"),
]
