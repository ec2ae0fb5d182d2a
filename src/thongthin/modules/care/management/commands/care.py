"""`thongthin care …`: the ADL classifier on JSON lines, and the care module's jobs."""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils import translation

from thongthin.modules.care import adl, rules


class Command(BaseCommand):
    help = "Care: classify Barthel ADL screenings (JSON lines on stdin)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "classify",
            help='read JSON lines {"feeding": 2, ..., "bladder": 2, "tai": "B3"} on stdin, '
            'write {"total", "band", "group"} or {"error", "message"} per line',
        )

    def handle(self, *args, action, **options):
        if action == "classify":
            self._classify()

    def _classify(self) -> None:
        groups = rules.tai_groups()
        out = self.stdout
        with translation.override("en"):
            for line in sys.stdin:
                if not line.strip():
                    continue
                out.write(json.dumps(self._one(line, groups), ensure_ascii=False) + "\n")

    @staticmethod
    def _one(line: str, groups: dict[str, int]) -> dict:
        try:
            data = json.loads(line)
        except ValueError:
            return {"error": "json_invalid", "message": "The line is not JSON."}
        if not isinstance(data, dict):
            return {"error": "adl_items_missing", "message": "The line is not a JSON object."}
        tai = data.pop("tai", None)
        if tai is not None and not isinstance(tai, str):
            return {"error": "tai_invalid", "message": "The TAI class is a text such as B3."}
        try:
            result = adl.classify(data, tai or None, groups)
        except adl.ScoreError as exc:
            return {"error": exc.code, "message": str(exc.message)}
        return result.as_json()
