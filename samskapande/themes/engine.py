"""Theme suggestions: group needs by what they say, on this server, in Swedish.

Texts become TF-IDF vectors of their stems and of the stems' character n-grams (which
let compounds such as "närvårdsavdelning" meet "vård" and "avdelning"). Residents' needs
are short, so two needs about one thing often share no word: each text is expanded with
the features its words occur with elsewhere in the round (one step of co-occurrence, see
`_expansion`). Non-negative matrix factorisation then finds k topics in that space and
each text joins its strongest topic. When k is not given it is the k in 2..12 with the
best cosine silhouette, chosen on a fixed sample so large rounds stay fast; rounds larger
than FIT_SAMPLE are fitted on a sample and every text is then placed. The same input
always gives the same themes.

Measured on the SuperLim argumentation sentences, whole and cut to their first words, and
on short needs in residents' words: bench/README.md.
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import hstack
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from samskapande.core import swedish
from samskapande.themes import titles

K_RANGE = range(2, 13)
SAMPLE_FOR_K = 1000
SEARCH_FEATURES = 1000
SEARCH_ITERATIONS = 50
SEED = 0
EXPANDED_FEATURES = 3000  # the space texts are expanded into: the most common features
EXPANSION_WEIGHT = 1.0
DAMPING = 0.7
FIT_SAMPLE = 1500  # larger rounds: topics are fitted on this many texts, then all placed
BLOCK = 2000
GRAM_FEATURES = 60_000
TITLE_MEMBERS = 200  # a title is found in the theme's most typical texts
TITLE_OTHERS = 600  # set against at most this many of the others


@dataclass
class SuggestedTheme:
    members: list[int]  # indices into the texts given
    keywords: list[str]  # the words that set the theme apart, most telling first
    representatives: list[int] = field(default_factory=list)  # the three most typical
    title: str = ""  # a noun phrase in the residents' words, "" when they share none


def _character_grams(stemmed: list[str]):
    """TF-IDF of the stems' character n-grams 3-6, as scikit-learn's `char_wb` analyser
    gives them (min_df 2, max_df 0.5, sublinear tf), counted once per distinct stem.

    Those n-grams never cross a word boundary, so a text's counts are the sum of its
    stems' counts: the n-grams of each stem are made once, not once per occurrence.
    """
    counts = CountVectorizer(token_pattern=r"\S+", lowercase=False)  # noqa: S106
    try:
        stems_in_texts = counts.fit_transform(stemmed)
    except ValueError:
        return None
    per_stem = CountVectorizer(analyzer="char_wb", ngram_range=(3, 6), lowercase=False)
    grams = (stems_in_texts @ per_stem.fit_transform(counts.get_feature_names_out())).tocsc()
    n = len(stemmed)
    document_frequency = grams.getnnz(axis=0)
    kept = np.flatnonzero((document_frequency >= 2) & (document_frequency <= 0.5 * n))
    if not len(kept):
        return None
    if len(kept) > GRAM_FEATURES:  # the most frequent, as max_features keeps them
        totals = np.asarray(grams[:, kept].sum(axis=0)).ravel()
        kept = np.sort(kept[np.argsort(-totals, kind="stable")[:GRAM_FEATURES]])
    return TfidfTransformer(sublinear_tf=True).fit_transform(grams[:, kept].tocsr())


def _features(stemmed: list[str]):
    words = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, token_pattern=r"\S+",  # noqa: S106
                            max_features=20_000)
    try:
        w = words.fit_transform(stemmed)
    except ValueError:  # too few texts share any word
        words = TfidfVectorizer(token_pattern=r"\S+")  # noqa: S106
        w = words.fit_transform(stemmed)
    g = _character_grams(stemmed)
    matrix = normalize(hstack([w, g]).tocsr() if g is not None else w)
    return matrix, words.get_feature_names_out()


@dataclass
class _Expansion:
    """One step of co-occurrence, learnt on a sample of the texts (see `_expansion`)."""
    sample: object  # the sample's texts, all features (sparse)
    sample_common: np.ndarray  # the sample's texts, common features (dense, for BLAS)
    common: np.ndarray  # the features texts are expanded into
    scale: np.ndarray  # per feature: one over the length of its co-occurrence row
    self_weight: np.ndarray  # per common feature: its co-occurrence with itself, left out


def _expansion(matrix, sample) -> _Expansion:
    """How each feature leads to the features it occurs with, restricted to the common ones.

    A need of a dozen words shares few words with its neighbours; the words it does use
    tell which others tend to come with them ("färdtjänst" with "resa", "bil", "buss").
    Each text is represented by its own common features plus the features that occur with
    its words in the sample (one step of co-occurrence, each feature's row normalised),
    which lets short texts about one thing meet although they share no word.

    The co-occurrence matrix (features × common features) is never built: its products
    go through the sample (texts × sample texts × common features), which is far smaller.
    """
    counted = matrix[sample].tocsc()
    common = np.sort(np.argsort(-counted.getnnz(axis=0), kind="stable")[:EXPANDED_FEATURES])
    inner = (counted[:, common] @ counted[:, common].T).toarray()  # sample × sample
    # The length of feature f's row is sqrt(c_f' · inner · c_f), c_f its column in the sample.
    squared = np.zeros(matrix.shape[1])
    for start in range(0, matrix.shape[1], BLOCK):
        part = counted[:, start:start + BLOCK]
        squared[start:start + BLOCK] = np.asarray(
            (part.T @ inner) * part.T.toarray()).sum(axis=1) if part.nnz else 0.0
    own = np.asarray(counted.multiply(counted).sum(axis=0)).ravel()
    squared[common] -= own[common] ** 2  # without the feature's pairing with itself
    present = squared > 1e-12
    scale = np.zeros_like(squared)
    scale[present] = 1.0 / np.sqrt(squared[present])
    return _Expansion(counted.tocsr(), counted[:, common].toarray().astype(np.float32),
                      common, scale, own[common])


def _expanded(matrix, expansion: _Expansion):
    """The texts in the expanded space (dense: after one step nearly every feature is used).

    The weights are damped by a power below one so that the many features every text
    reaches a little do not outweigh the few that set it apart.
    """
    e = expansion
    weighted = matrix.multiply(e.scale).tocsr()
    through_sample = (weighted @ e.sample.T).toarray().astype(np.float32)
    own = matrix[:, e.common].toarray().astype(np.float32)
    reached = through_sample @ e.sample_common
    reached -= own * (e.scale[e.common] * e.self_weight).astype(np.float32)
    expanded = normalize(own + EXPANSION_WEIGHT * np.clip(reached, 0, None))
    return normalize(np.power(expanded, DAMPING, dtype=np.float32))


def _fixed_sample(indices: np.ndarray, size: int) -> np.ndarray:
    """At most `size` of `indices`, in order, the same ones for the same input."""
    if len(indices) <= size:
        return indices
    return np.sort(np.random.default_rng(SEED).choice(indices, size, replace=False))


def _factorise(matrix, k: int, max_iter: int = 300, tol: float = 1e-4):
    model = NMF(n_components=k, init="nndsvda", random_state=SEED, max_iter=max_iter, tol=tol)
    with warnings.catch_warnings():
        # A factorisation that stops at max_iter still ranks topics well enough here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    return model, weights


def choose_k(matrix) -> int:
    """The number of themes with the best cosine silhouette, on a fixed sample.

    The factorisations of the search use the sample's most common features and fewer
    iterations: enough to rank k, about ten times faster than full fits.
    """
    matrix = matrix[_fixed_sample(np.arange(matrix.shape[0]), SAMPLE_FOR_K)]
    frequent = np.sort(np.argsort(-(matrix > 0).sum(axis=0), kind="stable")[:SEARCH_FEATURES])
    reduced = matrix[:, frequent]
    unit = normalize(matrix)
    distances = np.clip(1.0 - unit @ unit.T, 0.0, None)  # cosine, once for every k
    np.fill_diagonal(distances, 0.0)
    best_k, best_score = 2, -1.0
    for k in K_RANGE:
        if k >= matrix.shape[0] or k > reduced.shape[1]:
            break
        _, weights = _factorise(reduced, k, max_iter=SEARCH_ITERATIONS, tol=1e-3)
        labels = weights.argmax(axis=1)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(distances, labels, metric="precomputed")
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def _topics(matrix, k: int | None):
    """Fit k topics (k=None: chosen) on the expanded texts and give each text its weights.

    Large rounds fit on a fixed sample and place every text on the topics found, a block
    at a time, so memory stays bounded by the block and the sample.
    """
    n = matrix.shape[0]
    sample = _fixed_sample(np.arange(n), FIT_SAMPLE)
    expansion = _expansion(matrix, sample)
    fitted = _expanded(matrix[sample], expansion)
    if k is None:
        k = choose_k(fitted)
    k = max(1, min(k, n - 1, fitted.shape[1]))
    model, weights = _factorise(fitted, k)
    if n > FIT_SAMPLE:
        weights = np.vstack([model.transform(_expanded(matrix[i:i + BLOCK], expansion))
                             for i in range(0, n, BLOCK)])
    return k, weights, model.components_, expansion.common


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


def _everything(texts: list[str]) -> SuggestedTheme:
    return SuggestedTheme(list(range(len(texts))), [], list(range(min(3, len(texts)))),
                          titles.title(texts[:TITLE_MEMBERS], []))


def _rest(texts: list[str], labels, topic: int) -> list[str]:
    """The other themes' texts a title is set against: a fixed sample in large rounds."""
    return [texts[i] for i in _fixed_sample(np.flatnonzero(labels != topic), TITLE_OTHERS)]


def suggest(texts: list[str], k: int | None = None) -> list[SuggestedTheme]:
    """Group `texts` into themes; largest theme first. k=None chooses the number itself."""
    if not texts:
        return []
    if len(texts) < 4:
        return [_everything(texts)]
    stemmed = [" ".join(swedish.stems(t)) or "_" for t in texts]
    matrix, vocabulary = _features(stemmed)
    if matrix.nnz == 0:  # nothing but stop words, symbols or emoji
        return [_everything(texts)]
    k, weights, components, common = _topics(matrix, k)
    labels = weights.argmax(axis=1)
    surface = _surface_forms(texts)
    n_words = len(vocabulary)
    words = np.flatnonzero(common < n_words)  # the topic's terms that are whole stems

    themes, readings = [], {}
    for topic in range(k):
        members = [int(i) for i in np.flatnonzero(labels == topic)]
        if not members:
            continue
        top_terms = words[np.argsort(-components[topic][words], kind="stable")[:8]]
        keywords = [surface.get(vocabulary[common[i]], vocabulary[common[i]]) for i in top_terms
                    if components[topic][i] > 0]
        typical = sorted(members, key=lambda i: (-weights[i, topic], i))
        title = titles.title([texts[i] for i in typical[:TITLE_MEMBERS]],
                             _rest(texts, labels, topic), keywords, readings)
        themes.append(SuggestedTheme(members, keywords, typical[:3], title))
    themes.sort(key=lambda t: (-len(t.members), t.members[0]))
    return themes


def labels_of(themes: list[SuggestedTheme], count: int) -> list[int]:
    """The theme number of each text, for scoring against known labels."""
    labels = [-1] * count
    for number, theme in enumerate(themes):
        for i in theme.members:
            labels[i] = number
    return labels
