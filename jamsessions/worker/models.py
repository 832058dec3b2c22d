from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """A running worker (``manage.py worker``) and when it last said it was alive.

    Written every ``WORKER_BEAT_SECONDS`` by the worker's heartbeat thread, with the
    database's clock (so machines' clocks need not agree), and deleted when it stops.
    A worker silent for ``WORKER_LOST_AFTER_SECONDS`` is dead: its task is run again.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True)
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heard at"), db_index=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
