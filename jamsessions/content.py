"""Words from the CIVICUS *Jam Sessions Toolkit*, retold in our own words.

Kept here, not in templates, so they are translated like every other string.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Principle:
    title: Promise
    text: Promise


PLANNING_PRINCIPLES = (
    Principle(
        _("Make it yours, and have fun"),
        _(
            "Adapt everything here to your own place, culture and community. "
            "You decide what your Jam looks like."
        ),
    ),
    Principle(
        _("A safe and caring space"),
        _(
            "Come as you are and invite others to do the same. "
            "Feelings are welcome; empathy holds the room."
        ),
    ),
    Principle(
        _("Togetherness and belonging"),
        _(
            "Organising is a chance to work with fellow activists. "
            "Share the work with a small team."
        ),
    ),
    Principle(
        _("Nurture good energy"),
        _(
            "A Jam should not become one more burden. Keep planning simple, "
            "before, during and after."
        ),
    ),
    Principle(
        _("You are not alone"),
        _("Ask the CIVICUS team when you have questions or need ideas: they are one email away."),
    ),
)
