from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "jamsessions.outbox"
    label = "outbox"
    verbose_name = _("Emails to the team")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from jamsessions.outbox.delivery import heal_receiver  # the models are loaded by now
        from jamsessions.worker.heal import heal_requested

        heal_requested.connect(heal_receiver, dispatch_uid="outbox.team_emails")
