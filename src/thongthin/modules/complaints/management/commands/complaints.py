"""`thongthin complaints …`: categories, the classifier, escalation and the map counts."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from thongthin.core.errors import DomainError
from thongthin.core.i18n import render_in
from thongthin.core.selectors import access_locality


class Command(BaseCommand):
    help = "Complaints: seed categories, train/classify, escalate overdue cases, rebuild the map."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("seed", "give the locality the Traffy-based categories it lacks"),
            ("train", "retrain the locality's classifier from its data"),
            ("classify", 'read JSON lines {"text": ...} on stdin, write the category per line'),
            ("rebuild-map", "recount the public map from the cases"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("--locality", required=True, help="the locality's slug")
        sub.add_parser("escalate", help="tell heads of division about overdue complaints")

    def handle(self, *args, action, **options):
        from thongthin.modules.complaints import classifier, services
        from thongthin.modules.complaints.models import Category

        if action == "escalate":
            self.stdout.write(f"escalated {services.escalate_overdue()} complaint(s)")
            return
        try:
            locality = access_locality(options["locality"])
        except DomainError:
            raise CommandError(f"no locality {options['locality']!r}") from None
        if action == "seed":
            self.stdout.write(f"added {services.categories_seed(locality)} categories")
        elif action == "rebuild-map":
            self.stdout.write(f"{services.map_rebuild(locality)} map cells")
        elif action == "train":
            try:
                model = classifier.train(locality)
            except DomainError as exc:
                raise CommandError(render_in("en", exc)) from None
            accuracy = "n/a" if model.accuracy is None else f"{model.accuracy:.3f}"
            self.stdout.write(
                f"trained on {model.examples} examples in {len(model.categories)} categories; "
                f"held-out accuracy {accuracy}"
            )
        elif action == "classify":
            names = {c.code: c.name_th for c in Category.objects.for_locality(locality)}
            for number, line in enumerate(sys.stdin, start=1):
                if not line.strip():
                    continue
                out: dict[str, object]
                try:
                    text = json.loads(line)["text"]
                    if not isinstance(text, str):
                        raise TypeError
                except (ValueError, KeyError, TypeError):
                    out = {"error": f'line {number}: expected {{"text": "..."}}'}
                else:
                    prediction = classifier.classify(locality, text)
                    if prediction is None and not text.strip():
                        out = {"error": f"line {number}: empty text"}
                    elif prediction is None:
                        raise CommandError(
                            "no classifier trained: run `thongthin complaints train` first"
                        )
                    else:
                        out = {
                            "category": names.get(
                                prediction.category_code, prediction.category_code
                            ),
                            "code": prediction.category_code,
                            "confidence": round(prediction.confidence, 4),
                        }
                self.stdout.write(json.dumps(out, ensure_ascii=False))
