"""A sealed document in the words of the screen that shows it.

A seal carries what was printed, in the language the document was issued in: the document type's code, the
fields as {printed label: printed value}, and a document id (docs/design.md, "Verifiable seal"). A verdict on a
Portuguese screen must not read "residence-certificate" or "Reference", so the catalog names the document (its
type -> the service that issues it) and the service's form gives each sealed label in both languages: a sealed
label is matched against the form's labels in every language (the seal has no field ids) and shown in the
screen's language. What nothing matches is shown as printed, marked with its language when that differs from the
screen's. The document id comes last, labelled, for a clerk who has to quote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.i18n import LANGUAGES, text

if TYPE_CHECKING:
    from kiosk.client import ServiceDetail
    from kiosk.seal import SealedDocument
    from kiosk.services.catalog import CatalogService

PRINTED_LABELS = (
    "reference",
    "place",
    "company_name",
    "nipc",
    "activity_code",
    "share_capital",
    "registered_office",
    "certificate_code",
)
"""Labels the portal prints on documents besides the form's questions (verify.printed.* in the catalogs)."""
YES_NO = ("yes", "no")
"""How a yes/no answer is printed: journey.yes / journey.no, the words the kiosk's own check page uses."""


@dataclass(frozen=True)
class Term:
    """One thing said in each language: language -> words."""

    words: Mapping[str, str]

    def languages_of(self, printed: str) -> frozenset[str]:
        """The languages in which ``printed`` is this term (several when they are spelt alike: "NIPC")."""
        wanted = printed.strip().casefold()
        return frozenset(language for language, said in self.words.items() if said.strip().casefold() == wanted)

    def in_(self, language: str, default: str) -> str:
        return self.words.get(language) or default


@dataclass(frozen=True)
class FieldWords:
    """A label a document may print, and the values it may print under it, in each language."""

    label: Term
    values: tuple[Term, ...] = ()

    def value_in(self, printed: str, language: str) -> str:
        """A printed choice (or several, ", " between them) in ``language``; other values as printed."""
        parts = printed.split(", ")
        said = [next((term for term in self.values if term.languages_of(part)), None) for part in parts]
        if not parts or any(term is None for term in said):
            return printed
        return ", ".join(term.in_(language, part) for term, part in zip(said, parts, strict=True) if term)


@dataclass(frozen=True)
class DocumentWords:
    """What the catalog says about one kind of document: its name and the labels it may print."""

    name: Term | None = None
    fields: tuple[FieldWords, ...] = field(default_factory=tuple)

    def match(self, label: str) -> tuple[FieldWords, frozenset[str]] | None:
        """The words of a printed label, and the languages it is printed in; None when nothing matches."""
        for words in (*self.fields, *_printed_labels()):
            languages = words.label.languages_of(label)
            if languages:
                return words, languages
        return None


def _printed_labels() -> tuple[FieldWords, ...]:
    return tuple(FieldWords(_term(f"verify.printed.{name}")) for name in PRINTED_LABELS)


def _term(key: str) -> Term:
    """A text of the kiosk's own catalogs as a term."""
    return Term({language: text(language, key) for language in LANGUAGES})


def words_from_forms(details: Mapping[str, ServiceDetail]) -> DocumentWords:
    """The words of one service fetched in each language (language -> its detail)."""
    first = next(iter(details.values()))
    fields = []
    for form_field in first.fields:
        by_language = {
            language: item
            for language, detail in details.items()
            for item in detail.fields
            if item.id == form_field.id
        }
        label = Term({language: item.label for language, item in by_language.items()})
        values = [
            Term({language: item.option_label(option.value) for language, item in by_language.items()})
            for option in form_field.options
        ]
        if form_field.type == "yes_no":
            values += [_term(f"journey.{word}") for word in YES_NO]
        fields.append(FieldWords(label, tuple(values)))
    name = Term({language: detail.name for language, detail in details.items()})
    return DocumentWords(name, tuple(fields))


def document_lines(document: SealedDocument, words: DocumentWords | None, language: str) -> list[str]:
    """The document's lines for a verdict in ``language``: holder, name, dates, the fields, the document id."""
    words = words or DocumentWords()
    name = words.name.in_(language, document.doc_type) if words.name else document.doc_type
    lines = [
        # A document issued without a card (an information sheet) has no holder: no empty "Holder:" line.
        *([text(language, "verify.holder", holder=document.holder)] if document.holder.strip() else []),
        text(language, "verify.document", name=name),
        text(language, "verify.dates", issued=_date(document.issued_at), expires=_date(document.expires_at)),
    ]
    matches = {label: words.match(label) for label in document.fields}
    printed_in = _issuing_language(match[1] for match in matches.values() if match is not None)
    for label, value in document.fields.items():
        match = matches[label]
        if match is not None:
            lines.append(_field_line(match[0].label.in_(language, label), match[0].value_in(value, language)))
        elif printed_in is not None and printed_in != language:
            in_language = text(language, f"verify.in.{printed_in}")
            marked = text(language, "verify.printed_in", label=label, which=in_language)
            lines.append(_field_line(marked, value))
        else:
            lines.append(_field_line(label, value))
    lines.append(text(language, "verify.document_id", id=document.doc_id))
    return lines


def _field_line(label: str, value: str) -> str:
    """Indented under the document; a question's own "?" is its separator ("How many years…? 5", not "?: 5")."""
    separator = " " if label.endswith(("?", ":")) else ": "
    return f"  {label}{separator}{value}"


def _issuing_language(found: Iterable[frozenset[str]]) -> str | None:
    """The one language every matched label is printed in, if the matches tell it."""
    common = frozenset(LANGUAGES)
    for languages in found:
        common &= languages
    return next(iter(common)) if len(common) == 1 else None


def _date(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()


class DocumentNamer:
    """Finds the service that issues a document type in the catalog (the kiosk's cached one), once per type."""

    def __init__(self, catalog: CatalogService) -> None:
        self._catalog = catalog
        self._found: dict[str, DocumentWords | None] = {}

    async def words(self, doc_type: str) -> DocumentWords | None:
        """The words of ``doc_type``; None when the catalog does not issue it or cannot be read now (the
        portal away and nothing cached: asked again next time)."""
        from kiosk.client import PortalError

        if doc_type in self._found:
            return self._found[doc_type]
        try:
            found = await self._find(doc_type)
        except PortalError:
            return None
        self._found[doc_type] = found
        return found

    async def _find(self, doc_type: str) -> DocumentWords | None:
        language = LANGUAGES[0]
        services = await self._catalog.services(language)
        # A document's type is its service's document_type, or its code in lower case; the list does not say
        # which, so the likeliest services are opened first: the code itself, then instant services whose
        # code starts with the type's first word (residence-certificate: RESIDENCE-CERT), then the others.
        first_word = doc_type.split("-")[0]
        likely = sorted(
            services,
            key=lambda service: (
                service.code.lower() != doc_type,
                service.fulfilment != "instant",
                not service.code.lower().startswith(first_word),
            ),
        )
        for service in likely:
            detail = await self._catalog.service(service.code, language)
            if (detail.document_type or detail.code.lower()) == doc_type:
                details: dict[str, ServiceDetail] = {language: detail}
                for other in LANGUAGES[1:]:
                    details[other] = await self._catalog.service(service.code, other)
                return words_from_forms(details)
        return None
