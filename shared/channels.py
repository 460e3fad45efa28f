"""The voter's personal channel for the réassort link: a French mobile number or a personal address.

Typed at the portal (the seeds' single "Demande de réassort" screen), checked there and again by the
voting space that sends the link; never stored or logged; what is shown back (in the information
mail) is masked.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

MOBILE = re.compile(r"(?:\+33|0033|0)([67]\d{8})")
# The seeds: "choisir une adresse mail personnelle (PAS en académiques.fr)": every académie's domain
# (ac-paris.fr, ac-nice.fr…) and their sub-domains are professional addresses.
ACADEMIC = re.compile(r"(?:[a-z0-9-]+\.)*ac-[a-z0-9-]+\.fr")


class ChannelRefused(ValueError):
    """The number or address cannot receive the link; the message says why, in French."""


def french_mobile(typed: str) -> str:
    """"06 12 34 56 78", "+33 6 12…" → "+33612345678"; anything else is refused."""
    compact = re.sub(r"[\s.\-()]", "", typed)
    match = MOBILE.fullmatch(compact)
    if not match:
        raise ChannelRefused("Le numéro de téléphone portable doit être un numéro français en 06 ou 07 "
                             "(par exemple 06 12 34 56 78).")
    return "+33" + match.group(1)


def personal_email(typed: str, professional: str) -> str:
    """A valid address that is neither the professional one nor on its domain, nor academic."""
    try:
        address = validate_email(typed.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ChannelRefused("L'adresse mail personnelle n'est pas valide.") from error
    pro_domain = professional.rsplit("@", 1)[-1].lower()
    domain = address.rsplit("@", 1)[-1].lower()
    if address.lower() == professional.lower() or domain == pro_domain or ACADEMIC.fullmatch(domain):
        raise ChannelRefused("Vous devez choisir une adresse mail personnelle différente de votre adresse "
                             f"professionnelle (pas d'adresse académique, en @{pro_domain} ou "
                             "dans une autre académie).")
    return address


def masked_address(channel: str, address: str) -> str:
    """"+33 6 •• •• •• 78" or "p•••@yahoo.fr": enough for the voter to recognise, little for others."""
    if channel == "sms":
        return f"+33 {address[3]} •• •• •• {address[-2:]}"
    local, domain = address.split("@", 1)
    return f"{local[0]}•••@{domain}"


def masked(channel: str, address: str) -> str:
    """"SMS (+33 6 •• •• •• 78)" or "E-MAIL (p•••@yahoo.fr)"."""
    return f"{'SMS' if channel == 'sms' else 'E-MAIL'} ({masked_address(channel, address)})"
