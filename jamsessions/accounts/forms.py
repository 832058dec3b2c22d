from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from jamsessions.accounts.models import User, email_normalise
from jamsessions.mail import email_send_later, render_subject, render_text


class SignUpForm(forms.Form):
    """Name, address and password, checked as the account's own fields are.

    Not a ModelForm: the model's checks include the unique address, and whether an address
    has an account is not this form's to say. Signing up answers the same either way
    (``jamsessions.actions.account_sign_up``).
    """

    name = User._meta.get_field("name").formfield(
        widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = User._meta.get_field("email").formfield(
        widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again, to be sure."),
    )

    def clean_email(self):
        return email_normalise(self.cleaned_data["email"])

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(_("The two passwords are not the same."))
        return password2

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password2")
        if password:
            # Checked against the account it would make: not too like its name or address.
            someone = User(email=cleaned_data.get("email", ""), name=cleaned_data.get("name", ""))
            try:
                password_validation.validate_password(password, someone)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "That email address and password do not match an account. Check them and try again."
        ),
        "inactive": _("This account is not active."),
        "unconfirmed": _(
            "This account waits for its email address to be confirmed: follow the link in "
            "the email we sent when it was created. Lost it? Choose a new password below: "
            "that confirms the address too."
        ),
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the email sent by the background worker."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        subject = render_subject(subject_template_name, context)
        body = render_text(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        email_send_later(to=[to_email], subject=subject, text=body, html=html)


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
