from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "jamsessions.worker"
    label = "worker"
    verbose_name = _("Background worker")
    default_auto_field = "django.db.models.BigAutoField"
