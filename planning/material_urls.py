"""Materials and tools pages, under /jams/<slug>/materials/."""

urlpatterns: list = []
