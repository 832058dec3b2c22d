from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.outbox.sending import EmailStatus


class JamKind(models.TextChoices):
    FUN = "fun", _("Fun and relaxation")
    HEALING = "healing", _("Healing")
    TEAM_BUILDING = "team_building", _("Team building")
    VISIONING = "visioning", _("Visioning")
    MIXED = "mixed", _("A mix")


class JamFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class TeamRole(models.TextChoices):
    HOST = "host", _("Host")
    FACILITATOR = "facilitator", _("Facilitator")
    LOGISTICS = "logistics", _("Logistics coordinator")
    NOTE_TAKER = "note_taker", _("Note taker")
    OTHER = "other", _("Another role")


class Permission(models.TextChoices):
    """What a role on the team may do, in plain words (``planning.rules.ROLE_DEFAULTS``).

    Seeing the Jam's plan, keeping one's own journal entries and leaving the team need no
    permission: everyone on the team may. Deleting the Jam, downloading all of it and
    choosing who may do what stay the host's alone.
    """

    CHANGE_JAM = "change_jam", _("Change the Jam’s name, dates, place and description")
    SCHEDULE_SESSIONS = "schedule_sessions", _("Add sessions and change their times and places")
    CANCEL_SESSIONS = "cancel_sessions", _("Cancel sessions")
    PLAN_AGENDA = "plan_agenda", _("Plan the agendas")
    PREPARE_SPACE = "prepare_space", _("Prepare the space: house rules, accessibility, the vision")
    RUN_SESSIONS = "run_sessions", _("Run sessions on the day: the timer and the question box")
    TAKE_NOTES = "take_notes", _("Take notes during sessions")
    TAKE_ATTENDANCE = "take_attendance", _("Take attendance")
    ROADMAP = "roadmap", _("Add, change and tick off roadmap tasks")
    MATERIALS = "materials", _("Keep the list of materials")
    INVITE_GUESTS = "invite_guests", _("Add, import and invite guests")
    SEE_GUEST_CONTACTS = "see_guest_contacts", _("See guests’ email addresses")
    SEE_NEEDS_WITH_NAMES = "see_needs_with_names", _("See guests’ needs with their names")
    WRITE_TO_GUESTS = "write_to_guests", _("Write to all guests")
    ERASE_GUESTS = "erase_guests", _("Erase guests and give them new links")
    MANAGE_TEAM = "manage_team", _("Invite and remove team members and change their roles")
    WRITE_REPORT = "write_report", _("Write the report’s draft")
    SUBMIT_REPORT = "submit_report", _("Submit the report to CIVICUS")


class Phase(models.TextChoices):
    """The toolkit's roadmap, from three weeks out to after the day."""

    WEEKS_2_3 = "weeks_2_3", _("Two to three weeks before")
    WEEKS_2 = "weeks_2", _("Two weeks before")
    WEEK_1 = "week_1", _("One week before")
    DAY_BEFORE = "day_before", _("One day before")
    THE_DAY = "the_day", _("The day")
    AFTER = "after", _("After the Jam")


class Anchor(models.TextChoices):
    """Which session a roadmap step's due date counts from."""

    FIRST_SESSION = "first_session", _("the first session")
    EACH_SESSION = "each_session", _("each session")
    LAST_SESSION = "last_session", _("the last session")


class RsvpAnswer(models.TextChoices):
    """A guest's answer for one session. No answer yet reads as “invited”."""

    YES = "yes", _("Yes, I will come")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No, I cannot come")


class GenderIdentity(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("In another way")


class AgeRange(models.TextChoices):
    UNDER_25 = "under_25", _("Under 25")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_44", _("35 to 44")
    FROM_45 = "45_54", _("45 to 54")
    FROM_55 = "55_64", _("55 to 64")
    OVER_65 = "65_plus", _("65 or over")


class Movement(models.TextChoices):
    """Broad families of civic movements, for a count of who is in the room, never a label."""

    HUMAN_RIGHTS = "human_rights", _("Human rights")
    WOMEN = "women", _("Women’s and gender rights")
    LGBTQI = "lgbtqi", _("LGBTQI+ rights")
    CLIMATE = "climate", _("Climate and environment")
    YOUTH = "youth", _("Youth")
    LABOUR = "labour", _("Labour and economic justice")
    INDIGENOUS = "indigenous", _("Indigenous peoples")
    DISABILITY = "disability", _("Disability rights")
    RACIAL_JUSTICE = "racial_justice", _("Racial justice")
    MIGRATION = "migration", _("Migration and refugees")
    MEDIA = "media", _("Free media and expression")
    OTHER = "other", _("Another movement")


class MessageKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER_WEEK = "reminder_week", _("Reminder one week before")
    REMINDER_DAY = "reminder_day", _("Reminder one day before")
    UPDATE = "update", _("Change notice")
    SESSION_ADDED = "session_added", _("New session")
    CANCELLATION = "cancellation", _("Cancellation")
    ANNOUNCEMENT = "announcement", _("Message from the host")


# A guest's email goes through the same states as every email of the project.
MessageStatus = EmailStatus
