"""Jam-wide pages: housekeeping rules, accessibility checklist, shared vision.

Each view finds the Jam through ``jam_get``, which is a 404 for anyone outside
its team, then checks the form and hands the write to ``sessions.space``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jamsessions.deletion import what_goes_with
from planning.enums import Permission
from planning.guests.selectors import needs_shared
from planning.jams.selectors import jam_get
from planning.models import Jam
from planning.rules import require_permission
from sessions.space.forms import (
    VISION_EXAMPLE,
    AccessibilityForm,
    HouseRuleForm,
    HouseRuleMoveForm,
    VisionForm,
)
from sessions.space.models import HouseRule
from sessions.space.services import (
    accessibility_checklist,
    accessibility_checks_update,
    house_rule_create,
    house_rule_delete,
    house_rule_get,
    house_rule_list,
    house_rule_move,
    house_rule_update,
    vision_get,
    vision_save,
)

HOUSEKEEPING = "sessions/space_housekeeping.html"


def housekeeping_url(jam: Jam, rule: HouseRule | None = None) -> str:
    url = reverse("space:housekeeping", kwargs={"slug": jam.slug})
    return f"{url}#rule-{rule.pk}" if rule else url


def _housekeeping_page(request, jam: Jam, *, add_form=None):
    add_form = add_form or HouseRuleForm()
    context = {
        "jam": jam,
        "rules": list(house_rule_list(jam=jam)),
        "add_form": add_form,
        "forms": [add_form],
    }
    return render(request, HOUSEKEEPING, context)


@login_required
@require_safe
def housekeeping_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    return _housekeeping_page(request, jam)


@login_required
@require_http_methods(["GET", "POST"])
def house_rule_create_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.PREPARE_SPACE)
    if request.method == "GET":
        return redirect(f"{housekeeping_url(jam)}#add")
    form = HouseRuleForm(request.POST)
    if not form.is_valid():
        return _housekeeping_page(request, jam, add_form=form)
    rule = house_rule_create(jam=jam, text=form.cleaned_data["text"])
    messages.success(request, _("The rule is added at the end of the list."))
    return redirect(housekeeping_url(jam, rule))


@login_required
@require_http_methods(["GET", "POST"])
def house_rule_edit_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.PREPARE_SPACE)
    rule = house_rule_get(jam=jam, pk=pk)
    saved_text = rule.text  # the form writes what was typed onto the instance, even if invalid
    form = HouseRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        house_rule_update(rule=rule, text=form.cleaned_data["text"])
        messages.success(request, _("The rule is saved."))
        return redirect(housekeeping_url(jam, rule))
    context = {"jam": jam, "rule": rule, "saved_text": saved_text, "form": form, "forms": [form]}
    return render(request, "sessions/space_housekeeping_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def house_rule_delete_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.PREPARE_SPACE)
    rule = house_rule_get(jam=jam, pk=pk)
    if request.method == "POST":
        house_rule_delete(rule=rule)
        messages.success(request, _("“%(rule)s” is removed.") % {"rule": rule.text})
        return redirect(housekeeping_url(jam))
    context = {"jam": jam, "rule": rule, "what_goes": what_goes_with(rule)}
    return render(request, "sessions/space_housekeeping_delete.html", context)


@login_required
@require_POST
def house_rule_move_view(request, slug, pk):
    """Move a rule one place: the new list for htmx, else back to the page at the rule."""
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.PREPARE_SPACE)
    rule = house_rule_get(jam=jam, pk=pk)
    form = HouseRuleMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Choose to move the rule up or down."), content_type="text/plain; charset=utf-8"
        )
    house_rule_move(rule=rule, offset=form.offset)
    if request.htmx:
        context = {"jam": jam, "rules": list(house_rule_list(jam=jam))}
        response = render(request, f"{HOUSEKEEPING}#house-rules", context)
    else:
        response = redirect(housekeeping_url(jam, rule))
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def accessibility_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if request.method == "POST":
        require_permission(request.user, jam, Permission.PREPARE_SPACE)
    checklist = accessibility_checklist(jam=jam)
    form = AccessibilityForm(request.POST or None, checks=checklist.all)
    if request.method == "POST" and form.is_valid():
        accessibility_checks_update(jam=jam, changes=form.changes())
        messages.success(request, _("The checklist is saved."))
        return redirect(reverse("space:accessibility", kwargs={"slug": jam.slug}))
    context = {
        "jam": jam,
        "checklist": checklist,
        "form": form,
        "forms": [form],
        "current_rows": form.rows_for(checklist.checks),
        "earlier_rows": form.rows_for(checklist.earlier),
        "guest_needs": needs_shared(jam=jam, with_names=jam.can.see_needs_with_names),
    }
    return render(request, "sessions/space_accessibility.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vision_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if request.method == "POST":
        require_permission(request.user, jam, Permission.PREPARE_SPACE)
    vision = vision_get(jam=jam)
    # The form writes what was typed onto the instance, even if invalid: keep what is saved.
    saved_sentence = vision.sentence if vision else ""
    form = VisionForm(request.POST or None, instance=vision)
    if request.method == "POST" and form.is_valid():
        vision_save(jam=jam, details=form.cleaned_data)
        messages.success(request, _("Your shared vision is saved."))
        return redirect(reverse("space:vision", kwargs={"slug": jam.slug}))
    context = {
        "jam": jam,
        "sentence": saved_sentence,
        "form": form,
        "forms": [form],
        "example": VISION_EXAMPLE,
    }
    return render(request, "sessions/space_vision.html", context)
