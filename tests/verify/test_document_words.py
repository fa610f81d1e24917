"""A sealed document in the screen's words (QA H5): the catalog names the document and words the sealed labels
in the screen's language whatever language it was issued in; what nothing matches is shown as printed, marked
with its language; the document id comes last, labelled. The forms are the demo catalog's own; the namer asks
the reference portal under uvicorn, then finds the same words in the kiosk's cache with the portal stopped."""

from __future__ import annotations

from pathlib import Path

from kiosk.client import PortalClient, ServiceDetail
from kiosk.client.cache import CatalogCache
from kiosk.config import Settings
from kiosk.document_words import DocumentNamer, DocumentWords, document_lines, words_from_forms
from kiosk.embedded import EmbeddedPortal
from kiosk.seal import SealedDocument
from kiosk.services.catalog import CatalogService
from kiosk.services.portal import PortalService
from portal.content import DEMO_SERVICES

DOC_ID = "9e60a2a2166f1aa7894f26ee2b96a833"


def words_of(code: str) -> DocumentWords:
    """The words as the kiosk builds them from the service fetched in each language."""
    service = next(service for service in DEMO_SERVICES if service.code == code)
    return words_from_forms({lang: ServiceDetail.from_json(service.full_view(lang)) for lang in ("pt", "en")})


def sealed(doc_type: str, fields: dict[str, str]) -> SealedDocument:
    return SealedDocument("PT-AMA", 1_790_000_000, 2_100_000_000, doc_type, DOC_ID, "Maria Silva", fields)


ISSUED_IN_ENGLISH = sealed(
    "residence-certificate",
    {
        "Reference": "2026-HKFR-H3NS",
        "How many years have you lived at this address?": "5",
        "What do you need the document for?": "School",
    },
)


def test_an_english_certificate_on_a_portuguese_screen() -> None:
    lines = document_lines(ISSUED_IN_ENGLISH, words_of("RESIDENCE-CERT"), "pt")
    assert lines == [
        "Titular: Maria Silva",
        "Documento: Atestado de residência",
        "Emitido em 2026-09-21, válido até 2036-07-18",
        "  Referência: 2026-HKFR-H3NS",
        "  Há quantos anos vive nesta morada? 5",
        "  Para que precisa do documento? Escola",
        f"N.º do documento: {DOC_ID}",
    ]


def test_a_portuguese_certificate_on_an_english_screen() -> None:
    issued_in_portuguese = sealed(
        "residence-certificate",
        {"Referência": "2026-HKFR-H3NS", "Para que precisa do documento?": "Banco"},
    )
    lines = document_lines(issued_in_portuguese, words_of("RESIDENCE-CERT"), "en")
    assert lines[1] == "Document: Residence certificate"
    assert lines[3:] == [
        "  Reference: 2026-HKFR-H3NS",
        "  What do you need the document for? Bank",
        f"Document no.: {DOC_ID}",
    ]


def test_yes_no_and_several_choices_are_worded_too() -> None:
    words = words_of("IRS-AUTO")
    [label] = [term.label.words["pt"] for term in words.fields if term.values]
    receipt = sealed("tax-return-receipt", {label: "Sim"})
    [line] = [line for line in document_lines(receipt, words, "en") if line.startswith("  ")]
    assert line.endswith(" Yes")
    assert "Sim" not in line
    many = words_of("BULKY-WASTE")
    items = next(field for field in many.fields if len(field.values) > 2)
    english = ", ".join(term.words["en"] for term in items.values[:2])
    portuguese = ", ".join(term.words["pt"] for term in items.values[:2])
    assert items.value_in(english, "pt") == portuguese
    assert items.value_in(f"{english}, a sofa", "pt") == f"{english}, a sofa"  # all words or none


def test_without_the_catalog_the_labels_are_shown_as_printed_and_marked() -> None:
    """The portal away and nothing cached: the type's code names the document; the portal's own labels are
    still worded, and the form's, which only the catalog knows, say which language they are in."""
    lines = document_lines(ISSUED_IN_ENGLISH, None, "pt")
    assert lines[1] == "Documento: residence-certificate"
    assert lines[3:] == [
        "  Referência: 2026-HKFR-H3NS",
        "  How many years have you lived at this address? (em inglês): 5",
        "  What do you need the document for? (em inglês): School",
        f"N.º do documento: {DOC_ID}",
    ]
    english = document_lines(ISSUED_IN_ENGLISH, None, "en")
    assert "  What do you need the document for? School" in english  # its own language: no mark


def test_a_label_nothing_matches_in_a_document_of_unknown_language_is_left_alone() -> None:
    odd = sealed("something-else", {"NIPC": "509999990", "Extra": "x"})  # NIPC reads the same in both
    assert document_lines(odd, None, "pt")[3:5] == ["  NIPC: 509999990", "  Extra: x"]


async def test_the_namer_finds_the_service_then_works_from_the_cache(
    running_portal: tuple[EmbeddedPortal, str], demo_settings: Settings, tmp_path: Path
) -> None:
    portal, token = running_portal
    service = PortalService(demo_settings)
    service.client = PortalClient(portal.url, token, timeout=2.0, cache=CatalogCache(tmp_path / "catalog"))
    try:
        namer = DocumentNamer(CatalogService(service))
        residence = await namer.words("residence-certificate")
        assert residence is not None
        assert residence.name is not None
        assert dict(residence.name.words) == {"pt": "Atestado de residência", "en": "Residence certificate"}
        receipt = await namer.words("tax-return-receipt")  # not its service's code (IRS-AUTO)
        assert receipt is not None
        assert receipt.name is not None
        assert receipt.name.words["pt"] == "Confirmar o IRS automático"
        assert await namer.words("no-such-document") is None

        portal.stop()
        offline = await DocumentNamer(CatalogService(service)).words("residence-certificate")
        assert offline == residence  # the kiosk's cached catalog, with the portal away
    finally:
        await service.client.aclose()
