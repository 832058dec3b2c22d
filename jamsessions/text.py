"""Names and titles are single-line: the one rule, and the form and model fields that keep it.

A Jam's name, a guest's or a team member's name, an agenda item's title, a
housekeeping rule, a subject: each is shown on one line, in an email's subject,
in a calendar file (SUMMARY, NAME, a CN), in a list. A line break typed or
pasted into one becomes a space, nothing is refused and no word is lost: in the
forms (``SingleLineField``) and in every write to the database
(``SingleLineCharField``, which services and the admin go through too).
"""

from __future__ import annotations

import re

from django import forms
from django.db import models

# Every line boundary Python knows (str.splitlines): LF, CR (and so CR LF), VT, FF, FS,
# GS, RS, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029).
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# A run of them with the spaces around it, so “one \r\n two” becomes “one two”.
_LINE_BREAK_RUN = re.compile(rf"\s*[{re.escape(LINE_BREAKS)}]\s*")


def single_line(text: str) -> str:
    """``text`` on one line: each line break, with the spaces around it, becomes one space.

    Text without a line break is returned as it is (its spaces, non-breaking ones
    included, stay).
    """
    if not text or not _LINE_BREAK_RUN.search(text):
        return text
    return _LINE_BREAK_RUN.sub(" ", text).strip()


class SingleLineField(forms.CharField):
    """A form's text field for a name or a title: line breaks in what is sent become spaces."""

    def to_python(self, value):
        return single_line(super().to_python(value))


class SingleLineCharField(models.CharField):
    """A model's CharField for a name or a title: always stored on one line (``single_line``).

    Saving, creating (one or in bulk), ``bulk_update`` and ``QuerySet.update``
    all store the single-line text, and a saved instance holds it too; lookups
    are left as they are. Its form field is a ``SingleLineField``. The column is
    a plain varchar, so migrations see a ``CharField`` (``deconstruct``):
    choosing this field needs no migration.
    """

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = single_line(value)
        return super().get_db_prep_save(value, connection)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            value = single_line(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SingleLineField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
