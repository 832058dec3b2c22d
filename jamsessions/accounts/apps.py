from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jamsessions.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from jamsessions.accounts.services import heal_receiver  # the models are loaded by now
        from jamsessions.worker.heal import heal_requested

        heal_requested.connect(heal_receiver, dispatch_uid="accounts.unconfirmed")
