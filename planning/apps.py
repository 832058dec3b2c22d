from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # ``<session:key>``: a session's own key in addresses, for the team's and guests' pages.
        from planning.jams import converters  # noqa: F401
