"""Numbers and dates as Vietnamese officials write them: 1.103; 85,88%; 18/5/2021."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """1103 -> "1.103"; 95.617 with 3 decimals -> "95,617"; None -> ""."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else max(0, -number.as_tuple().exponent)
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integral, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integral) > 3:
        groups.insert(0, integral[-3:])
        integral = integral[:-3]
    groups.insert(0, integral)
    text = ".".join(groups)
    if decimals and fraction:
        text += "," + fraction
    return sign + text


def format_percent(value: int | float | Decimal | None, decimals: int = 2) -> str:
    """85.88 -> "85,88%" (the value is already a percentage)."""
    if value is None or value == "":
        return ""
    text = format_number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"


def format_ratio(part: int, whole: int, decimals: int = 2) -> str:
    """73, 85 -> "73/85 (85,88%)"."""
    if not whole:
        return f"{format_number(part)}/{format_number(whole)}"
    share = Decimal(part) * 100 / Decimal(whole)
    return f"{format_number(part)}/{format_number(whole)} ({format_percent(share, decimals)})"


def format_date(value: dt.date | dt.datetime | None) -> str:
    """18/5/2021: day and month without leading zeros, as in running text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day}/{value.month}/{value.year}"


def format_datetime(value: dt.datetime | None) -> str:
    """18/5/2021 09:36 in the local time zone."""
    if value is None:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value)} {value:%H:%M}"


def format_document_date(value: dt.date, place: str) -> str:
    """The place-and-date line of a party document: "Cao Bằng, ngày 18 tháng 01 năm 2024".
    A day below 10 and the months 1 and 2 take a leading zero ("ngày 03 tháng 4"), so
    that no digit can be added in front of them afterwards."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{place}, ngày {value.day:02d} tháng {month} năm {value.year}"
