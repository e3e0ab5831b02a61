"""Reading a free-text answer: sentences, quotations and words. Plain functions, no models."""

import bisect
import re
from collections.abc import Iterator

# Curly apostrophes and quotes typed on phones and in word processors read as straight ones.
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

# A quotation opens after a space, a bracket or a colon (not inside a word, so "mum's" is no quote)
# and closes before a space or punctuation; the words between may hold apostrophes ("don't").
_MARK = re.compile(r"""["']""")
_OPENS_AFTER = set(" \t\r\n([:—-")
_CLOSES_BEFORE = set(" \t\r\n.,;:!?)]—-")
QUOTATION_LIMIT = 1000  # characters: no quotation is longer
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-z0-9']+")


def straight(text: str | None) -> str:
    """Curly quotes made straight, character for character, so positions still match the answer."""
    return (text or "").translate(_STRAIGHT)


def plain(text: str | None) -> str:
    return straight(text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def quotations(text: str) -> list[tuple[int, int]]:
    """Where someone's own words are quoted: (start, end) of each quotation, marks included. Each
    opening mark pairs with the next closing mark of its kind, found by bisection, so an answer full
    of stray quote marks still takes linear time."""
    openings, closings = [], {'"': [], "'": []}
    for match in _MARK.finditer(text):
        at, mark = match.start(), match.group()
        before, after = text[at - 1 : at] or " ", text[at + 1 : at + 2] or " "
        if before in _OPENS_AFTER and (after.isalnum() or after == "_"):
            openings.append((at, mark))
        if (before.isalnum() or before in "_.!?,") and after in _CLOSES_BEFORE:
            closings[mark].append(at)
    spans: list[tuple[int, int]] = []
    for opened, mark in openings:
        if spans and opened < spans[-1][1]:
            continue  # inside the quotation before
        ends = closings[mark]
        n = bisect.bisect_right(ends, opened + 1)
        if n < len(ends) and ends[n] - opened <= QUOTATION_LIMIT:
            spans.append((opened, ends[n] + 1))
    return spans


def lowered(text: str) -> str:
    """Lower case, character for character (a letter whose lower case is longer is left alone), so
    positions found in it are positions in `text`."""
    whole = text.lower()
    if len(whole) == len(text):
        return whole
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _joined(neighbour: str) -> bool:
    """Whether the character next to a phrase makes it part of a longer word."""
    return bool(neighbour) and (neighbour.isalnum() or neighbour in "-_")


def phrase_at(text_lowered: str, phrase: str) -> list[tuple[int, int]]:
    """Where `phrase` (lower case) stands as whole words in the lowered text: not inside a longer
    word or a hyphenated one ("inappropriately" is not "inappropriate")."""
    found, at = [], text_lowered.find(phrase)
    while at != -1:
        end = at + len(phrase)
        if not _joined(text_lowered[at - 1 : at]) and not _joined(text_lowered[end : end + 1]):
            found.append((at, end))
        at = text_lowered.find(phrase, at + 1)
    return found


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def sentences(text: str) -> list[str]:
    """Sentences, split at a full stop, question or exclamation mark, or a new line."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def normalised(text: str) -> str:
    """An answer compared with a list of generic answers: lower case, no punctuation at the ends."""
    return re.sub(r"\s+", " ", plain(text).lower()).strip(" .,;:!-–—\"'")


def search_any(patterns: list[re.Pattern], text: str) -> re.Match | None:
    return next((match for pattern in patterns if (match := pattern.search(text))), None)


def neighbourhoods(parts: list[str]) -> Iterator[tuple[str, str]]:
    """Each sentence with the sentences either side of it, where evidence for it may sit."""
    for n, part in enumerate(parts):
        yield part, " ".join(parts[max(0, n - 1) : n + 2])
