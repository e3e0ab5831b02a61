"""Reading a free-text answer: sentences, quotations and words. Plain functions, no models."""

import re
from collections.abc import Iterator

# Curly apostrophes and quotes typed on phones and in word processors read as straight ones.
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

# A quotation opens after a space, a bracket or a colon (not inside a word, so "mum's" is no quote)
# and closes before a space or punctuation; the words between may hold apostrophes ("don't").
QUOTATION = re.compile(r"""(?:(?<=^)|(?<=[\s(\[:—-]))(["'])(?=\w)(.+?)(?<=[\w.!?,])\1(?=[\s.,;:!?)\]—-]|$)""", re.S)
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
    """Where someone's own words are quoted: (start, end) of each quotation, marks included."""
    return [match.span() for match in QUOTATION.finditer(text) if len(words(match.group(2))) >= 1]


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
