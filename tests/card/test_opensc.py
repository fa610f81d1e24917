"""The emulated cards held against real middleware: Debian's OpenSC 0.23 through the real pcscd.

OpenSC knows these cards by their ATR and then reads them its own way (select by path, PKCS#15
directory files, the Belgian ID file as ASN.1), so these tests catch any place where the
emulator answers what our own reader expects but a real card would not. Each tool runs as a
separate process against the vpcd reader, exactly as a citizen's desktop would use it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.card.emulator import democa
from kiosk.card.emulator.card import EmulatedCard
from kiosk.card.emulator.citizens import DemoCitizen, find_citizen
from kiosk.card.identity import PinKind
from kiosk.card.profiles.pt_common import PIN_REFERENCES
from kiosk.card.profiles.tlv import iterate
from kiosk.card.session import CardSession
from kiosk.card.transport import PcscTransport
from tests.card.cardcheck import assert_identity_matches
from tests.card.conftest import READER_0, VirtualCards
from tests.helpers import require_tool

BELGIAN_CITIZENS = ["lucas", "elodie"]  # applet 1.7 (RSA 2048) and 1.8 (EC P-384)


def opensc(tool: str, *args: str, debug: bool = False) -> subprocess.CompletedProcess[str]:
    """Run one OpenSC tool; it picks the first reader (or slot) with a card: reader 0, where tests put it."""
    env = {**os.environ, "OPENSC_DEBUG": "9"} if debug else None
    return subprocess.run(
        [require_tool(tool), *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )


def listed(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def read_certificate(cert_id: str) -> bytes:
    """DER of the certificate OpenSC reads back by its PKCS#15 ID."""
    pem = listed(opensc("pkcs15-tool", "--read-certificate", cert_id))
    return x509.load_pem_x509_certificate(pem.encode()).public_bytes(Encoding.DER)


def assert_certificates_listed(
    paths: dict[str, str], citizen: DemoCitizen, profile: str, ids: tuple[str, str]
) -> None:
    """pkcs15-tool lists each certificate label at its path, and reads the citizen's two back intact."""
    output = listed(opensc("pkcs15-tool", "--list-certificates"))
    for label, path in paths.items():
        assert f"X.509 Certificate [{label}]" in output
        assert f"Path           : {path}" in output
    credentials = democa.card_credentials(citizen, profile)
    assert read_certificate(ids[0]) == credentials.auth_certificate
    assert read_certificate(ids[1]) == credentials.sign_certificate


# --- Portuguese CC1 (GemSafe driver + the "pteid" PKCS#15 emulator) ------------------------


@pytest.fixture
def maria_cc1(virtual_cards: VirtualCards) -> DemoCitizen:
    citizen = find_citizen("maria")
    virtual_cards.insert(READER_0, "pt-cc1", citizen.id)
    return citizen


@pytest.mark.pcscd
def test_pt_cc1_is_bound_and_its_certificates_listed(maria_cc1: DemoCitizen) -> None:
    assert "GemSAFE V1" in listed(opensc("opensc-tool", "--name"))
    paths = {
        "CITIZEN AUTHENTICATION CERTIFICATE": "3f005f00ef09",
        "CITIZEN SIGNATURE CERTIFICATE": "3f005f00ef08",
        "SIGNATURE SUB CA": "3f005f00ef0f",
        "AUTHENTICATION SUB CA": "3f005f00ef10",
        "ROOT CA": "3f005f00ef11",
    }
    assert_certificates_listed(paths, maria_cc1, "pt-cc1", ("45", "46"))
    assert read_certificate("50") == democa.authority().root_certificate


@pytest.mark.pcscd
def test_pt_cc1_pins_and_keys_as_opensc_sees_them(maria_cc1: DemoCitizen) -> None:
    pins = listed(opensc("pkcs15-tool", "--list-pins"))
    for label, kind in (
        ("Auth PIN", PinKind.AUTHENTICATION),
        ("Sign PIN", PinKind.SIGNATURE),
        ("Address PIN", PinKind.ADDRESS),
    ):
        assert f"PIN [{label}]" in pins
        reference = PIN_REFERENCES[kind]
        assert f"Reference      : {reference} (0x{reference:02x})" in pins
    assert pins.count("Tries left     : 3") == 3  # asked with an empty VERIFY, no try spent
    assert pins.count("Type           : ascii-numeric") == 3
    keys = listed(opensc("pkcs15-tool", "--list-keys"))
    size = democa.card_credentials(maria_cc1, "pt-cc1").auth_key.key_size
    assert "Private RSA Key [CITIZEN AUTHENTICATION KEY]" in keys
    assert "Private RSA Key [CITIZEN SIGNATURE KEY]" in keys
    assert keys.count(f"ModLength      : {size}") == 2
    assert "Key ref        : 2 (0x02)" in keys  # the authentication key, as the kiosk uses it


@pytest.mark.pcscd
def test_pt_cc1_through_pkcs11(maria_cc1: DemoCitizen) -> None:
    slots = listed(opensc("pkcs11-tool", "--list-slots"))
    assert "CARTAO DE CIDADAO (Auth PIN)" in slots
    assert "CARTAO DE CIDADAO (Sign PIN)" in slots
    # One slot per PIN: the authentication certificate is in the first, the signature one in the second.
    first = listed(opensc("pkcs11-tool", "--list-objects"))
    assert "label:      CITIZEN AUTHENTICATION CERTIFICATE" in first
    assert f"serialNumber=BI{maria_cc1.civil_id}" in first
    assert "Private Key Object" not in first  # private until the PIN is given
    second = listed(opensc("pkcs11-tool", "--slot-index", "1", "--list-objects"))
    assert "label:      CITIZEN SIGNATURE CERTIFICATE" in second
    pin = maria_cc1.pin(PinKind.AUTHENTICATION)
    logged_in = listed(opensc("pkcs11-tool", "--login", "--pin", pin, "--list-objects"))
    assert "Private Key Object; RSA" in logged_in
    assert "label:      CITIZEN AUTHENTICATION KEY" in logged_in


# --- Belgian eID (belpic driver, PKCS#15 application DF00, eidenv) -------------------------


@pytest.mark.parametrize("citizen_id", BELGIAN_CITIZENS)
@pytest.mark.pcscd
def test_belgian_certificates_keys_and_pin(virtual_cards: VirtualCards, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    virtual_cards.insert(READER_0, "be-eid", citizen.id)
    assert "Belpic cards" in listed(opensc("opensc-tool", "--name"))
    paths = {
        "Authentication": "3f00df005038",
        "Signature": "3f00df005039",
        "CA": "3f00df00503a",
        "Root": "3f00df00503b",
    }
    assert_certificates_listed(paths, citizen, "be-eid", ("02", "03"))
    keys = listed(opensc("pkcs15-tool", "--list-keys"))
    kind = "EC" if citizen.applet == "1.8" else "RSA"
    assert f"Private {kind} Key [Authentication]" in keys
    assert "Key ref        : 130 (0x82)" in keys
    assert "Key ref        : 131 (0x83)" in keys
    pins = listed(opensc("pkcs15-tool", "--list-pins"))
    assert "PIN [Basic PIN]" in pins
    assert "Type           : bcd" in pins


@pytest.mark.parametrize("citizen_id", BELGIAN_CITIZENS)
@pytest.mark.pcscd
def test_belgian_pkcs11_shows_certificates_after_login(virtual_cards: VirtualCards, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    card = virtual_cards.insert(READER_0, "be-eid", citizen.id)
    # Belgian cards mark their certificates private (CommonObjectFlags), and OpenSC's PKCS#11
    # module protects private certificates until login (OpenSC issue #1430): none before it.
    assert "Certificate Object" not in listed(opensc("pkcs11-tool", "--list-objects"))
    pin = citizen.pin(PinKind.AUTHENTICATION)
    logged_in = listed(opensc("pkcs11-tool", "--login", "--pin", pin, "--list-objects"))
    kind = "EC" if citizen.applet == "1.8" else "RSA"
    assert logged_in.count("Certificate Object; type = X.509 cert") == 4
    assert f"Private Key Object; {kind}" in logged_in
    assert f"serialNumber={citizen.national_number}" in logged_in
    # OpenSC's VERIFY carried the PIN in the Belgian format the card compares: a try is refunded.
    assert card.image.pins[0x01].tries_left == 3
    wrong = opensc("pkcs11-tool", "--login", "--pin", "0000" if pin != "0000" else "1111", "--list-objects")
    assert wrong.returncode != 0
    assert "CKR_PIN_INCORRECT" in wrong.stderr
    assert card.image.pins[0x01].tries_left == 2


@pytest.mark.parametrize("citizen_id", BELGIAN_CITIZENS)
@pytest.mark.pcscd
def test_eidenv_reads_the_belgian_identity(virtual_cards: VirtualCards, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    virtual_cards.insert(READER_0, "be-eid", citizen.id)
    result = opensc("eidenv", debug=True)
    # eidenv 0.23 exits 1 after a Belgian card even when all went well (only its Estonian
    # path sets success); what it printed tells: the address comes last, after both decodes.
    assert "Failed to" not in result.stderr
    printed = {
        name: value
        for name, _, value in (line.partition(": ") for line in result.stdout.splitlines())
        if name.startswith("BELPIC_")
    }
    assert printed["BELPIC_CARDNUMBER"] == citizen.document_number
    assert printed["BELPIC_NATIONALNUMBER"] == citizen.national_number
    assert printed["BELPIC_NAME"] == citizen.surname
    assert printed["BELPIC_FIRSTNAMES"] == citizen.given_names
    assert printed["BELPIC_NATIONALITY"] == citizen.nationality
    assert printed["BELPIC_BIRTHLOCATION"] == citizen.birth_place
    assert printed["BELPIC_SEX"] == citizen.sex
    assert printed["BELPIC_VALIDFROM"] == citizen.issue_date.strftime("%d.%m.%Y")
    assert printed["BELPIC_VALIDTILL"] == citizen.expiry_date.strftime("%d.%m.%Y")
    assert printed["BELPIC_BIRTHDATE"].endswith(str(citizen.birth_date.year))
    assert printed["BELPIC_DOCUMENTTYPE"] == "01"
    assert printed["BELPIC_ZIPCODE"] == citizen.address["postal_code"]
    assert printed["BELPIC_MUNICIPALITY"] == citizen.address["municipality"]
    # eidenv 0.23 hands int lengths to a size_t decoder, so writing the street's length zeroes
    # the street's first bytes on 64-bit builds (fixed upstream in b423c2dbe); its ASN.1 trace
    # shows what the card sent.
    street = citizen.address["street"].encode()[:16].hex().upper()
    assert f"decoding 'streetandnumber', raw data:{street}" in result.stderr


@pytest.mark.pcscd
def test_kiosk_still_reads_a_card_opensc_has_read(virtual_cards: VirtualCards) -> None:
    citizen = find_citizen("lucas")
    virtual_cards.insert(READER_0, "be-eid", citizen.id)
    listed(opensc("pkcs15-tool", "--list-certificates"))
    with CardSession.open(PcscTransport(READER_0)) as session:
        assert_identity_matches(session.read_identity(), citizen, "be-eid")


# --- Signatures made by OpenSC with the emulated keys -----------------------------------------

SIGNATURES = [
    # profile, citizen, key ID, PKCS#11 slot index, PIN, mechanism, hash: which card algorithm it drives
    ("pt-cc1", "maria", "45", 0, PinKind.AUTHENTICATION, "SHA256-RSA-PKCS", hashes.SHA256()),  # 0x42
    ("pt-cc1", "maria", "45", 0, PinKind.AUTHENTICATION, "SHA1-RSA-PKCS", hashes.SHA1()),  # free form 0x02
    ("pt-cc1", "maria", "46", 1, PinKind.SIGNATURE, "SHA256-RSA-PKCS", hashes.SHA256()),
    ("be-eid", "lucas", "02", 0, PinKind.AUTHENTICATION, "SHA256-RSA-PKCS", hashes.SHA256()),  # 0x01
]


@pytest.mark.parametrize(
    ("profile", "citizen_id", "key_id", "slot", "pin_kind", "mechanism", "digest"), SIGNATURES
)
@pytest.mark.pcscd
def test_opensc_signs_with_the_card_key(
    virtual_cards: VirtualCards,
    tmp_path: Path,
    profile: str,
    citizen_id: str,
    key_id: str,
    slot: int,
    pin_kind: PinKind,
    mechanism: str,
    digest: hashes.HashAlgorithm,
) -> None:
    citizen = find_citizen(citizen_id)
    virtual_cards.insert(READER_0, profile, citizen.id)
    message, signature = tmp_path / "message", tmp_path / "signature"
    message.write_bytes(b"signed by OpenSC with an emulated card")
    listed(
        opensc(
            "pkcs11-tool",
            *("--slot-index", str(slot), "--login", "--pin", citizen.pin(pin_kind)),
            *("--sign", "--id", key_id, "--mechanism", mechanism),
            *("--input-file", str(message), "--output-file", str(signature)),
        )
    )
    credentials = democa.card_credentials(citizen, profile)
    certificate = (
        credentials.auth_certificate if pin_kind is PinKind.AUTHENTICATION else credentials.sign_certificate
    )
    key = x509.load_der_x509_certificate(certificate).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature.read_bytes(), message.read_bytes(), padding.PKCS1v15(), digest)


# --- Portuguese CC2: not known to OpenSC 0.23 ----------------------------------------------


@pytest.mark.pcscd
def test_pt_cc2_is_not_supported_by_opensc_0_23(virtual_cards: VirtualCards) -> None:
    virtual_cards.insert(READER_0, "pt-cc2", "joao")
    # No OpenSC 0.23 driver lists the CC 2.0 ATR (real cards answer the same: OpenSC issue
    # #3482); docs/cards.md says so. Should a newer OpenSC bind it, this test tells.
    name = opensc("opensc-tool", "--name")
    assert "Unsupported card" in name.stdout + name.stderr
    bound = opensc("pkcs15-tool", "--list-certificates")
    assert bound.returncode != 0


# --- In process: the PKCS#15 description agrees with what the card does --------------------


def read_path(card: EmulatedCard, path: bytes) -> bytes:
    """SELECT by path from the MF (P1=08, FCI asked) and READ BINARY to the end, as OpenSC does."""
    relative = path[2:] if path[:2] == b"\x3f\x00" else path
    reply = card.process(bytes((0x00, 0xA4, 0x08, 0x00, len(relative))) + relative + b"\x00")
    assert reply[-2:] == b"\x90\x00", f"{path.hex()} not selectable: {reply[-2:].hex()}"
    content = b""
    while True:
        reply = card.process(b"\x00\xb0" + len(content).to_bytes(2, "big") + b"\x00")
        if reply[-2:] != b"\x90\x00":
            assert reply[-2:] == b"\x6b\x00"  # past the end
            return content
        content += reply[:-2]
        if len(reply) - 2 < 256:
            return content


def der(data: bytes) -> list[tuple[int, bytes]]:
    """Top-level DER elements; raises CorruptField on any length that does not fit."""
    return iterate(data, "pkcs15")


def first(elements: list[tuple[int, bytes]], tag: int) -> bytes:
    return next(value for found, value in elements if found == tag)


@pytest.mark.parametrize(
    ("profile", "citizen_id"), [("pt-cc1", "maria"), ("be-eid", "lucas"), ("be-eid", "elodie")]
)
def test_pkcs15_files_describe_the_card_they_are_on(profile: str, citizen_id: str) -> None:
    card = EmulatedCard(profile, citizen_id)
    (application,) = der(read_path(card, b"\x3f\x00\x2f\x00"))
    assert application[0] == 0x61
    app_path = first(der(application[1]), 0x51)
    app_path = app_path if app_path[:2] == b"\x3f\x00" else b"\x3f\x00" + app_path
    directories: dict[int, bytes] = {}
    for tag, value in der(read_path(card, app_path + b"\x50\x31")):
        directories[tag & 0x1F] = first(der(first(der(value), 0x30)), 0x04)
    assert set(directories) == {0, 4, 8}  # private keys, certificates, PINs
    token_info = der(first(der(read_path(card, app_path + b"\x50\x32")), 0x30))
    # The token serial is the chip's: the CPLC serial on CC1, the GET CARD DATA serial on Belgian cards.
    chip_serial = card.image.card_data[:16] if profile == "be-eid" else card.image.cplc[13:21]
    assert first(token_info, 0x04) == chip_serial

    certificates: dict[bytes, x509.Certificate] = {}
    for _, entry in der(read_path(card, directories[4])):
        _common, attributes, typed = (value for _, value in der(entry))
        path = first(der(first(der(first(der(typed), 0x30)), 0x30)), 0x04)
        certificates[first(der(attributes), 0x04)] = x509.load_der_x509_certificate(read_path(card, path))
    assert len(certificates) >= 4

    keys = card.keys()
    paired = 0
    for tag, entry in der(read_path(card, directories[0])):
        assert tag == (0xA0 if card.citizen.applet == "1.8" and profile == "be-eid" else 0x30)
        _common, attributes, _typed = (value for _, value in der(entry))
        fields = der(attributes)
        key_id, reference = first(fields, 0x04), int.from_bytes(fields[-1][1], "big")
        assert fields[-1][0] == 0x02
        assert reference in keys, f"PrKDF names key {reference:#x}, which the card does not sign with"
        # OpenSC pairs a key with the certificate of the same ID: it must hold that key's public half.
        public = certificates[key_id].public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        assert public == keys[reference].private_key.public_key().public_bytes(
            Encoding.DER, PublicFormat.SubjectPublicKeyInfo
        )
        paired += 1
    assert paired == 2

    pin_references = set()
    for _, entry in der(read_path(card, directories[8])):
        typed = der(entry)[-1][1]
        pin_references.add(int.from_bytes(first(der(first(der(typed), 0x30)), 0x80), "big"))
    assert pin_references == set(card.image.pins)
