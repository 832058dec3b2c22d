"""The agenda PDFs, mounted at /jams/<slug>/sessions/<n>/ inside the "sessions" namespace."""

urlpatterns: list = []
