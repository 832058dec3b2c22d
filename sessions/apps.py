from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """The dated gatherings of a Jam.

    Django's own ``django.contrib.sessions`` already has the label ``sessions``,
    so this app goes by ``gatherings``.
    """

    name = "sessions"
    label = "gatherings"
    verbose_name = _("Sessions")
    default_auto_field = "django.db.models.BigAutoField"
