"""Criteria Based Dispatch (CBD) reference data: symptom groups, colours and team levels.

The 25 numbered groups of the NIEMS/MOPH manual (11 is reserved and refused), the five dispatch
colours, and the dispatch code a dispatcher reads aloud: ``<group><colour><criterion>``, e.g.
``24แดง4``. Kept in code, not in a table: they are national, not per locality.
"""

from __future__ import annotations

from django.utils.translation import get_language

from thongthin.core.errors import ValidationFailed

SYMPTOM_GROUPS: dict[int, tuple[str, str]] = {
    1: ("ปวดท้อง/หลัง/เชิงกรานและขาหนีบ", "Abdominal/back/pelvic/groin pain"),
    2: ("แอนาฟิแล็กซิส/ปฏิกิริยาภูมิแพ้", "Anaphylaxis/allergic reaction"),
    3: ("สัตว์กัด", "Animal bite"),
    4: ("เลือดออก (ไม่มีสาเหตุจากการบาดเจ็บ)", "Non-traumatic bleeding"),
    5: ("หายใจยากลำบาก", "Breathing difficulty"),
    6: ("หัวใจหยุดเต้น", "Cardiac arrest"),
    7: ("เจ็บแน่นทรวงอก/หัวใจ", "Chest pain/heart"),
    8: ("สำลักอุดทางหายใจ", "Choking/airway obstruction"),
    9: ("เบาหวาน", "Diabetic problem"),
    10: ("ภยันตรายจากสภาพแวดล้อม", "Environmental (heat/cold etc.)"),
    12: ("ปวดศีรษะ/ภาวะผิดปกติของตา/หู/คอ/จมูก", "Headache/eye/ENT"),
    13: ("คลุ้มคลั่ง/ภาวะทางจิตประสาท/อารมณ์", "Psychiatric/behavioural"),
    14: ("ยาเกินขนาด/ได้รับพิษ", "Overdose/poisoning"),
    15: ("มีครรภ์/คลอด/นรีเวช", "Pregnancy/childbirth/gynae"),
    16: ("ชัก", "Seizure"),
    17: ("ป่วย/อ่อนเพลีย (ไม่จำเพาะ/ไม่ทราบสาเหตุ)/อื่นๆ", "Sick/weak/unknown/other"),
    18: ("แขนขาอ่อนแรง/พูดลำบาก/ปากเบี้ยว (หลอดเลือดสมอง)", "Stroke"),
    19: ("หมดสติ/ไม่ตอบสนอง/หมดสติชั่ววูบ", "Unconscious/syncope"),
    20: ("เด็ก (กุมารเวชกรรม)", "Paediatric"),
    21: ("ถูกทำร้าย/บาดเจ็บ", "Assault"),
    22: ("ไหม้/ลวก – ความร้อน/กระแสไฟฟ้า/สารเคมี", "Burns/electrical/chemical"),
    23: ("จมน้ำ/บาดเจ็บเหตุดำน้ำ/บาดเจ็บทางน้ำ", "Drowning/diving/water"),
    24: ("พลัดตกหกล้ม/อุบัติเหตุ/เจ็บปวด", "Falls/accident/injury"),
    25: ("อุบัติเหตุยานยนต์", "Motor-vehicle accident"),
}
RESERVED_GROUPS = frozenset({11})

# code -> (Thai word used in dispatch codes, Thai meaning, English, sort order: most urgent first)
COLOURS: dict[str, tuple[str, str, str, int]] = {
    "red": ("แดง", "ผู้ป่วยฉุกเฉินวิกฤต", "Critical", 0),
    "yellow": ("เหลือง", "ผู้ป่วยฉุกเฉินเร่งด่วน", "Urgent", 1),
    "green": ("เขียว", "ผู้ป่วยฉุกเฉินไม่รุนแรง", "Non-severe emergency", 2),
    "white": ("ขาว", "ผู้ป่วยไม่ฉุกเฉิน", "Non-emergency", 3),
    "black": ("ดำ", "ผู้รับบริการสาธารณสุขอื่น", "Other public-health service", 4),
}

# Team levels, lowest first; the index is the level's rank.
LEVELS = ("FR", "BLS", "ILS", "ALS")
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "FR": ("ปฏิบัติการฉุกเฉินเบื้องต้น", "First responder"),
    "BLS": ("ปฏิบัติการฉุกเฉินระดับพื้นฐาน", "Basic life support"),
    "ILS": ("ปฏิบัติการฉุกเฉินระดับกลาง", "Intermediate life support"),
    "ALS": ("ปฏิบัติการฉุกเฉินระดับสูง", "Advanced life support"),
}
# The lowest team level each dispatch colour calls for (red -> ALS, as the CBD rule of thumb).
LEVEL_FOR_COLOUR = {"red": "ALS", "yellow": "BLS", "green": "FR", "white": "FR", "black": "FR"}

CRITERION_MAX = 99


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def group_label(number: int | None) -> str:
    if number not in SYMPTOM_GROUPS:
        return ""
    th, en = SYMPTOM_GROUPS[number]  # type: ignore[index]
    return f"{number} {en if _english() else th}"


def colour_label(code: str) -> str:
    if code not in COLOURS:
        return ""
    word, th, en, _ = COLOURS[code]
    return en if _english() else f"{word} ({th})"


def colour_word(code: str) -> str:
    """แดง / Red: the short name on chips and tables."""
    if code not in COLOURS:
        return ""
    return code.capitalize() if _english() else COLOURS[code][0]


def validate_group(number: int | None) -> int:
    if number is None or number in RESERVED_GROUPS or number not in SYMPTOM_GROUPS:
        raise ValidationFailed(
            f"Unknown CBD symptom group {number!r}; use 1-25 (11 is reserved).",
            message_th=f"ไม่มีกลุ่มอาการ {number} ในเกณฑ์ CBD (ใช้ 1-25 ยกเว้น 11)",
            code="unknown_symptom_group",
        )
    return number


def validate_colour(code: str, *, field: str = "colour") -> str:
    if code not in COLOURS:
        raise ValidationFailed(
            f"Unknown triage colour {code!r}; use one of {', '.join(COLOURS)}.",
            message_th="ไม่มีรหัสสีนี้ (แดง เหลือง เขียว ขาว ดำ)",
            code=f"unknown_{field}",
        )
    return code


def validate_criterion(value: int | None) -> int:
    if value is None or not 1 <= value <= CRITERION_MAX:
        raise ValidationFailed(
            f"The criterion must be a number from 1 to {CRITERION_MAX}.",
            message_th=f"เลขเกณฑ์ต้องเป็น 1 ถึง {CRITERION_MAX}",
            code="criterion_invalid",
        )
    return value


def dispatch_code(group: int | None, colour: str, criterion: int | None) -> str:
    """``24แดง4``: group, the colour's Thai word, criterion (as the NIEMS manual writes it)."""
    if group is None or colour not in COLOURS:
        return ""
    return f"{group}{COLOURS[colour][0]}{criterion or ''}"


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1
