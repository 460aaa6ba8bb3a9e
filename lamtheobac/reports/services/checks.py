"""What a report still lacks before it is sent, and whether its drafted summary
still matches its figures.

A gap is a warning the writer may send past, or an error where the level above
requires the field for the period (`Obligation.required_fields`, a setting of
the level that asks, never a constant). The submit page, "Lưu và gửi", the
approver's page and the API all read `gaps`; submitting and approving refuse
the errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.querysets import today
from lamtheobac.reports import completeness, narrative
from lamtheobac.reports.models import NARRATIVE_SECTIONS, Obligation, Report

# What a level may require of the reports it asks for, in the order a document
# reads them; each is also checked (as a warning) when nobody requires it.
REQUIRABLE = (
    "number",
    "issued_on",
    "signer_name",
    "recipients",
    *NARRATIVE_SECTIONS,
)

# How each gap is said, where the field's own name is not clear enough.
_MISSING = {
    "number": gettext_lazy("No number and symbol (for example 12-BC/ĐU)."),
    "issued_on": gettext_lazy("No date of issue."),
    "signer_name": gettext_lazy("No signer's name."),
    "recipients": gettext_lazy("No recipients (“Nơi nhận”)."),
}


def field_label(name: str) -> str:
    return capfirst(str(Report._meta.get_field(name).verbose_name))


def requirable_choices() -> list[tuple[str, str]]:
    return [(name, field_label(name)) for name in REQUIRABLE]


def check_required_fields(values) -> list[str]:
    """The field names an obligation may require, in REQUIRABLE's order; an unknown one is refused."""
    values = list(values or [])
    unknown = [str(value) for value in values if value not in REQUIRABLE]
    if unknown:
        raise ValidationFailed(
            _("These parts of a report cannot be required: %(names)s.") % {"names": ", ".join(unknown)},
            field="required_fields",
        )
    return [name for name in REQUIRABLE if name in values]


@dataclass(frozen=True)
class Gap:
    field: str
    label: str
    message: str
    required: bool  # an error: the level above requires it
    required_by: str = ""  # the unit that requires it


def _is_empty(report: Report, name: str) -> bool:
    value = getattr(report, name)
    return value is None or (isinstance(value, str) and not value.strip())


def governing_obligation(report: Report) -> Obligation | None:
    """The obligation the report answers: the one it was started under, else the
    first (earliest deadline) that asks its unit for its period now."""
    if report.obligation_id is not None:
        return report.obligation
    return next(
        (
            item
            for item in completeness.obligations_for(report.unit, report.period)
            if completeness.matches(item, report.unit)
        ),
        None,
    )


def gaps(report: Report, obligation: Obligation | bool | None = False) -> list[Gap]:
    """What the document still lacks, in the order it reads. `obligation`: the
    governing obligation when the caller has it (None: there is none)."""
    if obligation is False:
        obligation = governing_obligation(report)
    required = set(obligation.required_fields) if obligation is not None else set()
    by = obligation.unit.name if obligation is not None else ""
    found = []
    for name in REQUIRABLE:
        if not _is_empty(report, name):
            continue
        label = field_label(name)
        message = str(_MISSING[name]) if name in _MISSING else _("“%(part)s” is empty.") % {"part": label}
        found.append(
            Gap(name, label, message, required=name in required, required_by=by if name in required else "")
        )
    return found


def errors(found: list[Gap]) -> list[Gap]:
    return [gap for gap in found if gap.required]


def refuse_missing(report: Report, *, approving: bool = False) -> None:
    """Refuse to send (or approve) a report that lacks a part the level above requires, naming them all."""
    missing = errors(gaps(report))
    if not missing:
        return
    names = ", ".join(gap.label for gap in missing)
    message = (
        _("%(unit)s requires these parts before the report is approved: %(names)s.")
        if approving
        else _("%(unit)s requires these parts before the report is sent: %(names)s.")
    ) % {"unit": missing[0].required_by, "names": names}
    raise ValidationFailed(
        message,
        code="required_missing",
        fields={gap.field: _("Required by %(unit)s.") % {"unit": gap.required_by} for gap in missing},
    )


# -- the cut-off ---------------------------------------------------------------------------
def check_cutoff(report: Report, cutoff: dt.date, *, sending: bool) -> dt.date:
    """The cut-off lies in the period; when the report is sent, not after today."""
    period = report.period
    if not period.start <= cutoff <= period.end:
        raise ValidationFailed(
            _("The figures' cut-off must lie in %(period)s: from %(start)s to %(end)s.")
            % {"period": period.label, "start": format_date(period.start), "end": format_date(period.end)},
            field="cutoff",
        )
    now = today()
    if sending and cutoff > now:
        raise ValidationFailed(
            _(
                "The figures cannot be counted up to %(cutoff)s: that day has not come. "
                "Set the cut-off to today (%(today)s) or earlier."
            )
            % {"cutoff": format_date(cutoff), "today": format_date(now)},
            field="cutoff",
        )
    return cutoff


def sending_cutoff(report: Report) -> dt.date:
    """The cut-off a report is offered when it is sent: its own, or today if that has not come."""
    return min(report.cutoff, today())


def period_running(report: Report) -> bool:
    return report.period.end >= today()


# -- the drafted summary ---------------------------------------------------------------------
def summary_is_stale(report: Report, live: dict) -> bool:
    """Whether the figures changed, since the summary was drafted (or last
    saved), in a way its sentences say: the paragraph drafted from today's
    figures differs from the one drafted from those. Unknown for reports drafted
    before the figures were kept, nothing to contradict in an empty summary, and
    never once approved (the figures are frozen)."""
    if report.summary_figures is None or not report.summary.strip() or report.figures is not None:
        return False
    then = report.summary_figures.get(CUTOFF_KEY)
    then = dt.date.fromisoformat(then) if then else report.cutoff
    # A moved cut-off changes the paragraph's frame ("Trong quý IV/2026" / "Từ đầu
    # quý IV/2026 đến ngày 15/11/2026") even when no figure moved.
    drafted = narrative.draft(report.unit, report.period, report.summary_figures, cutoff=then)
    return drafted != narrative.draft(report.unit, report.period, live, cutoff=report.cutoff)


# Where `summary_figures` keeps the cut-off the summary was drafted up to.
CUTOFF_KEY = "_cutoff"


def drafted_from(live: dict, cutoff: dt.date) -> dict:
    """What a report keeps of the figures its summary was drafted (or saved) from."""
    return {**live, CUTOFF_KEY: cutoff.isoformat()}
