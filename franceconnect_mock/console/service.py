"""What the console pages and the admin API both do, in one place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from franceconnect_mock.console.report import Report, build_report
from franceconnect_mock.context import FcMock

RETIRE_AFTER = timedelta(hours=1)  # a rotated-out key stays published an hour (ID tokens live 60 s)


def keys(ctx: FcMock) -> list[dict[str, Any]]:
    order = {"active": 0, "next": 1, "retired": 2}
    return [{"kid": k.kid, "alg": k.alg, "state": k.state,
             "retire_at": k.retire_at.isoformat() + "Z" if k.retire_at else None}
            for k in sorted(ctx.keyring.keys(), key=lambda k: (k.alg, order.get(k.state, 3)))]


def rotate_keys(ctx: FcMock) -> list[str]:
    return ctx.keyring.rotate(RETIRE_AFTER)


def clock(ctx: FcMock) -> dict[str, Any]:
    now = ctx.clock.now()
    return {"offset_seconds": ctx.clock.offset(), "mock_time": now,
            "mock_time_iso": datetime.fromtimestamp(now, UTC).isoformat()}


def set_clock(ctx: FcMock, offset: int) -> dict[str, Any]:
    ctx.clock.set_offset(offset)
    return clock(ctx)


def report(ctx: FcMock, client_id: str) -> Report:
    return build_report(client_id, ctx.journal.history(client_id), ctx.scenarios)


def scenarios(ctx: FcMock) -> dict[str, Any]:
    return {"adversarial": [{"id": a.id, "login": a.login, "label": a.label, "label_en": a.label_en,
                             "check": a.check, "check_en": a.check_en} for a in ctx.scenarios.adversarial],
            "failure_logins": [{"login": f.login, "label": f.label, "label_en": f.label_en,
                                "y_code": f.y_code, "delay_seconds": f.delay_seconds}
                               for f in ctx.scenarios.failures]}
