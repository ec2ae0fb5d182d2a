import pytest

from thongthin.core.testing import make_staff
from thongthin.modules.complaints import services
from thongthin.modules.complaints.models import TrainingExample

# Inside the test locality (its sub-district centre is 8.408, 99.972).
LAT, LON = 8.4300, 99.9600


@pytest.fixture
def engineer(locality):
    return make_staff(locality, "officer", department="engineering")


@pytest.fixture
def file_complaint(locality):
    def make(text="ถนนเป็นหลุมใหญ่หน้าตลาด", category="road", lat=LAT, lon=LON, **extra):
        extra.setdefault("channel", "web")
        return services.complaint_create(
            locality=extra.pop("locality", locality),
            description=text,
            category_code=category,
            lat=lat,
            lon=lon,
            **extra,
        )

    return make


# Short labelled sentences (written for the tests) for training a classifier.
TRAINING = {
    "road": ["ถนนเป็นหลุม", "ถนนชำรุดเป็นหลุมบ่อ", "ผิวถนนแตก", "ถนนทรุดตัว", "ยางมะตอยถนนพัง"],
    "lighting": ["ไฟถนนดับ", "ไฟทางไม่ติด", "โคมไฟถนนเสีย", "ไฟส่องสว่างดับทั้งซอย", "ซอยมืดไฟดับ"],
    "cleanliness": ["ขยะล้นถัง", "ไม่มีคนมาเก็บขยะ", "ขยะกองเต็มซอย", "ทิ้งขยะเกลื่อน", "ขยะส่งกลิ่นเหม็น"],
    "stray_animal": ["หมาจรจัดเยอะ", "สุนัขจรจัดกัดคน", "แมวจรจัดในตลาด", "หมาจรจัดไล่กัด", "สุนัขจรจัดฝูงใหญ่"],
}


@pytest.fixture
def trained(locality):
    from thongthin.modules.complaints import classifier

    TrainingExample.objects.bulk_create(
        TrainingExample(
            locality=locality, text=text, category_code=code, source="seed", ref=f"{code}{i}"
        )
        for code, texts in TRAINING.items()
        for i, text in enumerate(texts * 2)
    )
    return classifier.train(locality)
