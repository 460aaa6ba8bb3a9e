"""The lists an installation starts with; the system administrator edits them."""

from django.db import migrations

FIELDS = [
    "Xây dựng Đảng, hệ thống chính trị",
    "Cải cách hành chính",
    "Phát triển kinh tế",
    "Giảm nghèo, an sinh xã hội",
    "Xây dựng nông thôn mới, đô thị văn minh",
    "Văn hóa, xã hội",
    "Giáo dục, y tế",
    "Bảo vệ môi trường",
    "Quốc phòng, an ninh",
]
MOVEMENTS = [
    "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Dân vận khéo",
    "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
    "Cả nước thi đua xây dựng nông thôn mới",
    "Toàn dân bảo vệ an ninh Tổ quốc",
    "Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc",
    "Tuổi trẻ sáng tạo",
    "Nông dân thi đua sản xuất, kinh doanh giỏi",
    "Cựu chiến binh gương mẫu",
]
CRITERIA = [
    ("Hiệu quả", "Kết quả cụ thể, đo đếm được so với mục tiêu đăng ký", 30),
    ("Khả năng nhân rộng", "Có thể áp dụng ở đơn vị khác với điều kiện tương tự", 25),
    ("Phù hợp với nhiệm vụ của đơn vị", "Gắn với nhiệm vụ chính trị, chức năng của đơn vị", 25),
    ("Tính bền vững", "Duy trì được lâu dài, có nguồn lực và người phụ trách", 20),
]
MEASURES = [
    ("Tiền huy động, ủng hộ", "đồng", 0),
    ("Nhà đại đoàn kết xây mới, sửa chữa", "căn", 0),
    ("Hộ được hỗ trợ", "hộ", 0),
    ("Hộ thoát nghèo", "hộ", 0),
    ("Diện tích đất hiến", "m²", 1),
    ("Giá trị đất hiến", "đồng", 0),
    ("Lượt người tham gia", "lượt người", 0),
    ("Học sinh được hỗ trợ", "học sinh", 0),
    ("Đường giao thông làm mới, mở rộng", "m", 0),
    ("Ngày công lao động", "ngày công", 0),
]


def add(apps, schema_editor):
    InitiativeField = apps.get_model("initiatives", "InitiativeField")
    Movement = apps.get_model("initiatives", "Movement")
    Criterion = apps.get_model("initiatives", "Criterion")
    OutcomeMeasure = apps.get_model("initiatives", "OutcomeMeasure")
    for position, name in enumerate(FIELDS, start=1):
        InitiativeField.objects.get_or_create(name=name, defaults={"position": position})
    for position, name in enumerate(MOVEMENTS, start=1):
        Movement.objects.get_or_create(name=name, defaults={"position": position})
    for position, (name, description, max_score) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"position": position, "description": description, "max_score": max_score}
        )
    for position, (name, unit_of_measure, decimals) in enumerate(MEASURES, start=1):
        OutcomeMeasure.objects.get_or_create(
            name=name,
            defaults={"position": position, "unit_of_measure": unit_of_measure, "decimals": decimals},
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
