"""The shared CAPTCHA of every form: :class:`Captcha`, its routes and the ``captcha_field`` macro.

Wiring, in a service's ``create_app``::

    register_captcha(app, Captcha(kv, voices_dir=..., test_answer=settings.captcha_test_answer))

Templates then use ``{% from "captcha.html" import captcha_field %}``; views call
``current_captcha().check(answer)``. The voice library is built by
``python -m shared.captcha.voices OUTPUT_DIR``.
"""

from shared.captcha.service import Captcha, voices_available
from shared.captcha.views import captcha_blueprint, current_captcha, register_captcha

__all__ = [
    "Captcha",
    "captcha_blueprint",
    "current_captcha",
    "register_captcha",
    "voices_available",
]
