from django.urls import include, path

from sessions import calendar_urls, day_urls, feedback_urls, pdf_urls, run_urls, views

app_name = "sessions"

agenda_urlpatterns = [
    path("items/new/", views.agenda_item_create_view, name="agenda_item_create"),
    path("items/<int:pk>/edit/", views.agenda_item_edit_view, name="agenda_item_edit"),
    path(
        "items/<int:pk>/duplicate/",
        views.agenda_item_duplicate_view,
        name="agenda_item_duplicate",
    ),
    path("items/<int:pk>/delete/", views.agenda_item_delete_view, name="agenda_item_delete"),
    path("items/<int:pk>/move/", views.agenda_item_move_view, name="agenda_item_move"),
    path("reorder/", views.agenda_reorder_view, name="agenda_reorder"),
    path("template/", views.agenda_template_apply_view, name="agenda_template_apply"),
    path("template/save/", views.agenda_template_save_view, name="agenda_template_save"),
    path("library/", views.agenda_activity_add_view, name="agenda_activity_add"),
]

urlpatterns = [
    path("new/", views.session_create_view, name="session_create"),
    path("<session:key>/", views.session_detail_view, name="session_detail"),
    path("<session:key>/edit/", views.session_edit_view, name="session_edit"),
    path("<session:key>/delete/", views.session_delete_view, name="session_delete"),
    path("<session:key>/agenda/", include(agenda_urlpatterns)),
    path("<session:key>/", include(pdf_urls.urlpatterns)),
    path("<session:key>/", include(calendar_urls.session_urlpatterns)),
    path("<session:key>/run/", include(run_urls)),
    path("<session:key>/", include(day_urls.session_urlpatterns)),
    path("<session:key>/feedback/", include(feedback_urls.session_urlpatterns)),
]
