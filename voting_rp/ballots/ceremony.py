"""The key ceremony: the election key pair, its private key split k-of-n, never stored whole.

Secret sharing is Shamir's scheme as implemented by PyCryptodome (``Cryptodome.Protocol.
SecretSharing.Shamir``, maintained, over GF(2^128) with the AES-GCM polynomial). It shares 16-byte
secrets, so the 32-byte P-256 scalar is shared as two halves under the same share indices; each
holder's share is the pair of 16-byte values. Fewer than k shares give no information on either
half; Shamir's combine cannot tell a wrong share, so the reconstructed key is checked against the
published public key, and each share against the SHA-256 digest recorded at the ceremony.

The seal signing key (Ed25519) is made at the same time; its private key stays in a 0600 file of
the voting space (``VOTING_SEAL_KEY_FILE`` or ``DATA_DIR/election/cle-scellement.pem``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from Cryptodome.Protocol.SecretSharing import Shamir
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from sqlalchemy import select

from shared.timeutil import utcnow
from voting_rp.ballots.models import ElectionKey
from voting_rp.context import Voting
from voting_rp.urne.crypto import (
    AAD_PREFIX,
    INFO,
    PLAINTEXT_BYTES,
    VERSION,
    b64u,
    b64u_decode,
    load_public,
    public_point,
)

SHARE_FORMAT = "portail-elections/part-de-cle/v1"
MAX_HOLDERS = 20


class CeremonyError(Exception):
    """The ceremony or a reconstruction cannot go on; the message says why, in French."""


@dataclass(frozen=True)
class Share:
    holder: str
    index: int
    value: bytes  # 32 bytes: share of the high half ‖ share of the low half
    kid: str

    def to_json(self, threshold: int, holders: int) -> str:
        return json.dumps({"format": SHARE_FORMAT, "election_kid": self.kid, "detenteur": self.holder,
                           "indice": self.index, "seuil": threshold, "detenteurs": holders,
                           "part": b64u(self.value)}, indent=2, ensure_ascii=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.kid}|{self.index}|".encode() + self.value).hexdigest()


def current_key(ctx: Voting) -> ElectionKey | None:
    with ctx.db.session() as s:
        return s.scalar(select(ElectionKey).order_by(ElectionKey.id.desc()))


def public_document(key: ElectionKey) -> dict[str, object]:
    """What the voting page needs to encrypt, published as JSON (the construction is in crypto.py)."""
    point = b64u_decode(key.public_key)
    return {"kid": key.kid, "alg": "ECIES-P256-HKDF-SHA256-A256GCM", "version": VERSION,
            "kty": "EC", "crv": "P-256", "x": b64u(point[1:33]), "y": b64u(point[33:]),
            "point": key.public_key, "info": INFO.decode(), "aad_prefix": AAD_PREFIX,
            "plaintext_bytes": PLAINTEXT_BYTES}


def _kid(point: bytes) -> str:
    return hashlib.sha256(point).hexdigest()[:16]


def run_ceremony(ctx: Voting, holders: list[str], threshold: int, replace: bool = False) -> list[Share]:
    """Generate the key pair, record the public half, return one share per holder (shown once)."""
    _check_holders(holders, threshold)
    if current_key(ctx) is not None:
        if not replace:
            raise CeremonyError("Une clé d'élection existe déjà : la cérémonie a déjà eu lieu.")
        if not ctx.urne.is_empty():
            raise CeremonyError("L'urne contient des bulletins : la clé d'élection ne peut plus changer.")
    private = ec.generate_private_key(ec.SECP256R1())
    point = public_point(private.public_key())
    kid = _kid(point)
    scalar = private.private_numbers().private_value.to_bytes(32, "big")
    high = Shamir.split(threshold, len(holders), scalar[:16], ssss=False)
    low = Shamir.split(threshold, len(holders), scalar[16:], ssss=False)
    del private, scalar
    shares = [Share(name, index, h + lo, kid)
              for name, (index, h), (_same, lo) in zip(holders, high, low, strict=True)]
    seal_private = ed25519.Ed25519PrivateKey.generate()
    _write_private(ctx.config.seal_key_file, seal_private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    seal_public = seal_private.public_key().public_bytes(serialization.Encoding.Raw,
                                                        serialization.PublicFormat.Raw)
    with ctx.db.session() as s:
        s.add(ElectionKey(kid=kid, public_key=b64u(point), seal_public_key=b64u(seal_public),
                          threshold=threshold, created_at=utcnow(),
                          holders=json.dumps([{"name": sh.holder, "index": sh.index, "digest": sh.digest}
                                              for sh in shares], ensure_ascii=False)))
    return shares


def _check_holders(holders: list[str], threshold: int) -> None:
    if not 2 <= len(holders) <= MAX_HOLDERS:
        raise CeremonyError(f"Il faut entre 2 et {MAX_HOLDERS} détenteurs de parts.")
    if len({h.casefold() for h in holders}) != len(holders) or not all(h.strip() for h in holders):
        raise CeremonyError("Les noms des détenteurs doivent être non vides et distincts.")
    if not 2 <= threshold <= len(holders):
        raise CeremonyError("Le seuil doit être compris entre 2 et le nombre de détenteurs.")


def _write_private(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Readable by the owner only (0600) from its creation: never a window where it is world-readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if replace:
        path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)


def share_filename(share: Share) -> str:
    plain = unicodedata.normalize("NFKD", share.holder).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "detenteur"
    return f"part-{share.index:02d}-{slug}.json"


def write_share(share: Share, threshold: int, holders: int, folder: Path) -> Path:
    """Each share in its own 0600 file, created exclusively (never overwrites another share)."""
    path = folder / share_filename(share)
    try:
        _write_private(path, share.to_json(threshold, holders).encode(), replace=False)
    except FileExistsError as exc:
        raise CeremonyError(f"{path} existe déjà : une part n'est jamais écrasée.") from exc
    return path


def read_share(path: Path) -> Share:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != SHARE_FORMAT:
            raise ValueError("format")
        value = b64u_decode(str(data["part"]))
        if len(value) != 32:
            raise ValueError("longueur")
        return Share(str(data["detenteur"]), int(data["indice"]), value, str(data["election_kid"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CeremonyError(f"Le fichier {path.name} n'est pas une part de clé lisible.") from exc


def reconstruct(key: ElectionKey, shares: list[Share]) -> ec.EllipticCurvePrivateKey:
    """Rebuild the private key from at least k recorded shares; anything else is refused."""
    recorded = {h["index"]: h for h in json.loads(key.holders)}
    if len({s.index for s in shares}) != len(shares):
        raise CeremonyError("La même part a été fournie deux fois.")
    for share in shares:
        if share.kid != key.kid:
            raise CeremonyError(f"La part de {share.holder} appartient à une autre clé d'élection.")
        if share.index not in recorded or recorded[share.index]["digest"] != share.digest:
            raise CeremonyError(f"La part de {share.holder} ne correspond pas à celle remise lors de la "
                                "cérémonie.")
    if len(shares) < key.threshold:
        raise CeremonyError(f"Il faut au moins {key.threshold} parts de clé (reçu {len(shares)}).")
    chosen = shares[:key.threshold]  # Shamir.combine wants exactly k shares
    high = Shamir.combine([(s.index, s.value[:16]) for s in chosen], ssss=False)
    low = Shamir.combine([(s.index, s.value[16:]) for s in chosen], ssss=False)
    try:
        private = ec.derive_private_key(int.from_bytes(high + low, "big"), ec.SECP256R1())
    except ValueError as exc:
        raise CeremonyError("Les parts fournies ne reconstituent pas la clé de l'élection.") from exc
    if public_point(private.public_key()) != public_point(load_public(key.public_key)):
        raise CeremonyError("Les parts fournies ne reconstituent pas la clé de l'élection.")
    return private


def seal_private_key(ctx: Voting) -> ed25519.Ed25519PrivateKey:
    path = ctx.config.seal_key_file
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise CeremonyError(f"Clé de scellement illisible : {path}") from exc
    if not isinstance(loaded, ed25519.Ed25519PrivateKey):
        raise CeremonyError(f"{path} n'est pas une clé Ed25519.")
    return loaded
