"""The three online tutorials: every step shows a picture of the screen it describes, served."""

from __future__ import annotations

import re
import struct

import pytest

from idp.portal.tutorials import TUTORIALS
from tests.support.client import PageClient, text


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("slug", sorted(TUTORIALS))
def test_each_step_has_its_own_screen(lucie: PageClient, slug: str) -> None:
    page = text(lucie.get(f"/portail/tutoriel/{slug}"))
    pictures = re.findall(r'<img src="([^"]+)" alt="Capture d\'écran : ([^"]+)"', page)
    assert [title for _src, title in pictures] == [step.title for step in TUTORIALS[slug].steps]
    for src, title in pictures:
        with lucie.client.get(src, base_url="https://localhost") as served:
            assert served.status_code == 200 and png_size(served.get_data()) == (640, 400), (title, src)


def test_no_picture_stands_for_two_different_screens() -> None:
    seen: dict[str, set[str]] = {}
    for tutorial in TUTORIALS.values():
        for step in tutorial.steps:
            seen.setdefault(step.picture, set()).add(step.title)
    shared = {p: t for p, t in seen.items() if len(t) > 1}
    # One screen may serve two steps only when they happen on it (sign-in, then its "forgotten" link).
    assert shared == {"connexion.png": {"Se connecter au portail", "Mot de passe Élections oublié"}}
