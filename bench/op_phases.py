"""The phases of the portal's provider alone, in each configuration of ``make bench``.

- ``op_sso`` and ``op_login`` (:mod:`bench.op`) at each level of concurrency of the plan;
- ``codes``: the SSO flow's CPU with about a thousand codes issued, then with a million more
  inserted straight into the provider's database (:mod:`bench.codes`), and the ratio of the two:
  the nonce and code lookups must not grow with the codes kept (target ≤ 1.2).
"""

from __future__ import annotations

from typing import Any

from bench.codes import code_indexes, count_codes, fill_codes
from bench.driver import Driver
from bench.op import OpDriver, register_bench_client
from bench.phases import Meter
from bench.targets import OP_GROUPS, cpu_per_op
from shared.settings import load_settings

SMALL, LARGE = 1_000, 1_000_000


def run_op(environ: dict[str, str], driver: Driver, meter: Meter, levels: tuple[int, ...],
           seconds: float) -> dict[str, Any]:
    print("  -- portail seul (fournisseur OpenID Connect, sans l'espace de vote)", flush=True)
    op = OpDriver(driver, register_bench_client(environ))
    phases = [meter.measure(scenario, make_user, level, seconds)
              for scenario, make_user in (("op_sso", op.sso_user), ("op_login", op.login_user))
              for level in levels]
    return {"client_id": op.client.client_id, "phases": phases,
            "codes": codes_phase(environ, op, meter, levels[min(1, len(levels) - 1)], seconds)}


def codes_phase(environ: dict[str, str], op: OpDriver, meter: Meter, concurrency: int,
                seconds: float) -> dict[str, Any]:
    """SSO flows with ~1k codes kept, then with 1M more: CPU per flow of the provider and its servers."""
    url = load_settings("idp", environ).database_url
    fill_codes(url, op.client.client_id, SMALL - count_codes(url))
    print(f"  -- codes émis : {count_codes(url)} puis {LARGE} de plus "
          f"(index de oidc_codes : {', '.join(code_indexes(url)) or 'aucun'})", flush=True)
    before: dict[str, Any] = {"codes": count_codes(url),
                              "phase": meter.measure("op_sso", op.sso_user, concurrency, seconds)}
    filled_s = fill_codes(url, op.client.client_id, LARGE)
    after: dict[str, Any] = {"codes": count_codes(url),
                             "phase": meter.measure("op_sso", op.sso_user, concurrency, seconds)}
    small, large = cpu_per_op(before["phase"], OP_GROUPS), cpu_per_op(after["phase"], OP_GROUPS)
    ratio = None if not small or large is None else round(large / small, 3)
    print(f"    {LARGE} codes insérés en {filled_s} s ; CPU par flux {ratio} × celui d'avant", flush=True)
    return {"indexes": code_indexes(url), "filled_s": filled_s, "before": before, "after": after,
            "ratio": ratio}
