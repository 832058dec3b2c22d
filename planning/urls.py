"""Planning's addresses, under /jams/, namespace "planning": each feature's own, gathered."""

from django.urls import include, path

from planning.guests import urls as guest_urls
from planning.jams import views as jam_views
from planning.materials import urls as material_urls
from planning.roadmap import urls as roadmap_urls
from planning.team import urls as team_urls

app_name = "planning"

urlpatterns = [
    path("", jam_views.jam_list_view, name="jam_list"),
    path("<slug:slug>/", jam_views.jam_detail_view, name="jam_detail"),
    path("<slug:slug>/roadmap/", include(roadmap_urls.urlpatterns)),
    path("<slug:slug>/team/", include(team_urls.jam_urlpatterns)),
    path("<slug:slug>/materials/", include(material_urls.urlpatterns)),
    path("<slug:slug>/guests/", include(guest_urls)),
]
