from django.db import models
from django.utils.translation import gettext_lazy as _


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
