"""`thongthin import traffy` and `thongthin complaints train/classify` as a user runs them."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from thongthin.core.models import Case
from thongthin.modules.complaints.models import Complaint, TrainingExample

pytestmark = pytest.mark.django_db

HEADER = (
    "ticket_id,type,organization,comment,coords,photo,photo_after,address,subdistrict,"
    "district,province,timestamp,state,star,count_reopen,last_activity\n"
)
# Rows in Traffy's official layout, written for the test (coords are lon,lat).
ROWS = [
    '2023-AAA111,"{ถนน,ทางเท้า}",เขตทดสอบ,"ถนนเป็นหลุม\nลึกมาก อันตราย","99.96,8.43",'
    "https://example.org/a.jpg,,ถนนทดสอบ,,,,2023-05-12 13:27:54.482138+00,รอรับเรื่อง,,0,"
    "2023-05-12 13:27:54.471831+00",
    '2023-BBB222,{แสงสว่าง},เขตทดสอบ,ไฟถนนดับทั้งซอย,"99.961,8.431",,,,,,,'
    "2023-05-11 01:00:00+00,เสร็จสิ้น,4,1,2023-05-11 09:00:00+00",
    '2023-CCC333,{},เขตทดสอบ,ไม่รู้จะแจ้งอะไร,"99.962,8.432",,,,,,,'
    "2023-05-11 02:00:00+00,กำลังดำเนินการ,,0,2023-05-11 02:00:00+00",
    '2023-DDD444,{ถนน},เขตทดสอบ,พิกัดผิด,"8.43,99.96",,,,,,,2023-05-11 03:00:00+00,รอรับเรื่อง,,0,',
    '2023-EEE555,{ถนน},เขตทดสอบ,สถานะแปลก,"99.96,8.43",,,,,,,2023-05-11 03:00:00+00,หายไปแล้ว,,0,',
    '2023-FFF666,{ความสะอาด},เขตทดสอบ,,"99.96,8.43",,,,,,,2023-05-11 03:00:00+00,รอรับเรื่อง,,0,',
]


@pytest.fixture
def traffy_csv(tmp_path):
    path = tmp_path / "traffy.csv"
    path.write_text("\ufeff" + HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_loads_maps_and_reports(locality, traffy_csv):
    out, err = _run("import", "traffy", str(traffy_csv), "--locality", locality.slug)
    assert "loaded 3, already loaded 0, not loaded 3" in out
    assert "2023-DDD444" in err and "outside" in err  # lat/lon swapped: outside Thailand
    assert "2023-EEE555" in err and "unknown state" in err
    assert "2023-FFF666" in err and "empty comment" in err
    complaints = {
        c.external_id: c
        for c in Complaint.objects.for_locality(locality).select_related("case", "category")
    }
    first = complaints["2023-AAA111"]
    assert first.category.code == "road" and first.labels == "ถนน,ทางเท้า"
    assert first.case.description == "ถนนเป็นหลุม\nลึกมาก อันตราย"
    assert (first.case.lat, first.case.lon) == (8.43, 99.96)
    assert first.case.status == "received" and first.media_url == "https://example.org/a.jpg"
    assert first.case.created_at.isoformat().startswith("2023-05-12T13:27:54")
    done = complaints["2023-BBB222"]
    assert done.case.status == "resolved" and done.rating == 4 and done.reopen_count == 1
    assert done.case.closed_at.isoformat().startswith("2023-05-11T09:00")
    unlabelled = complaints["2023-CCC333"]
    assert unlabelled.category is None and unlabelled.needs_triage
    assert unlabelled.case.status == "in_progress"
    assert TrainingExample.objects.for_locality(locality).filter(source="traffy").count() == 2


def test_import_is_idempotent(locality, traffy_csv):
    _run("import", "traffy", str(traffy_csv), "--locality", locality.slug)
    out, _ = _run("import", "traffy", str(traffy_csv), "--locality", locality.slug)
    assert "loaded 0, already loaded 3" in out
    assert Case.objects.for_locality(locality).count() == 3


def test_training_only_import_adds_no_cases(locality, traffy_csv):
    out, _ = _run(
        "import", "traffy", str(traffy_csv), "--locality", locality.slug, "--training-only"
    )
    assert "training examples added 4" in out  # every labelled row with text
    assert not Case.objects.for_locality(locality).exists()


def test_import_errors(locality, tmp_path):
    with pytest.raises(CommandError):
        _run("import", "traffy", str(tmp_path / "missing.csv"), "--locality", locality.slug)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError):
        _run("import", "traffy", str(bad), "--locality", locality.slug)
    with pytest.raises(CommandError):
        _run("import", "traffy", str(bad), "--locality", "nowhere")


def test_train_then_classify_json_lines(locality, trained, monkeypatch):
    out, _ = _run("complaints", "train", "--locality", locality.slug)
    assert "trained on 40 examples in 4 categories" in out
    lines = [
        json.dumps({"text": "ไฟถนนดับทั้งซอย"}, ensure_ascii=False),
        json.dumps({"text": "หมาจรจัดกัดเด็ก"}, ensure_ascii=False),
        "not json",
        "",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out, _ = _run("complaints", "classify", "--locality", locality.slug)
    results = [json.loads(line) for line in out.splitlines()]
    assert results[0]["category"] == "แสงสว่าง" and results[0]["code"] == "lighting"
    assert results[1]["category"] == "สัตว์จรจัด" and 0 < results[1]["confidence"] <= 1
    assert "error" in results[2] and len(results) == 3


def test_train_needs_data_and_classify_needs_a_model(locality, monkeypatch):
    with pytest.raises(CommandError, match="Not enough training data"):
        _run("complaints", "train", "--locality", locality.slug)
    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "ไฟดับ"}\n'))
    with pytest.raises(CommandError, match="no classifier"):
        _run("complaints", "classify", "--locality", locality.slug)


def test_officer_corrections_change_the_next_model(locality, trained, officer):
    from thongthin.modules.complaints import classifier, services

    text = "ต้นไม้ล้มขวางถนนหน้าวัด"
    before = classifier.classify(locality, text)
    assert before.category_code != "tree"  # no tree examples yet
    for index in range(6):
        complaint = services.complaint_create(
            locality=locality,
            description=f"{text} จุดที่ {index}",
            channel="web",
            lat=8.43,
            lon=99.96,
        )
        services.complaint_set_category(complaint=complaint, actor=officer, category_code="tree")
    classifier.train(locality)
    assert classifier.classify(locality, text).category_code == "tree"
