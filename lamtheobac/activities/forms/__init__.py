"""Forms of the activity pages, by sub-domain like the services and the views:

- `activities`: an activity with its connection points and attachments, the
  list's filters, the month view, the kinds list;
- `topics`: the yearly topic and its list's filter;
- `attendance`: the attendance rule and the assignments of committee members;
- `compliance`: the unit and period of the compliance and figures pages;
- `imports`: the bulk entry screen and the .xlsx upload;
- `_shared`: what several of them use.

Choices of units and people are narrowed to the user's scope; the services
check everything again and their refusals land on the inputs they name.
"""

from ._shared import ConfirmForm
from .activities import (
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    KindForm,
    MonthForm,
    PointEditForm,
    PointForm,
    PointFormSet,
    RemoveActivityForm,
    this_month,
)
from .attendance import (
    AssignmentEditForm,
    AssignmentFilterForm,
    AssignmentForm,
    RemoveWithReasonForm,
    RuleForm,
    UnitPickForm,
)
from .compliance import FiguresForm, PeriodField, ReportForm
from .imports import BulkPickForm, BulkRowForm, ImportUploadForm, MonthField
from .topics import TopicFilterForm, TopicForm

__all__ = [
    "ActivityFilterForm",
    "ActivityForm",
    "AssignmentEditForm",
    "AssignmentFilterForm",
    "AssignmentForm",
    "AttachmentForm",
    "BulkPickForm",
    "BulkRowForm",
    "ConfirmForm",
    "FiguresForm",
    "ImportUploadForm",
    "KindForm",
    "MonthField",
    "MonthForm",
    "PeriodField",
    "PointEditForm",
    "PointForm",
    "PointFormSet",
    "RemoveActivityForm",
    "RemoveWithReasonForm",
    "ReportForm",
    "RuleForm",
    "TopicFilterForm",
    "TopicForm",
    "UnitPickForm",
    "this_month",
]
