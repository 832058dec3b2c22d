"""Staff see every team email's fate, never its text: a password reset or sign-in link that
could not be sent is found here (filter by status), with the mail service's error."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jamsessions.outbox.models import TeamEmail


@admin.register(TeamEmail)
class TeamEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipients", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    # The text may hold a live link: it is not shown, even to staff.
    fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sending_at",
        "sent_at",
        "provider_id",
        "erase_at",
        "erased_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("to"))
    def recipients(self, email: TeamEmail) -> str:
        return ", ".join(email.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
