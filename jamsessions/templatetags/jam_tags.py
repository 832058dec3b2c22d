from django import template

register = template.Library()


@register.filter
def any_errors(forms) -> bool:
    """True when any of the forms has an error, for the error summary."""
    return any(form.errors for form in forms or [])


@register.filter
def as_list(value) -> list:
    """One form as a list of forms, for the error summary."""
    return [value]
