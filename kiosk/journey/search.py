"""Search while typing that forgives: accents, case, typos, plurals and the everyday words people use.

One :class:`ServiceSearch` is built per catalog language; every word of a service (its name, keywords,
summary, the names of its life events and themes, the public body) is indexed once, with a weight for where it
was found. A query then costs a few dictionary look-ups per word, so it can run on every key press:

- accents and case are folded away ("Certidões" is "certidoes"), plurals reduced ("certidao");
- the word being typed matches as a prefix ("cert" finds certificates), typos forgiven there too ("regsit");
- typos are forgiven: one edit for words of 4 to 7 letters, two for longer ones, where an edit is an insertion,
  a deletion, a substitution or two neighbouring letters swapped (Damerau-Levenshtein, optimal string
  alignment); candidates come from a deletion index (SymSpell), never from a scan of the vocabulary;
- a small table of everyday words in both languages ("lixo", "bi", "carta", "rubbish"...) adds the catalog's
  own words as alternatives, so "bi" finds the citizen card and "certidao" works on the English screen too.

Every meaningful word of the query must match (so "xyzzy" finds nothing); services are ranked by the weight of
what matched and how well.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kiosk.client.models import ServiceSummary
from kiosk.journey.catalog import Catalog

# Where a word was found: a word in the name says more than one in the responsible body's name.
NAME, KEYWORDS, SUMMARY, BROWSING, BODY = 10.0, 6.0, 4.0, 3.0, 2.0
# How it matched.
EXACT, PREFIX, TYPO, TYPO_PREFIX = 1.0, 0.75, 0.6, 0.45
EVERYDAY = 0.9
"""Factor for a match through the table of everyday words rather than the words typed."""
PHRASE_BONUS = 5.0
"""Added when the query's words appear, in order, in the service's name."""
MAX_QUERY = 100
"""Characters of a query looked at; the rest is ignored (a kiosk field is short, work stays bounded)."""

_STOP_WORDS_TEXT = """
a o as os um uma uns umas de do da dos das em no na nos nas e ou por para com ao aos se que sua seu suas seus
meu minha the an of to for in on and or your my you with at by from is it its be how what
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
"""Portuguese and English words too common to say what someone looks for."""

# Everyday words and phrases (either language, any accents) and the catalog words they stand for. A phrase
# typed by a person is looked up here after folding; the words on the right are searched as alternatives.
EVERYDAY_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("lixo", "resíduos", "entulho", "rubbish", "garbage", "trash", "litter", "waste"),
        ("lixo", "monos", "recolha", "waste", "litter"),
    ),
    (
        (
            "cartão de cidadão",
            "cc",
            "bi",
            "bilhete de identidade",
            "citizen card",
            "id card",
            "identity card",
            "id",
        ),
        (
            "cartão cidadão",
            "cartão identificação",
            "cartão documento",
            "citizen card",
            "card identity",
            "card document",
        ),
    ),
    (
        ("carta", "carta de condução", "licença de condução", "driving licence", "driving license", "license"),
        ("carta condução", "driving licence"),
    ),
    (
        (
            "morada",
            "mudar de casa",
            "mudança",
            "mudar",
            "endereço",
            "address",
            "moving",
            "move",
            "moving house",
        ),
        ("morada", "residência", "mudar casa", "address", "residence", "moving house"),
    ),
    (
        ("bebé", "nascimento", "nascer", "filho", "baby", "birth", "newborn"),
        ("bebé", "nascimento", "baby", "birth"),
    ),
    (
        ("casamento", "casar", "boda", "marriage", "wedding", "married", "marry"),
        ("casamento", "casar", "marriage", "married"),
    ),
    (
        (
            "reforma",
            "reformado",
            "aposentação",
            "pensão",
            "velhice",
            "retirement",
            "retired",
            "retire",
            "pension",
        ),
        ("reforma", "reformar", "pensão", "pensionista", "retiring", "pension", "pensioner"),
    ),
    (
        ("registo criminal", "cadastro", "certificado criminal", "criminal record", "police check", "polícia"),
        ("registo criminal", "criminal record"),
    ),
    (
        ("certidão", "certificado", "atestado", "certificate"),
        ("certidão", "certificado", "atestado", "certificate"),
    ),
    (
        ("médico", "médico de família", "doutor", "consulta", "doctor", "gp", "family doctor"),
        ("médico família", "centro saúde", "family doctor", "health centre"),
    ),
    (
        ("desempregado", "desemprego", "unemployed", "jobless", "dole"),
        ("desemprego", "unemployment"),
    ),
    (
        ("finanças", "impostos", "irs", "tax", "taxes", "tax office"),
        ("impostos", "irs", "tributária", "finanças", "tax"),
    ),
    (
        ("nif", "contribuinte", "número de contribuinte", "tax number"),
        ("nif", "tax number"),
    ),
    (
        ("carro", "automóvel", "viatura", "mota", "car", "vehicle", "motorbike"),
        ("veículo", "automóvel", "vehicle"),
    ),
    (
        ("estacionar", "estacionamento", "parking", "park"),
        ("estacionamento", "parking"),
    ),
    (
        ("sns", "utente", "número de utente", "nhs", "health number"),
        ("utente", "health number"),
    ),
    (
        ("empresa", "sociedade", "firma", "negócio", "company", "business", "firm"),
        ("empresa", "sociedade", "company", "business"),
    ),
    (("água", "water"), ("água", "water")),
    (
        ("recibos verdes", "trabalhador independente", "freelancer", "self employed"),
        ("atividade", "independente", "self employed"),
    ),
    (
        ("perdi", "perdido", "roubado", "roubaram", "lost", "stolen"),
        ("perdido", "roubado", "perder", "lost", "stolen"),
    ),
)


def fold(text: str) -> str:
    """Lower case, without accents, punctuation as spaces: "Certidões, já!" -> "certidoes  ja "."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        " " if not char.isalnum() else char for char in decomposed if not unicodedata.combining(char)
    )


def words(text: str) -> list[str]:
    return fold(text).split()


def stem(word: str) -> str:
    """A folded word without its plural ending, so "certidoes" meets "certidao" and "services" "service".

    Deliberately tiny: applied to both sides of every comparison, it only has to be consistent.
    """
    if len(word) < 4:
        return word
    for plural, singular in (("oes", "ao"), ("aes", "ao"), ("ns", "m")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    if word.endswith("s") and word[-2] not in "su":
        return word[:-1]
    return word


def allowed_edits(word: str) -> int:
    """How many typing mistakes a word may carry and still match: none below 4 letters, 1 up to 7, then 2."""
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 7 else 2


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and swaps
    of two neighbouring letters each count as one edit. With a ``limit``, any distance above it may be
    reported as ``limit + 1``: the work stops as soon as the answer is known to exceed it."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            # Plain comparisons rather than min(): this loop runs on every key press.
            cell = previous[j] + 1
            if current[j - 1] + 1 < cell:
                cell = current[j - 1] + 1
            if previous[j - 1] + (char_a != char_b) < cell:
                cell = previous[j - 1] + (char_a != char_b)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b and before[j - 2] + 1 < cell:
                cell = before[j - 2] + 1
            current.append(cell)
        # No later row can go below this one's smallest value (a swap costs one more than its start).
        if limit is not None and min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[len(b)]


def deletions(word: str, depth: int) -> set[str]:
    """The word and every string made from it by deleting up to ``depth`` letters."""
    found = {word}
    layer = {word}
    for _ in range(depth):
        layer = {variant[:i] + variant[i + 1 :] for variant in layer for i in range(len(variant))}
        found |= layer
    return found


class TypoIndex:
    """Finds the words of a vocabulary within a typo's reach of a word, through their shared deletions."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_deletion: dict[str, set[str]] = {}
        for word in vocabulary:
            # A vocabulary word can meet a query two edits away only if it has at least 6 letters.
            for variant in deletions(word, 2 if len(word) >= 6 else 1):
                self._by_deletion.setdefault(variant, set()).add(word)

    def near(self, word: str) -> Iterator[tuple[str, int]]:
        """Each vocabulary word other than ``word`` within its allowed edits, with the distance."""
        budget = allowed_edits(word)
        if not budget:
            return
        candidates: set[str] = set()
        for variant in deletions(word, budget):
            candidates |= self._by_deletion.get(variant, set())
        for candidate in candidates:
            if candidate != word and abs(len(candidate) - len(word)) <= budget:
                distance = edit_distance(word, candidate, budget)
                if distance <= budget:
                    yield candidate, distance


def _phrase(text: str) -> tuple[str, ...]:
    """A phrase as the tuple of its meaningful, folded, singular words."""
    return tuple(stem(word) for word in words(text) if word not in STOP_WORDS)


def _everyday_table() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for phrases, alternatives in EVERYDAY_WORDS:
        meaning = tuple(_phrase(alternative) for alternative in alternatives)
        for phrase in phrases:
            key = _phrase(phrase)
            if key in table:
                raise ValueError(f"the everyday phrase {phrase!r} is in the table twice")
            table[key] = meaning
    return table


_EVERYDAY = _everyday_table()
_EVERYDAY_VOCABULARY = frozenset(word for key in _EVERYDAY for word in key)
_EVERYDAY_TYPOS = TypoIndex(_EVERYDAY_VOCABULARY)
_LONGEST_PHRASE = max(len(key) for key in _EVERYDAY)


@dataclass(frozen=True)
class _Alternative:
    """One way to satisfy part of a query: all these words must match, the score counts ``factor`` times.

    Words a person typed are ``forgiving`` (prefixes, typos); the table's words are spelled as in the catalog
    and match whole, so "casar" never drifts to "casa".
    """

    words: tuple[str, ...]
    factor: float
    forgiving: bool


Scores = dict[int, float]
"""Service position in the index -> score."""


@lru_cache(maxsize=4)
def search_index(catalog: Catalog) -> ServiceSearch:
    """The search for a catalog, built once per catalog (a language's, as the portal last gave it).

    Building takes tens of milliseconds and a few megabytes; every visit to the home screen asks again, with an
    equal catalog, so it is kept. The catalog is public (no one's data), and a changed catalog is a new key.
    """
    return ServiceSearch(catalog)


class ServiceSearch:
    """Ranked, forgiving search over one catalog's services in one language; build once, query per key."""

    def __init__(self, source: Catalog | Sequence[ServiceSummary]) -> None:
        catalog = source if isinstance(source, Catalog) else Catalog(tuple(source))
        self._services = catalog.services
        self._exact: dict[str, Scores] = {}
        self._prefix: dict[str, Scores] = {}
        # Names as their meaningful words between spaces, to see whole words of a query in order.
        self._names = [f" {' '.join(_phrase(service.name))} " for service in self._services]
        for position, service in enumerate(self._services):
            for text, weight in _weighted_texts(catalog, service):
                self._add(position, text, weight)
        self._typos = TypoIndex(self._exact)
        # Half a word with a typo in it ("regsit" on the way to "regsito") already finds "registo".
        self._prefix_typos = TypoIndex(prefix for prefix in self._prefix if len(prefix) >= 4)

    def _add(self, position: int, text: str, weight: float) -> None:
        for word in words(text):
            # Stop words are kept as prefixes only: a half-typed "d" on the way to "de" must not empty the list.
            for end in range(1, len(word)):
                _keep_best(self._prefix.setdefault(word[:end], {}), position, weight)
            if word in STOP_WORDS:
                continue
            for form in {word, stem(word)}:
                _keep_best(self._exact.setdefault(form, {}), position, weight)

    def search(self, query: str, limit: int = 10) -> list[ServiceSummary]:
        """The services that match every meaningful word of the query, best first; [] for an empty query."""
        tokens = words(query[:MAX_QUERY])
        meaningful = [token for token in tokens if token not in STOP_WORDS] or tokens
        if not meaningful:
            return []
        totals = _all_of(self._slot_scores(alternatives) for alternatives in self._slots(meaningful))
        phrase = f" {' '.join(stem(token) for token in meaningful)} "
        ranked = sorted(
            totals,
            key=lambda p: (-(totals[p] + (PHRASE_BONUS if phrase in self._names[p] else 0.0)), self._names[p]),
        )
        return [self._services[position] for position in ranked[:limit]]

    def _slots(self, tokens: list[str]) -> Iterator[list[_Alternative]]:
        """The query cut into parts: a phrase of the everyday table (with its alternatives) or one word."""
        canonical = [self._canonical(token) for token in tokens]
        start = 0
        while start < len(tokens):
            for size in range(min(_LONGEST_PHRASE, len(tokens) - start), 0, -1):
                meaning = _EVERYDAY.get(tuple(canonical[start : start + size]))
                if meaning is not None:
                    typed = _Alternative(tuple(tokens[start : start + size]), 1.0, True)
                    yield [typed, *(_Alternative(words, EVERYDAY, False) for words in meaning)]
                    start += size
                    break
            else:
                yield [_Alternative((tokens[start],), 1.0, True)]
                start += 1

    def _canonical(self, token: str) -> str:
        """The token as the everyday table spells it: singular, and with a typo corrected when the word is
        unknown to both the table and the catalog ("regsito" -> "registo")."""
        singular = stem(token)
        if singular in _EVERYDAY_VOCABULARY or token in self._exact:
            return singular
        nearest = min(_EVERYDAY_TYPOS.near(token), key=lambda found: (found[1], found[0]), default=None)
        return nearest[0] if nearest else singular

    def _slot_scores(self, alternatives: list[_Alternative]) -> Scores:
        """For each service, the best score any alternative of this part of the query gives it."""
        best: Scores = {}
        for alternative in alternatives:
            combined = _all_of(self._word_scores(word, alternative.forgiving) for word in alternative.words)
            for position, score in combined.items():
                _keep_best(best, position, alternative.factor * score / len(alternative.words))
        return best

    def _word_scores(self, word: str, forgiving: bool) -> Scores:
        """Each service this one word matches, scored by where (weight) and how (exact, prefix, typo)."""
        scores: Scores = {}
        for form in {word, stem(word)}:
            _merge(scores, self._exact.get(form), EXACT)
        if not forgiving:
            return scores
        _merge(scores, self._prefix.get(word), PREFIX)
        for candidate, _distance in self._typos.near(word):
            _merge(scores, self._exact[candidate], TYPO)
        for candidate, _distance in self._prefix_typos.near(word):
            _merge(scores, self._prefix[candidate], TYPO_PREFIX)
        return scores


def _weighted_texts(catalog: Catalog, service: ServiceSummary) -> Iterator[tuple[str, float]]:
    yield service.name, NAME
    yield service.keywords, KEYWORDS
    yield service.summary, SUMMARY
    for name in (*catalog.life_event_names(service), *catalog.theme_names(service)):
        yield name, BROWSING
    yield service.body, BODY


def _all_of(parts: Iterable[Scores]) -> Scores:
    """The services found by every part, with their scores added; stops at the first part that empties it."""
    total: Scores | None = None
    for part in parts:
        total = (
            dict(part) if total is None else {p: total[p] + score for p, score in part.items() if p in total}
        )
        if not total:
            return {}
    return total or {}


def _keep_best(scores: Scores, position: int, score: float) -> None:
    if score > scores.get(position, 0.0):
        scores[position] = score


def _merge(scores: Scores, found: Mapping[int, float] | None, quality: float) -> None:
    for position, weight in (found or {}).items():
        _keep_best(scores, position, weight * quality)
