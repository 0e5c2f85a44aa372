"""Grade a written answer by the claims it makes, not by the strings it contains.

The answer is cut into sentences and clauses. A rubric phrase matches when its words
appear in order (stemmed with the Snowball stemmer, a typo allowed in longer words, the
course's synonyms applied), at most two words apart. A match then counts only if

- it is not negated: an odd number of negating words (not, no, never, without, n't,
  rather than, instead of...) before it in its clause turns it into a denial;
- its subject is right: a concept that names a subject needs the nearest mention of a
  subject in its sentence to be that one ("collaborative filtering uses genres" does not
  show that content-based filtering does);
- for a misconception, it is asserted rather than reported ("some think that...").

An answer that makes a misconception is wrong; a list of terms is not an explanation;
and where the evidence is thin either way the grader says it is unsure, so the learner
judges their own answer against the model answer. Pure Python apart from two small
libraries (snowballstemmer, rapidfuzz), so grading takes a millisecond or two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from tutor.content.model import WrittenQuestion

Grade = Literal["right", "partial", "wrong", "unsure"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATORS = _words("not no never without cannot nor neither none nothing nobody hardly lacks lack")
NEGATING_PAIRS = (("rather", "than"), ("instead", "of"), ("no", "longer"), ("far", "from"))
# a clause that reports a claim rather than making it: "people think that more data ..."
REPORTING = _words(
    "think thinks thought believe believes believed assume assumes assumed myth "
    "misconception mistaken wrongly claim claims claimed intuition tempting"
)
CLAUSE_BREAKS = _words(
    "but because so since while whereas although though however therefore and then which unless yet"
)
PRONOUNS = _words("it they this that these those its their them")
# Words that carry grammar rather than content: an explanation has plenty, a list of terms
# has almost none.
FUNCTION_WORDS = _words(
    "a an the is are was were be been being am it its they them their this that these "
    "those to of in on at for with by from as so because and but or if then than when "
    "while which who what can could will would should may might must do does did has have "
    "had not no you your we our i my he she his her there here also just only very more "
    "less most even into onto about over under after before until up out off any all some "
    "each every how why get gets got make makes made"
)
ARTICLES = _words("a an the")

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?%?")
_SENTENCE_END = re.compile(
    r"(?<![a-z]\.[a-z])(?<!\be\.g)(?<!\bi\.e)[.!?]+(?=\s|$)|\n\s*\n|\n\s*[-*•]"
)
_CONTRACTIONS = (
    (re.compile(r"\bcan[’']?t\b"), "can not"),
    (re.compile(r"\bwon[’']?t\b"), "will not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"n[’']t\b"), " not"),
)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


@dataclass
class Token:
    word: str  # lowercased, as written
    stem: str
    sentence: int
    clause: int


def tokenize(text: str) -> list[Token]:
    """Words with their sentence and clause numbers; contractions opened (can't → can not)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    tokens: list[Token] = []
    sentence = clause = 0
    position = 0
    for part in _split_keep(text):
        if part is None:  # a sentence end
            sentence += 1
            clause += 1
            continue
        for piece in re.split(r"([,;:()\"—–]| - )", part):
            if re.fullmatch(r"[,;:()\"—–]| - ", piece or ""):
                clause += 1
                continue
            for m in _TOKEN.finditer(piece.replace("-", " ").replace("/", " ")):
                word = m.group()
                if word in CLAUSE_BREAKS and tokens and tokens[-1].clause == clause:
                    clause += 1
                tokens.append(Token(word, stem(word), sentence, clause))
                position += 1
    return tokens


def _split_keep(text: str) -> Iterable[str | None]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield text[start : m.start()]
        yield None
        start = m.end()
    yield text[start:]


# --- phrases, synonyms, typos ------------------------------------------------------------


def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokenize(phrase))


def _content(stems: tuple[str, ...]) -> tuple[str, ...]:
    """Articles come and go in learners' phrasing; every other word of a phrase counts."""
    kept = tuple(s for s in stems if s not in ARTICLES)
    return kept or stems


def expand(
    phrases: Iterable[str], synonyms: Sequence[Sequence[str]]
) -> tuple[tuple[str, ...], ...]:
    """Every phrase as stems, plus its variants with one synonym swapped for another."""
    groups = [[_phrase_stems(p) for p in group] for group in synonyms]
    out: dict[tuple[str, ...], None] = {}
    for phrase in phrases:
        stems = _phrase_stems(phrase)
        variants = {stems}
        for _ in range(2):  # a phrase may use two groups: "refit on pseudo labels"
            for variant in list(variants):
                for group in groups:
                    for member in group:
                        at = _find_run(variant, member)
                        if at < 0:
                            continue
                        for other in group:
                            if other != member:
                                variants.add(variant[:at] + other + variant[at + len(member) :])
        for variant in sorted(variants):
            out[_content(variant)] = None
    return tuple(p for p in out if p)


def _find_run(seq: tuple[str, ...], run: tuple[str, ...]) -> int:
    n = len(run)
    if not n:
        return -1
    for i in range(len(seq) - n + 1):
        if seq[i : i + n] == run:
            return i
    return -1


def _allowed_edits(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


class _Vocabulary:
    """Which answer stems stand for which rubric stems, typos included."""

    def __init__(
        self, tokens: Sequence[Token], wanted: Iterable[str], spellings: dict[str, str]
    ) -> None:
        """`wanted`: the stems the phrases use; `spellings`: their words as written → stem
        (a typo changes the stem more than the word: "validaton" stems to "validaton")."""
        from rapidfuzz.distance import Levenshtein

        wanted = set(wanted)
        self.matches: dict[int, set[str]] = {}
        cache: dict[tuple[str, str], set[str]] = {}
        for i, token in enumerate(tokens):
            key = (token.word, token.stem)
            if key not in cache:
                found = {token.stem} & wanted
                edits = _allowed_edits(token.word)
                if edits and not found:
                    for w in wanted:
                        if (
                            abs(len(w) - len(token.stem)) <= edits
                            and len(w) >= 4
                            and Levenshtein.distance(w, token.stem, score_cutoff=edits) <= edits
                        ):
                            found.add(w)
                    for written, w in spellings.items():
                        if (
                            w not in found
                            and abs(len(written) - len(token.word)) <= edits
                            and len(written) >= 5
                            and Levenshtein.distance(written, token.word, score_cutoff=edits)
                            <= edits
                        ):
                            found.add(w)
                cache[key] = found
            self.matches[i] = cache[key]


@dataclass(frozen=True)
class Match:
    start: int  # token index of the phrase's first word
    end: int  # token index of its last word
    negated: bool
    reported: bool


def _find(
    phrase: tuple[str, ...], tokens: Sequence[Token], vocab: _Vocabulary, gap: int = 2
) -> list[Match]:
    found = []
    first = phrase[0]
    for start, token in enumerate(tokens):
        if first not in vocab.matches[start]:
            continue
        position = start
        for wanted in phrase[1:]:
            nxt = next(
                (
                    j
                    for j in range(position + 1, min(position + gap + 2, len(tokens)))
                    if wanted in vocab.matches[j] and tokens[j].sentence == token.sentence
                ),
                None,
            )
            if nxt is None:
                break
            position = nxt
        else:
            found.append(
                Match(
                    start,
                    position,
                    _negated(tokens, start, position, phrase),
                    _reported(tokens, start),
                )
            )
    return found


def _negated(tokens: Sequence[Token], start: int, end: int, phrase: tuple[str, ...]) -> bool:
    """An odd number of negations in the match's clause before it, or between its words
    ("ML is not out" against the phrase "ML is out"); the phrase's own words aside."""
    clause = tokens[start].clause
    count = sum(1 for t in tokens[start + 1 : end] if t.word in NEGATORS and t.stem not in phrase)
    i = start - 1
    while i >= 0 and tokens[i].clause == clause and start - i <= 8:
        word = tokens[i].word
        if word == "without" and start - i > 3:
            pass  # "without the penalty the policy will exploit": a condition, not a denial
        elif word in NEGATORS:
            count += 1
        elif i > 0 and (tokens[i - 1].word, word) in NEGATING_PAIRS:
            count += 1
            i -= 1
        i -= 1
    return count % 2 == 1


def _reported(tokens: Sequence[Token], start: int) -> bool:
    sentence = tokens[start].sentence
    return any(
        t.word in REPORTING for t in tokens[max(0, start - 12) : start] if t.sentence == sentence
    )


# --- the verdict -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What the grader read in an answer, and its grade."""

    grade: Grade
    found: tuple[str, ...]  # concepts stated
    missed: tuple[str, ...]  # concepts not stated
    denied: tuple[str, ...] = ()  # concepts only ever negated
    misconceptions: tuple[str, ...] = ()  # wrong claims made
    keyword_list: bool = False
    reasons: tuple[str, ...] = field(default=())  # why this grade, for authors
    # (concept or claim, the words of the answer that stated it), for authors
    evidence: tuple[tuple[str, str], ...] = field(default=())

    @property
    def confident(self) -> bool:
        return self.grade != "unsure"


@dataclass(frozen=True)
class _Prepared:
    concepts: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]  # name, subject, phrases
    misconceptions: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]
    subjects: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    vocabulary: frozenset[str]  # every stem a phrase uses
    spellings: tuple[tuple[str, str], ...]  # each phrase word as written, and its stem
    topic: frozenset[str]  # content stems of the prompt, model answer and phrases


@lru_cache(maxsize=256)
def _prepare(question: WrittenQuestion) -> _Prepared:
    syn = question.synonyms
    concepts = tuple((c.concept, c.subject, expand(c.phrases, syn)) for c in question.rubric)
    misconceptions = tuple(
        (m.claim, m.subject, expand(m.phrases, syn)) for m in question.misconceptions
    )
    subjects = tuple((name, expand(phrases, syn)) for name, phrases in question.subjects)
    vocabulary = {s for _, _, phrases in concepts + misconceptions for p in phrases for s in p} | {
        s for _, phrases in subjects for p in phrases for s in p
    }
    topic = {
        t.stem
        for t in tokenize(f"{question.prompt} {question.model_answer}")
        if t.word not in FUNCTION_WORDS
    } | vocabulary
    texts = [p for c in question.rubric for p in c.phrases]
    texts += [p for m in question.misconceptions for p in m.phrases]
    texts += [p for _, phrases in question.subjects for p in phrases]
    texts += [p for group in question.synonyms for p in group]
    spellings = {t.word: t.stem for text in texts for t in tokenize(text) if t.stem in vocabulary}
    return _Prepared(
        concepts,
        misconceptions,
        subjects,
        frozenset(vocabulary),
        tuple(sorted(spellings.items())),
        frozenset(topic),
    )


def _subject_at(
    match: Match,
    tokens: Sequence[Token],
    mentions: list[tuple[int, str]],
) -> str | None:
    """The subject the claim at `match` is about: the nearest mention in its clause (or
    inside it), else the nearest before it in its sentence, else the nearest after it,
    else — when the sentence opens with a pronoun — the last one of the previous sentence."""
    first_token = tokens[match.start]
    clause = [(i, s) for i, s in mentions if tokens[i].clause == first_token.clause]
    if clause:
        return min(clause, key=lambda m: (_distance(m[0], match), -m[0]))[1]
    sentence = [(i, s) for i, s in mentions if tokens[i].sentence == first_token.sentence]
    before = [(i, s) for i, s in sentence if i < match.start]
    if before:
        return max(before)[1]
    if sentence:
        return min(sentence)[1]
    first = next((t for t in tokens if t.sentence == first_token.sentence), None)
    if first is not None and first.word in PRONOUNS:
        earlier = [(i, s) for i, s in mentions if tokens[i].sentence == first_token.sentence - 1]
        if earlier:
            return max(earlier)[1]
    return None


def _distance(index: int, match: Match) -> int:
    if match.start <= index <= match.end:
        return 0
    return match.start - index if index < match.start else index - match.end


def read_answer(question: WrittenQuestion, text: str) -> Reading:
    """Grade one written answer."""
    prep = _prepare(question)
    tokens = tokenize(text)
    names = [c.concept for c in question.rubric]
    if not tokens:
        return Reading("wrong", (), tuple(names), reasons=("empty",))
    vocab = _Vocabulary(tokens, prep.vocabulary, dict(prep.spellings))
    mentions: list[tuple[int, str]] = sorted(
        (m.start, name)
        for name, phrases in prep.subjects
        for phrase in phrases
        for m in _find(phrase, tokens, vocab, gap=0)
    )

    words = [t.word for t in tokens]
    function_share = sum(w in FUNCTION_WORDS for w in words) / len(words)
    keyword_list = len(words) >= 4 and function_share < 0.2
    evidence: list[tuple[str, str]] = []

    def claims(
        subject: str, phrases: tuple[tuple[str, ...], ...], name: str, wrong_claim: bool = False
    ) -> tuple[bool, bool]:
        """(stated somewhere, contradicted somewhere): a match about the wrong subject, or a
        negated one, contradicts; a reported one ("some think...") does neither."""
        stated = contradicted = False
        for phrase in phrases:
            for m in _find(phrase, tokens, vocab):
                if keyword_list:  # no sentences, so no subjects to check: a term is a term
                    stated = True
                elif (
                    subject and _subject_at(m, tokens, mentions) not in (subject, None) or m.negated
                ):
                    contradicted = True
                elif subject and _subject_at(m, tokens, mentions) is None:
                    continue
                elif not (wrong_claim and m.reported):
                    if not stated:
                        evidence.append(
                            (name, " ".join(t.word for t in tokens[m.start : m.end + 1]))
                        )
                    stated = True
        return stated, contradicted

    found, denied = [], []
    for name, subject, phrases in prep.concepts:
        yes, no = claims(subject, phrases, name)
        if yes:
            found.append(name)
        elif no:
            denied.append(name)
    wrong_claims = [
        claim
        for claim, subject, phrases in prep.misconceptions
        if claims(subject, phrases, claim, wrong_claim=True)[0]
    ]
    missed = tuple(n for n in names if n not in found)
    content = [t.stem for t in tokens if t.word not in FUNCTION_WORDS]
    on_topic = sum(s in prep.topic for s in content) / max(1, len(content))
    sentences = len({t.sentence for t in tokens})
    need = question.pass_count

    def grade(verdict: Grade, reason: str) -> Reading:
        return Reading(
            verdict,
            tuple(found),
            missed,
            tuple(denied),
            tuple(wrong_claims),
            keyword_list,
            (reason,),
            tuple(evidence),
        )

    if keyword_list:
        return grade("partial" if found else "wrong", "a list of terms, not sentences")
    if wrong_claims:
        # each wrong claim (and each contradicted idea) cancels a right one
        net = len(found) - len(wrong_claims) - len(denied)
        if net >= need:
            return grade("unsure", "a misconception next to the key ideas")
        return grade("partial" if net >= 1 else "wrong", "makes a misconception")
    if len(found) >= need:
        if denied:
            return grade("unsure", "contradicts an idea while stating others")
        return grade("right", f"{len(found)} ideas, {need} needed")
    long_on_topic = len(words) >= 20 and on_topic >= 0.6 and sentences >= 2
    if found:
        if len(denied) >= len(found):
            return grade("wrong", "contradicts as many ideas as it states")
        if len(found) == need - 1 and long_on_topic and not denied:
            return grade("unsure", "one idea short, but long and on topic")
        return grade("partial", f"{len(found)} ideas, {need} needed")
    if denied:
        return grade("wrong", "contradicts the key ideas")
    if long_on_topic:
        return grade("unsure", "on topic, but no idea recognised")
    return grade("wrong", "no key idea recognised")
