from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.outbox.sending import MAX_ATTEMPTS, EmailStatus


class TeamEmail(models.Model):
    """One email to someone of the team (a password reset, a sign-in link, a team
    invitation), recorded before it is sent, so it is sent once and never lost silently.

    Its text and HTML are built by the request and may hold a live link: they are kept
    only while the email waits, and erased (``erased_at``) once it is sent, given up,
    handed over without an answer, or past ``erase_at``, whichever comes first. What is
    left (address, subject, status, error) is what staff need to see a failure, and goes
    after ``TEAM_EMAILS_KEPT_DAYS``.

    ``status`` goes queued → sending (committed, with ``sending_at``, before the mail
    service is called) → sent, or back to queued for a retry, or failed. A row left
    “sending” may have gone out: it is never sent again on its own.
    """

    MAX_ATTEMPTS = MAX_ATTEMPTS

    to = ArrayField(models.CharField(max_length=254), verbose_name=_("to"))
    subject = models.TextField(_("subject"))
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sending_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_id = models.CharField(_("mail service id"), max_length=200, blank=True)
    erase_at = models.DateTimeField(_("text erased by"))
    erased_at = models.DateTimeField(_("text erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email to the team")
        verbose_name_plural = _("emails to the team")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Finds, among all those sent, the few left waiting, half-sent or still holding text.
            models.Index(
                fields=["status", "created_at"],
                name="team_email_unsent",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
            models.Index(fields=["created_at"], name="team_email_created"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.status})"
