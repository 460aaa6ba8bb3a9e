"""Names and fixed facts of the demo province "Sơn Hà", an invented place.

Everything here is made up: the province, the district and every commune name
are combinations of common Vietnamese name parts, not real places.
"""

import datetime as dt

from lamtheobac.units.models import Kind, MassOrgType

PASSWORD = "lamtheobac"
# Demo accounts carry this e-mail domain (reserved, never deliverable), so that
# `--reset` deletes only the accounts the demo made.
EMAIL_DOMAIN = "demo.invalid"
ADDRESS = "http://127.0.0.1:8000"

# --- dates ----------------------------------------------------------------

FOUNDED = dt.date(2015, 1, 1)  # start of the history the demo keeps
PARTY_TERM_2020 = dt.date(2020, 9, 15)  # commune congresses, term 2020–2025
CELL_TERM_2022 = dt.date(2022, 8, 1)  # cell congresses, term 2022–2025
AGENCIES_MERGED = dt.date(2025, 3, 1)  # party boards and departments merged
LAST_DAY_OLD = dt.date(2025, 6, 30)  # districts' and old communes' last day
REFORM = dt.date(2025, 7, 1)  # two-level local government starts

# --- the province ---------------------------------------------------------

PROVINCE_CODE = "SH"
PROVINCE_NAME = "Tỉnh Sơn Hà (dữ liệu minh họa)"
PROVINCE_SHORT = "Sơn Hà"

# (code, name, kind, mass organisation type, valid from)
PROVINCE_BODIES = [
    ("UBND", "Ủy ban nhân dân tỉnh", Kind.GOVERNMENT, "", FOUNDED),
    ("VP", "Văn phòng Tỉnh ủy", Kind.AGENCY, "", FOUNDED),
    ("BTC", "Ban Tổ chức Tỉnh ủy", Kind.AGENCY, "", FOUNDED),
    ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", Kind.AGENCY, "", AGENCIES_MERGED),
    ("UBKT", "Ủy ban Kiểm tra Tỉnh ủy", Kind.AGENCY, "", FOUNDED),
    ("SNV", "Sở Nội vụ", Kind.AGENCY, "", FOUNDED),
    ("SGD", "Sở Giáo dục và Đào tạo", Kind.AGENCY, "", FOUNDED),
    ("SYT", "Sở Y tế", Kind.AGENCY, "", FOUNDED),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", Kind.AGENCY, "", AGENCIES_MERGED),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", Kind.AGENCY, "", FOUNDED),
    ("CA", "Công an tỉnh", Kind.POLICE, "", FOUNDED),
    ("QS", "Bộ Chỉ huy Quân sự tỉnh", Kind.MILITARY, "", FOUNDED),
    ("TCT", "Trường Chính trị tỉnh Sơn Hà", Kind.SCHOOL, "", FOUNDED),
    ("THPTC", "Trường Trung học phổ thông chuyên Sơn Hà", Kind.SCHOOL, "", FOUNDED),
    ("CTCN", "Công ty Cổ phần Cấp nước Sơn Hà", Kind.ENTERPRISE, "", FOUNDED),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", Kind.FRONT, "", FOUNDED),
    ("HPN", "Hội Liên hiệp Phụ nữ tỉnh", Kind.MASS_ORG, MassOrgType.WOMEN, FOUNDED),
    ("TD", "Tỉnh đoàn Sơn Hà", Kind.MASS_ORG, MassOrgType.YOUTH, FOUNDED),
    ("HND", "Hội Nông dân tỉnh", Kind.MASS_ORG, MassOrgType.FARMERS, FOUNDED),
    ("CCB", "Hội Cựu chiến binh tỉnh", Kind.MASS_ORG, MassOrgType.VETERANS, FOUNDED),
    ("LDLD", "Liên đoàn Lao động tỉnh", Kind.MASS_ORG, MassOrgType.TRADE_UNION, FOUNDED),
]

# --- the bodies of a commune ------------------------------------------------

# (code suffix, name pattern, kind, mass organisation type); {place} is
# "xã Đông Sơn" or "phường Chiềng Lề".
COMMUNE_BODIES = [
    ("UB", "Ủy ban nhân dân {place}", Kind.GOVERNMENT, ""),
    ("MT", "Ủy ban Mặt trận Tổ quốc Việt Nam {place}", Kind.FRONT, ""),
    ("PN", "Hội Liên hiệp Phụ nữ {place}", Kind.MASS_ORG, MassOrgType.WOMEN),
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {place}", Kind.MASS_ORG, MassOrgType.YOUTH),
    ("ND", "Hội Nông dân {place}", Kind.MASS_ORG, MassOrgType.FARMERS),
    ("CCB", "Hội Cựu chiến binh {place}", Kind.MASS_ORG, MassOrgType.VETERANS),
    ("CD", "Công đoàn {place}", Kind.MASS_ORG, MassOrgType.TRADE_UNION),
    ("CA", "Công an {place}", Kind.POLICE, ""),
    ("QS", "Ban Chỉ huy Quân sự {place}", Kind.MILITARY, ""),
]
# Bodies an old (pre-2025) commune of the demo district had.
OLD_COMMUNE_BODIES = ("UB", "MT", "PN", "DTN", "ND", "CCB", "CA")
# A commune with fewer cells than this has no trade union of its own.
TRADE_UNION_MIN_CELLS = 11

# (code suffix, name pattern); {name} is the commune's name without "Xã".
SCHOOLS = [
    ("MN", "Trường Mầm non {name}"),
    ("TH", "Trường Tiểu học {name}"),
    ("THCS", "Trường Trung học cơ sở {name}"),
]

# The cells of a commune's own bodies; the rest are cells of villages.
AGENCY_CELLS = [
    "Chi bộ Cơ quan Đảng – Đoàn thể {place}",
    "Chi bộ Cơ quan Ủy ban nhân dân {place}",
    "Chi bộ Công an {place}",
    "Chi bộ Quân sự {place}",
]

# --- the commune of the `xa` account, the cell of the `chibo` account --------

XA_COMMUNE = "Đông Sơn"
CHIBO_VILLAGE = "Đông Hạ"

# --- the old district and its communes, merged on 1/7/2025 ----------------

DISTRICT_CODE = "H01"
DISTRICT_NAME = "Huyện Bình An"
# (code suffix, name pattern, kind)
DISTRICT_BODIES = [
    ("VP", "Văn phòng Huyện ủy Bình An", Kind.AGENCY),
    ("BTG", "Ban Tuyên giáo Huyện ủy Bình An", Kind.AGENCY),
    ("UB", "Ủy ban nhân dân huyện Bình An", Kind.GOVERNMENT),
    ("MT", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Bình An", Kind.FRONT),
]
# The new commune (formed 1/7/2025 directly under the province) and the old
# communes of the district that merged into it.
MERGERS = [
    ("Xã Bình An", ["Thị trấn Bình An", "Xã An Lạc", "Xã An Thịnh"]),
    ("Xã Minh Hòa", ["Xã Bình Minh", "Xã Bình Hòa", "Xã Thuận Hòa"]),
    ("Xã Mỹ An", ["Xã Mỹ Lộc", "Xã An Bình"]),
]

# --- name parts for communes ------------------------------------------------

LOWLAND_FIRST = [
    "Đông", "Tây", "Nam", "Bắc", "Tân", "Hòa", "Bình", "An", "Phú", "Thanh", "Minh", "Quang",
    "Hưng", "Thuận", "Vĩnh", "Xuân", "Trung", "Kim", "Ngọc", "Hồng", "Long", "Phúc", "Thịnh",
    "Yên", "Đức", "Lạc", "Cẩm", "Hải", "Hoàng", "Quảng", "Thiệu", "Định", "Nghĩa", "Thượng",
    "Tiên", "Mỹ",
]  # fmt: skip
LOWLAND_SECOND = [
    "Sơn", "Tiến", "Hà", "Lâm", "Thành", "Phong", "Lộc", "Hải", "Hưng", "Hòa", "Bình", "Lợi",
    "Thịnh", "Lập", "Phú", "Xuân", "Khê", "Cường", "Thắng", "Quang", "Minh", "Tân", "An", "Yên",
    "Long", "Vinh", "Trung", "Phúc", "Đồng", "Giang", "Châu", "Điền", "Hiệp", "Lĩnh", "Thủy",
    "Tường",
]  # fmt: skip
# Upland names: a first word and the words it goes with.
UPLAND_NAMES = {
    "Chiềng": ["Lề", "Cơi", "Sinh", "Ban", "Mung", "Khoong", "Ngần", "Pằn", "Xôm", "Đen", "Hặc", "Sại"],
    "Mường": ["Bú", "Giàng", "Chanh", "Lạn", "É", "Sại", "Bám", "Lầm", "Khiêng", "Cơi"],
    "Nà": ["Ớt", "Nghịu", "Bó", "Mường", "Pó", "Tấu"],
    "Phiêng": ["Khoài", "Pằn", "Cằm", "Luông", "Ban"],
    "Tà": ["Xùa", "Hộc", "Mít", "Lại"],
    "Co": ["Mạ", "Tòng", "Noong"],
}
# Words added to a two-word name when the pairs run out (large --scale).
THIRD_WORDS = ["Thượng", "Hạ", "Trung", "Đông", "Tây", "Nam", "Bắc"]
UPLAND_SHARE = 0.25
WARD_SHARE = 0.15

# --- name parts for villages ----------------------------------------------

VILLAGE_FIRST = [
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân", "Phú", "An", "Hòa", "Bình",
    "Yên", "Thanh", "Đoài", "Cao", "Kim", "Hợp", "Văn", "Lương",
]  # fmt: skip
VILLAGE_SECOND = [
    "Hạ", "Thượng", "Trung", "Tiến", "Thành", "Hòa", "Lộc", "Phú", "Sơn", "Xuân", "Văn", "Quang",
    "Thịnh", "Lợi", "Hưng", "Thắng", "Nhất", "Tân", "Đông", "Tháp", "Bến", "Giáp", "Mới",
]  # fmt: skip
HAMLET_FIRST = ["Pá", "Nà", "Huổi", "Co", "Hua", "Phiêng", "Noong", "Ten", "Bó", "Púng", "Lọng", "Pom", "Hát"]
HAMLET_SECOND = [
    "Mồng", "Sài", "Lạn", "Củ", "Khoang", "Hịa", "Bon", "Hốc", "Lướt", "Xe", "Nghè", "Pót",
    "Cang", "Ban", "Lếch", "Khúm", "Lay", "Chạy", "Cuông", "Pục",
]  # fmt: skip

# --- people's names -----------------------------------------------------------

# (family name, weight): roughly how common each is.
FAMILY_NAMES = [
    ("Nguyễn", 30), ("Trần", 10), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4), ("Phan", 3),
    ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Ngô", 2), ("Dương", 2), ("Đinh", 2), ("Trịnh", 2),
    ("Lý", 1), ("Lương", 1), ("Mai", 1), ("Cao", 1), ("Tạ", 1), ("Hà", 1), ("Lưu", 1), ("Đào", 1),
]  # fmt: skip
UPLAND_FAMILY_NAMES = [
    ("Lò", 5), ("Quàng", 4), ("Cầm", 3), ("Lường", 4), ("Tòng", 3), ("Hà", 3), ("Vì", 2),
    ("Mùa", 2), ("Giàng", 2), ("Sồng", 1), ("Lù", 1), ("Điêu", 1),
]  # fmt: skip
MALE_MIDDLE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Công", "Thanh", "Đình", "Ngọc"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Minh", "Kim", "Thúy"]
MALE_GIVEN = [
    "Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Sơn", "Long", "Thắng", "Cường", "Quân", "Trung",
    "Hiếu", "Toàn", "Tiến", "Bình", "Hòa", "Lâm", "Khánh", "Phong", "Đạt", "Huy", "Kiên",
    "Thành", "Tùng", "Vinh", "Chiến", "Hưng", "Mạnh", "Quyết", "Thịnh", "An", "Bảo", "Định",
]  # fmt: skip
FEMALE_GIVEN = [
    "Lan", "Hương", "Hoa", "Mai", "Hạnh", "Thảo", "Trang", "Huyền", "Nga", "Hằng", "Yến",
    "Loan", "Dung", "Thủy", "Linh", "Nhung", "Oanh", "Phượng", "Quyên", "Tâm", "Vân", "Hà",
    "Liên", "Ngân", "Duyên",
]  # fmt: skip

# --- the demo accounts --------------------------------------------------------

# username -> (full name of the person, or "" for none; role shown in the output)
ACCOUNTS = {
    "admin": ("", "quản trị hệ thống, toàn quyền"),
    "tinh": ("Trần Thị Thu Hà", "duyệt (approver) tại {province}"),
    "xa": ("Nguyễn Thị Hồng Nhung", "biên tập (editor) tại {xa}"),
    "chibo": ("Lê Văn Thành", "biên tập (editor) tại {chibo}, bí thư chi bộ"),
}

# --- initiatives ("mô hình") -------------------------------------------------------

# Fixed dates keep the demo the same whenever it is built; nothing is dated
# after this day (nor after today).
INITIATIVES_UNTIL = dt.date(2026, 11, 15)
INITIATIVE_YEARS = (2023, 2024, 2025, 2026)

# The default lists (migration 0002) by short key; an entry the administrator
# renamed or retired is skipped (a movement, a measure) or replaced (a field).
FIELDS = {
    "party": "Xây dựng Đảng, hệ thống chính trị",
    "admin": "Cải cách hành chính",
    "economy": "Phát triển kinh tế",
    "poverty": "Giảm nghèo, an sinh xã hội",
    "rural": "Xây dựng nông thôn mới, đô thị văn minh",
    "culture": "Văn hóa, xã hội",
    "health": "Giáo dục, y tế",
    "environment": "Bảo vệ môi trường",
    "security": "Quốc phòng, an ninh",
}
MOVEMENTS = {
    "culture": "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "dan_van": "Dân vận khéo",
    "poor": "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
    "rural": "Cả nước thi đua xây dựng nông thôn mới",
    "security": "Toàn dân bảo vệ an ninh Tổ quốc",
    "women": "Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc",
    "youth": "Tuổi trẻ sáng tạo",
    "farmers": "Nông dân thi đua sản xuất, kinh doanh giỏi",
    "veterans": "Cựu chiến binh gương mẫu",
}
MEASURES = {
    "money": "Tiền huy động, ủng hộ",
    "houses": "Nhà đại đoàn kết xây mới, sửa chữa",
    "helped": "Hộ được hỗ trợ",
    "out_of_poverty": "Hộ thoát nghèo",
    "land": "Diện tích đất hiến",
    "land_value": "Giá trị đất hiến",
    "people": "Lượt người tham gia",
    "students": "Học sinh được hỗ trợ",
    "road": "Đường giao thông làm mới, mở rộng",
    "workdays": "Ngày công lao động",
}
# What one commune-sized initiative achieves: (low, high, rounded to).
OUTCOME_RANGES = {
    "money": (5_000_000, 300_000_000, 100_000),
    "houses": (1, 6, 1),
    "helped": (3, 40, 1),
    "out_of_poverty": (1, 12, 1),
    "land": (150, 4_000, 0.5),
    "people": (80, 2_500, 10),
    "students": (3, 40, 1),
    "road": (200, 3_000, 10),
    "workdays": (100, 2_000, 10),
}
LAND_PRICE = (800_000, 2_600_000)  # đồng per m² of donated land, for its value

# (title, field, kind, movement, outcome measures, a result line with {a} and {b})
IDEAS = {
    "committee": [
        ("Cấp ủy viên dự sinh hoạt chi bộ ít nhất một lần mỗi tháng", "party", "exemplary_practice", None,
         ("people",), "{q}: cấp ủy viên dự {a} buổi sinh hoạt chi bộ; {b} ý kiến được giải quyết tại chỗ"),
        ("Nâng cao chất lượng sinh hoạt chi bộ theo chuyên đề", "party", "model", None,
         ("people",), "{q}: {a} chi bộ sinh hoạt chuyên đề học tập và làm theo Bác, {b} lượt đảng viên dự"),
        ("Người đứng đầu nêu gương, nói đi đôi với làm", "party", "exemplary_practice", "dan_van",
         (), "{q}: người đứng đầu trực tiếp đối thoại {a} lần, giải quyết {b} kiến nghị của dân"),
        ("Đảng viên đi trước, làng nước theo sau", "rural", "model", "rural",
         ("land", "land_value", "road"), "{q}: vận động {a} hộ hiến đất, mở rộng {b} m đường thôn"),
        ("Chào cờ và sinh hoạt dưới cờ sáng thứ Hai đầu tháng", "party", "exemplary_practice", None,
         ("people",), "{q}: {a} buổi chào cờ, {b} lượt cán bộ, công chức tham gia"),
        ("Ghi danh gương “Người tốt, việc tốt”", "culture", "model", "culture",
         (), "{q}: ghi danh {a} gương người tốt, việc tốt; biểu dương {b} tập thể"),
    ],
    "UB": [
        ("Cải cách hành chính, gần dân, sát dân, vì nhân dân phục vụ", "admin", "model", "dan_van",
         (), "{q}: {a} hồ sơ giải quyết đúng và trước hạn, {b} hồ sơ trực tuyến toàn trình"),
        ("Bộ phận một cửa thân thiện, trả kết quả đúng hẹn", "admin", "model", None,
         (), "{q}: tiếp nhận {a} hồ sơ, trả đúng hẹn {b} hồ sơ"),
        ("Tiếp dân và đối thoại với dân định kỳ hằng tháng", "admin", "exemplary_practice", "dan_van",
         ("people",), "{q}: {a} buổi tiếp dân, {b} kiến nghị được trả lời"),
        ("Cán bộ, công chức “nói không với phong bì”", "admin", "exemplary_practice", None,
         (), "{q}: {a} lượt người dân đánh giá hài lòng trên {b} phiếu khảo sát"),
    ],
    "MT": [
        ("Xây dựng khu dân cư văn hóa, đường – vườn – nhà sạch, ngăn nắp", "rural", "model", "culture",
         ("people", "workdays"), "{q}: {a} hộ chỉnh trang vườn, nhà; {b} ngày công làm vệ sinh đường làng"),
        ("Việc tốt mỗi ngày – chung tay chia sẻ", "poverty", "model", "poor",
         ("money", "houses"), "{q}: vận động {a} triệu đồng, trao {b} suất quà cho hộ khó khăn"),
        ("Quỹ “Vì người nghèo” xây nhà đại đoàn kết", "poverty", "model", "poor",
         ("money", "houses", "helped"), "{q}: khởi công {a} nhà đại đoàn kết, hỗ trợ {b} hộ"),
        ("Khu dân cư mẫu mực, không có người vi phạm pháp luật", "culture", "model", "culture",
         (), "{q}: {a} khu dân cư đăng ký, {b} khu dân cư đạt tiêu chí"),
    ],
    "PN": [
        ("Nuôi lợn nhựa tiết kiệm giúp hội viên nghèo", "poverty", "model", "women",
         ("money", "helped"), "{q}: {a} chi hội mổ lợn tiết kiệm, giúp {b} hội viên vay vốn không lãi"),
        ("Thùng quyên góp “Một miếng khi đói bằng một gói khi no”", "poverty", "model", "women",
         ("money", "helped"), "{q}: quyên góp {a} suất quà, trao cho {b} hộ"),
        ("Chi hội phụ nữ giúp nhau trong mùa cấy, gặt", "economy", "exemplary_practice", "women",
         ("workdays",), "{q}: {a} ngày công giúp {b} hộ neo đơn cấy, gặt kịp thời vụ"),
        ("Chi hội phụ nữ thực hiện vệ sinh an toàn thực phẩm", "health", "model", "women",
         ("people",), "{q}: {a} hội viên ký cam kết, {b} bếp ăn gia đình đạt chuẩn"),
        ("Gia đình “5 không, 3 sạch”", "rural", "model", "women",
         ("people",), "{q}: {a} gia đình đăng ký, {b} gia đình đạt tiêu chí"),
    ],
    "DTN": [
        ("Thanh niên hướng dẫn người dân dùng dịch vụ công trực tuyến", "admin", "model", "youth",
         ("people",), "{q}: {a} buổi hướng dẫn tại thôn, {b} hồ sơ trực tuyến được nộp"),
        ("Thắp sáng đường quê", "rural", "model", "youth",
         ("road", "money"), "{q}: lắp {a} bóng đèn, thắp sáng {b} m đường thôn"),
        ("Tuyến đường thanh niên tự quản xanh – sạch – đẹp", "environment", "model", "youth",
         ("road", "workdays"), "{q}: {a} buổi ra quân, trồng {b} cây xanh"),
        ("Đoàn viên đỡ đầu học sinh nghèo hiếu học", "health", "exemplary_practice", "youth",
         ("students", "money"), "{q}: {a} học sinh được đỡ đầu, {b} suất học bổng"),
    ],
    "ND": [
        ("Tổ hợp tác sản xuất rau an toàn", "economy", "model", "farmers",
         ("people",), "{q}: {a} ha rau được chứng nhận, {b} hộ tham gia tổ hợp tác"),
        ("Nông dân giúp nhau giảm nghèo", "poverty", "model", "farmers",
         ("out_of_poverty", "money"), "{q}: {a} hộ được giúp giống, vốn; {b} hộ vươn lên khá"),
        ("Dồn điền đổi thửa, tích tụ ruộng đất", "economy", "model", "farmers",
         ("workdays",), "{q}: dồn đổi {a} ha, giảm {b} thửa ruộng nhỏ"),
        ("Sản phẩm OCOP gắn với chuỗi giá trị", "economy", "model", "farmers",
         ("money",), "{q}: {a} sản phẩm đạt OCOP 3 sao trở lên, {b} hộ liên kết tiêu thụ"),
    ],
    "CCB": [
        ("Cựu chiến binh giúp nhau giảm nghèo tại chi hội", "poverty", "model", "veterans",
         ("out_of_poverty", "money"), "{q}: {a} hội viên được giúp vốn, {b} hộ thoát nghèo"),
        ("Cựu chiến binh phối hợp với công an xã giữ gìn an ninh, trật tự thôn xóm", "security", "model",
         "security", ("people",), "{q}: {a} buổi tuần tra, hòa giải thành {b} vụ việc"),
        ("Cựu chiến binh gương mẫu hiến đất mở đường", "rural", "exemplary_practice", "veterans",
         ("land", "land_value"), "{q}: {a} hội viên hiến đất, mở rộng {b} m đường"),
    ],
    "CD": [
        ("Mái ấm công đoàn", "poverty", "model", None,
         ("money", "houses"), "{q}: hỗ trợ {a} đoàn viên khó khăn về nhà ở, {b} triệu đồng"),
        ("Cán bộ, công chức tiết kiệm, chống lãng phí", "admin", "exemplary_practice", None,
         (), "{q}: tiết kiệm {a} triệu đồng chi thường xuyên, {b} sáng kiến được áp dụng"),
    ],
    "CA": [
        ("Camera an ninh – thôn, tổ dân phố bình yên", "security", "model", "security",
         ("money",), "{q}: lắp {a} camera, hỗ trợ phát hiện {b} vụ việc"),
        ("Tổ tự quản về an ninh, trật tự ở khu dân cư", "security", "model", "security",
         ("people",), "{q}: {a} tổ tự quản, {b} tin báo có giá trị"),
        ("Phong cách người chiến sĩ công an bản lĩnh, nhân văn, vì nhân dân phục vụ", "security",
         "exemplary_practice", None, (),
         "{q}: {a} lượt giải quyết thủ tục tại nhà cho người già, {b} lời cảm ơn"),
    ],
    "QS": [
        ("Dân quân giúp dân làm đường giao thông nông thôn", "rural", "model", "rural",
         ("road", "workdays"), "{q}: {a} ngày công, làm mới {b} m đường"),
        ("Dân quân giúp dân trong mùa mưa bão", "security", "exemplary_practice", None,
         ("workdays", "helped"), "{q}: {a} lượt dân quân, giúp {b} hộ chằng chống nhà cửa"),
        ("Học tập phong cách Hồ Chí Minh theo chuyên đề cho dân quân", "security", "model", None,
         ("people",), "{q}: {a} buổi học chuyên đề, {b} lượt dân quân tham gia"),
    ],
    "cell": [
        ("Nâng cao chất lượng sinh hoạt chi bộ thôn", "party", "model", None,
         (), "{q}: {a} buổi sinh hoạt chuyên đề, {b} lượt đảng viên phát biểu"),
        ("Đảng viên nhận đỡ đầu hộ nghèo", "poverty", "model", "poor",
         ("out_of_poverty",), "{q}: {a} đảng viên đỡ đầu, {b} hộ thoát nghèo"),
        ("Chi bộ lãnh đạo chuyển đổi cơ cấu cây trồng", "economy", "model", "farmers",
         (), "{q}: chuyển đổi {a} ha, thu nhập tăng {b}%"),
        ("Mỗi đảng viên một việc làm theo Bác", "party", "exemplary_practice", None,
         ("people",), "{q}: {a} việc làm cụ thể được đăng ký, {b} việc đã hoàn thành"),
    ],
    "agency": [
        ("Chuẩn mực đạo đức công vụ: đúng giờ, đúng việc, đúng hẹn", "admin", "exemplary_practice", None,
         (), "{q}: {a} văn bản giải quyết trước hạn, {b} sáng kiến cải tiến lề lối làm việc"),
        ("Số hóa hồ sơ, văn bản và họp không giấy", "admin", "model", None,
         (), "{q}: số hóa {a} hồ sơ, {b} cuộc họp không giấy"),
        ("Phòng làm việc “4 không”: không phiền hà, không chậm trễ, không lãng phí, không phong bì",
         "admin", "exemplary_practice", None, (), "{q}: {a} phiếu khảo sát hài lòng trên {b} phiếu"),
    ],
    "school": [
        ("Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo", "health", "exemplary_practice",
         None, ("students",), "{q}: {a} giáo viên đăng ký, {b} học sinh nghèo được kèm học miễn phí"),
        ("Nuôi heo đất giúp bạn đến trường", "health", "model", None,
         ("students", "money"), "{q}: {a} học sinh được giúp đỡ, {b} bộ sách giáo khoa được tặng"),
    ],
}  # fmt: skip
# Province bodies use the ideas of the commune body of the same kind.
PROVINCE_ROLES = {
    "UBND": "UB", "MTTQ": "MT", "HPN": "PN", "TD": "DTN", "HND": "ND", "CCB": "CCB", "LDLD": "CD",
    "CA": "CA", "QS": "QS", "TCT": "school", "THPTC": "school", "CTCN": "CD",
}  # fmt: skip
DISTRICT_ROLES = {"VP": "agency", "BTG": "agency", "UB": "UB", "MT": "MT"}

# Share of bodies that register an initiative in a year, by where they are.
SHARE_COMMUNE_BODIES = {2025: 0.35, 2026: 0.45}  # the communes of 1/7/2025
SHARE_OLD_BODIES = {2023: 0.5, 2024: 0.5, 2025: 0.2}  # the old communes, until 30/6/2025
SHARE_PROVINCE_BODIES = 0.6
SHARE_CELLS = 0.05
# The status an initiative is headed for, by year (it stops earlier if its dates run out).
STATUS_MIX = {
    2023: {"in_progress": 5, "evaluated": 20, "recognised": 30, "replicated": 30, "suspended": 5,
           "dropped": 10},
    2024: {"in_progress": 10, "evaluated": 20, "recognised": 30, "replicated": 25, "suspended": 5,
           "dropped": 10},
    2025: {"registered": 5, "in_progress": 30, "evaluated": 25, "recognised": 20, "replicated": 10,
           "suspended": 5, "dropped": 5},
    2026: {"registered": 20, "in_progress": 45, "evaluated": 15, "recognised": 8, "replicated": 4,
           "suspended": 4, "dropped": 4},
}  # fmt: skip
SUSPEND_REASONS = [
    "Tạm dừng do mưa lũ, chờ khôi phục sản xuất",
    "Người phụ trách chuyển công tác, chờ phân công người thay",
    "Chưa bố trí được kinh phí, chờ kế hoạch năm sau",
    "Tạm dừng để rà soát lại mục tiêu sau sắp xếp đơn vị hành chính",
]
DROP_REASONS = [
    "Trùng nội dung với mô hình của cấp trên, chuyển sang tham gia mô hình chung",
    "Không còn phù hợp với điều kiện thực tế của địa phương",
    "Đơn vị kết thúc hoạt động từ 1/7/2025; nội dung chuyển sang đơn vị mới tiếp tục thực hiện",
    "Không huy động được người tham gia sau hai quý thực hiện",
]

# --- activities: topics, conferences, cell meetings ---------------------------------

# Nothing is dated after this day (nor after today), like the initiatives.
ACTIVITIES_FROM = dt.date(2024, 1, 1)
ACTIVITIES_UNTIL = INITIATIVES_UNTIL

# The province's yearly topic: (title, document number and symbol, date).
TOPICS = {
    2024: (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về trách nhiệm nêu gương "
        "của cán bộ, đảng viên, nhất là người đứng đầu",
        "12-HD/TU",
        dt.date(2024, 1, 15),
    ),
    2025: (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng bộ máy "
        "tinh gọn, hoạt động hiệu lực, hiệu quả, gần dân, sát dân",
        "27-HD/TU",
        dt.date(2025, 1, 10),
    ),
    2026: (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về đổi mới sáng tạo, "
        "chuyển đổi số, phục vụ nhân dân",
        "05-HD/TU",
        dt.date(2026, 1, 12),
    ),
}
# Xã Đông Sơn sets its own wording for 2026; its cells study that one.
XA_TOPIC = (
    2026,
    "Học tập và làm theo Bác: “Ngày thứ bảy với dân” gắn với xây dựng nông thôn mới kiểu mẫu",
    "08-KH/ĐU",
    dt.date(2026, 1, 20),
)

# Online conferences of the province over every commune: (day, title, form). The
# main venue is the province's hall; each party committee hosts a point.
ONLINE_CONFERENCES = [
    (dt.date(2024, 3, 12), "Hội nghị trực tuyến học tập, quán triệt chuyên đề năm 2024", "hybrid"),
    (dt.date(2024, 8, 20), "Hội nghị trực tuyến sơ kết 6 tháng thực hiện Chỉ thị 05-CT/TW", "online"),
    (dt.date(2025, 2, 25), "Hội nghị trực tuyến học tập, quán triệt chuyên đề năm 2025", "hybrid"),
    (
        dt.date(2025, 9, 16),
        "Hội nghị trực tuyến quán triệt Kết luận 01-KL/TW sau sắp xếp đơn vị hành chính",
        "online",
    ),
    (dt.date(2026, 3, 10), "Hội nghị trực tuyến học tập, quán triệt chuyên đề năm 2026", "hybrid"),
    (dt.date(2026, 5, 19), "Hội nghị trực tuyến sơ kết 10 năm thực hiện Chỉ thị 05-CT/TW", "online"),
    (
        dt.date(2026, 9, 22),
        "Hội nghị trực tuyến học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI",
        "online",
    ),
]
# Xã Đông Sơn's conference in its hall and at some of its cells.
XA_HYBRID = (dt.date(2026, 2, 26), "Hội nghị học tập chuyên đề năm 2026 của Đảng bộ xã (có điểm cầu thôn)")

# Titles by kind of activity; {year} and {place} are filled in.
COMMUNE_CONFERENCES = [
    "Hội nghị học tập, quán triệt chuyên đề năm {year}",
    "Hội nghị sơ kết 6 tháng thực hiện Chỉ thị 05-CT/TW năm {year}",
    "Hội nghị tổng kết việc học tập và làm theo Bác năm {year}",
    "Hội nghị quán triệt Kết luận 01-KL/TW của Bộ Chính trị",
    "Hội nghị học tập, quán triệt các nghị quyết, chỉ thị mới của Đảng",
    "Hội nghị biểu dương điển hình tiên tiến học tập và làm theo Bác",
]
BODY_CONFERENCES = [
    "Hội nghị tuyên truyền chuyên đề năm {year} cho hội viên",
    "Hội nghị tuyên truyền, phổ biến pháp luật cho đoàn viên, hội viên",
    "Hội nghị tuyên truyền gương người tốt, việc tốt",
    "Hội nghị học tập chuyên đề năm {year} cho cán bộ, công chức",
]
PROVINCE_CONFERENCES = [
    "Hội nghị báo cáo viên tháng {month}",
    "Hội nghị tuyên truyền chuyên đề năm {year} cho cán bộ chủ chốt",
    "Hội nghị tập huấn công tác tuyên truyền học tập và làm theo Bác",
]
TALKS = [
    "Nói chuyện chuyên đề “Bác Hồ với công tác dân vận”",
    "Nói chuyện chuyên đề “Tấm gương đạo đức Hồ Chí Minh”",
    "Nói chuyện chuyên đề “Bác Hồ với thế hệ trẻ”",
    "Nói chuyện chuyên đề “Tư tưởng Hồ Chí Minh về chống lãng phí”",
]
OTHER_ACTIVITIES = [
    "Hội thi tìm hiểu tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Tọa đàm kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh",
    "Triển lãm ảnh “Bác Hồ với {place}”",
]
# What a cell meeting discussed under the year's topic.
TOPIC_CONTENTS = [
    "Trách nhiệm nêu gương của đảng viên trong thực hiện nhiệm vụ được giao",
    "Liên hệ bản thân, đăng ký việc làm theo Bác trong tháng",
    "Kiểm điểm việc thực hiện cam kết tu dưỡng, rèn luyện của đảng viên",
    "Gương người tốt, việc tốt ở thôn, khu dân cư",
    "Đảng viên gương mẫu tham gia xây dựng nông thôn mới",
    "Thực hành tiết kiệm, chống lãng phí trong gia đình và thôn xóm",
    "Giữ gìn đoàn kết, giải quyết kiến nghị của nhân dân ngay từ cơ sở",
    "Ứng dụng sổ tay đảng viên điện tử trong sinh hoạt chi bộ",
]
THEMATIC_CONTENTS = [
    "Chuyên đề: học tập và làm theo Bác về đạo đức cách mạng cần, kiệm, liêm, chính, chí công vô tư",
    "Chuyên đề: nâng cao chất lượng sinh hoạt chi bộ",
    "Chuyên đề: vai trò của đảng viên trong phong trào “Ngày thứ bảy với dân”",
    "Chuyên đề: phòng, chống suy thoái tư tưởng chính trị, đạo đức, lối sống",
]
# Share of the communes that hold a "Ngày thứ bảy với dân" every month.
SHARE_SATURDAY = 0.5
# Share of the village cells that no committee member is assigned to follow.
SHARE_UNFOLLOWED = 0.08
# How regularly a cell holds its monthly meeting: one of these per cell.
MEETING_REGULARITY = (1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.75)
# How often an assigned committee member comes to the cell's monthly meeting: one
# of these per member, so that some never miss a month and others often do.
ATTENDANCE_CHANCES = (1.0, 1.0, 1.0, 0.95, 0.85, 0.7)
# The commune whose committee asks its members for 6 visits a year (not the default month).
RULE_COMMUNE = "Xã Bình An"
RULE_NOTE = "Quy định của Ban Thường vụ Đảng ủy xã: mỗi cấp ủy viên dự sinh hoạt chi bộ 6 lần/năm"
