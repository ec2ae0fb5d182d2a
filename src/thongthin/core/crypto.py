"""Credentials kept encrypted in the database (a LINE channel's secret and token, and any later
ones): Fernet (AES-128-CBC with HMAC-SHA256) from the ``cryptography`` package.

The keys come from ``THONGTHIN_ENCRYPTION_KEY`` (comma-separated: the first encrypts, all
decrypt, so a key can be rotated: put the new one first, run ``thongthin rotatekeys``, then
drop the old one), or from ``./var/encryption_key``, generated once like ``SECRET_KEY``.
"""

from __future__ import annotations

import os
import time
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "enc1:"


def _keys() -> list[str]:
    configured = os.environ.get("THONGTHIN_ENCRYPTION_KEY", "")
    keys = [k.strip() for k in configured.split(",") if k.strip()]
    if keys:
        return keys
    path = settings.VAR_DIR / "encryption_key"
    try:
        return [path.read_text().strip()]
    except FileNotFoundError:
        pass
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    try:
        # Created readable by this user only, and only once: of several processes starting
        # together, one writes the key and the others read that one.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            text = path.read_text().strip()
            if text:
                return [text]
            time.sleep(0.01)
        raise RuntimeError(f"{path} is empty") from None
    with os.fdopen(descriptor, "w") as out:
        out.write(key)
    return [key]


@cache
def fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in _keys()])


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    """The plain value; a value stored before encryption (no prefix) reads as it is."""
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise RuntimeError(
            "A credential cannot be decrypted with THONGTHIN_ENCRYPTION_KEY: the key that "
            "encrypted it is missing (see docs/security.md, key rotation)."
        ) from None


class EncryptedTextField(models.TextField):
    """Text kept encrypted at rest; the model sees the plain value."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt(value or "")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def token_digest(token: str) -> str:
    """What is kept of a secret handed out once (API keys, one-time links): its SHA-256."""
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()
