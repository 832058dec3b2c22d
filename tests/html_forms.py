"""The forms a page shows, read from its HTML as a browser reads them: where each posts, and what.

``page_forms(html, page_url)`` lists every way the page can POST: a ``<form method=post>``
to its ``action`` (or ``hx-post``, or the page itself), and each submit button that posts
elsewhere (``formaction`` / ``hx-post``; a control or button outside the form joins it by
``form="…"``). Each comes with its fields, in order, with what a browser would send for them
as the page stands, so a test can post a form back with one field changed and know what
every other field held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

CHOSEN = {"checkbox", "radio"}
NOT_SENT = {"submit", "button", "reset", "image", "file"}


@dataclass
class Field:
    """One name: its kind (an input's type, "textarea", "select") and the values sent.

    ``sent`` is what the browser sends as the page stands (several values for ticked
    boxes of one name, none for a group with nothing ticked); ``options`` are the values
    a select, a radio group or boxes of that name offer.
    """

    name: str
    kind: str
    sent: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    required: bool = False
    multiple: bool = False
    invalid: bool = False  # marked aria-invalid: the page says what is wrong with it

    @property
    def typed(self) -> bool:
        """A value someone types and sees again, as opposed to one chosen or hidden."""
        return self.kind not in CHOSEN | {"select", "hidden", "password", "submit"}


@dataclass
class Form:
    """One way to POST from a page: the address, its fields, the submit button's name=value."""

    action: str
    fields: dict[str, Field]
    button: tuple[str, str] | None = None
    htmx: bool = False
    page: str = ""
    button_values: list[str] = field(default_factory=list)  # each value a button of it sends

    def button_field(self) -> Field | None:
        """The submit buttons of one name as a field: what they send is posted too."""
        if self.button is None:
            return None
        return Field(self.button[0], "submit", [self.button[1]], self.button_values)

    def data(self) -> list[tuple[str, str]]:
        """What a browser sends for the form as the page stands, in order."""
        sent = [(name, value) for name, one in self.fields.items() for value in one.sent]
        return [*sent, self.button] if self.button else sent


@dataclass
class _Open:
    attrs: dict
    controls: list[Field] = field(default_factory=list)
    buttons: list[dict] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Open] = []
        self.by_id: dict[str, _Open] = {}
        self.current: _Open | None = None
        self.elsewhere: list[tuple[str, str, object]] = []  # (form id, "button"/"control", it)
        self.textarea: Field | None = None
        self.select: Field | None = None
        self.option: dict | None = None

    def _add(self, attrs: dict, what: str, control) -> None:
        if attrs.get("form"):
            self.elsewhere.append((attrs["form"], what, control))
        elif self.current is not None:
            (self.current.buttons if what == "button" else self.current.controls).append(control)

    def handle_starttag(self, tag, attrs):
        attrs = {key: ("" if value is None else value) for key, value in attrs}
        named = bool(attrs.get("name")) and "disabled" not in attrs
        if tag == "form":
            self.current = _Open(attrs)
            self.forms.append(self.current)
            self.by_id[attrs.get("id") or f"#{len(self.forms)}"] = self.current
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._add(attrs, "button", attrs)
            elif named and kind not in NOT_SENT:
                value = attrs.get("value", "on" if kind in CHOSEN else "")
                ticked = kind not in CHOSEN or "checked" in attrs
                control = Field(
                    attrs["name"], kind, [value] if ticked else [], [], "required" in attrs
                )
                control.options = [value] if kind in CHOSEN else []
                control.invalid = attrs.get("aria-invalid") == "true"
                self._add(attrs, "control", control)
        elif tag == "textarea" and named:
            self.textarea = Field(attrs["name"], "textarea", [""], [], "required" in attrs)
            self.textarea.invalid = attrs.get("aria-invalid") == "true"
            self._add(attrs, "control", self.textarea)
        elif tag == "select" and named:
            required, multiple = "required" in attrs, "multiple" in attrs
            self.select = Field(attrs["name"], "select", [], [], required, multiple)
            self.select.invalid = attrs.get("aria-invalid") == "true"
            self._add(attrs, "control", self.select)
        elif tag == "option" and self.select is not None:
            self._close_option()
            self.option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            self._add(attrs, "button", attrs)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.sent[0] += data
        if self.option is not None:
            self.option["text"] += data

    def _close_option(self):
        if self.option is None or self.select is None:
            return
        value = self.option["value"]
        value = " ".join(self.option["text"].split()) if value is None else value
        self.select.options.append(value)
        if self.option["selected"]:
            self.select.sent = [*self.select.sent, value] if self.select.multiple else [value]
        self.option = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea" and self.textarea is not None:
            if self.textarea.sent[0].startswith("\n"):  # a browser drops the first line break
                self.textarea.sent[0] = self.textarea.sent[0][1:]
            self.textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self.select is not None:
            self._close_option()
            if not self.select.sent and self.select.options and not self.select.multiple:
                self.select.sent = [self.select.options[0]]  # nothing selected: the first
            self.select = None

    def close(self):
        super().close()
        for form_id, what, control in self.elsewhere:
            if form_id in self.by_id:
                owner = self.by_id[form_id]
                (owner.buttons if what == "button" else owner.controls).append(control)


def _by_name(controls: list[Field]) -> dict[str, Field]:
    """One Field a name: the boxes or radios of one name are one field with their options."""
    fields: dict[str, Field] = {}
    for control in controls:
        known = fields.get(control.name)
        if known is None:
            fields[control.name] = Field(**{**vars(control), "sent": [*control.sent]})
            fields[control.name].options = [*control.options]
        else:
            known.sent += control.sent
            known.options += control.options
            known.required = known.required or control.required
            known.invalid = known.invalid or control.invalid
    return fields


def _path(url: str, page_url: str) -> str:
    return urlsplit(urljoin(page_url, url)).path


def page_forms(html: str, page_url: str) -> list[Form]:
    """Every POST the page can make: one Form per address and name of submit button."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    found = []
    for opened in reader.forms:
        attrs = opened.attrs
        if attrs.get("method", "get").lower() != "post" and not attrs.get("hx-post"):
            continue
        action = attrs.get("hx-post") or attrs.get("action") or page_url
        fields = _by_name(opened.controls)
        seen: dict[tuple, Form] = {}
        for button in opened.buttons or [{}]:
            target = _path(button.get("hx-post") or button.get("formaction") or action, page_url)
            named = (button["name"], button.get("value", "")) if button.get("name") else None
            key = (target, named and named[0])
            if key not in seen:
                htmx = bool(attrs.get("hx-post") or button.get("hx-post"))
                seen[key] = Form(target, fields, named, htmx, urlsplit(page_url).path)
                found.append(seen[key])
            if named and named[1] not in seen[key].button_values:
                seen[key].button_values.append(named[1])  # another button, another value
    return found
