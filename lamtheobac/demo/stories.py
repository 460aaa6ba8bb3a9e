"""The demo's initiatives told by hand, after the seed articles.

"Ngày thứ bảy với dân" (Bình Lục): a district pilot recognised three months
after it started and replicated to every commune, then taken up by the
province after the 2025 reform; "Quỹ Chỉ thị 05" (Quỳnh Nhai): monthly
contributions by tier, houses for poor members, students supported; "Ngày về
cơ sở xây dựng nông thôn mới" (Mai Sơn) with the land donated in Đông Sơn; the
women's union's piggy banks and the police's Zalo (Cao Bằng). Xã Đông Sơn, where
the `xa` account works, has one initiative in every status.

Every step goes through `_Life`, which refuses what the services would refuse.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .builder import _Layout
    from .initiatives import _Book


def tell_stories(book: _Book, layout: _Layout, heads: dict[int, int]) -> None:
    """The initiatives of the seed articles, and Đông Sơn's in every status."""
    rng = book.rng
    d = dt.date
    province = layout.province.unit.pk
    bodies = {code: node.unit.pk for code, node in layout.bodies.items()}
    district = layout.district.unit.pk
    old = [commune for group in layout.old_groups for commune in group]
    xa = layout.xa
    xa_pk = xa.node.unit.pk
    xa_bodies = {code: node.unit.pk for code, node in xa.bodies.items()}

    # "Ngày thứ bảy với dân": the district's pilot in the township, recognised three
    # months after it started and replicated to every commune of the district.
    pilot = book.register(
        district,
        "Ngày thứ bảy với dân",
        year=2023,
        on=d(2023, 2, 20),
        field_key="admin",
        kind="model",
        movement="dan_van",
        responsible=heads.get(district),
        description=(
            "Mô hình điểm của Ban Thường vụ Huyện ủy, làm thử ở thị trấn Bình An: sáng thứ bảy hằng tuần, "
            "cán bộ, công chức huyện và thị trấn về tổ dân phố gặp dân, nghe dân nói, cùng dân làm."
        ),
        goals="Giải quyết kịp thời kiến nghị của dân; sau 3 tháng sơ kết, nhân rộng ra toàn Đảng bộ huyện.",
    )
    pilot.start(d(2023, 3, 4))
    pilot.result(
        d(2023, 3, 31), "Quý I/2023: 4 buổi sáng thứ bảy ở 9 tổ dân phố, ghi nhận 37 ý kiến của dân."
    )
    pilot.evaluate(
        d(2023, 5, 27),
        "Hội thảo đánh giá mô hình điểm, Ban Thường vụ Huyện ủy Bình An",
        (0.9, 0.92, 0.92, 0.9),
    )
    pilot.recognise(d(2023, 6, 5), "district", "pilot", body=district, decision="Quyết định số 215-QĐ/HU")
    for number, commune in enumerate(old):
        pilot.adopt(
            commune.node.unit.pk,
            d(2023, 6, 10) + dt.timedelta(days=4 * number),
            f"Ngày thứ bảy với dân ở {commune.place}",
        )
    pilot.result(
        d(2023, 12, 31), "Năm 2023: 416 buổi cán bộ về cơ sở, giải quyết 1.215 ý kiến, kiến nghị của dân."
    )
    pilot.outcome("people", 12_480, d(2023, 12, 31), "Lượt cán bộ và người dân tham gia")

    # After the reform the province takes the model up for all its communes.
    saturday = book.register(
        province,
        "Ngày thứ bảy với dân",
        year=2025,
        on=d(2025, 7, 15),
        field_key="admin",
        kind="model",
        movement="dan_van",
        responsible=heads.get(province),
        description=(
            "Từ mô hình điểm của Huyện ủy Bình An: sáng thứ bảy, cán bộ xã về thôn, tổ dân phố; "
            "cấp ủy viên tỉnh dự ít nhất một buổi mỗi quý ở xã được phân công."
        ),
        goals="100% xã, phường thực hiện trong năm đầu vận hành chính quyền hai cấp.",
        derived_from=pilot,
    )
    saturday.start(d(2025, 8, 2))
    saturday.result(
        d(2025, 9, 30), "Quý III/2025: 10 xã làm thử, 212 buổi về thôn, 640 ý kiến được giải quyết."
    )
    saturday.evaluate(d(2025, 10, 25), "Ban Tuyên giáo và Dân vận Tỉnh ủy", (0.95, 0.96, 0.92, 0.95))
    saturday.recognise(
        d(2025, 11, 3), "province", "pilot", body=province, decision="Quyết định số 1125-QĐ/TU"
    )
    # Every commune of the province takes it up, in the order of the days they did.
    days = [
        (
            d(2025, 11, 15) if commune is xa else d(2025, 11, 8) + dt.timedelta(days=rng.randint(0, 112)),
            commune,
        )
        for commune in [*layout.communes, *layout.merged]
    ]
    for day, commune in sorted(days, key=lambda pair: (pair[0], pair[1].node.unit.pk)):
        saturday.adopt(commune.node.unit.pk, day, f"Ngày thứ bảy với dân ở {commune.place}")
    saturday.recognise(
        d(2026, 6, 30), "province", "outstanding", body=province, decision="Quyết định số 1490-QĐ/TU"
    )
    saturday.outcome("people", 48_600, d(2026, 9, 30), "Lượt cán bộ và người dân tham gia")

    # "Quỹ Chỉ thị 05": monthly contributions by tier, houses for poor members, students.
    fund = book.register(
        district,
        "Quỹ Chỉ thị 05",
        year=2023,
        on=d(2023, 1, 16),
        field_key="poverty",
        movement="poor",
        responsible=heads.get(district),
        description=(
            "Cán bộ, đảng viên góp quỹ hằng tháng: đảng viên là lãnh đạo ít nhất 30.000 đồng, cán bộ, "
            "đảng viên 15.000 đồng, đảng viên nông thôn 1.000 đồng; quỹ hỗ trợ đảng viên và hộ có hoàn cảnh "
            "đặc biệt khó khăn xóa nhà tạm, tặng quà đảng viên 50 năm tuổi Đảng, giúp học sinh nghèo."
        ),
    )
    fund.start(d(2023, 2, 1))
    fund.result(d(2023, 6, 30), "6 tháng đầu năm 2023: 100% chi bộ thu quỹ đúng mức đăng ký.")
    fund.evaluate(d(2023, 11, 20), "Ban Thường vụ Huyện ủy Bình An", (0.93, 0.88, 0.96, 0.9))
    fund.recognise(
        d(2023, 12, 15), "district", "outstanding", body=district, decision="Quyết định số 402-QĐ/HU"
    )
    fund.result(
        d(2023, 12, 31),
        "Năm 2023 trích 1 tỷ 420 triệu đồng hỗ trợ 48 hộ nghèo, đảng viên nghèo về nhà ở "
        "và 10 học sinh có hoàn cảnh đặc biệt khó khăn đến trường.",
    )
    fund.outcome("money", 2_652_000_000, d(2023, 12, 31), "Lũy kế đến 31/12/2023")
    fund.outcome("helped", 48, d(2023, 12, 31), "Hộ nghèo, đảng viên nghèo được hỗ trợ nhà ở")
    fund.outcome("students", 10, d(2023, 12, 31), "Học sinh có hoàn cảnh đặc biệt khó khăn")
    for number, commune in enumerate(old[:4]):
        fund.adopt(
            commune.node.unit.pk,
            d(2024, 1, 10) + dt.timedelta(days=20 * number),
            f"Quỹ Chỉ thị 05 {commune.place}",
        )
    # The new commune carries its predecessors' fund on.
    binh_an = layout.merged[0]
    carried = book.register(
        binh_an.node.unit.pk,
        f"Quỹ Chỉ thị 05 {binh_an.place}",
        year=2025,
        on=d(2025, 7, 21),
        field_key="poverty",
        movement="poor",
        responsible=heads.get(binh_an.node.unit.pk),
        description="Hợp nhất quỹ của thị trấn Bình An, xã An Lạc và xã An Thịnh từ 1/7/2025.",
        derived_from=fund,
    )
    carried.start(d(2025, 8, 1))
    carried.result(d(2025, 12, 31), "Năm 2025: hỗ trợ 5 hộ sửa nhà, tặng quà 14 đảng viên 50 năm tuổi Đảng.")
    carried.outcome("money", 486_500_000, d(2026, 6, 30), "Lũy kế từ 1/7/2025")
    carried.outcome("helped", 12, d(2026, 6, 30))

    # "Ngày về cơ sở xây dựng nông thôn mới": land donated, roads widened.
    field_day = book.register(
        district,
        "Ngày về cơ sở xây dựng nông thôn mới",
        year=2024,
        on=d(2024, 1, 22),
        field_key="rural",
        movement="rural",
        responsible=heads.get(district),
        description="Cả hệ thống chính trị của huyện về thôn một ngày mỗi tháng, cùng dân làm đường.",
        goals="Mở rộng đường trục thôn; thêm 10 thôn đạt chuẩn nông thôn mới kiểu mẫu.",
    )
    field_day.start(d(2024, 2, 17))
    field_day.result(d(2024, 6, 30), "6 tháng đầu năm 2024: 6 ngày ra quân, 3.120 lượt người tham gia.")
    field_day.evaluate(d(2024, 9, 28), "Ban Thường vụ Huyện ủy Bình An", (0.97, 0.9, 0.92, 0.9))
    field_day.recognise(
        d(2024, 10, 10), "district", "outstanding", body=district, decision="Quyết định số 318-QĐ/HU"
    )
    for number, commune in enumerate(old[2:7]):
        field_day.adopt(
            commune.node.unit.pk,
            d(2024, 10, 19) + dt.timedelta(days=12 * number),
            f"Ngày về cơ sở xây dựng nông thôn mới ở {commune.place}",
        )
    field_day.recognise(
        d(2024, 12, 20), "province", "outstanding", body=province, decision="Quyết định số 987-QĐ/TU"
    )
    field_day.result(
        d(2024, 12, 31),
        "Năm 2024: thêm 11 thôn đạt chuẩn nông thôn mới kiểu mẫu, nâng tổng số lên 73/85 thôn (85,88%).",
    )
    field_day.outcome(
        "land", Decimal("37647.0"), d(2024, 12, 31), "Nhân dân hiến để mở rộng đường giao thông"
    )
    field_day.outcome("land_value", 95_617_000_000, d(2024, 12, 31), "Quy đổi theo giá đất của tỉnh")
    field_day.outcome("road", 12_480, d(2024, 12, 31))
    field_day.outcome("workdays", 8_650, d(2024, 12, 31))

    # The women's union: piggy banks in 499 branches.
    piggy = book.register(
        bodies["HPN"],
        "Nuôi lợn nhựa tiết kiệm, bỏ tiền ống tre",
        year=2023,
        on=d(2023, 2, 10),
        field_key="poverty",
        movement="women",
        responsible=heads.get(bodies["HPN"]),
        description="Chi hội nuôi lợn nhựa, bỏ ống tre tiết kiệm; cuối năm mổ lợn giúp hội viên nghèo.",
    )
    piggy.start(d(2023, 3, 8))
    piggy.evaluate(d(2023, 8, 15), "Ban Thường vụ Hội Liên hiệp Phụ nữ tỉnh", (0.88, 0.96, 0.9, 0.85))
    piggy.recognise(d(2023, 9, 5), "province", "pilot", body=province, decision="Quyết định số 640-QĐ/TU")
    for number, commune in enumerate(old):
        piggy.adopt(
            commune.bodies["PN"].unit.pk,
            d(2023, 9, 20) + dt.timedelta(days=21 * number),
            f"Lợn nhựa tiết kiệm {commune.place}",
        )
    piggy.result(d(2023, 12, 31), "Năm 2023: 499 chi hội, 20.000 hội viên tham gia.")
    piggy.outcome("people", 20_000, d(2023, 12, 31), "499 chi hội")
    piggy.outcome("money", 1_860_000_000, d(2023, 12, 31), "Cho hội viên nghèo vay không lãi")
    bag = book.register(
        bodies["HPN"],
        "Thùng quyên góp “Một miếng khi đói bằng một gói khi no”",
        year=2026,
        on=d(2026, 2, 20),
        field_key="poverty",
        movement="women",
        responsible=heads.get(bodies["HPN"]),
    )
    bag.start(d(2026, 3, 8))
    bag.result(d(2026, 6, 30), "Quý II/2026: 126 thùng quyên góp ở chợ, trường học; 2.340 suất quà.")
    bag.outcome("helped", 2_340, d(2026, 9, 30))

    # The police: Zalo for security and for people's questions, recognised nationally.
    zalo = book.register(
        bodies["CA"],
        "Ứng dụng Zalo trong bảo đảm an ninh, trật tự và trả lời người dân",
        year=2023,
        on=d(2023, 3, 1),
        field_key="security",
        movement="security",
        responsible=heads.get(bodies["CA"]),
        description="Nhóm Zalo của công an xã với người dân: tin báo về an ninh, trật tự; hỏi đáp thủ tục.",
    )
    zalo.start(d(2023, 3, 20))
    zalo.evaluate(d(2023, 10, 10), "Ban Thường vụ Đảng ủy Công an tỉnh", (0.96, 0.96, 0.92, 0.9))
    zalo.recognise(
        d(2023, 11, 2), "province", "outstanding", body=province, decision="Quyết định số 702-QĐ/TU"
    )
    zalo.result(
        d(2023, 12, 31), "Năm 2023: Công an tỉnh có 71 mô hình, phần việc, cách làm hay được áp dụng."
    )
    zalo.recognise(
        d(2024, 5, 19),
        "national",
        "outstanding",
        body_name="Bộ Công an",
        decision="Quyết định số 3512/QĐ-BCA",
    )
    for number, commune in enumerate(old[1:4]):
        zalo.adopt(
            commune.bodies["CA"].unit.pk,
            d(2024, 6, 3) + dt.timedelta(days=30 * number),
            f"Zalo an ninh {commune.place}",
        )
    military = book.register(
        bodies["QS"],
        "Học tập và làm theo Bác theo chuyên đề cho hạ sĩ quan, chiến sĩ",
        year=2024,
        on=d(2024, 1, 15),
        field_key="security",
        responsible=heads.get(bodies["QS"]),
    )
    military.start(d(2024, 2, 1))
    military.evaluate(d(2024, 8, 20), "Đảng ủy Quân sự tỉnh", (0.9, 0.8, 0.95, 0.9))
    military.recognise(d(2024, 9, 2), "province", "pilot", body=province, decision="Quyết định số 811-QĐ/TU")
    youth = book.register(
        bodies["TD"],
        "Thanh niên tình nguyện hướng dẫn người dân dùng dịch vụ công trực tuyến",
        year=2025,
        on=d(2025, 3, 10),
        field_key="admin",
        movement="youth",
        responsible=heads.get(bodies["TD"]),
    )
    youth.start(d(2025, 3, 26))
    youth.evaluate(d(2025, 9, 15), "Ban Thường vụ Tỉnh đoàn", (0.85, 0.92, 0.9, 0.8))
    youth.outcome("people", 15_300, d(2025, 9, 30), "Lượt người dân được hướng dẫn")
    veterans = book.register(
        old[0].bodies["CCB"].unit.pk,
        "Cựu chiến binh phối hợp với công an giữ gìn an ninh, trật tự khu phố",
        year=2024,
        on=d(2024, 2, 5),
        field_key="security",
        movement="veterans",
        responsible=heads.get(old[0].bodies["CCB"].unit.pk),
    )
    veterans.start(d(2024, 2, 20))
    veterans.evaluate(
        d(2024, 11, 12), "Hội thảo đánh giá mô hình điểm, Huyện ủy Bình An", (0.9, 0.9, 0.88, 0.85)
    )

    # Xã Đông Sơn: one initiative in every status, for the `xa` account.
    place = xa.place
    duty = book.register(
        xa_pk,
        "Cấp ủy viên dự sinh hoạt chi bộ ít nhất một lần mỗi tháng",
        year=2025,
        on=d(2025, 7, 20),
        field_key="party",
        kind="exemplary_practice",
        actor="xa",
        responsible=heads.get(xa_pk),
    )
    duty.start(d(2025, 8, 1))
    duty.result(d(2025, 9, 30), "Quý III/2025: cấp ủy viên dự 36 buổi sinh hoạt của 12 chi bộ.")
    duty.evaluate(d(2025, 12, 10), f"Ban Thường vụ Đảng ủy {place}", (0.9, 0.88, 0.96, 0.9))
    duty.recognise(d(2025, 12, 22), "commune", "outstanding", body=xa_pk, decision="Quyết định số 45-QĐ/ĐU")
    tidy = book.register(
        xa_bodies["MT"],
        "Xây dựng khu dân cư văn hóa, đường – vườn – nhà sạch, ngăn nắp",
        year=2025,
        on=d(2025, 7, 25),
        field_key="rural",
        movement="culture",
        actor="xa",
        responsible=heads.get(xa_bodies["MT"]),
    )
    tidy.start(d(2025, 8, 10))
    tidy.evaluate(d(2025, 12, 5), f"Ban Thường vụ Đảng ủy {place}", (0.86, 0.92, 0.9, 0.85))
    tidy.recognise(d(2025, 12, 20), "commune", "pilot", body=xa_pk, decision="Quyết định số 47-QĐ/ĐU")
    # Two other communes' Fronts take it up.
    fronts = [c.bodies["MT"].unit.pk for c in layout.communes if c is not xa and "MT" in c.bodies][:2]
    for number, front in enumerate(fronts):
        tidy.adopt(front, d(2026, 1, 15) + dt.timedelta(days=46 * number), "Khu dân cư sạch, ngăn nắp")
    tidy.outcome("workdays", 1_240, d(2026, 3, 31))
    tidy.outcome("people", 2_310, d(2026, 3, 31))
    road = book.register(
        layout.chibo_cell.unit.pk,
        "Đảng viên đi trước, làng nước theo sau: vận động hiến đất mở đường",
        year=2025,
        on=d(2025, 8, 5),
        field_key="rural",
        movement="rural",
        actor="chibo",
        responsible=heads.get(layout.chibo_cell.unit.pk),
    )
    road.start(d(2025, 8, 16))
    road.result(d(2025, 12, 31), "Năm 2025: 23 hộ hiến đất, mở rộng đường trục thôn lên 5 m.")
    road.evaluate(d(2026, 3, 20), f"Đảng ủy {place}", (0.95, 0.9, 0.92, 0.85))
    road.outcome("land", Decimal("1250.5"), d(2026, 3, 31))
    road.outcome("land_value", 1_875_750_000, d(2026, 3, 31))
    road.outcome("road", 640, d(2026, 3, 31))
    harvest = book.register(
        xa_bodies["PN"],
        "Chi hội phụ nữ giúp nhau trong mùa cấy, gặt",
        year=2025,
        on=d(2025, 7, 28),
        field_key="economy",
        kind="exemplary_practice",
        movement="women",
        actor="xa",
    )
    harvest.start(d(2025, 8, 5))
    harvest.suspend(d(2025, 9, 20), "Tạm dừng do mưa lũ tháng 9/2025, chờ khôi phục sản xuất")
    lights = book.register(
        xa_bodies["DTN"], "Thắp sáng đường quê", year=2026, on=d(2026, 1, 20), field_key="rural", actor="xa"
    )
    lights.start(d(2026, 2, 3))
    lights.drop(
        d(2026, 5, 15),
        "Trùng nội dung với công trình thanh niên của Tỉnh đoàn; chuyển sang tham gia công trình chung",
    )
    one_stop = book.register(
        xa_bodies["UB"],
        "Bộ phận một cửa thân thiện, trả kết quả đúng hẹn",
        year=2026,
        on=d(2026, 1, 12),
        field_key="admin",
        actor="xa",
        responsible=heads.get(xa_bodies["UB"]),
    )
    one_stop.start(d(2026, 2, 2))
    one_stop.suspend(d(2026, 4, 1), "Chờ lắp đặt hệ thống một cửa điện tử mới")
    one_stop.resume(d(2026, 5, 4))
    one_stop.result(d(2026, 6, 30), "Quý II/2026: 1.268 hồ sơ, 98,6% trả đúng hẹn.")
    vegetables = book.register(
        xa_bodies["ND"],
        "Tổ hợp tác sản xuất rau an toàn",
        year=2026,
        on=d(2026, 2, 10),
        field_key="economy",
        movement="farmers",
        actor="xa",
    )
    vegetables.start(d(2026, 3, 1))
    vegetables.result(d(2026, 9, 30), "Quý III/2026: 12 ha rau được chứng nhận VietGAP, 46 hộ tham gia.")
    book.register(
        xa_bodies["CA"],
        "Camera an ninh – thôn bình yên",
        year=2026,
        on=d(2026, 10, 20),
        field_key="security",
        movement="security",
        actor="xa",
    )
