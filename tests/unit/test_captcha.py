"""The shared CAPTCHA: single use, bound to the session, image and French audio, its routes."""

from __future__ import annotations

import os
import re
import shutil
import types
import wave
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from captcha.image import ImageCaptcha
from flask import Flask, render_template_string, request, session
from flask.testing import FlaskClient
from flask_wtf.csrf import CSRFProtect
from PIL.Image import Image

from shared.captcha import Captcha, current_captcha, register_captcha
from shared.captcha import voices as voices_module
from shared.kv import MemoryKeyValueStore
from shared.web import ui

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORM = """{% from "captcha.html" import captcha_field %}
<form method="post">
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  {{ captcha_field(error=error) }}
</form>"""


def require_espeak() -> None:
    """Skip without espeak-ng on a workstation; in CI the audio CAPTCHA must be tested."""
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("espeak-ng est obligatoire en CI pour tester le CAPTCHA audio.")
        pytest.skip("espeak-ng absent : CAPTCHA audio non testé.")


@pytest.fixture(scope="module")
def voices_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_espeak()
    directory = tmp_path_factory.mktemp("voices")
    assert voices_module.build_voices(directory) is True
    return directory


@pytest.fixture
def kv() -> MemoryKeyValueStore:
    return MemoryKeyValueStore()


def make_app(captcha: Captcha) -> Flask:
    """A minimal service: secret key, CSRF, the shared templates and one form using the macro."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test-secret-key-for-the-captcha-unit-tests", TESTING=True)
    CSRFProtect(app)
    app.register_blueprint(ui)
    register_captcha(app, captcha)

    @app.route("/formulaire", methods=["GET", "POST"])
    def form() -> str:
        error = None
        if request.method == "POST":
            if current_captcha().check(request.form.get("captcha", "")):
                return "accepté"
            error = "Le code saisi ne correspond pas à l'image."
        return render_template_string(FORM, error=error)

    return app


@pytest.fixture
def captcha(kv: MemoryKeyValueStore) -> Captcha:
    return Captcha(kv, voices_dir=None, test_answer=None)


@pytest.fixture
def app(captcha: Captcha) -> Flask:
    return make_app(captcha)


def issue_known(captcha: Captcha, kv: MemoryKeyValueStore, answer: str = "12345") -> str:
    """Issue a CAPTCHA whose answer is known, so tests never depend on a random draw."""
    cid = captcha.issue()
    kv.put(f"captcha:{cid}", answer.encode(), 600)
    return cid


def answer_of(kv: MemoryKeyValueStore, cid: str) -> str:
    stored = kv.get(f"captcha:{cid}")
    assert stored is not None
    return stored.decode()


# --- Captcha: issue and check ------------------------------------------------------------------


def test_issue_stores_a_numeric_answer_in_the_session(app: Flask, captcha: Captcha, kv) -> None:
    with app.test_request_context():
        cid = captcha.issue()
        assert session["captcha_id"] == cid
        assert re.fullmatch(r"\d{5}", answer_of(kv, cid))


def test_right_answer_is_accepted_once(app: Flask, captcha: Captcha, kv) -> None:
    with app.test_request_context():
        answer = answer_of(kv, captcha.issue())
        assert captcha.check(answer) is True
        assert captcha.check(answer) is False


def test_a_used_captcha_leaves_neither_its_answer_nor_its_renderings(app: Flask, captcha: Captcha,
                                                                    kv) -> None:
    with app.test_request_context():
        cid = captcha.issue()
        assert captcha.image(cid) is not None  # rendered once, kept until the answer is used
        assert any(key.startswith(f"captcha:{cid}") for key in kv._data)  # noqa: SLF001
        captcha.check(answer_of(kv, cid))
        assert not any(key.startswith(f"captcha:{cid}") for key in kv._data)  # noqa: SLF001


def test_spaces_in_the_answer_are_ignored(app: Flask, captcha: Captcha, kv) -> None:
    with app.test_request_context():
        answer = answer_of(kv, captcha.issue())
        assert captcha.check(f" {answer[:2]} {answer[2:]} ") is True


def test_wrong_answer_is_refused_and_uses_up_the_captcha(app: Flask, captcha: Captcha, kv) -> None:
    with app.test_request_context():
        cid = captcha.issue()
        answer = answer_of(kv, cid)
        wrong = "".join(str((int(c) + 1) % 10) for c in answer)
        assert captcha.check(wrong) is False
        assert captcha.check(answer) is False
        assert kv.get(f"captcha:{cid}") is None
        assert captcha.image(cid) is None


@pytest.mark.parametrize("given", ["", "   ", "12345678901", "１２３４５"])
def test_empty_long_or_odd_answers_are_refused(app: Flask, captcha: Captcha, given: str) -> None:
    with app.test_request_context():
        captcha.issue()
        assert captcha.check(given) is False


def test_check_without_any_captcha_is_refused(app: Flask, captcha: Captcha) -> None:
    with app.test_request_context():
        assert captcha.check("12345") is False


def test_a_new_captcha_replaces_the_previous_one(app: Flask, captcha: Captcha, kv) -> None:
    with app.test_request_context():
        first = issue_known(captcha, kv, "11111")
        second = issue_known(captcha, kv, "22222")
        assert kv.get(f"captcha:{first}") is None
        assert captcha.image(first) is None
        assert captcha.image(second) is not None
        assert captcha.check("11111") is False


def test_answer_expires_after_ttl(app: Flask, kv, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr("shared.kv.time", types.SimpleNamespace(time=lambda: clock[0]))
    captcha = Captcha(kv, voices_dir=None, test_answer=None, ttl=600)
    with app.test_request_context():
        cid = captcha.issue()
        answer = answer_of(kv, cid)
        clock[0] += 601
        assert captcha.image(cid) is None
        assert captcha.check(answer) is False


def test_test_answer_is_accepted_only_when_configured(app: Flask, kv) -> None:
    plain = Captcha(kv, voices_dir=None, test_answer=None)
    with_test_answer = Captcha(kv, voices_dir=None, test_answer="00000")
    with app.test_request_context():
        issue_known(plain, kv)
        assert plain.check("00000") is False
        issue_known(with_test_answer, kv)
        assert with_test_answer.check("00000") is True
        issue_known(with_test_answer, kv)
        assert with_test_answer.check("11111") is False


def test_length_is_bounded(kv) -> None:
    with pytest.raises(ValueError):
        Captcha(kv, voices_dir=None, test_answer=None, length=11)


# --- Captcha: rendering ------------------------------------------------------------------------


def test_image_is_a_png_of_the_expected_size(app: Flask, captcha: Captcha) -> None:
    from PIL import Image

    with app.test_request_context():
        png = captcha.image(captcha.issue())
    assert png is not None and png.startswith(PNG_SIGNATURE)
    assert Image.open(BytesIO(png)).size == (200, 70)


def test_rendering_is_stable_for_one_id(app: Flask, captcha: Captcha) -> None:
    with app.test_request_context():
        cid = captcha.issue()
        assert captcha.image(cid) == captcha.image(cid)


def test_ids_of_another_session_are_not_rendered(app: Flask, captcha: Captcha) -> None:
    with app.test_request_context():
        foreign = captcha.issue()
    with app.test_request_context():
        captcha.issue()
        assert captcha.image(foreign) is None
        assert captcha.audio(foreign) is None
        assert captcha.image("inconnu") is None


def test_audio_is_unavailable_without_voices(app: Flask, captcha: Captcha, tmp_path: Path) -> None:
    (tmp_path / "0").mkdir()
    missing = Captcha(MemoryKeyValueStore(), voices_dir=tmp_path, test_answer=None)
    assert captcha.has_audio is False and missing.has_audio is False
    with app.test_request_context():
        assert captcha.audio(captcha.issue()) is None


def test_audio_is_a_french_wav(app: Flask, kv, voices_dir: Path) -> None:
    captcha = Captcha(kv, voices_dir=voices_dir, test_answer=None)
    assert captcha.has_audio
    with app.test_request_context():
        wav_bytes = captcha.audio(captcha.issue())
    assert wav_bytes is not None and wav_bytes[:4] == b"RIFF" and wav_bytes[8:12] == b"WAVE"
    with wave.open(BytesIO(wav_bytes)) as wav:
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (8000, 1, 1)
        assert wav.getnframes() > 8000 * 3


# --- voice library -----------------------------------------------------------------------------


def test_voice_library_has_every_digit_in_the_captcha_format(voices_dir: Path) -> None:
    for digit in "0123456789":
        files = sorted((voices_dir / digit).glob("*.wav"))
        assert len(files) == len(voices_module.VARIANTS) >= 2
        for path in files:
            with wave.open(str(path)) as wav:
                assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (8000, 1, 1)
                assert 800 < wav.getnframes() < 16000  # a spoken digit, trimmed: 0.1 s to 2 s


def test_voice_library_build_is_idempotent(voices_dir: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in voices_dir.rglob("*.wav")}
    assert voices_module.main([str(voices_dir)]) == 0
    assert {p: p.stat().st_mtime_ns for p in voices_dir.rglob("*.wav")} == before


def test_voice_build_explains_missing_espeak(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(voices_module.shutil, "which", lambda _name: None)
    assert voices_module.main([str(tmp_path / "voix")]) == 1
    assert "espeak-ng est introuvable" in capsys.readouterr().err


def test_resampling_keeps_duration() -> None:
    samples = [0.5] * 22050
    out = voices_module._resample(samples, 22050, 8000)
    assert len(out) == 8000 and all(abs(s - 0.5) < 1e-9 for s in out)


# --- routes and template -----------------------------------------------------------------------


def found(pattern: str, html: str) -> re.Match[str]:
    """The first match of ``pattern`` in a page that must contain it."""
    match = re.search(pattern, html)
    assert match is not None, f"{pattern} absent de la page"
    return match


def render_form(client: FlaskClient) -> tuple[str, str, str]:
    """GET the form: its HTML, the CSRF token and the CAPTCHA id."""
    html = client.get("/formulaire").get_data(as_text=True)
    token = found(r'name="csrf_token" value="([^"]+)"', html).group(1)
    cid = found(r"/captcha/([\w-]+)/image\.png", html).group(1)
    return html, token, cid


def test_macro_renders_the_french_field_without_inline_script(app: Flask) -> None:
    html, _token, cid = render_form(app.test_client())
    assert "Veuillez saisir le CAPTCHA ci-dessous :" in html
    assert 'alt="Code CAPTCHA à recopier : image"' in html  # no voices: no audio promised
    assert "Générer un autre code" in html
    assert "CAPTCHA *" in html
    field = found(r"<input type=\"text\"[^>]*>", html).group(0)
    for attribute in ('autocomplete="off"', 'inputmode="numeric"', 'maxlength="10"', "required"):
        assert attribute in field
    assert "aria-describedby" not in field
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert " style=" not in html and " onclick=" not in html
    assert f"/captcha/{cid}/image.png" in html
    assert "/static/ui/captcha.js" in html


def test_macro_offers_audio_when_voices_exist(kv, voices_dir: Path) -> None:
    app = make_app(Captcha(kv, voices_dir=voices_dir, test_answer=None))
    client = app.test_client()
    html, _token, cid = render_form(client)
    assert 'alt="Code CAPTCHA à recopier : image ; une version audio est disponible"' in html
    assert "Écouter le code" in html
    assert (
        f'<audio class="captcha-audio" data-captcha-audio controls preload="none" '
        f'src="/captcha/{cid}/audio.wav">' in html
    )
    response = client.get(f"/captcha/{cid}/audio.wav")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.headers["Cache-Control"] == "no-store"
    partial = client.get(f"/captcha/{cid}/audio.wav", headers={"Range": "bytes=0-99"})
    assert partial.status_code == 206 and partial.data == response.data[:100]


def test_error_is_linked_to_the_field(app: Flask) -> None:
    client = app.test_client()
    _html, token, _cid = render_form(client)
    html = client.post("/formulaire", data={"csrf_token": token, "captcha": "x"}).get_data(
        as_text=True
    )
    assert "Le code saisi ne correspond pas à l&#39;image." in html
    field = found(r"<input type=\"text\"[^>]*>", html).group(0)
    assert 'aria-describedby="captcha-erreur"' in field and 'aria-invalid="true"' in field
    assert 'id="captcha-erreur"' in html


def test_form_journey_accepts_the_right_answer_once(app: Flask, kv) -> None:
    client = app.test_client()
    _html, token, cid = render_form(client)
    answer = answer_of(kv, cid)
    assert (
        client.post("/formulaire", data={"csrf_token": token, "captcha": answer}).data
        == "accepté".encode()
    )
    replay = client.post("/formulaire", data={"csrf_token": token, "captcha": answer})
    assert "accepté".encode() not in replay.data


def test_image_route_serves_the_session_png_only(app: Flask) -> None:
    client = app.test_client()
    _html, _token, cid = render_form(client)
    response = client.get(f"/captcha/{cid}/image.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(PNG_SIGNATURE)
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/captcha/inconnu/image.png").status_code == 404
    assert app.test_client().get(f"/captcha/{cid}/image.png").status_code == 404


def test_audio_route_says_503_in_french_without_voices(app: Flask) -> None:
    client = app.test_client()
    _html, _token, cid = render_form(client)
    response = client.get(f"/captcha/{cid}/audio.wav")
    assert response.status_code == 503
    assert "momentanément indisponible" in response.get_data(as_text=True)


def test_refresh_issues_a_new_captcha(app: Flask) -> None:
    client = app.test_client()
    _html, token, cid = render_form(client)
    response = client.post("/captcha/nouveau", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    urls = response.get_json()
    assert set(urls) == {"image", "audio"} and urls["audio"] is None
    new_image = re.fullmatch(r"/captcha/([\w-]+)/image\.png", urls["image"])
    assert new_image is not None, urls
    new_cid = new_image.group(1)
    assert new_cid != cid
    assert client.get(urls["image"]).status_code == 200
    assert client.get(f"/captcha/{cid}/image.png").status_code == 404


def test_refresh_gives_the_audio_url_when_voices_exist(kv, voices_dir: Path) -> None:
    client = make_app(Captcha(kv, voices_dir=voices_dir, test_answer=None)).test_client()
    _html, token, _cid = render_form(client)
    urls = client.post("/captcha/nouveau", headers={"X-CSRFToken": token}).get_json()
    assert urls["audio"] == urls["image"].replace("image.png", "audio.wav")


def test_refresh_requires_the_csrf_token(app: Flask) -> None:
    client = app.test_client()
    render_form(client)
    assert client.post("/captcha/nouveau").status_code == 400
    assert client.post("/captcha/nouveau", headers={"X-CSRFToken": "faux"}).status_code == 400
    assert client.get("/captcha/nouveau").status_code == 405


def test_the_page_draws_nothing_and_the_image_is_drawn_once_when_fetched(
        app: Flask, captcha: Captcha, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawing costs milliseconds of CPU: a page showing the CAPTCHA pays none of it, the
    browser's fetch of the image pays it once, and fetching again serves the same bytes."""
    drawn: list[str] = []
    draw = type(captcha._image).generate_image

    def counting(self: ImageCaptcha, chars: str, *args: Any, **kwargs: Any) -> Image:
        drawn.append(chars)
        return draw(self, chars, *args, **kwargs)

    monkeypatch.setattr(type(captcha._image), "generate_image", counting)
    client = app.test_client()
    _html, _token, cid = render_form(client)
    assert drawn == []
    first = client.get(f"/captcha/{cid}/image.png").data
    assert client.get(f"/captcha/{cid}/image.png").data == first
    assert len(drawn) == 1
