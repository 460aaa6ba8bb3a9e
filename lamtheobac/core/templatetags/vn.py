"""Template filters for Vietnamese numbers and dates; loaded as builtins."""

from django import template

from lamtheobac.core import formatting

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    return formatting.format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vn_percent(value, decimals=2):
    return formatting.format_percent(value, int(decimals))


@register.filter
def vn_date(value):
    return formatting.format_date(value)


@register.filter
def vn_datetime(value):
    return formatting.format_datetime(value)


@register.simple_tag
def error_lines(form, skip_non_field=False) -> list[tuple]:
    """The lines of a form's error summary: (field or None, message), the form's
    own errors first unless its template prints them itself."""
    lines = [] if skip_non_field else [(None, error) for error in form.non_field_errors()]
    for field in form:
        lines.extend((field, error) for error in field.errors)
    return lines
