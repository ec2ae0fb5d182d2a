"""Tiny registries that modules fill from ``AppConfig.ready()``: roles, LINE handlers, modules.

The core never imports a module; a module registers itself here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES: dict[str, tuple[str, str]] = {
    "platform_admin": ("ผู้ดูแลระบบกลาง", "Platform admin"),
    "locality_admin": ("ผู้ดูแลระบบ อปท.", "Locality admin"),
    "executive": ("ผู้บริหาร", "Executive"),
    "officer": ("เจ้าหน้าที่", "Officer"),
    "dispatcher": ("เจ้าหน้าที่สั่งการ", "Dispatcher"),
    "responder": ("ผู้ปฏิบัติการ", "Responder"),
}


def register_role(code: str, label_th: str, label_en: str) -> None:
    ROLES.setdefault(code, (label_th, label_en))


@dataclass(frozen=True)
class ModuleInfo:
    code: str
    name_th: str
    name_en: str
    description: str = ""


MODULES: dict[str, ModuleInfo] = {}


def register_module(info: ModuleInfo) -> None:
    MODULES[info.code] = info


# LINE handlers: (event type, message type or "") -> handler(locality, citizen, event dict).
LineHandler = Callable[[Any, Any, dict], None]
LINE_HANDLERS: dict[tuple[str, str], list[LineHandler]] = {}


def register_line_handler(
    event_type: str, message_type: str = ""
) -> Callable[[LineHandler], LineHandler]:
    def decorator(func: LineHandler) -> LineHandler:
        LINE_HANDLERS.setdefault((event_type, message_type), []).append(func)
        return func

    return decorator


def line_handlers_for(event_type: str, message_type: str = "") -> list[LineHandler]:
    return LINE_HANDLERS.get((event_type, message_type), []) + (
        LINE_HANDLERS.get((event_type, ""), []) if message_type else []
    )


# Demo loaders: each gets the demo localities and adds its module's data (idempotently).
DEMO_LOADERS: list[Callable[[list[Any]], None]] = []


def register_demo_loader(func: Callable[[list[Any]], None]) -> Callable[[list[Any]], None]:
    DEMO_LOADERS.append(func)
    return func


# API routers modules add under /api/v1/<prefix>/ (read when the API is built).
API_ROUTERS: list[tuple[str, Any]] = []


def register_api_router(prefix: str, router: Any) -> None:
    API_ROUTERS.append((prefix, router))
