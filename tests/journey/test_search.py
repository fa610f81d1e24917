"""Search that forgives accents, case, typos and everyday words: its parts, and the real catalog."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from kiosk.client import PortalClient
from kiosk.client.cache import CatalogCache
from kiosk.client.models import ServiceSummary
from kiosk.embedded import EmbeddedPortal
from kiosk.i18n import text
from kiosk.journey.catalog import Catalog, Taxon, load_catalog
from kiosk.journey.search import ServiceSearch, TypoIndex, allowed_edits, edit_distance, fold, stem, words


def service(code: str, name: str, summary: str = "", body: str = "", keywords: str = "") -> ServiceSummary:
    return ServiceSummary(code, name, summary, None, "none", "pending", body=body, keywords=keywords)


SMALL = [
    service("BIRTH", "Certidão de nascimento", "Obtenha a certidão de nascimento."),
    service("TAX", "Certidão de situação tributária", "Prova que não tem dívidas às Finanças."),
    service(
        "ADDRESS", "Alterar a morada", "Muda a morada em todos os serviços.", body="Instituto dos Registos"
    ),
    service("WATER", "Contrato de água", "Ligue a água na casa nova.", keywords="morada"),
    service("REGISTRY", "Pedir documentos", "Qualquer coisa.", body="Conservatória, nascimento"),
]


def codes(found: list[ServiceSummary]) -> list[str]:
    return [item.code for item in found]


# --- the parts ----------------------------------------------------------------------------------------------


def test_folding_drops_accents_case_and_punctuation() -> None:
    assert words("Certidões de NASCIMENTO, já!") == ["certidoes", "de", "nascimento", "ja"]
    assert fold("Élodie Zoë Dubois-Lefèvre") == "elodie zoe dubois lefevre"
    assert words("  \t ") == []


def test_plurals_meet_their_singular() -> None:
    assert stem("certidoes") == stem("certidao") == "certidao"
    assert stem("viagens") == "viagem"
    assert stem("services") == "service"
    assert stem("bonus") == "bonus"  # not a plural
    assert stem("irs") == "irs"  # too short to touch


def test_typo_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("registo", "regsito") == 1  # two neighbours swapped
    assert edit_distance("registo", "rgisto") == 1  # one letter missing
    assert edit_distance("carta", "carte") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
    assert edit_distance("same", "same") == 0
    # With a limit, work stops early; a distance within it is still exact.
    assert edit_distance("registo", "xyzzyqw", limit=1) == 2
    assert edit_distance("registo", "regsito", limit=1) == 1
    assert edit_distance("certidao", "sertidaoo", limit=2) == 2


def test_how_many_typos_a_word_may_carry() -> None:
    assert [allowed_edits("x" * length) for length in (1, 3, 4, 7, 8, 15)] == [0, 0, 1, 1, 2, 2]


def test_the_typo_index_finds_words_within_reach_only() -> None:
    index = TypoIndex(["registo", "criminal", "casa", "certificado"])
    assert dict(index.near("regsito")) == {"registo": 1}
    assert dict(index.near("certifcdo")) == {"certificado": 2}  # 9 letters: two edits allowed
    assert dict(index.near("regsitto")) == {"registo": 2}
    assert dict(index.near("rgsitoo")) == {}  # 7 letters: only one edit, this needs three
    assert dict(index.near("cas")) == {}  # 3 letters: no typo forgiven, or everything would match
    assert dict(index.near("registo")) == {}  # the word itself is an exact match, not a typo


# --- searching a small catalog ------------------------------------------------------------------------------


def test_accents_and_case_do_not_matter() -> None:
    search = ServiceSearch(SMALL)
    assert codes(search.search("CERTIDAO")) == codes(search.search("certidão")) == ["BIRTH", "TAX"]
    assert codes(search.search("agua")) == ["WATER"]


def test_every_prefix_of_a_word_finds_it_while_typing() -> None:
    search = ServiceSearch(SMALL)
    word = "tributaria"
    for end in range(1, len(word) + 1):
        assert "TAX" in codes(search.search(word[:end])), word[:end]
    assert codes(search.search("cert")) == ["BIRTH", "TAX"]
    assert codes(search.search("certidao de nasc")) == ["BIRTH"]  # the last word, half typed


def test_typos_are_forgiven() -> None:
    search = ServiceSearch(SMALL)
    assert codes(search.search("sertidao")) == ["BIRTH", "TAX"]
    assert codes(search.search("nascimneto")) == ["BIRTH", "REGISTRY"]
    assert codes(search.search("tribut4r")) == ["TAX"]  # half a word, with a typo in it


def test_a_word_in_the_name_ranks_above_the_same_word_elsewhere() -> None:
    search = ServiceSearch(SMALL)
    assert codes(search.search("morada")) == ["ADDRESS", "WATER"]  # name, then keywords
    assert codes(search.search("nascimento")) == ["BIRTH", "REGISTRY"]  # name, then the body's name
    assert codes(search.search("registos")) == ["ADDRESS"]  # found in the body, in the singular too


def test_every_meaningful_word_must_match() -> None:
    search = ServiceSearch(SMALL)
    assert codes(search.search("certidao nascimento")) == ["BIRTH"]
    assert search.search("certidao xyzzy") == []
    assert codes(search.search("a certidão de")) == ["BIRTH", "TAX"]  # little words do not narrow


def test_empty_and_nonsense_queries_find_nothing() -> None:
    search = ServiceSearch(SMALL)
    assert search.search("") == []
    assert search.search("   ,. ") == []
    assert search.search("xyzzy") == []
    assert search.search("qqqqqqqqqqqqqqqqqqqq") == []


def test_the_limit_cuts_the_ranked_list() -> None:
    search = ServiceSearch(SMALL)
    assert codes(search.search("c", limit=2)) == codes(search.search("c"))[:2]
    assert len(search.search("c")) > 2


def test_names_of_life_events_and_themes_are_searched() -> None:
    catalog = Catalog(
        services=(
            ServiceSummary("X", "Registar", "", None, "none", "pending", life_events=("baby",)),
            ServiceSummary("Y", "Outro", "", None, "none", "pending"),
        ),
        life_events=(Taxon("baby", "Ter um bebé", "Registar o bebé."),),
    )
    assert codes(ServiceSearch(catalog).search("bebe")) == ["X"]


# --- the real catalog, from the portal ----------------------------------------------------------------------

# (query, the services that must come first, how many places they may use). In both languages: the table of
# everyday words carries Portuguese words to the English catalog too.
BOTH = [
    ("certidao", {"BIRTH-CERT"}, 5),
    ("cartao de cidadao", {"CC-RENEW", "CC-LOST"}, 3),
    ("regsito criminal", {"CRIMINAL-RECORD"}, 1),
    ("lixo", {"BULKY-WASTE", "REPORT-PROBLEM"}, 2),
    ("bi", {"CC-RENEW"}, 3),
    ("carta", {"DRIVING-RENEW", "DRIVING-REPLACE"}, 2),
    ("morada", {"ADDRESS-CHANGE", "RESIDENCE-CERT"}, 2),
    ("bebé", {"BIRTH-REGISTER"}, 3),
    ("casamento", {"MARRIAGE-CERT"}, 1),
    ("reforma", {"PENSION"}, 1),
]
PORTUGUESE = [
    ("CERTIDÕES", {"BIRTH-CERT", "MARRIAGE-CERT", "VEHICLE-CERT", "TAX-STATUS", "COMPANY-CERT"}, 5),
    ("registo crim", {"CRIMINAL-RECORD"}, 1),
    ("passaport", {"PASSPORT"}, 1),
]
ENGLISH = [
    ("certficate", {"BIRTH-CERT", "MARRIAGE-CERT"}, 6),
    ("citizen card", {"CC-RENEW", "CC-LOST"}, 3),
    ("criminal recrod", {"CRIMINAL-RECORD"}, 1),
    ("rubbish", {"BULKY-WASTE", "REPORT-PROBLEM"}, 2),
    ("driving license", {"DRIVING-RENEW", "DRIVING-REPLACE"}, 2),
    ("wedding", {"MARRIAGE-CERT"}, 1),
    ("retirement", {"PENSION"}, 1),
]


async def real_catalogs(portal: EmbeddedPortal, token: str, folder: Path) -> dict[str, Catalog]:
    client = PortalClient(portal.url, token, timeout=2.0, cache=CatalogCache(folder))
    try:
        return {language: await load_catalog(client, language) for language in ("pt", "en")}
    finally:
        await client.aclose()


async def test_everyday_queries_find_the_right_services_in_both_languages(
    running_portal: tuple[EmbeddedPortal, str], tmp_path: Path
) -> None:
    catalogs = await real_catalogs(*running_portal, tmp_path)
    cases = {"pt": BOTH + PORTUGUESE, "en": BOTH + ENGLISH}
    misses: list[str] = []
    for language, catalog in catalogs.items():
        search = ServiceSearch(catalog)
        for query, expected, places in cases[language]:
            found = codes(search.search(query))
            if not expected <= set(found[:places]):
                misses.append(
                    f"{language} {query!r}: expected {sorted(expected)} in {found[:places]}, got {found}"
                )
        assert search.search("xyzzy") == []
        assert len(search.search("c", limit=50)) > 10  # a first letter already shows services
    assert not misses, "\n".join(misses)


async def test_a_query_per_key_press_takes_well_under_a_millisecond(
    running_portal: tuple[EmbeddedPortal, str], tmp_path: Path
) -> None:
    catalogs = await real_catalogs(*running_portal, tmp_path)
    queries = [query for query, _, _ in BOTH + PORTUGUESE + ENGLISH]
    key_presses = [query[:end] for query in queries for end in range(1, len(query) + 1)]
    for catalog in catalogs.values():
        started = time.perf_counter()
        search = ServiceSearch(catalog)
        built = time.perf_counter() - started
        assert built < 1.0, f"building the index took {built:.3f} s"
        average = min(_average_seconds(search, key_presses) for _ in range(3))
        print(f"{len(key_presses)} key presses, {average * 1e6:.0f} µs per query, index built in {built:.3f} s")
        assert average < 0.5e-3


def _average_seconds(search: ServiceSearch, queries: list[str]) -> float:
    gc.disable()  # as timeit does: a collection landing in one run says nothing about the search
    try:
        started = time.perf_counter()
        for query in queries:
            search.search(query)
        return (time.perf_counter() - started) / len(queries)
    finally:
        gc.enable()


def test_the_search_texts_exist_in_both_languages() -> None:
    for key in ("search.hint", "search.examples"):
        portuguese, english = text("pt", key), text("en", key)
        assert key not in (portuguese, english)
        assert portuguese != english
