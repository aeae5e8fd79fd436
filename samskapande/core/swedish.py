"""Swedish-aware text processing for search and similarity, on this server, no network.

Words are lower-cased, stop words dropped and the rest reduced to their Snowball
Swedish stems, so "vårdcentralen", "vårdcentralens" and "vårdcentral" meet. Compounds
("närvårdsavdelning") are reached by matching stems inside stems in search, and by
character n-grams in similarity.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+", re.UNICODE)

SWEDISH_STOPWORDS = frozenset(
    """
    och i att det som en på är av för med till den har de inte om ett men var jag han hon
    vi ni du man sig så kan när från vid efter under också bara eller nu ska skulle blir
    blev vara varit hade ha dem deras denna detta dessa där här hur vad vem vilken vilket
    vilka mycket mer mest någon något några alla allt andra annan annat sin sitt sina
    min mitt mina din ditt dina vår vårt våra er ert era hans hennes dess oss mig
    dig honom henne mot genom utan över innan sedan än då ju nog ens även fast kanske
    får fick göra gör gjorde gå går kommer kom behöver behövs måste vill ville finns
    fanns ingen inget inga
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """
    the a an and or of to in on for with is are was were be been it this that these those
    we you they he she i my our your their at by from as not no but if so can could should
    would will need needs have has had do does there here when what who which how more
    """.split()
)
STOPWORDS = SWEDISH_STOPWORDS | ENGLISH_STOPWORDS

_stemmers = {"sv": snowballstemmer.stemmer("swedish"), "en": snowballstemmer.stemmer("english")}


@lru_cache(maxsize=50_000)
def stem(word: str, language: str = "sv") -> str:
    return _stemmers[language].stemWord(word)


def language_of(tokens: list[str]) -> str:
    """'en' when a text uses more English than Swedish function words, else 'sv'."""
    english = sum(1 for w in tokens if w in ENGLISH_STOPWORDS)
    swedish = sum(1 for w in tokens if w in SWEDISH_STOPWORDS)
    return "en" if english > swedish else "sv"


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def stems(text: str) -> list[str]:
    """The stems of the meaningful words of `text`, in order (English texts stemmed as such)."""
    tokens = words(text)
    language = language_of(tokens)
    return [stem(w, language) for w in tokens if w not in STOPWORDS and len(w) > 1]


def search_terms(text: str) -> str:
    """What is stored with a need for search: its distinct stems, space-separated."""
    return " ".join(dict.fromkeys(stems(text)))


def query_terms(query: str) -> list[str]:
    """The stems a search for `query` must all find (as whole stems or inside compounds)."""
    return list(dict.fromkeys(stems(query)))[:8]


def features(text: str) -> Counter:
    """Stems plus their character 4-grams: compounds share n-grams with their parts."""
    counts: Counter = Counter()
    for s in stems(text):
        counts["w:" + s] += 2
        padded = f"<{s}>"
        for i in range(len(padded) - 3):
            counts["g:" + padded[i:i + 4]] += 1
    return counts


def cosine(a: Counter, b: Counter, idf: dict[str, float] | None = None) -> float:
    def weight(key, value):
        return value * (idf.get(key, 1.0) if idf else 1.0)

    common = a.keys() & b.keys()
    if not common:
        return 0.0
    dot = sum(weight(k, a[k]) * weight(k, b[k]) for k in common)
    norm_a = math.sqrt(sum(weight(k, v) ** 2 for k, v in a.items()))
    norm_b = math.sqrt(sum(weight(k, v) ** 2 for k, v in b.items()))
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0


def inverse_document_frequencies(documents: list[Counter]) -> dict[str, float]:
    n = len(documents)
    frequency: Counter = Counter()
    for doc in documents:
        frequency.update(doc.keys())
    return {key: math.log((1 + n) / (1 + df)) + 1 for key, df in frequency.items()}


def most_similar(text: str, candidates: list[tuple[int, str]], limit: int = 5,
                 threshold: float = 0.15) -> list[tuple[int, float]]:
    """The ids of the candidates most like `text`, best first, with their similarity."""
    query = features(text)
    if not query or not candidates:
        return []
    docs = [(cid, features(ctext)) for cid, ctext in candidates]
    idf = inverse_document_frequencies([query] + [d for _, d in docs])
    scored = [(cid, cosine(query, doc, idf)) for cid, doc in docs]
    scored = [(cid, score) for cid, score in scored if score >= threshold]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
