"""FranceConnect+ against the running mock: the JWE it sends, opened by JOSE code other than its own.

RSA-OAEP and RSA-OAEP-256 are decrypted by python-jose; python-jose has no ECDH-ES and pyoidc's
jwkest fails on a JWE without ``apu``/``apv`` (a bug of its own), so ECDH-ES is decrypted by the
few lines of RFC 7518 §4.6 below, on the ``cryptography`` primitives. The inner JWS is verified by
python-jose against the mock's published JWKS, ES256 only.
"""

from __future__ import annotations

import base64
import json
import secrets
import struct
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from jose import jwe as jose_jwe
from jose import jws as jose_jws
from joserfc.jwk import ECKey, RSAKey

from bench.stack import CA
from tests.support.fc_stack import FcProcess, HttpBrowser, start_franceconnect
from tests.support.jwks_server import PublishedKeys, serving_jwks

CALLBACK = "https://fs-plus.example/callback"  # FranceConnect+ refuses localhost callbacks
SECRET = "secret-fc-plus-" + "q" * 32
RSA_KEY = RSAKey.generate_key(2048, parameters={"kid": "plus-rsa", "use": "enc"})
EC_KEY = ECKey.generate_key("P-256", parameters={"kid": "plus-ec", "use": "enc"})


def b64d(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def ecdh_es_decrypt(token: str, private_jwk: dict[str, Any]) -> bytes:
    """RFC 7518 §4.6 direct key agreement, then A256GCM (RFC 7516 §5.2), with no JOSE library."""
    protected, encrypted_key, iv, ciphertext, tag = token.split(".")
    header = json.loads(b64d(protected))
    assert header["alg"] == "ECDH-ES" and header["enc"] == "A256GCM" and encrypted_key == ""
    curve = ec.SECP256R1()
    private = ec.derive_private_key(int.from_bytes(b64d(private_jwk["d"]), "big"), curve)
    epk = ec.EllipticCurvePublicNumbers(int.from_bytes(b64d(header["epk"]["x"]), "big"),
                                        int.from_bytes(b64d(header["epk"]["y"]), "big"), curve).public_key()
    shared = private.exchange(ec.ECDH(), epk)

    def field(value: bytes) -> bytes:
        return struct.pack(">I", len(value)) + value

    other_info = (field(b"A256GCM") + field(b64d(header.get("apu", ""))) + field(b64d(header.get("apv", "")))
                  + struct.pack(">I", 256))
    cek = ConcatKDFHash(algorithm=hashes.SHA256(), length=32, otherinfo=other_info).derive(shared)
    return AESGCM(cek).decrypt(b64d(iv), b64d(ciphertext) + b64d(tag), protected.encode())


@pytest.fixture(scope="module")
def published() -> Iterator[PublishedKeys]:
    with serving_jwks({"keys": [RSA_KEY.as_dict(private=False), EC_KEY.as_dict(private=False)]}) as keys:
        yield keys


@pytest.fixture(scope="module")
def fc_process(tmp_path_factory: pytest.TempPathFactory, published: PublishedKeys) -> Iterator[FcProcess]:
    clients = [{"client_id": f"fs-plus-{alg.lower()}", "name": "Service FranceConnect+",
                "redirect_uris": [CALLBACK], "scopes": ["openid", "identite_pivot", "email"],
                "signing_alg": "ES256", "kind": "public", "token_endpoint_auth_method": "client_secret_post",
                "client_secret": SECRET, "jwks_uri": published.url, "encryption_alg": alg}
               for alg in ("RSA-OAEP", "RSA-OAEP-256", "ECDH-ES")]
    running = start_franceconnect(tmp_path_factory.mktemp("fc-plus"), clients, FC_PLATFORM="fcp-high")
    yield running
    running.stop()


def verify_jws(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """python-jose, ES256 only, with the published key the header's kid names."""
    kid = jose_jws.get_unverified_header(token)["kid"]
    key = next(k for k in jwks["keys"] if k["kid"] == kid)
    return dict(json.loads(jose_jws.verify(token, key, algorithms=["ES256"])))


def open_jwe(token: str, alg: str) -> str:
    if alg == "ECDH-ES":
        return ecdh_es_decrypt(token, EC_KEY.as_dict(private=True)).decode()
    return jose_jwe.decrypt(token, RSA_KEY.as_dict(private=True)).decode()


@pytest.mark.parametrize("alg", ["RSA-OAEP", "RSA-OAEP-256", "ECDH-ES"])
def test_fc_plus_tokens_open_with_an_independent_implementation(fc_process: FcProcess, alg: str) -> None:
    client_id, nonce, state = f"fs-plus-{alg.lower()}", secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    query = urlencode({"client_id": client_id, "response_type": "code", "redirect_uri": CALLBACK,
                       "scope": "openid identite_pivot email", "acr_values": "eidas3", "state": state,
                       "nonce": nonce})
    callback = HttpBrowser(fc_process).sign_in(f"{fc_process.issuer}/authorize?{query}", idp="fip1-high")
    code = parse_qs(urlsplit(callback).query)["code"][0]
    tokens = requests.post(f"{fc_process.issuer}/token", verify=str(CA), timeout=10, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "client_id": client_id,
        "client_secret": SECRET}).json()
    jwks = requests.get(f"{fc_process.issuer}/jwks", verify=str(CA), timeout=10).json()

    jwe_header = json.loads(b64d(tokens["id_token"].split(".")[0]))
    assert jwe_header["alg"] == alg and jwe_header["enc"] == "A256GCM" and jwe_header["cty"] == "JWT"
    inner = open_jwe(tokens["id_token"], alg)
    claims = verify_jws(inner, jwks)
    assert claims["iss"] == fc_process.issuer and claims["aud"] == client_id
    assert claims["nonce"] == nonce and claims["acr"] == "eidas3"

    userinfo = requests.get(f"{fc_process.issuer}/userinfo", verify=str(CA), timeout=10,
                            headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert userinfo.headers["Content-Type"].startswith("application/jwt")
    person = verify_jws(open_jwe(userinfo.text, alg), jwks)
    assert person["sub"] == claims["sub"] and person["given_name"] == "Angela Claire Louise"
