"""Our commune's rows named in a query string or a body of the report pages and
API: a custom period's key, a unit to report on, roll up, count or remind, and
report ids to approve. The other commune that names them learns nothing of them
(not even a custom period's name) and writes nothing."""

import datetime as dt

from lamtheobac.core.models import Notification
from lamtheobac.core.testing import Attempt, ReferenceContract
from lamtheobac.reports import services
from lamtheobac.reports.models import Obligation, Report, ReportingPeriod, ReportStep, State

API = "/api/v1"
PERIOD = "Đợt thi đua riêng của Đông Sơn 4711"
TITLE = "Báo cáo riêng của Đông Sơn 4711"
OBLIGATION = "Báo cáo đợt của các chi bộ Đông Sơn"


def ours(world) -> dict:
    """Our commune's custom period, an obligation on it for our cells, and our
    reports: one on the custom period, one submitted for 2025-Q1."""
    custom = services.define_period(
        actor=world.admin, unit=world.commune, name=PERIOD, start="2025-05-01", end="2025-08-08"
    )
    obligation = Obligation.objects.create(
        unit=world.commune,
        period=custom,
        title=OBLIGATION,
        unit_kinds=["party_cell"],
        deadline=dt.date(2025, 8, 20),
    )
    on_custom = Report.objects.create(unit=world.commune, period=custom, title=TITLE)
    submitted = Report.objects.create(
        unit=world.commune, period=services.period_for("2025-Q1"), title=TITLE, state=State.SUBMITTED
    )
    return {"custom": custom, "obligation": obligation, "on_custom": on_custom, "submitted": submitted}


def both(method: str, url: str, data=None, *, api: bool = False, **options) -> Attempt:
    """`url` (and `data`) naming {unit}: the sibling commune for the outsider, ours for our user."""

    def fill(value, unit):
        if isinstance(value, str):
            return value.replace("{unit}", str(unit))
        if isinstance(value, dict):
            return {key: fill(item, unit) for key, item in value.items()}
        return value

    theirs, mine = options.pop("units")
    return Attempt(
        method,
        fill(url, theirs),
        fill(data, theirs),
        api=api,
        own_url=fill(url, mine),
        own_data=fill(data, mine),
        **options,
    )


class TestPeriodKeyReferences(ReferenceContract):
    """Every page and route that takes a period key, given our custom period's."""

    models = (ReportingPeriod, Obligation, Report, ReportStep, Notification)
    covers = (
        "reports/",
        "reports/start/",
        "reports/rollup/",
        "reports/completeness/",
        "reports/obligations/",
        "reports/rollup/export/",
        "reports/dashboard/drill/",
        "api/v1/reports",
        "api/v1/rollups",
        "api/v1/completeness",
        "api/v1/report-obligations",
    )

    def make(self, world):
        return ours(world)

    def marker(self, made):
        return PERIOD

    def attempts(self, world, made):
        key = made["custom"].key
        units = {"units": (world.sibling.pk, world.commune.pk)}
        cells = {"units": (world.sibling_cell.pk, world.cell.pk)}
        drill = "section=activities&figure=talks"
        return [
            Attempt.page("get", f"/reports/?period={key}"),
            both("get", f"/reports/start/?unit={{unit}}&period={key}", **units),
            both("post", "/reports/start/", {"unit": "{unit}", "period": key}, **cells),
            both("get", f"/reports/rollup/?unit={{unit}}&period={key}", **units),
            both("get", f"/reports/completeness/?unit={{unit}}&period={key}", **units),
            Attempt.page("get", f"/reports/obligations/?period={key}"),
            both("get", f"/reports/rollup/export/?unit={{unit}}&period={key}", **units),
            both("get", f"/reports/dashboard/drill/?unit={{unit}}&period={key}&{drill}", **units),
            Attempt.call("get", f"{API}/reports?period={key}&limit=500"),
            both("post", f"{API}/reports", {"unit": "{unit}", "period": key}, api=True, **cells),
            both("get", f"{API}/rollups?unit={{unit}}&period={key}", api=True, **units),
            both("get", f"{API}/completeness?unit={{unit}}&period={key}", api=True, **units),
            Attempt.call("get", f"{API}/report-obligations?period={key}&limit=500"),
        ]


class TestObligationReferences(ReferenceContract):
    """What a level sets for its subtree and its reminders: the other commune's
    admin names our unit, our custom period or our units to remind."""

    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    models = (ReportingPeriod, Obligation, Notification)
    covers = (
        "reports/obligations/new/",
        "reports/completeness/remind/",
        "reports/periods/new/",
        "api/v1/report-obligations",
        "api/v1/completeness/remind",
        "api/v1/reporting-periods",
    )

    def make(self, world):
        return ours(world)

    def marker(self, made):
        return PERIOD

    def attempts(self, world, made):
        key = made["custom"].key
        units = {"units": (world.sibling.pk, world.commune.pk)}
        obligation = {
            "title": "Báo cáo lạ",
            "unit_kinds": ["party_cell"],
            "deadline": "2025-08-25",
            "note": "",
        }
        # A calendar period already in use: reading a new key creates its (unscoped) row.
        in_our_unit = {**obligation, "unit": world.commune.pk, "period": "2025-Q1"}
        period = {"unit": world.commune.pk, "name": "Đợt lạ", "start": "2025-09-01", "end": "2025-09-30"}
        return [
            both("get", f"/reports/obligations/new/?unit={{unit}}&period={key}", **units),
            both(
                "post", "/reports/obligations/new/", {**obligation, "unit": "{unit}", "period": key}, **units
            ),
            Attempt.page("post", "/reports/obligations/new/", in_our_unit),
            both(
                "post",
                f"{API}/report-obligations",
                {**obligation, "unit": "{unit}", "period": key},
                api=True,
                **units,
            ),
            Attempt.call("post", f"{API}/report-obligations", in_our_unit),
            both("post", "/reports/completeness/remind/", {"unit": "{unit}", "period": key}, **units),
            # Our cell chosen among the units to remind, within their own commune.
            Attempt.page(
                "post",
                "/reports/completeness/remind/",
                {"unit": world.sibling.pk, "period": key, "units": [world.cell.pk]},
                own_data={"unit": world.commune.pk, "period": key, "units": [world.cell.pk]},
            ),
            both("post", f"{API}/completeness/remind", {"unit": "{unit}", "period": key}, api=True, **units),
            Attempt.page("get", f"/reports/periods/new/?unit={world.commune.pk}", marker=world.commune.name),
            Attempt.page("post", "/reports/periods/new/", period),
            Attempt.call("post", f"{API}/reporting-periods", period),
        ]


class TestReportReferences(ReferenceContract):
    """Our unit named in the report pages and API, and our reports approved by id."""

    models = (Report, ReportStep, Notification)
    covers = (
        "reports/",
        "reports/approve-many/",
        "reports/start/",
        "reports/rollup/",
        "reports/completeness/",
        "reports/rollup/export/",
        "reports/dashboard/",
        "reports/dashboard/drill/",
        "api/v1/reports",
        "api/v1/reports/approve",
        "api/v1/rollups",
        "api/v1/completeness",
    )

    def make(self, world):
        return ours(world)

    def marker(self, made):
        return TITLE

    def attempts(self, world, made):
        commune, submitted = world.commune, made["submitted"].pk
        where = f"unit={commune.pk}&period=2025-Q1"
        named = {"marker": commune.name}
        approver = {"outsider": "outsider_admin", "owner": "province_approver"}
        return [
            Attempt.page("get", f"/reports/?unit={commune.pk}"),
            Attempt.page("post", "/reports/approve-many/", {"reports": [submitted]}, **approver),
            Attempt.page("get", f"/reports/start/?{where}", **named),
            Attempt.page("get", f"/reports/rollup/?{where}", **named),
            Attempt.page("get", f"/reports/completeness/?{where}", **named),
            Attempt.page("get", f"/reports/rollup/export/?{where}", **named),
            Attempt.page("get", f"/reports/dashboard/?unit={commune.pk}&year=2025", **named),
            Attempt.page(
                "get", f"/reports/dashboard/drill/?{where}&section=activities&figure=talks", **named
            ),
            Attempt.call("get", f"{API}/reports?unit={commune.pk}&limit=500"),
            Attempt.call("post", f"{API}/reports", {"unit": commune.pk, "period": "2025-Q2"}),
            Attempt.call("post", f"{API}/reports/approve", {"ids": [submitted]}, **approver),
            Attempt.call("get", f"{API}/rollups?{where}", marker=f'"unit": {commune.pk}'),
            Attempt.call("get", f"{API}/completeness?{where}", **named),
        ]
