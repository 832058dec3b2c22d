"""The review space: /review/ … (included under the "review" namespace)."""

from django.urls import path

from reporting.review import views

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("programmes/new/", views.programme_create_view, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_view, name="programme"),
    path("programmes/<int:pk>/hosts/", views.programme_host_add_view, name="programme_host_add"),
    path(
        "programmes/<int:pk>/hosts/<int:host_pk>/remove/",
        views.programme_host_remove_view,
        name="programme_host_remove",
    ),
    path("programmes/<int:pk>/jams/<int:jam_pk>/move/", views.jam_move_view, name="jam_move"),
    path("reports/", views.queue_view, name="queue"),
    path("reports/<int:pk>/", views.report_view, name="report"),
    path("figures/", views.figures_view, name="figures"),
    path("search/", views.search_view, name="search"),
    path("export.csv", views.export_view, name="export"),
]
