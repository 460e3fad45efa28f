"""The pairwise ``sub``: one per service-provider entity, whichever identity provider was used.

``sub = sha256_hex(entityId + identityHash + secret) + "v1"`` (66 characters), where
identityHash is the base64 SHA-256 of the pivot identity: given_name, family_name, birthdate,
gender, birthplace (empty when born abroad) and birthcountry, concatenated. Two client_ids
sharing an entityId get the same sub; the same person through two providers too.
"""

from __future__ import annotations

import base64
import hashlib

from franceconnect_mock.identities.records import Identity


def identity_hash(identity: Identity) -> str:
    serial = (identity.given_name + identity.family_name + identity.birthdate + identity.gender
              + identity.birthplace + identity.birthcountry)
    return base64.b64encode(hashlib.sha256(serial.encode()).digest()).decode()


def pairwise_sub(entity_id: str, identity: Identity, secret: str) -> str:
    digest = hashlib.sha256((entity_id + identity_hash(identity) + secret).encode()).hexdigest()
    return digest + "v1"
