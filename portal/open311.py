"""Open311 GeoReport v2 mapping: catalog services to Open311 services, answers to requests, XML and JSON.

Only the services marked with an Open311 group are offered. Form fields map onto the spec's standard
arguments (location -> address_string, description, email, phone) or become attributes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.etree import ElementTree as ET

from portal.catalog import ServiceDefinition
from portal.forms import FieldType, FormField
from portal.i18n import Language
from portal.schemas import text_is_storable

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
JURISDICTION = "demo.gov.pt"
CHANNEL = "open311"
"""The channel of requests made through the facade: the only applications it ever shows."""
PUBLIC_LOCATION_GROUPS = frozenset({"street"})
"""Groups whose requests are about a public place (a pothole, a street light): their location and description
are public. Others (a bulky-waste collection at the door) are at a person's address, which is never shown."""
STANDARD_FIELDS = {
    "location": "address_string",
    "description": "description",
    "email": "email",
    "phone": "phone",
}
DATATYPES = {
    FieldType.SINGLE_CHOICE: "singlevaluelist",
    FieldType.YES_NO: "singlevaluelist",
    FieldType.MULTIPLE_CHOICE: "multivaluelist",
    FieldType.LONG_TEXT: "text",
    FieldType.NUMBER: "number",
    FieldType.MONEY: "number",
    FieldType.DATE: "datetime",
}
ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
OPEN_STATUSES = {"submitted", "awaiting_payment", "awaiting_confirmation"}
XML_MEDIA_TYPE = "text/xml; charset=utf-8"
JSON_MEDIA_TYPE = "application/json; charset=utf-8"


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def public_location(service: ServiceDefinition) -> bool:
    return service.open311_group in PUBLIC_LOCATION_GROUPS


def unstorable_argument(form: list[tuple[str, str]]) -> str | None:
    """The name of the first form argument that is not storable text (a NUL), or None."""
    for name, value in form:
        if not text_is_storable(name):
            return "argument name"
        if not text_is_storable(value):
            return name
    return None


def attribute_fields(service: ServiceDefinition) -> list[FormField]:
    return [field for field in service.form.fields if field.id not in STANDARD_FIELDS]


def service_entry(service: ServiceDefinition, language: Language) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name.in_(language),
        "description": service.summary.in_(language),
        "metadata": bool(attribute_fields(service)),
        "type": "realtime",
        "keywords": service.keywords.in_(language) if service.keywords else "",
        "group": service.open311_group or "",
    }


def _values(field: FormField, language: Language) -> list[dict[str, str]]:
    if field.type is FieldType.YES_NO:
        words = ("Sim", "Não") if language == "pt" else ("Yes", "No")
        return [{"key": "true", "name": words[0]}, {"key": "false", "name": words[1]}]
    return [{"key": option.value, "name": option.label.in_(language)} for option in field.options]


def service_definition(service: ServiceDefinition, language: Language) -> dict[str, Any]:
    attributes = []
    for order, field in enumerate(attribute_fields(service), start=1):
        attribute: dict[str, Any] = {
            "variable": True,
            "code": field.id,
            "datatype": DATATYPES.get(field.type, "string"),
            "required": field.required and field.condition is None,
            "datatype_description": field.hint.in_(language) if field.hint else "",
            "order": order,
            "description": field.label.in_(language),
        }
        values = _values(field, language)
        if values:
            attribute["values"] = values
        attributes.append(attribute)
    return {"service_code": service.code, "attributes": attributes}


def answers_from_form(service: ServiceDefinition, form: list[tuple[str, str]]) -> dict[str, Any]:
    """The application answers carried by a GeoReport POST (form-encoded) body."""
    single: dict[str, str] = {}
    attributes: dict[str, Any] = {}
    for key, value in form:
        match = ATTRIBUTE_KEY.match(key)
        if match:
            if match.group(2):
                attributes.setdefault(match.group(1), []).append(value)
            else:
                attributes[match.group(1)] = value
        elif value != "":  # the spec: an empty optional argument behaves as an absent one
            single[key] = value
    has_point = "lat" in single or "long" in single
    if has_point and not ("lat" in single and "long" in single):
        raise Open311Error(400, "lat and long must be sent together")
    location = single.get("address_string") or single.get("address_id")
    if has_point:
        try:
            lat, long = float(single["lat"]), float(single["long"])
        except ValueError as error:
            raise Open311Error(400, "lat and long must be WGS84 decimal degrees") from error
        if not (-90 <= lat <= 90 and -180 <= long <= 180):
            raise Open311Error(400, "lat and long must be WGS84 decimal degrees")
        location = location or f"{lat:.6f}, {long:.6f}"
    if not location:
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    answers: dict[str, Any] = {}
    by_id = {field.id: field for field in service.form.fields}
    for field_id, argument in STANDARD_FIELDS.items():
        standard = location if argument == "address_string" else single.get(argument)
        if field_id in by_id and standard:
            answers[field_id] = standard
    for code, value in attributes.items():
        field = by_id.get(code)
        if field is not None and field.type is FieldType.YES_NO and isinstance(value, str):
            answers[code] = {"true": True, "false": False}.get(value.lower(), value)
        else:
            answers[code] = value
    return answers


def geo_extras(form: list[tuple[str, str]]) -> dict[str, Any]:
    keep = {"lat", "long", "address_id", "address_string", "media_url"}
    return {key: value for key, value in form if key in keep and value}


def w3c(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot carry at all, not even as a character reference: C0 controls but tab, LF and CR, lone
surrogates, U+FFFE and U+FFFF. The input guard refuses only what the databases cannot store (NUL, lone
surrogates), so a description may hold a U+0001, and rows stored before the guard may hold anything."""


def xml_text(text: str) -> str:
    """``text`` as XML can carry it: each character XML 1.0 forbids becomes U+FFFD, so a reader sees where."""
    return NOT_XML_TEXT.sub("\ufffd", text)


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = xml_text(str(value))


LIST_ITEMS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}


def _xml_object(parent: ET.Element, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, list):
            holder = ET.SubElement(parent, key)
            for item in value:
                child_name = LIST_ITEMS.get(key, key.rstrip("s"))
                if isinstance(item, dict):
                    _xml_object(ET.SubElement(holder, child_name), item)
                else:
                    _xml_value(holder, child_name, item)
        elif isinstance(value, dict):
            _xml_object(ET.SubElement(parent, key), value)
        else:
            _xml_value(parent, key, value)


def to_xml(root: str, item: str | None, data: Any) -> bytes:
    """XML in the GeoReport layout: a root element holding one element per list item."""
    element = ET.Element(root)
    if item is None:
        _xml_object(element, data)
    else:
        for entry in data:
            _xml_object(ET.SubElement(element, item), entry)
    body: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def errors_document(status: int, description: str) -> list[dict[str, Any]]:
    return [{"code": status, "description": description}]
