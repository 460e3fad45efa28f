"""Outgoing mail (SMTP) and SMS (HTTP gateway), configured by URL alone.

Development points both at devbox; production at a real relay and SMS provider. A message that
cannot be handed over raises :class:`DeliveryError`: the caller tells the user and nothing is
silently lost. Recipients and bodies are never logged (personal data, one-time links).
"""

from shared.messaging.errors import DeliveryError
from shared.messaging.mail import Mailer
from shared.messaging.sms import SmsClient

__all__ = ["DeliveryError", "Mailer", "SmsClient"]
