"""Team pages: under /jams/<slug>/team/ (jam_urlpatterns) and /team/join/ (join_urlpatterns)."""

jam_urlpatterns: list = []
join_urlpatterns: list = []
