"""Dependency audit for CI: pip-audit over the locked environment; fails on any known vulnerability.

When the vulnerability service cannot be reached (an offline CI network), pip-audit skips every
package: the audit then says so loudly instead of pretending to have checked anything.
"""

from __future__ import annotations

import json
import subprocess
import sys


def main() -> int:
    run = subprocess.run([sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"],
                         capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(run.stderr[-2000:], file=sys.stderr)
        print("Audit des dépendances : pip-audit n'a pas produit de rapport.", file=sys.stderr)
        return 1
    packages = report.get("dependencies", [])
    vulnerable = [p for p in packages if p.get("vulns")]
    skipped = [p for p in packages if p.get("skip_reason")]
    for package in vulnerable:
        ids = ", ".join(v["id"] for v in package["vulns"])
        print(f"VULNÉRABLE : {package['name']} {package.get('version')} — {ids}")
    audited = len(packages) - len(skipped)
    print(f"Audit des dépendances : {audited} paquet(s) vérifié(s), {len(skipped)} non vérifiable(s), "
          f"{len(vulnerable)} vulnérable(s).")
    if skipped and not audited:
        print("ATTENTION : le service de vulnérabilités est injoignable depuis cette machine ; "
              "aucune dépendance n'a pu être vérifiée.")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
