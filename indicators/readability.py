"""Plain-language signals for French text: words, sentences, syllables and a readability score.

The score is Flesch's reading ease as adapted to French by Kandel and Moles (1958)::

    L = 207 − 1,015 × (mots / phrases) − 73,6 × (syllabes / mots)

Higher is easier (about 60 to 70 for everyday prose, below 50 « difficile », below 30 « très
difficile »). Syllables are counted by a documented heuristic, not a dictionary: each group of
consecutive vowels (``aeiouy`` with French accents, ``œ``, ``æ``) is one syllable, and a final mute
« e » or « es » after a consonant is not counted when the word has another vowel group
(« table » 1, « participation » 5). The heuristic undercounts split vowels (« créa » 1) and so
errs towards an easier score: the score is a signal to reread, never a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?…;:]+(?=\s|$)")
VOWEL_GROUP = re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]+")
MUTE_ENDING = re.compile(r"(?<=[^aeiouyàâäéèêëîïôöùûüœæ])es?$")

# Kandel & Moles (1958) constants of the French adaptation of Flesch's reading ease.
BASE, PER_WORD_IN_SENTENCE, PER_SYLLABLE_IN_WORD = 207.0, 1.015, 73.6


def words(text: str) -> list[str]:
    """The words of ``text``: letters, with apostrophes and hyphens inside (« l'enquête », « peut-être »)."""
    return WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Sentences: pieces ending with . ! ? … ; or :, a last piece without such an ending counts too."""
    return [piece for piece in (p.strip() for p in SENTENCE_END.split(text)) if words(piece)]


def syllables(word: str) -> int:
    """Syllables of a French word by the vowel-group heuristic (at least 1)."""
    lower = word.lower().replace("’", "'")
    count = 0
    for part in re.split(r"['\-]", lower):
        groups = len(VOWEL_GROUP.findall(part))
        if groups > 1 and MUTE_ENDING.search(part):
            groups -= 1
        count += groups
    return max(count, 1)


@dataclass(frozen=True)
class Readability:
    """Counts and the Kandel–Moles score of a text (``score`` is None for a text without words)."""

    words: int
    sentences: int
    syllables: int
    longest_sentence: int  # in words

    @property
    def score(self) -> float | None:
        if not self.words:
            return None
        return BASE - PER_WORD_IN_SENTENCE * self.words / max(self.sentences, 1) - PER_SYLLABLE_IN_WORD * self.syllables / self.words


def readability(text: str) -> Readability:
    """Words, sentences, syllables and the longest sentence of ``text``."""
    pieces = sentences(text)
    all_words = words(text)
    return Readability(words=len(all_words), sentences=max(len(pieces), 1 if all_words else 0),
                       syllables=sum(syllables(w) for w in all_words), longest_sentence=max((len(words(p)) for p in pieces), default=0))
