"""Forms of the report pages, by sub-domain: `periods` (the period and unit
inputs they share), `reports`, `rollup` (and completeness), `obligations`.
Unit choices are narrowed to what the user may do; the services check
everything again and their refusals land on the inputs they name."""

from .obligations import ObligationFilterForm, ObligationForm, PeriodForm
from .periods import (
    PeriodKeyMixin,
    clean_period_key,
    find_period,
    narrow_units,
    offer_periods,
    period_field,
    periods_in_use,
    unit_field,
)
from .reports import (
    ReopenForm,
    ReportFilterForm,
    ReportForm,
    ReturnForm,
    StartForm,
    SubmitForm,
    WithdrawForm,
    section_titles,
)
from .rollup import CompletenessForm, RollupForm

__all__ = [
    "CompletenessForm",
    "ObligationFilterForm",
    "ObligationForm",
    "PeriodForm",
    "PeriodKeyMixin",
    "ReopenForm",
    "ReportFilterForm",
    "ReportForm",
    "ReturnForm",
    "RollupForm",
    "StartForm",
    "SubmitForm",
    "WithdrawForm",
    "clean_period_key",
    "find_period",
    "narrow_units",
    "offer_periods",
    "period_field",
    "periods_in_use",
    "section_titles",
    "unit_field",
]
