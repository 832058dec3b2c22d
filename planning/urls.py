from django.urls import include, path

from . import guest_urls, material_urls, team_urls, views

app_name = "planning"

urlpatterns = [
    path("", views.jam_list_view, name="jam_list"),
    path("<slug:slug>/", views.jam_detail_view, name="jam_detail"),
    path("<slug:slug>/delete/", views.jam_delete_view, name="jam_delete"),
    path("<slug:slug>/roadmap/", views.roadmap_view, name="roadmap"),
    path("<slug:slug>/roadmap/skip-past/", views.roadmap_skip_past_view, name="roadmap_skip_past"),
    path("<slug:slug>/roadmap/tasks/new/", views.task_create_view, name="task_create"),
    path("<slug:slug>/roadmap/tasks/<int:pk>/done/", views.task_done_view, name="task_done"),
    path("<slug:slug>/roadmap/tasks/<int:pk>/skip/", views.task_skip_view, name="task_skip"),
    path("<slug:slug>/roadmap/tasks/<int:pk>/edit/", views.task_edit_view, name="task_edit"),
    path("<slug:slug>/roadmap/tasks/<int:pk>/delete/", views.task_delete_view, name="task_delete"),
    path("<slug:slug>/team/", include(team_urls.jam_urlpatterns)),
    path("<slug:slug>/materials/", include(material_urls.urlpatterns)),
    path("<slug:slug>/guests/", include(guest_urls)),
]
