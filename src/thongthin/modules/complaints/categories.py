"""The categories a locality starts with: Traffy Fondue's central types (Thai names kept as
Traffy spells them), each routed to the department that usually does the work, with a
service window. Localities edit, add and switch them off afterwards."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Seed:
    code: str
    traffy_type: str
    name_en: str
    department: str
    sla_hours: int = 48
    sla_mode: str = "calendar"
    keywords: str = ""


OTHER = "other"

SEEDS: tuple[Seed, ...] = (
    Seed("road", "ถนน", "Roads", "engineering", 72, "working", "ถนน หลุม บ่อ ผิวถนน ยางมะตอย ทรุด"),
    Seed("footpath", "ทางเท้า", "Footpaths", "engineering", 72, "working", "ทางเท้า ฟุตบาท บล็อก"),
    Seed("lighting", "แสงสว่าง", "Street lighting", "engineering", 48, "calendar", "ไฟ ไฟฟ้า โคม มืด ดับ"),
    Seed("drain", "ท่อระบายน้ำ", "Drains", "engineering", 72, "working", "ท่อ ระบายน้ำ ฝา อุดตัน"),
    Seed("cleanliness", "ความสะอาด", "Cleanliness and rubbish", "health", 24, "calendar", "ขยะ สกปรก เก็บขยะ กลิ่น"),
    Seed("flood", "น้ำท่วม", "Flooding", "palad", 24, "calendar", "น้ำท่วม ท่วมขัง น้ำขัง"),
    Seed("tree", "ต้นไม้", "Trees", "engineering", 72, "working", "ต้นไม้ กิ่ง ตัดแต่ง โค่น"),
    Seed("noise", "เสียงรบกวน", "Noise", "health", 48, "calendar", "เสียงดัง รบกวน"),
    Seed("stray_animal", "สัตว์จรจัด", "Stray animals", "health", 72, "working", "สุนัข หมา แมว จรจัด"),
    Seed("safety", "ความปลอดภัย", "Safety", "palad", 24, "calendar", "อันตราย ปลอดภัย"),
    Seed("obstruction", "กีดขวาง", "Obstruction", "palad", 48, "calendar", "กีดขวาง จอด วาง"),
    Seed("sign", "ป้าย", "Signs", "palad", 72, "working", "ป้าย โฆษณา"),
    Seed("traffic", "จราจร", "Traffic", "palad", 48, "calendar", "จราจร รถติด"),
    Seed("canal", "คลอง", "Canals", "engineering", 72, "working", "คลอง ลำราง ผักตบ"),
    Seed("cable", "สายไฟ", "Overhead cables", "engineering", 48, "calendar", "สายไฟ สายสื่อสาร เสา"),
    Seed("bridge", "สะพาน", "Bridges", "engineering", 72, "working", "สะพาน"),
    Seed("homeless", "คนจรจัด", "Homeless people", "welfare", 72, "working", "คนจรจัด เร่ร่อน"),
    Seed("pm25", "PM2.5", "PM2.5 and smoke", "health", 48, "calendar", "ฝุ่น ควัน เผา"),
    Seed("toilet", "ห้องน้ำ", "Public toilets", "health", 72, "working", "ห้องน้ำ สุขา"),
    Seed("traffic_sign", "ป้ายจราจร", "Traffic signs", "engineering", 72, "working", "ป้ายจราจร"),
    Seed("travel", "การเดินทาง", "Getting around", "palad", 72, "working", "รถเมล์ การเดินทาง"),
    Seed("complaint", "ร้องเรียน", "General complaint", "palad", 120, "working", "ร้องเรียน"),
    Seed("question", "สอบถาม", "Question", "palad", 72, "working", "สอบถาม"),
    Seed("suggestion", "เสนอแนะ", "Suggestion", "palad", 120, "working", "เสนอแนะ"),
    Seed(OTHER, "อื่นๆ", "Other", "palad", 72, "working", ""),
)  # fmt: skip

HOLE_SIZE = {
    "code": "hole_size",
    "datatype": "singlevaluelist",
    "required": False,
    "description": "ขนาดหลุม (Size of the hole)",
    "values": [
        {"key": "small", "name": "เล็กกว่าฝ่ามือ (smaller than a hand)"},
        {"key": "medium", "name": "ขนาดล้อรถจักรยานยนต์ (motorcycle wheel)"},
        {"key": "large", "name": "ใหญ่กว่าล้อรถยนต์ (larger than a car wheel)"},
    ],
}
POLE_NUMBER = {
    "code": "pole_number",
    "datatype": "string",
    "required": False,
    "description": "หมายเลขเสาไฟ (Number on the lamp post)",
}
LIGHTS_OUT = {
    "code": "lights_out",
    "datatype": "number",
    "required": False,
    "description": "จำนวนดวงที่ดับ (How many lights are out)",
}
EXTRA_ATTRIBUTES = {"road": (HOLE_SIZE,), "lighting": (POLE_NUMBER, LIGHTS_OUT)}

BY_TRAFFY_TYPE = {seed.traffy_type: seed for seed in SEEDS}
