"""Translating segments through an engine that alters markup: a failed batch costs only its faulty lines.

Real engines drop inline tags, put spaces inside them, run two lines of a batch
together and translate placeholders. Every answer is checked, and a line that
fails goes down a fixed ladder, the same on every run:

1. in its batch (one request for many lines);
2. alone, with its Latin names and numbers protected as placeholders;
3. alone and unprotected, accepted when its names and numbers come back (when
   the placeholders were what got lost);
4. piecewise: each text run between its inline tags translated on its own and
   reassembled with the source's own tags (kept `#, fuzzy`, with a note);
5. missing, with the last error, for the report.

A segment too long for one request is cut at sentence ends first. Nothing
here stores a translation whose tags differ from the source's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..retrying import ProviderError, StopRun
from .protection import (
    DroppedTokens,
    accept,
    accept_unprotected,
    is_tag,
    needs_words,
    protect,
    runs,
    split_long,
    western_punctuation,
)
from .segments import MarkupError, check_translation

PIECEWISE_NOTE = "machine translation assembled piecewise (the engine lost the inline tags): review it"


class BatchMismatch(Exception):
    """A batch came back with another number of lines than it was sent."""


@dataclass
class Outcome:
    source: str
    target: str | None
    notes: list[str] = field(default_factory=list)
    error: str = ""


@dataclass(kw_only=True)
class Engine:
    """What the ladder needs of a provider: one request for some lines, and whether lines fit in one."""

    name: str  # as the user chose it: google, libre, openai…
    origin: str  # as the memory records it: google, openai/MODEL
    send: Callable[[list[str]], list[str]]  # raises BatchMismatch, ProviderError
    fits: Callable[[list[str]], bool]  # whether lines make one batch (the batch size asked for)
    fits_alone: Callable[[str], bool]  # whether a line is within the provider's own limit (else it is cut)
    counter: Callable[[], int]  # requests sent so far

    @property
    def requests(self) -> int:
        return self.counter()


class Translator:
    def __init__(self, engine: Engine):
        self.engine = engine

    def _fits_alone(self, text: str) -> bool:
        return self.engine.fits_alone(protect(text)[0])

    def requests_for(self, sources: list[str]) -> list[list[str]]:
        """Sources grouped in order into batches that fit one request (a source too long goes alone)."""
        groups: list[list[str]] = []
        for source in sources:
            candidate = [*groups[-1], source] if groups else None
            if candidate and self.engine.fits([protect(s)[0] for s in candidate]):
                groups[-1] = candidate
            else:
                groups.append([source])
        return groups

    def translate(self, sources: list[str]) -> list[Outcome]:
        """One outcome per source, in order. Raises ProviderError only when the engine cannot be reached."""
        parts = {source: split_long(source, self._fits_alone) for source in sources}
        whole = [source for source in sources if len(parts[source]) == 1]
        done = dict(zip(whole, self._batch(whole), strict=True)) if whole else {}
        for source in sources:
            if source not in done:
                done[source] = self._in_parts(source, parts[source])
        return [done[source] for source in sources]

    def _batch(self, texts: list[str]) -> list[Outcome]:
        protected = [protect(text) for text in texts]
        answers: list[str] | None = None
        if len(texts) > 1:
            try:
                answers = self.engine.send([p for p, _ in protected])
            except StopRun:
                raise
            except (BatchMismatch, ProviderError):  # a failed batch costs only its faulty lines
                answers = None
        outcomes = []
        for n, text in enumerate(texts):
            if answers is not None:
                try:
                    outcomes.append(Outcome(text, accept(text, answers[n], protected[n][1])))
                    continue
                except MarkupError:
                    pass
            outcomes.append(self._alone(text, protected[n]))
        return outcomes

    def _one(self, text: str) -> str:
        return self.engine.send([text])[0]

    def _rung(self, answer: Callable[[], str]) -> tuple[str | None, Exception | None]:
        """One rung: the accepted answer, or why it was refused (a ProviderError ends the ladder)."""
        try:
            return answer(), None
        except (MarkupError, BatchMismatch) as error:
            return None, error

    def _alone(self, text: str, protected: tuple[str, dict[int, str]]) -> Outcome:
        try:
            target, last = self._rung(lambda: accept(text, self._one(protected[0]), protected[1]))
            if target is None and isinstance(last, DroppedTokens):  # the placeholders were what got lost
                target, last = self._rung(lambda: accept_unprotected(text, self._one(text)))
        except StopRun:
            raise
        except ProviderError as error:
            return Outcome(text, None, error=str(error))
        if target is not None:
            return Outcome(text, target)
        if any(is_tag(part) for part in runs(text)):
            return self._piecewise(text, last)
        return Outcome(text, None, error=str(last))

    def _piecewise(self, text: str, last: Exception) -> Outcome:
        parts = runs(text)
        wanted = list(dict.fromkeys(p for p in parts if not is_tag(p) and needs_words(p)))
        pieces = dict(zip(wanted, self.translate(wanted), strict=True)) if wanted else {}  # a long run is cut too
        failed = [outcome for outcome in pieces.values() if outcome.target is None]
        if failed:
            return Outcome(text, None, error=f"{last}; piecewise: {failed[0].error}")
        assembled = _join(
            [
                part if is_tag(part) else pieces[part].target.strip() if part in pieces else western_punctuation(part)
                for part in parts
            ]
        )
        try:
            check_translation(text, assembled)
        except MarkupError as error:
            return Outcome(text, None, error=f"{last}; piecewise: {error}")
        return Outcome(text, assembled, notes=[PIECEWISE_NOTE])

    def _in_parts(self, source: str, parts: list[str]) -> Outcome:
        """A segment longer than one request: its sentences translated as segments of their own, then joined."""
        numbered = [_renumber(part) for part in parts]
        outcomes = self._batch_all([text for text, _ in numbered])
        failed = [outcome for outcome in outcomes if outcome.target is None]
        if failed:
            return Outcome(source, None, error=f"a part of a long segment failed: {failed[0].error}")
        joined = _join(
            [_number_back(outcome.target, mapping) for outcome, (_, mapping) in zip(outcomes, numbered, strict=True)],
            between=True,
        )
        try:
            check_translation(source, joined)
        except MarkupError as error:
            return Outcome(source, None, error=f"the parts of a long segment do not fit together: {error}")
        notes = list(dict.fromkeys(note for outcome in outcomes for note in outcome.notes))
        return Outcome(source, joined, notes=notes)

    def _batch_all(self, texts: list[str]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for group in self.requests_for(texts):
            outcomes += self._batch(group)
        return outcomes


_NUMBER = re.compile(r"<(/?)(\d+)(/?)>")
_TAGS = re.compile(r"<[^>]*>")
_VOID = re.compile(r"<\d+/>")


def _visible(text: str) -> str:
    """The text a reader sees, for spacing: a void tag (code, a line break) counts as a word."""
    return _TAGS.sub("", _VOID.sub("x", text))


_WORD_END = re.compile(r"[A-Za-z0-9.,;:!?)\]”’%]$")
_WORD_START = re.compile(r"[A-Za-z0-9(“‘\[]")


def _renumber(part: str) -> tuple[str, dict[int, int]]:
    """A part of a segment with its tags numbered from 1, as a segment of its own; and the way back."""
    mapping: dict[int, int] = {}

    def swap(match: re.Match) -> str:
        number = int(match.group(2))
        local = mapping.setdefault(number, len(mapping) + 1)
        return f"<{match.group(1)}{local}{match.group(3)}>"

    return _NUMBER.sub(swap, part), {local: number for number, local in mapping.items()}


def _number_back(text: str, mapping: dict[int, int]) -> str:
    return _NUMBER.sub(lambda m: f"<{m.group(1)}{mapping[int(m.group(2))]}{m.group(3)}>", text)


def _join(pieces: list[str], between: bool = False) -> str:
    """English pieces put back together, with a space where two words would otherwise touch.

    The space goes before any opening tags (`word <1>bold</1>`, not `word<1> bold</1>`); `between`
    puts one between every two pieces that have text (the sentences of a long segment).
    """
    out = ""
    for piece in pieces:
        text, before = _visible(piece), _visible(out)
        if text and before and not before.endswith(" ") and not text.startswith(" "):
            touching = _WORD_END.search(before) and _WORD_START.match(text)
            if between or touching:
                opening = re.search(r"(?:<\d+>)*$", out)
                out = out[: opening.start()] + " " + out[opening.start() :]
        out += piece
    return out.strip()
