# ruff: noqa: E501 - a table of Thai texts, one service per block
"""The starting catalogue every new locality gets (../shared/domain/eservices.md, section 2):
fourteen services with their legal basis, time limits, documents and example fees. Each
locality edits it from the web; fees are set by its own ข้อบัญญัติ/เทศบัญญัติ, so the seeded
fee notes say they are examples to check."""

from __future__ import annotations

from dataclasses import dataclass, field

ID_COPIES = {"name": "สำเนาบัตรประจำตัวประชาชน", "originals": 0, "copies": 1}
HOUSE_COPIES = {"name": "สำเนาทะเบียนบ้าน", "originals": 0, "copies": 1}
FEE_CHECK = "ตัวอย่างจากข้อบัญญัติของ อปท. อื่น: โปรดตรวจสอบกับข้อบัญญัติ/เทศบัญญัติของท้องถิ่น"


# What every starting service asks; a locality adds its own fields from the web.
BASE_FORM = (
    {
        "code": "full_name",
        "type": "text",
        "label_th": "ชื่อ-นามสกุลผู้ยื่นคำขอ",
        "label_en": "Applicant's full name",
        "label_ms": "Nama penuh pemohon",
        "required": True,
    },
    {
        "code": "national_id",
        "type": "national_id",
        "label_th": "เลขประจำตัวประชาชน",
        "label_en": "National ID number",
        "label_ms": "Nombor kad pengenalan",
        "required": True,
    },
    {
        "code": "phone",
        "type": "phone",
        "label_th": "เบอร์โทรศัพท์มือถือ",
        "label_en": "Mobile phone",
        "label_ms": "Telefon bimbit",
        "required": True,
    },
    {
        "code": "address",
        "type": "address",
        "label_th": "ที่อยู่ตามทะเบียนบ้าน",
        "label_en": "Address (house registration)",
        "label_ms": "Alamat (daftar rumah)",
        "required": True,
    },
    {
        "code": "documents",
        "type": "file",
        "label_th": "เอกสารประกอบ (ภาพถ่ายหรือ PDF)",
        "label_en": "Supporting documents (photo or PDF)",
        "label_ms": "Dokumen sokongan (foto atau PDF)",
        "required": False,
    },
    {
        "code": "declaration",
        "type": "declaration",
        "label_th": "ข้าพเจ้าขอรับรองว่าข้อความข้างต้นเป็นความจริง",
        "label_en": "I declare that the above is true",
        "label_ms": "Saya mengaku bahawa maklumat di atas adalah benar",
        "required": True,
    },
)
EXTRA_FORM = {
    "building-permit": (
        {
            "code": "site",
            "type": "point",
            "label_th": "ตำแหน่งที่ดินที่จะก่อสร้าง",
            "label_en": "Where the building will be",
            "label_ms": "Lokasi bangunan",
            "required": True,
        },
        {
            "code": "floors",
            "type": "number",
            "label_th": "จำนวนชั้น",
            "label_en": "Number of floors",
            "label_ms": "Bilangan tingkat",
            "required": True,
        },
        {
            "code": "work",
            "type": "choice",
            "label_th": "ประเภทงาน",
            "label_en": "Kind of work",
            "label_ms": "Jenis kerja",
            "required": True,
            "choices": ["ก่อสร้าง", "ดัดแปลง", "รื้อถอน", "เคลื่อนย้าย"],
        },
    ),
    "water-truck": (
        {
            "code": "site",
            "type": "point",
            "label_th": "จุดที่ต้องการน้ำ",
            "label_en": "Where the water is needed",
            "label_ms": "Tempat air diperlukan",
            "required": True,
        },
        {
            "code": "needed_on",
            "type": "date",
            "label_th": "วันที่ต้องการ",
            "label_en": "Date needed",
            "label_ms": "Tarikh diperlukan",
            "required": True,
        },
    ),
}


def form_for(code: str) -> list[dict]:
    return [*BASE_FORM, *EXTRA_FORM.get(code, ())]


# The document issued on approval, where the service issues one: its title, how many months
# it is valid (health-hazard and food licences: 1 year, domain file §2) and its text, where
# {{ code }} is an answer of the form or number, locality, service, issued, valid_until.
_LICENCE_BODY = (
    "{{ locality }} อนุญาตให้ {{ full_name }} ที่อยู่ {{ address }} {{ service }} "
    "ตามคำขอเลขที่ {{ number }} โดยต้องปฏิบัติตามเงื่อนไขที่กำหนดในกฎหมายและข้อบัญญัติท้องถิ่น"
    "\nออกให้ ณ วันที่ {{ issued }}\nใบอนุญาตนี้ใช้ได้ถึงวันที่ {{ valid_until }}"
)
DOCUMENTS: dict[str, tuple[str, int | None, str]] = {
    "building-permit": ("ใบอนุญาตก่อสร้าง ดัดแปลง รื้อถอนหรือเคลื่อนย้ายอาคาร (แบบ อ.1)", None, (
        "{{ locality }} อนุญาตให้ {{ full_name }} ก่อสร้างอาคาร {{ floors }} ชั้น "
        "ณ ตำแหน่ง {{ site }} ตามคำขอเลขที่ {{ number }} และแบบแปลนที่ได้รับอนุญาต"
        "\nออกให้ ณ วันที่ {{ issued }}"
    )),
    "health-hazard-licence": (
        "ใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ (แบบ กอ.2)", 12, _LICENCE_BODY,
    ),
    "food-licence": (
        "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหารหรือสถานที่สะสมอาหาร", 12, _LICENCE_BODY,
    ),
    "food-notification": ("หนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายอาหาร", 12, _LICENCE_BODY),
}  # fmt: skip


@dataclass(frozen=True)
class Seed:
    code: str
    name_th: str
    name_en: str
    name_ms: str
    kind: str
    department: str
    legal_basis: str
    time_limit: int | None
    time_unit: str
    time_note: str = ""
    documents: tuple[dict, ...] = ()
    fee_note: str = ""
    steps: tuple[dict, ...] = field(default=())
    conditions: str = ""


def needs_inspection(seed: Seed) -> bool:
    """A licence whose manual has a site-inspection step (ตรวจสถานที่, ตรวจสถานประกอบการ)."""
    return seed.kind == "licence" and any(s["step"].startswith("ตรวจสถาน") for s in seed.steps)


def _steps(*rows: tuple[str, int, str]) -> tuple[dict, ...]:
    return tuple({"step": s, "minutes": m, "division": d} for s, m, d in rows)


DAY = 8 * 60  # minutes of a working day, for steps measured in days

SEEDS: tuple[Seed, ...] = (
    Seed(
        "building-permit", "ขออนุญาตก่อสร้าง ดัดแปลง รื้อถอน หรือเคลื่อนย้ายอาคาร",
        "Building permit (construct, alter, demolish, move)",
        "Permit bangunan (bina, ubah suai, roboh, pindah)", "licence", "engineering",
        "พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522 มาตรา 21–22 (แบบ ข.1, ข.2 สำหรับการเคลื่อนย้าย)",
        45, "days", "แจ้งผลภายใน 45 วัน รับใบอนุญาต (แบบ อ.1) ภายใน 30 วันนับแต่ได้รับแจ้ง",
        (
            ID_COPIES, HOUSE_COPIES,
            {"name": "สำเนาโฉนดที่ดินขนาดเท่าฉบับจริง", "originals": 0, "copies": 1},
            {"name": "แบบแปลน", "originals": 0, "copies": 5, "note": "2–5 ชุด"},
            {"name": "รายการคำนวณและสำเนาใบอนุญาตวิศวกร (อาคาร 2 ชั้นขึ้นไป)", "originals": 1, "copies": 1},
            {"name": "หนังสือยินยอมของเจ้าของที่ดิน (กรณีไม่ใช่เจ้าของ)", "originals": 1, "copies": 0},
        ),
        "ก่อสร้าง 200 บาท ดัดแปลง 100 บาท รื้อถอนหรือเคลื่อนย้าย 50 บาท เปลี่ยนการใช้ 200 บาท "
        "(กฎกระทรวง ฉบับที่ 70 พ.ศ. 2564)",
        _steps(("ตรวจสอบคำขอและเอกสาร", 60, "กองช่าง"), ("ตรวจสถานที่", DAY * 5, "กองช่าง"),
               ("พิจารณาแบบ", DAY * 30, "กองช่าง"), ("ลงนามอนุญาต", DAY * 3, "ผู้บริหาร")),
    ),
    Seed(
        "health-hazard-licence", "ใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
        "Licence for a business hazardous to health", "Lesen perniagaan berbahaya kepada kesihatan",
        "licence", "health",
        "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 และข้อบัญญัติท้องถิ่น (แบบ กอ.1 ขออนุญาต กอ.3 ต่ออายุ)",
        30, "days", "ใบอนุญาตมีอายุ 1 ปี ต่ออายุก่อนหมดอายุ ชำระล่าช้าเพิ่มร้อยละ 20",
        (ID_COPIES, HOUSE_COPIES,
         {"name": "สำเนาทะเบียนบ้านของสถานประกอบการ", "originals": 0, "copies": 1},
         {"name": "หนังสือรับรองนิติบุคคลและสำเนาบัตรผู้แทน (นิติบุคคล)", "originals": 1, "copies": 1}),
        "ตามข้อบัญญัติท้องถิ่น " + FEE_CHECK,
        _steps(("ตรวจสอบคำขอและเอกสาร", 60, "กองสาธารณสุข"),
               ("ตรวจสถานประกอบการ", DAY * 15, "กองสาธารณสุข"), ("พิจารณาอนุญาต", DAY * 10, "ผู้บริหาร")),
    ),
    Seed(
        "food-notification", "หนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายหรือสะสมอาหาร (ไม่เกิน 200 ตร.ม.)",
        "Food premises notification (up to 200 m²)", "Pemberitahuan premis makanan (hingga 200 m²)",
        "registration", "health", "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535",
        None, "days", "ประกอบกิจการได้ทันทีเมื่อยื่นแจ้ง",
        (ID_COPIES, HOUSE_COPIES,
         {"name": "หนังสือยินยอมของเจ้าของสถานที่หรือสัญญาเช่า", "originals": 1, "copies": 0}),
        "100 บาทต่อปี " + FEE_CHECK,
        _steps(("รับแจ้งและออกหนังสือรับรอง", 60, "กองสาธารณสุข")),
    ),
    Seed(
        "food-licence", "ใบอนุญาตจัดตั้งสถานที่จำหน่ายหรือสะสมอาหาร (เกิน 200 ตร.ม.)",
        "Food premises licence (over 200 m²)", "Lesen premis makanan (melebihi 200 m²)",
        "licence", "health", "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535",
        30, "days", "ระยะเวลาตามคู่มือของท้องถิ่น (ยังไม่ได้ยืนยัน)",
        (ID_COPIES, HOUSE_COPIES,
         {"name": "หนังสือยินยอมของเจ้าของสถานที่หรือสัญญาเช่า", "originals": 1, "copies": 0}),
        "200 บาทต่อปี " + FEE_CHECK,
        _steps(("ตรวจสอบคำขอ", 60, "กองสาธารณสุข"), ("ตรวจสถานที่ร่วมกับเจ้าพนักงานสาธารณสุข", DAY * 10,
               "กองสาธารณสุข"), ("พิจารณาอนุญาต", DAY * 10, "ผู้บริหาร")),
    ),
    Seed(
        "commercial-registration", "จดทะเบียนพาณิชย์ (ตั้งใหม่ เปลี่ยนแปลง เลิก)",
        "Commercial registration (new, change, closure)", "Pendaftaran perniagaan (baharu, ubah, tutup)",
        "registration", "finance", "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499",
        60, "minutes", "จดทะเบียนภายใน 30 วันนับแต่เริ่มประกอบกิจการ",
        (ID_COPIES, HOUSE_COPIES,
         {"name": "แบบ ทพ.", "originals": 1, "copies": 0}),
        "ตั้งใหม่ 50 บาท เปลี่ยนแปลง 20 บาท เลิก 20 บาท (ยังไม่ได้ยืนยัน)",
        _steps(("ตรวจสอบคำขอและบันทึกทะเบียน", 60, "กองคลัง")),
    ),
    Seed(
        "elderly-allowance", "ลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ", "Elderly allowance registration",
        "Pendaftaran elaun warga emas", "welfare", "welfare",
        "ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพผู้สูงอายุขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2566",
        30, "minutes", "ยื่นได้เดือนมกราคม–พฤศจิกายน สำหรับผู้ที่จะอายุครบ 60 ปีในปีงบประมาณถัดไป",
        (ID_COPIES, HOUSE_COPIES,
         {"name": "สมุดบัญชีเงินฝากธนาคาร (กรณีรับโอน)", "originals": 0, "copies": 1}),
        "ไม่มีค่าธรรมเนียม",
        _steps(("ตรวจสอบคุณสมบัติและรับลงทะเบียน", 30, "กองสวัสดิการสังคม")),
        "สัญชาติไทย มีภูมิลำเนาในเขตท้องถิ่นตามทะเบียนบ้าน อายุ 60 ปีขึ้นไป ไม่มีรายได้หรือมีรายได้ไม่เพียงพอ",
    ),
    Seed(
        "disability-allowance", "ลงทะเบียนรับเงินเบี้ยความพิการ", "Disability allowance registration",
        "Pendaftaran elaun orang kurang upaya", "welfare", "welfare",
        "ระเบียบกระทรวงมหาดไทยว่าด้วยการจ่ายเงินเบี้ยความพิการให้คนพิการขององค์กรปกครองส่วนท้องถิ่น "
        "พ.ศ. 2553 (แก้ไขเพิ่มเติม พ.ศ. 2559 และ 2562)",
        30, "minutes", "",
        (ID_COPIES, HOUSE_COPIES,
         {"name": "บัตรประจำตัวคนพิการ", "originals": 1, "copies": 1},
         {"name": "สมุดบัญชีเงินฝากธนาคาร (กรณีรับโอน)", "originals": 0, "copies": 1}),
        "ไม่มีค่าธรรมเนียม",
        _steps(("ตรวจสอบคุณสมบัติและรับลงทะเบียน", 30, "กองสวัสดิการสังคม")),
    ),
    Seed(
        "waste-fee", "ค่าธรรมเนียมเก็บและขนมูลฝอย", "Waste collection fee",
        "Bayaran kutipan sampah", "tax", "health",
        "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535 มาตรา 20(4) และข้อบัญญัติท้องถิ่น",
        None, "days", "เรียกเก็บรายเดือน",
        (ID_COPIES, HOUSE_COPIES),
        "ไม่เกิน 20 ลิตรต่อวัน เดือนละ 30–50 บาท " + FEE_CHECK,
        _steps(("ลงทะเบียนผู้ใช้บริการ", 15, "กองสาธารณสุข")),
    ),
    Seed(
        "water-truck", "ขอรับการสนับสนุนน้ำอุปโภคบริโภค", "Request for drinking and household water",
        "Permohonan bekalan air", "request", "palad",
        "อำนาจหน้าที่ขององค์กรปกครองส่วนท้องถิ่น (ยังไม่ได้ยืนยัน)",
        3, "hours", "",
        (ID_COPIES,),
        "ไม่มีค่าธรรมเนียม (ยังไม่ได้ยืนยัน)",
        _steps(("รับคำร้องและจัดรถบรรทุกน้ำ", 180, "สำนักปลัด")),
    ),
    Seed(
        "tree-cutting", "ขอตัดหรือตัดแต่งต้นไม้", "Tree cutting or trimming",
        "Permohonan menebang atau memangkas pokok", "request", "engineering",
        "ระเบียบหรือข้อบัญญัติของท้องถิ่น",
        None, "days", "ต้นไม้ในที่สาธารณะบางชนิดต้องได้รับอนุญาตจากป่าไม้และความเห็นชอบของสภา",
        (ID_COPIES,),
        "ตามขนาดลำต้น เช่น ไม่เกิน 100 ซม. 200 บาท ถึงเกิน 300 ซม. 1,700 บาท (ตัวอย่างของกรุงเทพมหานคร) "
        + FEE_CHECK,
        _steps(("รับคำร้องและนัดตรวจ", 60, "กองช่าง"), ("ตรวจสถานที่และดำเนินการ", DAY * 7, "กองช่าง")),
    ),
    Seed(
        "excavation-fill", "แจ้งการขุดดินหรือถมดิน", "Excavation or land-fill notification",
        "Pemberitahuan pengorekan atau penimbusan tanah", "registration", "engineering",
        "พระราชบัญญัติการขุดดินและถมดิน พ.ศ. 2543",
        None, "days", "แจ้งเมื่อขุดลึกเกิน 3 เมตร หรือปากบ่อเกิน 10,000 ตร.ม. หรือถมสูงกว่าที่ข้างเคียงเกิน 2,000 ตร.ม.",
        (ID_COPIES,
         {"name": "แผนผังบริเวณและแผนผังที่ดินข้างเคียง", "originals": 1, "copies": 0},
         {"name": "วิธีการขุดดินหรือถมดินและรายการคำนวณ", "originals": 1, "copies": 0},
         {"name": "สำเนาโฉนดที่ดินและหนังสือยินยอมของเจ้าของ", "originals": 1, "copies": 1}),
        "(ยังไม่ได้ยืนยัน) " + FEE_CHECK,
        _steps(("รับแจ้งและตรวจสอบเอกสาร", 60, "กองช่าง"), ("ออกใบรับแจ้ง", DAY * 7, "กองช่าง")),
    ),
    Seed(
        "venue-use", "ขอใช้อาคารหรือสถานที่ของท้องถิ่น", "Use of a public building or venue",
        "Permohonan menggunakan bangunan atau tempat awam", "request", "palad",
        "ระเบียบของท้องถิ่นว่าด้วยการใช้อาคารสถานที่",
        None, "days", "",
        (ID_COPIES,),
        "ตามอัตราที่ท้องถิ่นกำหนด " + FEE_CHECK,
        _steps(("รับคำขอและตรวจสอบวันว่าง", 30, "สำนักปลัด"), ("พิจารณาอนุญาต", DAY * 3, "ผู้บริหาร")),
    ),
    Seed(
        "signboard-tax", "ภาษีป้าย", "Signboard tax", "Cukai papan tanda", "tax", "finance",
        "พระราชบัญญัติภาษีป้าย พ.ศ. 2510",
        None, "days", "ยื่นแบบ ภ.ป.1 ภายใน 31 มีนาคม ป้ายใหม่ภายใน 15 วันนับแต่ติดตั้ง ชำระภายใน 15 วันนับแต่ได้รับแจ้งการประเมิน",
        (ID_COPIES, {"name": "แบบ ภ.ป.1", "originals": 1, "copies": 0},
         {"name": "รูปถ่ายป้ายและขนาด", "originals": 1, "copies": 0}),
        "ต่อ 500 ตร.ซม.: อักษรไทยล้วน 5–10 บาท ไทยปนต่างประเทศ 26–52 บาท ไม่มีอักษรไทย 50–52 บาท "
        "ขั้นต่ำ 200 บาทต่อป้าย",
        _steps(("รับแบบและประเมินภาษี", 30, "กองคลัง")),
    ),
    Seed(
        "land-building-tax", "ภาษีที่ดินและสิ่งปลูกสร้าง", "Land and building tax",
        "Cukai tanah dan bangunan", "tax", "finance",
        "พระราชบัญญัติภาษีที่ดินและสิ่งปลูกสร้าง พ.ศ. 2562",
        5, "minutes", "ชำระภายในเดือนเมษายน (ผ่อนชำระได้เมษายน–มิถุนายน) ตามหนังสือแจ้งการประเมิน",
        ({"name": "หนังสือแจ้งการประเมินภาษี", "originals": 1, "copies": 0}, ID_COPIES),
        "ตามการประเมิน",
        _steps(("รับชำระและออกใบเสร็จ", 5, "กองคลัง")),
    ),
)  # fmt: skip
