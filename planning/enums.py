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
    FACILITATOR = "facilitator", _("Facilitator")
    LOGISTICS = "logistics", _("Logistics coordinator")
    NOTE_TAKER = "note_taker", _("Note taker")
    OTHER = "other", _("Another role")
