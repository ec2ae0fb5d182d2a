"""Thai text → complaint category, with a confidence.

Character n-grams (1–3, within word boundaries) weighted by TF-IDF feed a logistic
regression (scikit-learn). Thai is written without spaces, so character n-grams need no word
segmenter and are robust to the spelling and slang of real reports. Each locality trains its
own model from its closed cases, its officers' corrections and any imported Traffy CSV; the
model is stored in the database so every process loads the same one.
"""

from __future__ import annotations

import hashlib
import io
import pickle  # noqa: S403 - only our own models, written by `train` into our own database
import threading
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thongthin.core.models import Locality

from .models import Category, ClassifierModel, Complaint, TrainingExample
from .module import MODULE

MIN_EXAMPLES = 20
_cache: dict[int, tuple[int, object]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Prediction:
    category_code: str
    confidence: float


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    ref: str


def threshold() -> float:
    return float(MODULE.setting("CONFIDENCE"))


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2, max_features=60000
        ),
        LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced"),
    )


def held_out(ref: str, share: float = 0.2) -> bool:
    """A stable split: the same example is always on the same side, whatever the order."""
    digest = hashlib.sha256(ref.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def training_examples(locality: Locality) -> list[Example]:
    active = set(
        Category.objects.for_locality(locality).filter(active=True).values_list("code", flat=True)
    )
    examples: dict[str, Example] = {}
    for text, code, source, ref, pk in (
        TrainingExample.objects.for_locality(locality)
        .order_by("id")
        .values_list("text", "category_code", "source", "ref", "pk")
    ):
        if code in active and text.strip():
            key = f"{source}:{ref or pk}"
            examples[key] = Example(text, code, key)
    closed = (
        Complaint.objects.for_locality(locality)
        .filter(case__status="resolved", category__isnull=False)
        .exclude(classified_by=Complaint.Classified.MODEL)
        .values_list("case__description", "category__code", "case_id")
    )
    for text, code, case_id in closed:
        if code in active and text.strip():
            examples.setdefault(f"case:{case_id}", Example(text, code, f"case:{case_id}"))
    return list(examples.values())


def fit(examples: list[Example]):
    pipeline = build_pipeline()
    pipeline.fit([e.text for e in examples], [e.label for e in examples])
    return pipeline


def evaluate(examples: list[Example]) -> tuple[float | None, int]:
    """Accuracy on the held-out share of ``examples`` with a model fitted on the rest."""
    train = [e for e in examples if not held_out(e.ref)]
    test = [e for e in examples if held_out(e.ref)]
    if len({e.label for e in train}) < 2 or not test:
        return None, len(test)
    model = fit(train)
    predicted = model.predict([e.text for e in test])
    correct = sum(p == e.label for p, e in zip(predicted, test, strict=True))
    return correct / len(test), len(test)


def train(locality: Locality) -> ClassifierModel:
    from thongthin.core.errors import ValidationFailed

    examples = training_examples(locality)
    labels = {e.label for e in examples}
    if len(examples) < MIN_EXAMPLES or len(labels) < 2:
        raise ValidationFailed(
            _(
                "Not enough training data: %(examples)s examples in %(categories)s categories "
                "(need %(min)s in at least 2). Import a Traffy CSV or close some cases."
            ),
            code="training_data_too_small",
            detail={"examples": len(examples), "categories": len(labels)},
            params={"examples": len(examples), "categories": len(labels), "min": MIN_EXAMPLES},
        )
    accuracy, _held_out = evaluate(examples)
    model = fit(examples)
    buffer = io.BytesIO()
    pickle.dump(model, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    with transaction.atomic():
        stored = ClassifierModel.objects.create(
            locality=locality,
            examples=len(examples),
            accuracy=accuracy,
            categories=sorted(labels),
            blob=buffer.getvalue(),
        )
        # Keep the last three models; older ones are only dead weight.
        old = ClassifierModel.objects.for_locality(locality).values_list("pk", flat=True)[3:]
        ClassifierModel.objects.for_locality(locality).filter(pk__in=list(old)).delete()
    return stored


def _model_for(locality: Locality):
    latest = ClassifierModel.objects.for_locality(locality).values_list("pk", flat=True).first()
    if latest is None:
        return None
    cached = _cache.get(locality.pk)
    if cached and cached[0] == latest:
        return cached[1]
    with _lock:
        blob = (
            ClassifierModel.objects.for_locality(locality)
            .values_list("blob", flat=True)
            .get(pk=latest)
        )
        model = pickle.loads(bytes(blob))  # noqa: S301 - our own model from our own database
        _cache[locality.pk] = (latest, model)
    return model


def classify(locality: Locality, text: str) -> Prediction | None:
    """The most likely category and its probability, or None when no model is trained."""
    text = (text or "").strip()
    if not text:
        return None
    model = _model_for(locality)
    if model is None:
        return None
    probabilities = model.predict_proba([text])[0]
    best = int(probabilities.argmax())
    return Prediction(str(model.classes_[best]), float(probabilities[best]))
