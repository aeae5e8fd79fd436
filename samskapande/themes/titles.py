"""Theme titles a facilitator can keep: a short noun phrase in the residents' own words.

A title is the phrase of one to four words (a preposition may join them: "resor till
vården") that the theme's texts use much more often than the rest of the round, in the
form people wrote it most. Words are counted by their stems, so "bussen" and "bussar"
count together. Without a Swedish part-of-speech tagger on the server, nouns are told
from verbs and adjectives by the words around them: "till bussen", "min tandläkare" and
the definite ending of "hemtjänsten" speak for a noun; "jag ringer", "att ringa" and
"är dyr" against. Words that say nothing on their own ("samma", "varje", "ny") are
those on a short list or among the most frequent words of the language (wordfreq's
Zipf frequency, measured on film subtitles, Wikipedia and the web); they may stand
inside a longer phrase ("tid hos tandläkaren") but never make up a title alone. When no
phrase stands out, the two most telling words make one: "Bussar och färdtjänst".
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from wordfreq import zipf_frequency

from samskapande.core import swedish

MAX_PHRASE = 4  # words in a candidate phrase, prepositions included
# Zipf frequency (log10 of uses per billion words) from which a word is everyday
# language. Measured on the words of bench/data/rural-care-needs.tsv: "samma" 5.85,
# "varje" 5.79, "svårt" 5.58, "hjälp" 5.53 above; "kommun" 5.20, "personal" 4.70,
# "buss" 4.60 below. English words are more frequent in wordfreq's data ("care" 5.56).
COMMON = {"sv": 5.3, "en": 5.6}

GENERIC = {
    "sv": frozenset("""
        samma varje ny nya nytt bra dålig dåligt dåliga få gång gånger saker sak folk
        människor människa person personer dag dagar dagen dagarna år året åren tid tiden
        svårt svår lätt stor stora liten lilla små problem bättre sämre viktigt viktig fler flera
        många hel hela halv annan andra egen eget olika enda vanlig vanliga lång långt
        länge kort nära själv själva
        gången vecka veckor veckan månad månader månaden timme timmen timmar minut minuter
        mil km kr kronor morgon morgonen kväll kvällen natt natten förmiddag eftermiddag
        mamma pappa mor far man fru son dotter barn barnen bror syster farmor mormor
        granne grannen
        en ett två tre fyra fem sex sju åtta nio tio tjugo
        """.split()),
    "en": frozenset("""
        same every new good bad get got one two three time times day days year years thing
        things people person lot lots big small little hard easy better worse problem
        problems different other own long short many much
        """.split()),
}
# Words the shared stop lists leave in that are no content either: spoken and dialect
# forms ("dom", "int", "hä"), adverbs, modal verbs and the rarer prepositions.
FUNCTION = {
    "sv": frozenset("""
        dom nån nåt nånting int hä sen sånt sånn sådan sådana dit hit ut in upp ner fram
        bort hem igen ändå redan väl alls helt ens tillbaka kvar ibland ofta alltid aldrig
        borde vore bör kunna kunde brukar ingenting inget sig själv iväg istället
        inom bland kring enligt förbi bredvid trots utom åt per exempel
        """.split()),
    "en": frozenset("""
        all any some very just only also too even still again really always never its
        their them us me him her his one got get getting
        """.split()),
}
LINKS = {  # prepositions that may join the words of a noun phrase
    "sv": frozenset("till hos i på för med från om av vid via".split()),
    "en": frozenset("to at in on for with from of".split()),
}
# The words before a noun: articles, possessives, quantifiers and prepositions.
BEFORE_NOUN = {
    "sv": frozenset("""
        en ett min mitt mina din ditt dina vår vårt våra er ert era hans hennes deras sin
        sitt sina denna detta dessa ingen inget inga någon något några varje samma fler
        flera många alla till på hos med i från av vid efter utan mot under genom över via
        åt
        """.split()),
    "en": frozenset("a an the my our your their his her its this these those no every".split()),
}
# The words before a verb: subject pronouns, "att" and the modal verbs.
BEFORE_VERB = {
    "sv": frozenset("""
        jag du han hon vi ni de dom man hen som att kan ska skulle vill måste borde kunna
        brukar orkar hinner vågar slipper inte int
        """.split()),
    "en": frozenset("i we you they he she it to can will must should would could".split()),
}
# The words before an adjective: the copulas.
BEFORE_ADJECTIVE = {
    "sv": frozenset("är blir blev var vara bli känns kändes verkar blivit varit".split()),
    "en": frozenset("is are was were be been feels seems".split()),
}
DEFINITE_ENDINGS = ("arna", "erna", "orna", "rnas", "en", "et", "ens", "ets")
# The spoken definite ending without its vowel, "bussn" for "bussen"; "barn" and
# "doktorn" are written so.
SPOKEN_DEFINITE = ("arn", "sn", "ln", "tn")
ADJECTIVE_ENDINGS = ("ig", "iga", "igt", "lig", "liga", "ligt", "isk", "iska", "iskt",
                     "alt", "ellt", "ivt")


@dataclass
class _Usage:
    """What the neighbours of a word say about its part of speech, over a round."""

    noun: float = 0.0
    verb: float = 0.0
    adjective: float = 0.0

    def add(self, other: _Usage) -> None:
        self.noun += other.noun
        self.verb += other.verb
        self.adjective += other.adjective

    def __bool__(self) -> bool:
        return bool(self.noun or self.verb or self.adjective)


@dataclass
class _Phrase:
    members: set[int] = field(default_factory=set)  # the member texts that use it
    others: set[int] = field(default_factory=set)
    forms: Counter = field(default_factory=Counter)  # as written, most common first


class _Language:
    """How words are read in one language: stems, content words, phrases, parts of speech."""

    def __init__(self, language: str):
        self.language = language

    # -- reading -------------------------------------------------------------------

    def read(self, text: str):
        """The content words of `text` (form, stem, usage) and its candidate phrases (key,
        form as written); the same for every theme, so read once per text (`readings`)."""
        tokens = _tokens(text, self.language)
        lower = [w for w, _ in tokens]
        words = tuple((word, self.stem(word), self._usage(lower, i))
                      for i, word in enumerate(lower) if self.is_content(word))
        phrases = []
        for start in range(len(tokens)):
            for end in range(start + 1, min(start + MAX_PHRASE, len(tokens)) + 1):
                span = lower[start:end]
                if not self._joins(span):
                    if not (self.is_content(span[-1]) or self.is_link(span[-1])):
                        break  # every longer span holds the same stop word
                    continue
                phrases.append((tuple(w if self.is_link(w) else self.stem(w) for w in span),
                                " ".join(shown for _, shown in tokens[start:end])))
        return words, tuple(phrases)

    def stem(self, word: str) -> str:
        stem = swedish.stem(word, self.language)
        if self.language == "sv" and len(stem) >= 6 and stem.endswith("et"):
            stem = stem[:-2]  # Snowball keeps the "-et" of "larmet" and "boendet"
        return stem

    def is_link(self, word: str) -> bool:
        return word in LINKS[self.language]

    def is_content(self, word: str) -> bool:
        return (len(word) > 1 and not word.isdigit() and word not in swedish.STOPWORDS
                and word not in FUNCTION[self.language] and word not in LINKS[self.language])

    def _joins(self, span: list[str]) -> bool:
        """Whether `span` reads as a phrase: content words, prepositions only inside."""
        return (self.is_content(span[0]) and self.is_content(span[-1])
                and all(self.is_content(w) or self.is_link(w) for w in span[1:-1])
                and not any(self.is_link(a) and self.is_link(b)
                            for a, b in zip(span, span[1:], strict=False)))

    def _usage(self, lower: list[str], i: int) -> _Usage:
        """What the neighbours of `lower[i]`, and its ending, say it is."""
        word, language, usage = lower[i], self.language, _Usage()
        before = lower[i - 1] if i else ""
        after = lower[i + 1] if i + 1 < len(lower) else ""
        swedish_ = language == "sv"
        if before in BEFORE_NOUN[language]:
            if self.is_content(after) and word.endswith(ADJECTIVE_ENDINGS + ("a", "t", "e")):
                usage.adjective += 1  # "en fast läkare": the noun is the word after
            else:
                usage.noun += 1
        elif before in BEFORE_VERB[language]:
            usage.verb += 1
        elif before in BEFORE_ADJECTIVE[language] and not _definite(word, language):
            usage.adjective += 1
        elif swedish_ and before in ("har", "hade") and word.endswith(("at", "it")):
            usage.verb += 1  # the supine: "har frågat"
        elif swedish_ and _definite(before, language) and word.endswith("r"):
            usage.verb += 1  # "hemtjänsten skickar": a noun seldom follows a noun
        if _definite(word, language):
            usage.noun += 1
        if swedish_ and word.endswith(ADJECTIVE_ENDINGS):
            usage.adjective += 1
        if swedish_ and word.endswith("as") and not word.endswith("rnas"):
            usage.verb += 1  # the passive: "saknas", "plogas"
        return usage


class _Round(_Language):
    """The words of one round, read for the phrases of one theme in it."""

    def __init__(self, members: Sequence[str], others: Sequence[str], readings: dict):
        super().__init__(swedish.language_of([w for t in members for w in swedish.words(t)]))
        self.n_members, self.n_others = len(members), len(others)
        self.phrases: dict[tuple[str, ...], _Phrase] = defaultdict(_Phrase)
        self.usage_of_form: dict[str, _Usage] = defaultdict(_Usage)
        self.usage_of_stem: dict[str, _Usage] = defaultdict(_Usage)
        # the member and the other texts that use each word as written
        self.texts_of_word: dict[str, tuple[set[int], set[int]]] = defaultdict(
            lambda: (set(), set()))
        for number, text in enumerate(members):
            self._add(self._reading(text, readings), number, member=True)
        for number, text in enumerate(others):
            self._add(self._reading(text, readings), number, member=False)
        self._words = sorted(self.texts_of_word)
        self._reversed = sorted(w[::-1] for w in self._words)

    def _reading(self, text: str, readings: dict):
        key = (text, self.language)
        if key not in readings:
            readings[key] = self.read(text)
        return readings[key]

    def _add(self, reading, number: int, member: bool) -> None:
        words, phrases = reading
        for word, stem, usage in words:
            self.usage_of_form[word].add(usage)
            self.usage_of_stem[stem].add(usage)
            self.texts_of_word[word][0 if member else 1].add(number)
        for key, shown in phrases:
            phrase = self.phrases[key]
            if member:
                phrase.members.add(number)
                phrase.forms[shown] += 1
            else:
                phrase.others.add(number)

    # -- judging -------------------------------------------------------------------

    def is_generic(self, word: str, stem: str) -> bool:
        return (word in GENERIC[self.language] or stem in _generic_stems(self.language)
                or zipf_frequency(word, self.language) >= COMMON[self.language])

    def usage(self, word: str, stem: str) -> _Usage:
        return self.usage_of_form.get(word) or self.usage_of_stem[stem]

    def nounness(self, word: str, stem: str) -> float:
        """1 for a word used as a noun, 0 for a verb or an adjective, between when unsure."""
        usage = self.usage(word, stem)
        if usage.noun > usage.verb + usage.adjective:
            return 1.0
        if usage.verb > usage.noun or usage.adjective > usage.noun:
            return 0.0
        if self.language == "sv" and word.endswith(("ar", "er", "de", "te", "at", "it")):
            return 0.4  # as often a verb ("dricker") as a plural noun
        return 0.6

    def shown(self, key: tuple[str, ...]) -> str:
        return self.phrases[key].forms.most_common(1)[0][0]

    def score(self, key: tuple[str, ...]) -> float:
        """How well the phrase names the theme: typical of it, headed by a noun."""
        words = self.shown(key).lower().split()
        content = [(w, s) for w, s in zip(words, key, strict=True) if not self.is_link(w)]
        if all(self.is_generic(w, s) for w, s in content) or self.is_generic(words[-1], key[-1]):
            return 0.0
        if len(words) > 1 and not self.is_link(words[1]) and self.is_generic(words[0], key[0]):
            return 0.0  # "samma personal", but "tid hos tandläkaren"
        if any(self.usage(w, s).verb > self.usage(w, s).noun for w, s in content):
            return 0.0
        linked = next((i for i, w in enumerate(words) if self.is_link(w)), len(words))
        head = linked - 1  # "resor till vården", "hemtjänstens personal"
        if any(self.nounness(words[i], key[i]) == 0.0
               for i in range(linked + 1, len(words)) if not self.is_link(words[i])):
            return 0.0  # what follows a preposition is a noun phrase too
        members, others = self.support(key)
        length = 1 + 0.3 * (len(content) - 1)
        return (self._typicality(members, others) * self.nounness(words[head], key[head])
                * length)

    def support(self, key: tuple[str, ...]) -> tuple[set[int], set[int]]:
        """The texts that use the phrase; a word also in the compounds that begin or end
        with it ("anhörig" in "anhörigstödet", "larmet" in "trygghetslarmet")."""
        phrase = self.phrases[key]
        if len(key) > 1:
            return phrase.members, phrase.others
        members, others = set(phrase.members), set(phrase.others)
        for form in {f.lower() for f in phrase.forms} | {key[0]}:
            compounds = [w[::-1] for w in _starting(self._reversed, form[::-1])
                         if len(form) >= 4]
            if len(form) >= 5:  # "psyk" begins too much: "psykolog", "psykiatrin"
                compounds += _starting(self._words, form)
            for compound in compounds:
                if len(compound) >= len(form) + 3:
                    members |= self.texts_of_word[compound][0]
                    others |= self.texts_of_word[compound][1]
        return members, others

    def _typicality(self, members: set[int], others: set[int]) -> float:
        """Share of the theme's texts that use it, weighed by how much rarer it is elsewhere."""
        share = len(members) / self.n_members
        elsewhere = (len(others) + 0.5) / (self.n_others + 1)
        return share * math.log2(1 + share / elsewhere)


def title(members: Sequence[str], others: Sequence[str], keywords: Sequence[str] = (),
          readings: dict | None = None) -> str:
    """A title of two to five words for the theme of `members`, set against the rest of
    the round's texts, `others`: a phrase the theme shares, else "X och Y".

    Of words as telling, those among `keywords` (the engine's, most telling first) come
    first. A theme of nothing but filler, stop words and numbers gets no title ("").
    The titles of one round's themes share `readings` (a dict), so each text is read once.
    """
    if not members:
        return ""
    round_ = _Round(members, others, {} if readings is None else readings)
    shared = 2 if len(members) > 1 else 1  # one person's wording is not the theme's
    rank = {round_.stem(w.lower()): i for i, w in reversed(list(enumerate(keywords)))}
    scored = sorted(
        ((score, key, len(round_.support(key)[0])) for key, phrase in round_.phrases.items()
         if phrase.members and (score := round_.score(key)) > 0),
        key=lambda item: (-item[0], rank.get(item[1][0], len(rank)), item[1]))
    phrases = [(score, key) for score, key, n in scored if len(key) > 1 and n >= shared]
    singles = [(score, key) for score, key, n in scored if len(key) == 1
               and not round_.is_generic(round_.shown(key).lower(), key[0])]
    telling = [item for item in singles if len(round_.support(item[1])[0]) >= shared]
    if phrases and (not telling or phrases[0][0] >= 0.5 * telling[0][0]):
        return _capitalised(round_.shown(phrases[0][1]))
    once = [item for item in singles if item not in telling]
    pair = [round_.shown(key) for key in _unrelated([key for _, key in telling + once])[:2]]
    return _capitalised(f" {_and(round_.language)} ".join(pair))


def _unrelated(keys: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The words in order, without those that are compounds of a word before them."""
    kept: list[tuple[str, ...]] = []
    for key in keys:
        if not any(key[0].startswith(k[0]) or key[0].endswith(k[0])
                   or k[0].startswith(key[0]) or k[0].endswith(key[0]) for k in kept):
            kept.append(key)
    return kept


def _starting(ordered: list[str], prefix: str) -> list[str]:
    start = bisect.bisect_left(ordered, prefix)
    end = bisect.bisect_left(ordered, prefix + "\uffff")
    return ordered[start:end]


@cache
def _generic_stems(language: str) -> frozenset[str]:
    return frozenset(swedish.stem(w, language) for w in GENERIC[language])


def _tokens(text: str, language: str) -> list[tuple[str, str]]:
    """Each word lower-cased, and as it is shown: lower-cased too unless an abbreviation
    ("BVC") or a name ("Sollefteå"); the spoken Swedish "bussn" as the written "bussen"."""
    found = swedish.WORD.findall(text or "")
    tokens = []
    for i, word in enumerate(found):
        keep = (len(word) > 1 and word.isupper()) or (i > 0 and word != word.lower()) or (
            any(c.isupper() for c in word[1:]))
        written = _written(word.lower()) if language == "sv" else word.lower()
        tokens.append((written, word if keep else written))
    return tokens


def _written(word: str) -> str:
    """The written form of a spoken Swedish definite ending: "bussn", "tandläkarn"."""
    if len(word) >= 5 and word.endswith(SPOKEN_DEFINITE) and word != "kvarn":
        return word[:-1] + "e" + word[-1]
    return word


def _definite(word: str, language: str) -> bool:
    return language == "sv" and len(word) >= 5 and word.endswith(DEFINITE_ENDINGS)


def _and(language: str) -> str:
    return "and" if language == "en" else "och"


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]
