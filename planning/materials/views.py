from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jamsessions.deletion import what_goes_with
from planning.enums import Permission
from planning.jams.selectors import jam_get
from planning.materials.forms import MaterialForm, MaterialReadyForm, MaterialSuggestionsForm
from planning.materials.selectors import (
    MaterialProgress,
    material_get,
    material_list,
    material_progress,
    material_suggestions,
    material_suggestions_open,
)
from planning.materials.services import (
    material_add_suggestions,
    material_create,
    material_delete,
    material_toggle_ready,
    material_update,
)
from planning.models import Jam, Material
from planning.rules import require_permission

PAGE = "planning/materials.html"


def materials_url(jam: Jam, material: Material | None = None) -> str:
    url = reverse("planning:materials", kwargs={"slug": jam.slug})
    return f"{url}#material-{material.pk}" if material else url


def _page(request, jam: Jam, *, add_form=None, suggestions_form=None):
    """The checklist page, with any bound form that needs its errors shown."""
    materials = list(material_list(jam=jam))
    add_form = add_form or MaterialForm(jam=jam)
    if suggestions_form is None:
        offered = material_suggestions_open(jam=jam, materials=materials)
        suggestions_form = MaterialSuggestionsForm(jam=jam, offered=offered)
    by_key = {suggestion.key: suggestion for suggestion in material_suggestions()}
    context = {
        "jam": jam,
        "materials": materials,
        "progress": MaterialProgress.of(materials),
        # Each checkbox with its suggestion, for the hint beside it.
        "offered": [(box, by_key[box.data["value"]]) for box in suggestions_form["keys"]],
        "add_form": add_form,
        "suggestions_form": suggestions_form,
        "forms": [suggestions_form, add_form],
    }
    return render(request, PAGE, context)


@login_required
@require_safe
def materials_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    return _page(request, jam)


@login_required
@require_http_methods(["GET", "POST"])
def material_create_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.MATERIALS)
    if request.method == "GET":
        return redirect(materials_url(jam))
    form = MaterialForm(request.POST, jam=jam)
    if not form.is_valid():
        return _page(request, jam, add_form=form)
    material = material_create(jam=jam, **form.cleaned_data)
    messages.success(request, _("“%(name)s” is on the list.") % {"name": material.name})
    return redirect(materials_url(jam, material))


@login_required
@require_http_methods(["GET", "POST"])
def material_suggestions_add_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.MATERIALS)
    if request.method == "GET":
        return redirect(materials_url(jam))
    offered = material_suggestions_open(jam=jam)
    form = MaterialSuggestionsForm(request.POST, jam=jam, offered=offered)
    if not form.is_valid():
        return _page(request, jam, suggestions_form=form)
    added = material_add_suggestions(jam=jam, keys=form.cleaned_data["keys"])
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)d thing is added to the list.",
                "%(count)d things are added to the list.",
                len(added),
            )
            % {"count": len(added)},
        )
    else:
        messages.info(request, _("Those suggestions were already on the list."))
    return redirect(materials_url(jam))


@login_required
@require_POST
def material_ready_view(request, slug, pk):
    """Mark a thing ready or not: the new row (and count) for htmx, else back to the list."""
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.MATERIALS)
    material = material_get(jam=jam, pk=pk)
    form = MaterialReadyForm(request.POST)
    if form.is_valid():
        material = material_toggle_ready(material=material, ready=form.cleaned_data["ready"])
    elif not request.htmx:
        messages.error(request, _("Choose ready or not ready."))
    if request.htmx:
        context = {
            "jam": jam,
            "material": material,
            "progress": material_progress(jam=jam),
            "progress_oob": True,
        }
        response = render(request, f"{PAGE}#material-row", context)
    else:
        response = redirect(materials_url(jam, material))
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def material_edit_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.MATERIALS)
    material = material_get(jam=jam, pk=pk)
    saved_name = material.name  # the form writes what was typed onto the instance, even if invalid
    form = MaterialForm(request.POST or None, instance=material, jam=jam)
    if request.method == "POST" and form.is_valid():
        material_update(material=material, **form.cleaned_data)
        messages.success(request, _("Your changes are saved."))
        return redirect(materials_url(jam, material))
    context = {
        "jam": jam,
        "material": material,
        "saved_name": saved_name,
        "form": form,
        "forms": [form],
    }
    return render(request, "planning/materials_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def material_delete_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.MATERIALS)
    material = material_get(jam=jam, pk=pk)
    if request.method == "POST":
        material_delete(material=material)
        messages.success(request, _("“%(name)s” is removed.") % {"name": material.name})
        return redirect(materials_url(jam))
    context = {"jam": jam, "material": material, "what_goes": what_goes_with(material)}
    return render(request, "planning/materials_delete.html", context)
