"""Everything that changes an initiative. Callers use `services.x`; the code lives in:

- `lifecycle`: registration, the table of steps, evaluation and recognition;
- `adoption`: adoptions by other units ("replicated");
- `records`: results, outcomes and attachments;
- `lists`: the system-wide lists (fields, movements, criteria, measures);
- `_checks`: checks the others share.

Each function checks access, validates, writes inside one transaction and
records the audit event itself; a refusal raises a DomainError and writes
nothing.

The period lock (lamtheobac.reports.locks): once a report is approved, the
rows of its unit's subtree dated in its period are frozen. Each service checks
the row's own date on the unit whose figures the row counts in: the owner for
the initiative itself (registered_on, start_date), its steps, evaluations,
recognitions, results and outcomes; the ADOPTING unit for an adoption. The
lists are settings, not figures.
"""

from .adoption import ADOPTION_FIELDS, adopt, remove_adoption
from .lifecycle import (
    ACTIVE,
    EDITABLE_FIELDS,
    INITIATIVE_FIELDS,
    LEVEL_RANK,
    MANUAL_STEPS,
    NEEDS_REASON,
    RECOGNITION_RANK,
    TRANSITIONS,
    allowed_steps,
    can_adopt,
    can_evaluate,
    can_recognise,
    effective_level,
    evaluate,
    recognise,
    register_initiative,
    take_step,
    update_initiative,
)
from .lists import LISTS, save_list_entry
from .records import (
    ATTACHMENT_FIELDS,
    ATTACHMENT_TYPES,
    OUTCOME_FIELDS,
    add_attachment,
    add_outcome,
    add_result,
    max_attachment_bytes,
    parse_amount,
    remove_attachment,
    remove_outcome,
    remove_result,
)

__all__ = [
    "ACTIVE",
    "ADOPTION_FIELDS",
    "ATTACHMENT_FIELDS",
    "ATTACHMENT_TYPES",
    "EDITABLE_FIELDS",
    "INITIATIVE_FIELDS",
    "LEVEL_RANK",
    "LISTS",
    "MANUAL_STEPS",
    "NEEDS_REASON",
    "OUTCOME_FIELDS",
    "RECOGNITION_RANK",
    "TRANSITIONS",
    "add_attachment",
    "add_outcome",
    "add_result",
    "adopt",
    "allowed_steps",
    "can_adopt",
    "can_evaluate",
    "can_recognise",
    "effective_level",
    "evaluate",
    "max_attachment_bytes",
    "parse_amount",
    "recognise",
    "register_initiative",
    "remove_adoption",
    "remove_attachment",
    "remove_outcome",
    "remove_result",
    "save_list_entry",
    "take_step",
    "update_initiative",
]
