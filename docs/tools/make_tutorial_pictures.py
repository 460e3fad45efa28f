"""Make the pictures of the online tutorials (idp/static/tutoriels/*.png) from the screenshots the
browser tests take (docs/screenshots/), so every step shows the very screen it talks about.

Each picture is the top of a screenshot (what a 1280×800 window shows), halved to 640×400 and
reduced to a 256-colour palette (a few tens of KB). Run from the repository root after the
browser tests:

    .venv/bin/python docs/tools/make_tutorial_pictures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
OUT_DIR = ROOT / "idp" / "static" / "tutoriels"
VIEW = (1280, 800)  # the part of the page a voter sees first
SIZE = (640, 400)

PICTURES = {  # tutorial picture → the browser test's screenshot it is cut from
    "identifiant.png": "01-acces-portail.png",
    "mail.png": "02-mail-envoye.png",
    "mot-de-passe.png": "03-initialisation-mot-de-passe.png",
    "question-defi.png": "04-question-defi.png",
    "connexion.png": "05-mot-de-passe.png",
    "accueil.png": "06-accueil-portail.png",
    "code-de-vote.png": "08-saisie-code-de-vote.png",
    "bulletin.png": "13-constitution-bulletin.png",
    "reassort-question-defi.png": "09-demande-reassort.png",
    "reassort-franceconnect.png": "12-franceconnect-choix.png",
    "nouveau-code.png": "11-nouveau-code.png",
}


def picture(screenshot: Path) -> Image.Image:
    with Image.open(screenshot) as image:
        top = image.convert("RGB").crop((0, 0, min(VIEW[0], image.width), min(VIEW[1], image.height)))
    top.thumbnail(SIZE, Image.Resampling.LANCZOS)
    return top.quantize(colors=256, method=Image.Quantize.MEDIANCUT)


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    for name, source in PICTURES.items():
        picture(SCREENSHOTS / source).save(out / name, optimize=True)
        print(f"{name} ← {source} ({(out / name).stat().st_size // 1024} Kio)")


if __name__ == "__main__":
    main(sys.argv[1:])
