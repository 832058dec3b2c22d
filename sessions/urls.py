"""The team's addresses of a Jam's sessions, under /jams/<slug>/sessions/, namespace "sessions"."""

from django.urls import include, path

from sessions.agenda import pdf_urls
from sessions.agenda import views as agenda_views
from sessions.calendar import urls as calendar_urls
from sessions.day import urls as day_urls
from sessions.feedback import urls as feedback_urls
from sessions.run import urls as run_urls
from sessions.schedule import views as schedule_views

app_name = "sessions"

agenda_urlpatterns = [
    path("items/new/", agenda_views.agenda_item_create_view, name="agenda_item_create"),
    path("items/<int:pk>/edit/", agenda_views.agenda_item_edit_view, name="agenda_item_edit"),
    path(
        "items/<int:pk>/duplicate/",
        agenda_views.agenda_item_duplicate_view,
        name="agenda_item_duplicate",
    ),
    path("items/<int:pk>/delete/", agenda_views.agenda_item_delete_view, name="agenda_item_delete"),
    path("items/<int:pk>/move/", agenda_views.agenda_item_move_view, name="agenda_item_move"),
    path("reorder/", agenda_views.agenda_reorder_view, name="agenda_reorder"),
    path("template/", agenda_views.agenda_template_apply_view, name="agenda_template_apply"),
    path("template/save/", agenda_views.agenda_template_save_view, name="agenda_template_save"),
    path("library/", agenda_views.agenda_activity_add_view, name="agenda_activity_add"),
]

urlpatterns = [
    path("new/", schedule_views.session_create_view, name="session_create"),
    path("<session:key>/", agenda_views.session_detail_view, name="session_detail"),
    path("<session:key>/edit/", schedule_views.session_edit_view, name="session_edit"),
    path("<session:key>/cancel/", schedule_views.session_cancel_view, name="session_cancel"),
    path("<session:key>/restore/", schedule_views.session_restore_view, name="session_restore"),
    path("<session:key>/delete/", schedule_views.session_delete_view, name="session_delete"),
    path("<session:key>/agenda/", include(agenda_urlpatterns)),
    path("<session:key>/", include(pdf_urls.urlpatterns)),
    path("<session:key>/", include(calendar_urls.session_urlpatterns)),
    path("<session:key>/run/", include(run_urls)),
    path("<session:key>/", include(day_urls.session_urlpatterns)),
    path("<session:key>/feedback/", include(feedback_urls.session_urlpatterns)),
]
