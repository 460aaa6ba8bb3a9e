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
