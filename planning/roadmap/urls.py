"""The roadmap's addresses, under /jams/<slug>/roadmap/, in the "planning" namespace."""

from django.urls import path

from planning.roadmap import views

urlpatterns = [
    path("", views.roadmap_view, name="roadmap"),
    path("skip-past/", views.roadmap_skip_past_view, name="roadmap_skip_past"),
    path("tasks/new/", views.task_create_view, name="task_create"),
    path("tasks/<int:pk>/done/", views.task_done_view, name="task_done"),
    path("tasks/<int:pk>/skip/", views.task_skip_view, name="task_skip"),
    path("tasks/<int:pk>/edit/", views.task_edit_view, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete_view, name="task_delete"),
]
