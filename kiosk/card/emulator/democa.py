"""The demo certification authority: a root, a sub-CA and the keys of every demo card.

Everything here is demo material of no value: keys are generated on first use (or by
`kiosk card make-demo-ca DIR`) into a cache folder, never committed. The portal trusts the
root certificate in that folder when it runs in demo mode.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.card.emulator.citizens import DATE_FIELDS, TEXT_FIELDS, DemoCitizen
from kiosk.card.emulator.keys import (
    BE_EC_ALGORITHMS,
    BE_RSA_ALGORITHMS,
    PT_EC_ALGORITHMS,
    PT_RSA_ALGORITHMS,
    CardKey,
)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
ENV_DIRECTORY = "KIOSK_DEMO_CA_DIR"
ROOT_NAME = "Citizen Kiosk DEMO Root CA (not for real use)"
SUB_CA_NAME = "Citizen Kiosk DEMO Citizen Card CA"
VALID_FROM = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
VALID_UNTIL = datetime.datetime(2045, 1, 1, tzinfo=datetime.UTC)

# (auth key ref, sign key ref, PIN ref of auth, PIN ref of sign, key kind) per profile.
KEY_LAYOUT: dict[str, tuple[int, int, int, int, str]] = {
    "pt-cc1": (0x02, 0x01, 0x81, 0x82, "rsa"),
    "pt-cc2": (0x06, 0x08, 0x81, 0x82, "p256"),
    "be-eid/1.7": (0x82, 0x83, 0x01, 0x01, "rsa"),
    "be-eid/1.8": (0x82, 0x83, 0x01, 0x01, "p384"),
}
ALGORITHMS = {
    ("pt-cc1", "rsa"): PT_RSA_ALGORITHMS,
    ("pt-cc2", "p256"): PT_EC_ALGORITHMS,
    ("be-eid/1.7", "rsa"): BE_RSA_ALGORITHMS,
    ("be-eid/1.8", "p384"): BE_EC_ALGORITHMS,
}


def default_directory() -> Path:
    configured = os.environ.get(ENV_DIRECTORY)
    if configured:
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "citizen-kiosk" / "demo-ca"


def _new_key(kind: str) -> PrivateKey:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP384R1() if kind == "p384" else ec.SECP256R1())


def _write_once(path: Path, data: bytes) -> bytes:
    """Create ``path`` atomically unless another process won the race; return what is there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return path.read_bytes()


def _load_or_create_key(path: Path, kind: str) -> PrivateKey:
    if path.exists():
        pem = path.read_bytes()
    else:
        pem = _write_once(
            path,
            _new_key(kind).private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise ValueError(f"{path}: not an RSA or EC key")
    return key


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Citizen Kiosk DEMO"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name,
    public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey,
    issuer: x509.Name,
    issuer_key: PrivateKey,
    *,
    ca: bool,
    serial: int,
    purpose: str = "",
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    elif purpose == "sign":
        usage = x509.KeyUsage(False, True, False, False, False, False, False, False, False)
    else:
        usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    builder = builder.add_extension(usage, critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _load_or_create_certificate(path: Path, make: functools.partial[x509.Certificate]) -> bytes:
    if path.exists():
        return path.read_bytes()
    return _write_once(path, make().public_bytes(serialization.Encoding.DER))


@dataclass(frozen=True)
class Authority:
    directory: Path
    root_key: PrivateKey
    root_certificate: bytes  # DER
    sub_ca_key: PrivateKey
    sub_ca_certificate: bytes  # DER


@functools.cache
def authority(directory: Path | None = None) -> Authority:
    """The demo root and sub-CA, loaded from ``directory`` or created there on first use."""
    folder = directory or default_directory()
    root_key = _load_or_create_key(folder / "root-ca.key.pem", "p256")
    root_name = _name(ROOT_NAME)
    root_certificate = _load_or_create_certificate(
        folder / "root-ca.crt.der",
        functools.partial(
            _certificate, root_name, root_key.public_key(), root_name, root_key, ca=True, serial=1
        ),
    )
    sub_key = _load_or_create_key(folder / "card-ca.key.pem", "p256")
    sub_name = _name(SUB_CA_NAME)
    sub_certificate = _load_or_create_certificate(
        folder / "card-ca.crt.der",
        functools.partial(_certificate, sub_name, sub_key.public_key(), root_name, root_key, ca=True, serial=2),
    )
    return Authority(folder, root_key, root_certificate, sub_key, sub_certificate)


@dataclass(frozen=True)
class CardCredentials:
    layout: str
    auth_key: PrivateKey
    sign_key: PrivateKey
    auth_certificate: bytes
    sign_certificate: bytes

    def card_keys(self) -> dict[int, CardKey]:
        auth_reference, sign_reference, auth_pin, sign_pin, kind = KEY_LAYOUT[self.layout]
        algorithms = ALGORITHMS[(self.layout, kind)]
        return {
            auth_reference: CardKey(self.auth_key, auth_pin, algorithms),
            sign_reference: CardKey(self.sign_key, sign_pin, algorithms),
        }


def key_layout_name(citizen: DemoCitizen, profile: str) -> str:
    if profile == "be-eid":
        return "be-eid/1.8" if citizen.applet == "1.8" else "be-eid/1.7"
    return profile


@dataclass(frozen=True)
class Holder:
    """What a card certificate's subject says about its holder, as on real cards."""

    citizen_id: str
    surname: str
    given_names: str
    serial_number: str  # "BI" + civil id on Portuguese cards, the national number on Belgian ones
    country: str

    def subject(self, label: str) -> x509.Name:
        common_name = f"{self.given_names} {self.surname}"
        # X.509 bounds the common name to 64 (UTF-8 bytes here); real cards shorten long names too.
        while len(common_name.encode()) > 64:
            common_name = common_name[:-1]
        common_name = common_name.rstrip()
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, self.country),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Citizen Kiosk DEMO"),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, label),
                x509.NameAttribute(NameOID.SURNAME, self.surname),
                x509.NameAttribute(NameOID.GIVEN_NAME, self.given_names),
                x509.NameAttribute(NameOID.SERIAL_NUMBER, self.serial_number),
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            ]
        )


def card_credentials(citizen: DemoCitizen, profile: str) -> CardCredentials:
    """The card's two key pairs and certificates, issued by the demo sub-CA."""
    belgian = profile == "be-eid"
    if belgian:
        serial_number = citizen.national_number or citizen.document_number
    else:
        serial_number = "BI" + (citizen.civil_id or citizen.document_number)
    holder = Holder(citizen.id, citizen.surname, citizen.given_names, serial_number, "BE" if belgian else "PT")
    return _card_credentials(holder, key_layout_name(citizen, profile))


@functools.cache
def _card_credentials(holder: Holder, layout: str) -> CardCredentials:
    ca = authority()
    kind = KEY_LAYOUT[layout][4]
    stem = f"card-{layout.replace('/', '-')}-{holder.citizen_id}"
    folder = ca.directory / "cards"
    sub_name = _name(SUB_CA_NAME)
    keys: list[PrivateKey] = []
    certificates: list[bytes] = []
    for purpose in ("auth", "sign"):
        key = _load_or_create_key(folder / f"{stem}-{purpose}.key.pem", kind)
        label = "Authentication" if purpose == "auth" else "Signature"
        subject = holder.subject(f"{label} (DEMO)")
        serial = int.from_bytes(hashlib.sha256(f"{stem}-{purpose}".encode()).digest()[:8], "big")
        certificates.append(
            _load_or_create_certificate(
                folder / f"{stem}-{purpose}.crt.der",
                functools.partial(
                    _certificate,
                    subject,
                    key.public_key(),
                    sub_name,
                    ca.sub_ca_key,
                    ca=False,
                    serial=serial,
                    purpose=purpose,
                ),
            )
        )
        keys.append(key)
    return CardCredentials(layout, keys[0], keys[1], certificates[0], certificates[1])


def sod(citizen: DemoCitizen, profile: str) -> bytes:
    """A stand-in security object: a DER SEQUENCE of SHA-256 hashes of the citizen's data.

    Real cards hold a CMS SignedData; nothing in the kiosk validates it, the session uses
    its hash only as a cache key.
    """
    # Each "data group" hash covers the citizen data that file is built from, so a rewritten
    # address (same chip, new content) changes the SOD as it does on a real card.
    covered = {
        "id": "|".join(str(getattr(citizen, name)) for name in (*TEXT_FIELDS, *DATE_FIELDS)),
        "address": repr(sorted(citizen.address.items())),
        "photo": citizen.id,
        "key": citizen.id,
    }
    parts = [
        hashlib.sha256(f"{profile}|{citizen.id}|{item}|{content}".encode()).digest()
        for item, content in covered.items()
    ]
    body = b"".join(b"\x04\x20" + part for part in parts)
    return b"\x30\x81" + bytes((len(body),)) + body  # 136 bytes: DER needs the long form


def make_demo_ca(directory: Path) -> list[Path]:
    """Create (or keep) the demo CA in ``directory``; return the files it holds."""
    authority.cache_clear()
    authority(directory)
    return sorted(path for path in directory.iterdir() if path.is_file())
