"""The CAPTCHA of every portal form: one answer per browser session, single use, image and audio.

The answer lives in the key-value store under ``captcha:<id>``; the browser session only holds
the id of its current CAPTCHA. Rendered media are kept next to the answer so that every request
for the same id returns the same bytes: a bot cannot average many distorted renderings of one
code, and the ``<audio>`` element's range requests stay consistent.

A page showing the CAPTCHA only stores its answer and embeds the image URL: drawing (some 3 ms of
CPU) happens when the browser fetches that URL, once per id; the audio likewise, when played.
"""

from __future__ import annotations

import hmac
import io
import logging
import secrets
from collections.abc import Callable
from pathlib import Path

from captcha.audio import AudioCaptcha
from captcha.image import ImageCaptcha
from flask import session

from shared.kv import KeyValueStore

log = logging.getLogger(__name__)

SESSION_KEY = "captcha_id"
DIGITS = "0123456789"
IMAGE_SIZE = (200, 70)
MAX_ANSWER_LENGTH = 10  # the input's maxlength; longer answers are refused without a lookup


class Captcha:
    """Issues, renders and checks the CAPTCHA of the current browser session.

    ``test_answer`` is a fixed answer that is always accepted, for automated journeys only:
    ``shared.settings.load_settings`` accepts ``CAPTCHA_TEST_ANSWER`` only with
    ``ELECTIONS_ENV=test`` and refuses it in production, so pass ``settings.captcha_test_answer``.
    """

    def __init__(
        self,
        kv: KeyValueStore,
        *,
        voices_dir: Path | None,
        test_answer: str | None,
        length: int = 5,
        ttl: int = 600,
    ) -> None:
        if not 1 <= length <= MAX_ANSWER_LENGTH:
            raise ValueError(f"length must be between 1 and {MAX_ANSWER_LENGTH}")
        self._kv = kv
        self._test_answer = test_answer
        self._length = length
        self._ttl = ttl
        # Built once per process: fonts and voice files are loaded here, not per request.
        self._image = ImageCaptcha(width=IMAGE_SIZE[0], height=IMAGE_SIZE[1])
        _ = self._image.truefonts
        self._audio = _load_audio(voices_dir)

    @property
    def has_audio(self) -> bool:
        """Whether a French voice library was found, so the audio alternative can be offered."""
        return self._audio is not None

    def issue(self) -> str:
        """Create a fresh CAPTCHA for this session, replacing (and forgetting) the previous one."""
        self._forget(session.pop(SESSION_KEY, None))
        cid = secrets.token_urlsafe(18)
        answer = "".join(secrets.choice(DIGITS) for _ in range(self._length))
        self._kv.put(_key(cid), answer.encode(), self._ttl)
        session[SESSION_KEY] = cid
        return cid

    def check(self, answer: str) -> bool:
        """Consume the session's CAPTCHA and tell whether ``answer`` matches it (single use)."""
        cid = session.pop(SESSION_KEY, None)
        expected = self._kv.take(_key(cid)) if isinstance(cid, str) else None
        self._forget(cid, answer_taken=True)
        given = "".join(answer.split())
        if not given or len(given) > MAX_ANSWER_LENGTH:
            return False
        if self._test_answer and hmac.compare_digest(given.encode(), self._test_answer.encode()):
            return True
        # Constant-time comparison: response timing must not reveal a correct prefix.
        return expected is not None and hmac.compare_digest(given.encode(), expected)

    def image(self, cid: str) -> bytes | None:
        """The PNG of the session's current CAPTCHA, or ``None`` for any other or expired id."""
        answer = self._answer_for_session(cid)
        if answer is None:
            return None
        return self._rendered(cid, "image", lambda: draw_png(self._image, answer))

    def audio(self, cid: str) -> bytes | None:
        """The French WAV of the session's current CAPTCHA (needs a voice library), or ``None``."""
        audio = self._audio
        answer = self._answer_for_session(cid)
        if audio is None or answer is None:
            return None
        return self._rendered(cid, "audio", lambda: bytes(audio.generate(answer)))

    def _answer_for_session(self, cid: str) -> str | None:
        """Only the id held by this session may be rendered, so ids cannot be farmed elsewhere."""
        current = session.get(SESSION_KEY)
        if not isinstance(current, str) or not hmac.compare_digest(current.encode(), cid.encode()):
            return None
        stored = self._kv.get(_key(cid))
        return stored.decode() if stored is not None else None

    def _rendered(self, cid: str, kind: str, render: Callable[[], bytes]) -> bytes:
        """Render once per id and kind, then serve the same bytes until the answer is used."""
        key = f"{_key(cid)}:{kind}"
        cached = self._kv.get(key)
        if cached is not None:
            return cached
        data: bytes = render()
        self._kv.put(key, data, self._ttl)
        return data

    def _forget(self, cid: object, *, answer_taken: bool = False) -> None:
        """Delete an answer (unless already taken) and its renderings, in one call; unknown ids
        are ignored."""
        if not isinstance(cid, str):
            return
        renderings = (f"{_key(cid)}:image", f"{_key(cid)}:audio")
        self._kv.delete(*(renderings if answer_taken else (_key(cid), *renderings)))


def draw_png(drawer: ImageCaptcha, answer: str) -> bytes:
    """The distorted image of ``answer`` as a PNG at zlib level 1: 0.6 ms to encode instead of 1.0
    ms at the default level 6, for 10 % more bytes (about 11 kB instead of 10 kB)."""
    out = io.BytesIO()
    drawer.generate_image(answer).save(out, format="png", compress_level=1)
    return out.getvalue()


def voices_available(directory: Path) -> bool:
    """Whether every digit has a voice file (``python -m shared.captcha.voices`` builds them)."""
    return all(any((directory / digit).glob("*.wav")) for digit in DIGITS)


def _key(cid: str) -> str:
    return f"captcha:{cid}"


def _load_audio(voices_dir: Path | None) -> AudioCaptcha | None:
    """Load the voice library once; without one, the audio alternative is reported unavailable."""
    if voices_dir is None:
        return None
    if not voices_available(voices_dir):
        log.warning(
            "CAPTCHA audio indisponible : bibliothèque de voix absente ou incomplète dans %s "
            "(construire avec « python -m shared.captcha.voices %s »).",
            voices_dir,
            voices_dir,
        )
        return None
    audio = AudioCaptcha(voicedir=str(voices_dir))
    audio.load()
    return audio
