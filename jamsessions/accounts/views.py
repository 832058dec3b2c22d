from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jamsessions.accounts.forms import (
    QueuedPasswordResetForm,
    SignInForm,
    SignInLinkForm,
    SignUpForm,
)
from jamsessions.accounts.sign_in_links import sign_in_link_send, sign_in_link_user
from jamsessions.accounts.throttles import EmailsPaused, account_email_take
from jamsessions.actions.accounts import account_confirm, account_sign_up
from jamsessions.http import client_place, safe_next


def _account_email_allowed(request, form, email: str) -> bool:
    """Count an account email asked for, or put why not on the form (the same message for an
    address with or without an account)."""
    try:
        account_email_take(email=email, place=client_place(request))
    except EmailsPaused as paused:
        form.add_error(None, paused.message)
        return False
    return True


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """The same answer whether or not the address has an account: “check your email”."""
    if request.user.is_authenticated:
        return redirect("planning:jam_list")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _account_email_allowed(request, form, form.cleaned_data["email"])
    ):
        account_sign_up(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
            next_url=safe_next(request, default=""),
        )
        context = {"email": form.cleaned_data["email"], "hours": settings.SIGN_UP_LINK_HOURS}
        return render(request, "accounts/sign_up_sent.html", context)
    return render(request, "accounts/sign_up.html", {"form": form})


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not _account_email_allowed(self.request, form, form.cleaned_data["email"]):
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The reset link reached the address: an account waiting for that is ready now.
        account_confirm(user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_http_methods(["GET", "POST"])
def sign_in_link_request(request):
    """Ask for a sign-in link by email; the answer never says whether the account exists."""
    form = SignInLinkForm(request.POST if request.method == "POST" else None)
    next_url = safe_next(request, default="")
    if (
        request.method == "POST"
        and form.is_valid()
        and _account_email_allowed(request, form, form.cleaned_data["email"])
    ):
        sign_in_link_send(email=form.cleaned_data["email"], next_url=next_url)
        context = {"email": form.cleaned_data["email"], "minutes": settings.SIGN_IN_LINK_MINUTES}
        return render(request, "accounts/sign_in_link_sent.html", context)
    context = {"form": form, "next": next_url, "minutes": settings.SIGN_IN_LINK_MINUTES}
    return render(request, "accounts/sign_in_link.html", context)


@require_http_methods(["GET", "POST"])
def sign_in_link_open(request, token):
    """A button to sign in with the link: a GET alone (a mail scanner) uses nothing up."""
    user = sign_in_link_user(token=token)
    if user is None:
        response = render(request, "accounts/sign_in_link_invalid.html", status=404)
    elif request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # A sign-up link (the only one a waiting account gets) finishes the account.
        if account_confirm(user=user):
            messages.success(request, _("Welcome! Your account is ready."))
        else:
            messages.success(request, _("You are signed in."))
        response = redirect(safe_next(request, default=reverse("planning:jam_list")))
    else:
        context = {"account": user, "next": safe_next(request, default="")}
        response = render(request, "accounts/sign_in_link_open.html", context)
    patch_cache_control(response, private=True, no_store=True)
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
