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

    def ready(self):
        from jamsessions.worker.heal import heal_requested
        from sessions.messages.delivery import heal_receiver  # the models are loaded by now

        heal_requested.connect(heal_receiver, dispatch_uid="gatherings.guest_messages")
