from django import forms

from .models import Jam

LONG_TEXT_ROWS = 3


class JamForm(forms.ModelForm):
    class Meta:
        model = Jam
        fields = [
            "name",
            "local_name",
            "objectives",
            "kind",
            "format",
            "country",
            "language",
            "venue",
            "who_to_invite",
            "support_needed",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": LONG_TEXT_ROWS}),
            "who_to_invite": forms.Textarea(attrs={"rows": LONG_TEXT_ROWS}),
            "support_needed": forms.Textarea(attrs={"rows": LONG_TEXT_ROWS}),
            "kind": forms.RadioSelect,
            "format": forms.RadioSelect,
        }

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.strip()
        return cleaned
