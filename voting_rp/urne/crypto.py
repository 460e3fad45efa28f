"""The encrypted ballot: its wire form, the server's form checks, and the tally's decryption.

Construction (ECIES on P-256, as SEC 1 §5.1 with NIST primitives; all in WebCrypto):

* the election key pair is P-256; its public key is published as an uncompressed point;
* the browser (``voting_rp/static/ballot.js``) makes a fresh ephemeral P-256 key pair per ballot,
  computes ``Z = ECDH(ephemeral private, election public)`` (the 32-byte x coordinate),
* ``key = HKDF-SHA256(IKM=Z, salt=ephemeral public ‖ election public, info=INFO, L=32)`` (RFC 5869;
  the salt binds the key to this exchange, as HPKE's kem_context does),
* ``ciphertext = AES-256-GCM(key, nonce=12 random bytes, AAD=AAD_PREFIX ‖ scrutin code)``: a ballot
  cannot be moved to another scrutin (NIST SP 800-38D; a fresh key per ballot, so no nonce reuse),
* the plaintext is the choice (``blanc`` or ``liste:<position>``) padded with zero bytes to
  ``PLAINTEXT_BYTES``, so every ballot has the same length whatever the choice (no leak by size).

Wire form: ``v1.<ephemeral public>.<nonce>.<ciphertext+tag>``, each part base64url without padding,
exact lengths. The fingerprint is SHA-256 of the wire form. The server never decrypts during the
vote; it checks the form, the lengths and that the ephemeral key is a point of the curve.
:func:`encrypt` is the same construction in Python, for tests and operators' drills.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

VERSION = "v1"
INFO = b"portail-elections/bulletin/v1 ECDH-P256 HKDF-SHA256 AES-256-GCM"
AAD_PREFIX = "portail-elections/bulletin/v1|"
PLAINTEXT_BYTES = 64
POINT_BYTES = 65  # uncompressed P-256 point: 0x04 ‖ X ‖ Y
NONCE_BYTES = 12
TAG_BYTES = 16
MAX_BALLOT_BODY = 4096  # bytes of a whole vote request (CSRF token + ballot); above: 413
CHOICE = re.compile(r"blanc|liste:[1-9][0-9]?")


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64_length(n: int) -> int:
    return (4 * n + 2) // 3


_PART = "([A-Za-z0-9_-]{{{}}})"
WIRE = re.compile(r"v1\." + r"\.".join(_PART.format(_b64_length(n)) for n in
                                       (POINT_BYTES, NONCE_BYTES, PLAINTEXT_BYTES + TAG_BYTES)))
WIRE_LENGTH = len(VERSION) + 3 + sum(_b64_length(n) for n in (POINT_BYTES, NONCE_BYTES,
                                                               PLAINTEXT_BYTES + TAG_BYTES))


class BallotRejected(ValueError):
    """The ballot is not of the expected form: refused before anything is written."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class WireBallot:
    text: str
    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def fingerprint(text: str) -> str:
    """SHA-256 of the ballot's wire form, hex: what the receipt shows and the published list holds."""
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def aad(scrutin_code: str) -> bytes:
    return (AAD_PREFIX + scrutin_code).encode("utf-8")


def parse(text: str | None) -> WireBallot:
    """Form and size checks only: the server cannot, and must not, read the choice."""
    if not text:
        raise BallotRejected("Le bulletin chiffré est absent : votre navigateur doit autoriser JavaScript "
                             "pour chiffrer votre bulletin avant l'envoi.")
    if len(text) > WIRE_LENGTH:
        raise BallotRejected("Le bulletin chiffré dépasse la taille attendue.", 413)
    match = WIRE.fullmatch(text)
    if match is None:
        raise BallotRejected("Le bulletin chiffré n'a pas la forme attendue.")
    ephemeral, nonce, ciphertext = (b64u_decode(part) for part in match.groups())
    if [b64u(part) for part in (ephemeral, nonce, ciphertext)] != list(match.groups()):
        raise BallotRejected("Le bulletin chiffré n'est pas en base64url canonique.")
    try:  # a point off the curve would be an invalid-curve attack on the tally (SEC 1 §3.2.2)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ephemeral)
    except ValueError as exc:
        raise BallotRejected("La clé éphémère du bulletin n'est pas un point valide de P-256.") from exc
    return WireBallot(text, ephemeral, nonce, ciphertext)


def public_point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def load_public(encoded: str) -> ec.EllipticCurvePublicKey:
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64u_decode(encoded))


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=INFO).derive(shared)


def encrypt(public: ec.EllipticCurvePublicKey, scrutin_code: str, choice: str) -> str:
    """The browser's construction in Python (tests, drills); the voting page does it in ballot.js."""
    plaintext = choice.encode("ascii")
    if len(plaintext) > PLAINTEXT_BYTES:
        raise ValueError("choix trop long")
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    ephemeral_point = public_point(ephemeral.public_key())
    key = _key(ephemeral.exchange(ec.ECDH(), public), ephemeral_point, public_point(public))
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.ljust(PLAINTEXT_BYTES, b"\0"), aad(scrutin_code))
    return f"{VERSION}.{b64u(ephemeral_point)}.{b64u(nonce)}.{b64u(sealed)}"


def decrypt(private: ec.EllipticCurvePrivateKey, scrutin_code: str, text: str) -> str | None:
    """The choice, or None for a ballot that does not decrypt to a well-formed choice (a "nul")."""
    try:
        ballot = parse(text)
    except BallotRejected:
        return None
    peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ballot.ephemeral)
    key = _key(private.exchange(ec.ECDH(), peer), ballot.ephemeral, public_point(private.public_key()))
    try:
        plaintext = AESGCM(key).decrypt(ballot.nonce, ballot.ciphertext, aad(scrutin_code))
    except InvalidTag:
        return None
    choice = plaintext.rstrip(b"\0")
    if b"\0" in choice:
        return None
    try:
        text_choice = choice.decode("ascii")
    except UnicodeDecodeError:
        return None
    return text_choice if CHOICE.fullmatch(text_choice) else None
