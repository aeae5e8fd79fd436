"""Theme suggestions: group needs by what they say, on this server, in Swedish.

Texts become TF-IDF vectors of their stems and of the stems' character n-grams (which
let compounds such as "närvårdsavdelning" meet "vård" and "avdelning"); non-negative
matrix factorisation finds k topics and each text joins its strongest topic. When k is
not given it is the k in 2..12 with the best cosine silhouette, chosen on a fixed
sample so large rounds stay fast. The same input always gives the same themes.

Measured on the SuperLim argumentation sentences in bench/README.md.
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import hstack
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from samskapande.core import swedish
from samskapande.themes import titles

K_RANGE = range(2, 13)
SAMPLE_FOR_K = 1000
SEARCH_FEATURES = 4000
SEED = 0


@dataclass
class SuggestedTheme:
    members: list[int]  # indices into the texts given
    keywords: list[str]  # the words that set the theme apart, most telling first
    representatives: list[int] = field(default_factory=list)  # the three most typical
    title: str = ""  # a noun phrase in the residents' words, "" when they share none


def _features(stemmed: list[str]):
    words = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, token_pattern=r"\S+",  # noqa: S106
                            max_features=20_000)
    grams = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 6), sublinear_tf=True,
                            min_df=2, max_df=0.5, max_features=60_000)
    try:
        w = words.fit_transform(stemmed)
    except ValueError:  # too few texts share any word
        words = TfidfVectorizer(token_pattern=r"\S+")  # noqa: S106
        w = words.fit_transform(stemmed)
    try:
        g = grams.fit_transform(stemmed)
    except ValueError:
        g = None
    matrix = normalize(hstack([w, g]).tocsr() if g is not None else w)
    return matrix, words.get_feature_names_out()


def _factorise(matrix, k: int, max_iter: int = 300, tol: float = 1e-4):
    model = NMF(n_components=k, init="nndsvda", random_state=SEED, max_iter=max_iter, tol=tol)
    with warnings.catch_warnings():
        # A factorisation that stops at max_iter still ranks topics well enough here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    return weights, model.components_


def choose_k(matrix) -> int:
    """The number of themes with the best cosine silhouette, on a fixed sample.

    The factorisations of the search use the sample's most common features and fewer
    iterations: enough to rank k, about ten times faster than full fits.
    """
    n = matrix.shape[0]
    rng = np.random.default_rng(SEED)
    if n > SAMPLE_FOR_K:
        matrix = matrix[np.sort(rng.choice(n, SAMPLE_FOR_K, replace=False))]
    frequent = np.sort(np.argsort(-matrix.getnnz(axis=0), kind="stable")[:SEARCH_FEATURES])
    reduced = matrix[:, frequent]
    best_k, best_score = 2, -1.0
    for k in K_RANGE:
        if k >= matrix.shape[0] or k > reduced.shape[1]:
            break
        weights, _ = _factorise(reduced, k, max_iter=100, tol=1e-3)
        labels = weights.argmax(axis=1)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(matrix, labels, metric="cosine")
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def _surface_forms(texts: list[str]) -> dict[str, str]:
    """The most common written form of each stem, to show keywords as people write them."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        tokens = swedish.words(text)
        language = swedish.language_of(tokens)
        for word in tokens:
            if word not in swedish.STOPWORDS and len(word) > 1:
                forms[swedish.stem(word, language)][word] += 1
    return {s: c.most_common(1)[0][0] for s, c in forms.items()}


def suggest(texts: list[str], k: int | None = None) -> list[SuggestedTheme]:
    """Group `texts` into themes; largest theme first. k=None chooses the number itself."""
    if not texts:
        return []
    everything = SuggestedTheme(list(range(len(texts))), [], list(range(min(3, len(texts)))),
                                titles.title(texts, []))
    if len(texts) < 4:
        return [everything]
    stemmed = [" ".join(swedish.stems(t)) or "_" for t in texts]
    matrix, vocabulary = _features(stemmed)
    if matrix.nnz == 0:  # nothing but stop words, symbols or emoji
        return [everything]
    if k is None:
        k = choose_k(matrix)
    k = max(1, min(k, len(texts) - 1, matrix.shape[1]))
    weights, components = _factorise(matrix, k)
    labels = weights.argmax(axis=1)
    surface = _surface_forms(texts)
    n_words = len(vocabulary)

    themes = []
    for topic in range(k):
        members = [int(i) for i in np.flatnonzero(labels == topic)]
        if not members:
            continue
        top_terms = np.argsort(-components[topic][:n_words])[:8]
        keywords = [surface.get(vocabulary[i], vocabulary[i]) for i in top_terms
                    if components[topic][i] > 0]
        strongest = sorted(members, key=lambda i: (-weights[i, topic], i))[:3]
        chosen = set(members)
        title = titles.title([texts[i] for i in members],
                             [t for i, t in enumerate(texts) if i not in chosen], keywords)
        themes.append(SuggestedTheme(members, keywords, strongest, title))
    themes.sort(key=lambda t: (-len(t.members), t.members[0]))
    return themes


def labels_of(themes: list[SuggestedTheme], count: int) -> list[int]:
    """The theme number of each text, for scoring against known labels."""
    labels = [-1] * count
    for number, theme in enumerate(themes):
        for i in theme.members:
            labels[i] = number
    return labels
