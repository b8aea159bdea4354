"""Reported speech around a speech verb.

"X said (that) ...", "..., X said", participial ("..., adding that ...") and nested
attributions ("the agency said Lee had told a meeting that ...").
"""

from __future__ import annotations

import re
from dataclasses import replace

from stance import lexicon
from stance.extraction.according import _according, _according_at
from stance.extraction.phrases import (
    _AUX,
    _COORD,
    _FUNCTION_WORDS,
    _RECIPIENTS,
    _adverbial_at,
    _content_after,
    _first_words,
    _manner_adverb,
    _negated,
    _np_left,
    _np_right,
    _opens_adverbial,
    _skip_time,
    _speakerish,
    _subject_start,
    _verb_at,
)
from stance.extraction.relative import relative_statement
from stance.extraction.text import _inside, _tok_before, _tok_from, _tok_span, _trim
from stance.schema import Statement

# verbs whose "that" clause may itself be another speaker's reported speech
_NESTING_VERBS = {"said", "told", "informed", "mentioned", "added", "stated", "noted", "stressed",
                  "insisted", "says", "tells", "had", "has"}


def _reported(text, sent, toks, taken, direct=(), last=()) -> list[Statement]:
    """Reported speech in one sentence; ``direct`` are its quotes, ``last`` the statement
    before the sentence (which "Adding, ..." at a sentence's start continues)."""
    out: list[Statement] = []
    k = 0
    seg_start = sent.start
    verbs = lexicon.speech_verbs()
    first_words = _first_words()
    guarded = lexicon.guarded_verbs()[0]
    while k < len(toks):
        pos = toks[k][0]
        low = toks[k][2].lower()
        if low not in verbs and low not in first_words and low not in guarded \
                and low not in ("according", "in"):
            k += 1  # the common case: no speech verb starts here
            continue
        if _inside(pos, taken) or any(s.start <= pos < s.end for s in out):
            k += 1
            continue
        # "according to the ministry, ..." / "..., according to the ministry."
        n_acc = _according_at(toks, k)
        if n_acc:
            st = _according(text, sent, toks, k, taken, n_acc)
            if st:
                out.append(st)
                k += n_acc
                continue
        v = _verb_at(toks, k)
        if v is None or _negated(toks, k, text) or _that_said(text, toks, k) \
                or _says_nothing(toks, k) or _anonymity_aside(toks, k):
            k += 1
            continue
        form, frame, nv = v
        seg_k = _tok_from(toks, seg_start)
        seg_k = 0 if seg_k == len(toks) else seg_k
        if _question_frame(toks, k, sent_start_k=seg_k):
            k += 1  # "When asked about the talks, Lee said ...": Lee's statement follows
            continue
        floor = seg_k
        for ts in taken:
            if ts[1] <= pos:
                after = _tok_from(toks, ts[1])
                floor = max(floor, floor if after == len(toks) else after)
        st = _passive(text, sent, toks, k, v, floor)
        if st is not None:
            st, summed = _cut_at_next_speaker(text, toks, st, after=toks[k][1])
            st = _without_setting(text, st)
            out.append(st)
            if summed is not None:
                out.append(summed)
            k = max(k + 1, _tok_from(toks, st.end))
            continue
        st = relative_statement(text, sent, toks, k, v, floor)
        if st is not None:
            out.append(st)
            k = _tok_from(toks, st.end)
            continue
        before = text[toks[k - 1][1]:pos] if k > 0 else ""
        prev_low = toks[k - 1][2].lower() if k > 0 else ""
        kb = k  # the verb group's first word: "have vowed", "has long denied"
        while kb - 1 > floor and toks[kb - 1][2].lower() in _AUX and \
                not toks[kb - 1][2][:1].isupper() and not text[toks[kb - 1][1]:toks[kb][0]].strip():
            kb -= 1
        if kb < k and "," in text[toks[kb - 1][1]:toks[kb][0]]:
            before = text[toks[kb - 1][1]:toks[kb][0]]  # "Lawmakers, who ..., have vowed"
        kc = kb
        while kc - 1 > floor and (toks[kc - 1][2].lower() in _LINK_ADVERBS
                                  or _manner_adverb(toks[kc - 1][2])) \
                and not text[toks[kc - 1][1]:toks[kc][0]].strip():
            kc -= 1
        if kc < k and kc > 0 and toks[kc - 1][2].lower() in _COORD and \
                not text[toks[kc - 1][1]:toks[kc][0]].strip():
            prev_low = toks[kc - 1][2].lower()  # "... but did note that", "but now said"
        sp = None
        coordinated = False
        gerund = low.endswith("ing") and (prev_low in _GERUND_PREPS or (  # "by saying"
            prev_low == "of" and k > 1 and toks[k - 2][2].lower() == "instead"))
        dashed = low.endswith("ing") and before.strip() in ("-", "–", "—")  # "... - saying"
        issued = low.endswith("ing") and _issued_document(toks, k, floor)  # "issued a note saying"
        if k > 0 and ("," in before or prev_low in _COORD or gerund or dashed or issued):
            coordinated = (prev_low in _COORD or gerund or dashed or issued
                           or (low.endswith("ing") and "," in before))
        if k == seg_k and low.endswith("ing") and frame in ("clause", "that"):
            # "Noting that ..., Allen said ...": the main clause's subject speaks
            st = _fronted(text, toks, k, v, sent.end)
            if st is not None:
                out.append(st)
                seg_start = st.frame_end
                k = _tok_from(toks, st.frame_end)
                continue
        earlier = [x for x in [*direct, *out] if x.end <= pos]
        if not earlier and last and k == 0 and low.endswith("ing"):
            earlier, coordinated = list(last), True  # "... she said. Adding, '...'"
        if coordinated and low.endswith("ing") and earlier:
            # "..., the spokesman said, adding that B": B is the same speaker's
            st = _participle(text, sent, toks, k, v, earlier[-1])
            if st is not None:
                out.append(st)
                seg_start = st.end
                k = _tok_from(toks, st.end)
                continue
        if coordinated:
            sp = None
            if low.endswith("ing") and ("," in before or gerund):
                sp = _clause_before(text, toks, floor, k)
            sp = sp or _subject_start(text, toks, floor)
        elif "," not in before:
            sp = _np_left(text, toks, k, floor)
            if not (sp and _speakerish(text, sp)) and frame in ("clause", "that"):
                sp = _clause_subject(text, toks, floor, k)
            kt = _skip_time(toks, k - 1, floor) + 1
            if sp is None and floor < kt < k and "," in text[toks[kt - 1][1]:toks[kt][0]]:
                # "Ruiz, the top diplomat, on Tuesday said": an appositive, then a time
                sp = _appositive_subject(text, toks, floor, kt)
        elif not low.endswith("ing"):
            sp = _appositive_subject(text, toks, floor, k)
        st = None
        if sp and frame == "clause" and _trailing_position(text, toks, sp, k, nv, sent.end):
            # "Victory is vital, he said after the meeting": the clause before is the statement
            st = _trailing(text, sent, toks, k, v, seg_start, taken, force=True)
            if st is not None:
                out.append(st)
                k += nv  # the attribution is used up; what follows it is narration
                seg_start = toks[k - 1][1]
                continue
        spk = _tok_from(toks, sp[0]) if sp else 0
        if sp and frame == "object" and not coordinated and _speakerish(text, sp) \
                and spk - 2 >= floor and _denied_antecedent(text, toks, spk, k, v):
            # "The report lists the allegations, which Minsk denies, and ...": Minsk's
            # statement is what comes before the comma, read with its verb
            i = _clause_start(text, toks, spk - 2, floor, links=False)
            a, b = _trim(text, toks[i][0], toks[spk - 2][1])
            if len(text[a:b].split()) >= 2:
                st = Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                               speaker_raw=text[sp[0]:sp[1]], frame_start=a,
                               frame_end=toks[k + nv - 1][1])
                out.append(st)
                k += nv
                continue
        if sp and _speakerish(text, sp) and frame in ("clause", "that", "trailing", "object"):
            st = _with_subject(text, sent, toks, k, v, sp, coordinated)
            if st is not None and coordinated:
                # "X denied nothing and said Y": the model reads only this verb's own clause
                st = replace(st, frame_start=toks[k][0])
        if st is None and frame in ("clause", "trailing"):
            st = _trailing(text, sent, toks, k, v, seg_start, taken)
        if st is not None and not coordinated and _agentless(text, toks, k, v, floor):
            st = replace(st, speaker_raw=None)  # "Russia is accused of ...": not Russia's words
        if st is not None:
            st, summed = _cut_at_next_speaker(text, toks, st, after=toks[k][1])
            st = _without_setting(text, st)
            out.append(st)
            seg_start = st.end
            k = max(k + 1, _tok_from(toks, st.end))  # never back: each verb is read once
            if summed is not None:
                out.append(summed)
                if summed.frame_end > summed.end:  # ", which Moscow denies": its verb is read
                    k = max(k, _tok_from(toks, summed.frame_end))
            continue
        k += 1
    return out


_LINK_ADVERBS = {"now", "later", "then", "also", "again", "still", "quickly", "soon", "once"}
_CLAUSE_LINKS = {"and", "but", "while", "whereas", "though", "although", "yet"}
_APPROXIMATELY = {"more", "than", "about", "nearly", "almost", "roughly", "at", "least", "over",
                  "fewer", "less", "just", "only", "some", "around", "under"}
_MODALS = {"will", "would", "could", "should", "might", "may", "must", "can", "shall"}


def _cut_at_next_speaker(text, toks, st: Statement, after: int = -1
                         ) -> tuple[Statement, Statement | None]:
    """A reported clause ends where another speaker's attribution begins: "Lima pledged to
    talk, while Quito insisted that ...", "X warned of ..., and the minister said ...". The
    second verb then makes its own statement. When a noun sums up the first claim ("..., a
    charge Minsk rejects"), that phrase is the second speaker's statement, returned too."""
    ks = _tok_span(toks, st.start, st.end)
    for k2 in ks[2:]:
        if toks[k2][0] < after:
            continue  # the statement's own attribution, inside it ("Y, he said, Z")
        v = _verb_at(toks, k2)
        if not v or v[1] not in ("clause", "that", "object") or _negated(toks, k2):
            continue
        sp = _np_left(text, toks, k2, ks[0])
        if not sp or not _speakerish(text, sp):
            continue
        i = _tok_from(toks, sp[0])
        if i <= ks[0] + 1 or any(t[2].lower() in _MODALS for t in toks[i:k2]):
            continue
        while i - 1 > ks[0] + 1 and toks[i - 1][2].lower() in _APPROXIMATELY:
            i -= 1  # "and more than 4 in 10 said"
        sp = (toks[i][0], sp[1])
        summed = None
        prev = toks[i - 1]
        j = i - 1
        if toks[j][2].lower() in ("that", "which") and j - 1 > ks[0]:
            j -= 1
        if toks[j][2].lower() in lexicon.charge_nouns() and j - 1 > ks[0]:
            # "..., a charge (that) party leaders strongly denied"
            if toks[j - 1][2].lower() in ("a", "an", "the") and j - 2 > ks[0]:
                j -= 1
            if "," in text[toks[j - 1][1]:toks[j][0]] or text[toks[j - 1][1]:toks[j][0]].strip() \
                    in ("-", "–", "—"):
                prev = toks[j - 1]
                i = j
                a2, b2 = toks[j][0], toks[k2 + v[2] - 1][1]
                summed = Statement(text=text[a2:b2], start=a2, end=b2, kind="reported",
                                   cue=v[0], speaker_raw=text[sp[0]:sp[1]], frame_start=a2,
                                   frame_end=b2)
        if summed is None and v[1] == "object" and _denied_antecedent(text, toks, i, k2, v):
            # "Y, which Moscow denies": Y is Moscow's statement too, read with its verb
            a, b = _trim(text, st.start, toks[i - 2][1])
            if b > a and len(text[a:b].split()) >= 2:
                return (replace(st, text=text[a:b], end=b, frame_end=min(st.frame_end, b)
                                if st.frame_end >= st.end else st.frame_end),
                        Statement(text=text[a:b], start=a, end=b, kind="reported", cue=v[0],
                                  speaker_raw=text[sp[0]:sp[1]], frame_start=a,
                                  frame_end=toks[k2 + v[2] - 1][1]))
        if prev[2].lower() in _CLAUSE_LINKS:
            cut = prev[0]
        elif any(c in text[prev[1]:toks[i][0]] for c in ",;–—") or \
                text[prev[1]:toks[i][0]].strip() == "-":
            cut = prev[1]
        else:
            continue
        a, b = _trim(text, st.start, cut)
        if b <= a or len(text[a:b].split()) < 2:
            return st, None
        return replace(st, text=text[a:b], end=b, frame_end=min(st.frame_end, b)
                       if st.frame_end >= st.end else st.frame_end), summed
    return st, None


def _denied_antecedent(text, toks, i, k, v) -> bool:
    """", which <speaker at token i> denies." with nothing after the verb: what is denied
    is the clause before the comma ("Russia shelled the plant, which Moscow denies")."""
    if i < 2 or toks[i - 1][2].lower() != "which" or \
            "," not in text[toks[i - 2][1]:toks[i - 1][0]]:
        return False
    e = k + v[2]
    return e >= len(toks) or bool(re.match(r"\s*[,.;:)]", text[toks[e - 1][1]:toks[e][0]]))


# where and how a statement was made, at its end: "... in an interview with CNN on Sunday"
_SETTING = re.compile(
    r"[\s,]+(?:in an? (?:interview|statement|speech|op-ed|letter|tweet|post|email|video|"
    r"radio interview|television interview|phone interview|press release|conference call)|"
    r"(?:at|during) an? (?:rally|news conference|press conference|town hall|campaign event|"
    r"campaign stop|event|briefing|hearing|debate|forum|fundraiser|meeting)|"
    r"(?:speaking )?on (?:the )?condition of anonymity|according to)\b[^\"“”]*$")


# the narrator's contrast after a statement: "..., while 9 percent found it a deterrent"
_CONTRAST = re.compile(r", (?:while|whereas|compared with|compared to|despite|where) [^\"“”]*$")


def _without_setting(text, st: Statement) -> Statement:
    """A reported statement without the setting phrase that ends it ("he would run again in
    an interview with CNN on Sunday") or the narrator's contrast after it ("..., while 9
    percent disagreed"): they frame the statement and stay in what the model reads
    (``frame_end``), but they are not the speaker's words."""
    m = _SETTING.search(text, st.start, st.end) or _CONTRAST.search(text, st.start, st.end)
    if not m or len(text[st.start:m.start()].split()) < 3:
        return st
    a, b = _trim(text, st.start, m.start())
    return replace(st, text=text[a:b], end=b, frame_end=max(st.frame_end, st.end))


def _anonymity_aside(toks, k) -> bool:
    """"an official who asked not to be named said ...": the aside's verb is nobody's."""
    return any(len(p) <= len(toks) - k and all(toks[k + i][2].lower() == w for i, w in enumerate(p))
               for p in lexicon.anonymity_asides())


def _says_nothing(toks, k) -> bool:
    """A speech verb used for something else: the passive "Lee was asked whether ...", "they
    were told that ..." (the subject is the one spoken to), "the plan was first reported by
    Reuters" (a source), "adding to her lead", "responded by closing the border" (acts) and
    credit lines ("Ruiz reported from Lima")."""
    low = toks[k][2].lower()
    nxt = toks[k + 1][2].lower() if k + 1 < len(toks) else ""
    if (low in ("adding", "added", "adds", "add") and nxt == "to") or (
            low.startswith("respond") and nxt == "by" and not any(
                t[2].lower() in lexicon.speech_verbs() for t in toks[k + 2:k + 4])):
        return True  # "..., adding to her lead", "responded by closing the port": acts
    if low == "reported" and k + 2 < len(toks) and toks[k + 1][2].lower() == "from" \
            and toks[k + 2][2][:1].isupper():
        return True  # a credit line: "Ruiz reported from Lima."
    j = k - 1
    while j > 0 and toks[j][2].lower().endswith("ly") and not toks[j][2][:1].isupper():
        j -= 1  # "was jointly written by"
    if low == "reported" and nxt == "by" and j >= 0 and toks[j][2].lower() == "first":
        j -= 1
    if low == "reported" and nxt == "by" and j >= 0 \
            and toks[j][2].lower() in ("was", "were", "been", "is", "are"):
        return True  # "The meeting was first reported by Reuters": a source, not a speaker
    return (low in ("asked", "told", "written") and j >= 0
            and toks[j][2].lower() in ("was", "were", "been", "being", "is", "are"))


_PASSIVE_AUX = {"was", "were", "been", "being", "is", "are", "be"}
_RELATIVES = {"which", "who", "that"}
# where the agent ends: "by Israel of supplying", "by his rivals for failing", "by Lima as a ..."
_AGENT_TAIL = re.compile(r"\s+(?:of\s+\w+ing\b|(?:for|as|in|on|over|to|with|from|at|about)"
                         r"\s+[a-z]).*$", re.S)
_AGENT_MORE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?=(?:the\s+)?[A-Z])")
_CLAUSE_PUNCT = re.compile(r"[,;:]")
_RELATIVE_CLAUSE_END = re.compile(r"[,;]")
_PASSIVE_CLAUSE_END = re.compile(r",\s+(?:which|who)\b|;")
_AGENT_END = re.compile(r"(?:\s+(?:of|for|as|in|on|over|to|with|from|at|about|by))+$")


def _passive_aux(toks, k, floor) -> int | None:
    """The auxiliary of a passive speech verb at token ``k`` ("was [hotly] criticized"), or
    None when the verb is not one of ``passive_verbs.txt`` in the passive."""
    j = k - 1
    while j > floor and _manner_adverb(toks[j][2]):
        j -= 1  # "was hotly criticized by"
    if j < floor or toks[j][2].lower() not in _PASSIVE_AUX \
            or toks[k][2].lower() not in lexicon.passive_verbs():
        return None
    return j


def _clause_start(text, toks, i, floor, links=True) -> int:
    """The first token of the clause holding token ``i``: back to a comma, semicolon or
    colon (and, with ``links``, to a clause link such as "and", "while")."""
    while i - 1 >= floor and not _CLAUSE_PUNCT.search(text[toks[i - 1][1]:toks[i][0]]) \
            and not (links and toks[i - 1][2].lower() in _CLAUSE_LINKS):
        i -= 1
    return i


def _passive(text, sent, toks, k, v, floor) -> Statement | None:
    """"Iran was accused by Israel of ...", "the strikes were condemned by the UN": the agent
    after "by" is the speaker, not the subject (which is what was spoken about). The
    statement is the clause, from its subject (or relative pronoun) to the sentence's end."""
    form, frame, nv = v
    j = _passive_aux(toks, k, floor)
    if j is None or k + nv >= len(toks):
        return None
    agent = None
    by = _by_at(text, toks, k + nv)
    if by is not None:
        agent = _np_right(text, toks, by + 1, sent.end)
    if agent is not None:
        m = _AGENT_TAIL.search(text[:sent.end], agent[0])  # "by Israel of supplying ..."
        agent = (agent[0], min(agent[1], m.start()) if m else agent[1])
        agent = (agent[0], agent[0] + len(_AGENT_END.sub("", text[agent[0]:agent[1]])))
    if not _speakerish(text, agent):
        return None
    while True:  # "by Japan and Australia", "by Japan, Australia and the EU"
        more = _AGENT_MORE.match(text, agent[1], sent.end)
        nxt = _np_right(text, toks, _tok_from(toks, more.end()), sent.end) if more else None
        if nxt is None or nxt[0] != more.end() or not re.match(r"(?:the\s+)?[A-Z]", text[nxt[0]:]):
            break
        m = _AGENT_TAIL.search(text[:sent.end], nxt[0])
        agent = (agent[0], min(nxt[1], m.start()) if m else nxt[1])
    kb = j
    while kb - 1 >= floor and toks[kb - 1][2].lower() in _AUX | _PASSIVE_AUX | {"has", "have"} \
            and not text[toks[kb - 1][1]:toks[kb][0]].strip():
        kb -= 1  # "has been", "had been soundly"
    end = sent.end
    if kb - 1 >= floor and toks[kb - 1][2].lower() in _RELATIVES:
        a = toks[kb - 1][0]  # "..., which has been accused by Ankara of ..., denies it"
        cut = _RELATIVE_CLAUSE_END.search(text, max(agent[1], toks[k][1]), end)
    else:
        # the clause's subject, back to a clause boundary ("Russia's strikes on Kyiv")
        a = toks[_clause_start(text, toks, kb, floor)][0]
        cut = _PASSIVE_CLAUSE_END.search(text, max(agent[1], toks[k][1]), end)
    a, b = _trim(text, a, cut.start() if cut else end)
    if len(text[a:b].split()) < 4:
        return None
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=text[agent[0]:agent[1]], frame_start=sent.start, frame_end=b)


def _agentless(text, toks, k, v, floor) -> bool:
    """A passive speech verb with no "by" ("Russia is accused of ...", "the plan was widely
    criticized"): its subject is what was spoken about, and no speaker is named."""
    return _passive_aux(toks, k, floor) is not None and _by_at(text, toks, k + v[2]) is None


def _by_at(text, toks, i) -> int | None:
    """The "by" of a passive's agent: next, or a few words on in the same clause ("was
    criticised as reckless by the opposition")."""
    for m in range(i, min(i + 5, len(toks))):
        if toks[m][2].lower() == "by":
            return m
        if m + 1 < len(toks) and re.search(r"[,;:\"“”()]", text[toks[m][1]:toks[m + 1][0]]):
            return None
    return None


def _that_said(text, toks, k) -> bool:
    """'That said, ...' (an idiom for 'even so') reports nothing."""
    return (k > 0 and toks[k][2].lower() == "said" and toks[k - 1][2].lower() == "that"
            and (k == 1 or text[toks[k - 2][1]:toks[k - 1][0]].strip() in (".", ";"))
            and k + 1 < len(toks) and text[toks[k][1]:toks[k + 1][0]].strip() == ",")


def _participle(text, sent, toks, k, v, previous: Statement) -> Statement | None:
    """", adding that ..." / ", saying ..." after a statement: more words of its speaker."""
    form, frame, nv = v
    if frame == "object":
        # ", calling the plan a disgrace", ", urging Lima to ...": the verb with its object
        a, b = _trim(text, toks[k][0], sent.end)
        if len(text[a:b].split()) < 4:
            return None
        return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                         speaker_raw=previous.speaker_raw, frame_start=a, frame_end=b)
    c0 = _content_after(text, toks, k, nv, form, sent.end)
    if c0 is None:
        return None
    a, b = _trim(text, c0, sent.end)
    if len(text[a:b].split()) < 3:
        return None
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=previous.speaker_raw, frame_start=toks[k][0], frame_end=b)


_GERUND_PREPS = {"by", "in", "before", "after", "while", "when", "without", "also", "repeatedly",
                 "publicly", "pointedly", "then"}


_ASKED = {"asked", "pressed", "questioned", "quizzed"}
_ASKED_OPENERS = {"when", "if", "after", "before", "once", "while", "as", "though", "although"}


def _question_frame(toks, k: int, sent_start_k: int) -> bool:
    """'When asked about X, Y said ...' / 'Asked whether ..., Y said': the question frames the
    answer that follows; it is no statement of its own."""
    if toks[k][2].lower() not in _ASKED:
        return False
    return k == sent_start_k or toks[k - 1][2].lower() in _ASKED_OPENERS


_ISSUE_VERBS = {"issued", "released", "sent", "posted", "published", "emailed", "tweeted", "wrote",
                "circulated", "distributed", "mailed", "texted", "aired", "ran", "put", "out",
                "shared", "filed", "delivered", "signed", "launched", "unveiled", "making", "made",
                "makes", "delivering", "gave", "giving"}
_DOCUMENTS = {"statement", "letter", "note", "memo", "tweet", "post", "email", "e-mail", "release",
              "message", "video", "ad", "advertisement", "notice", "communique", "communiqué",
              "report", "filing", "petition", "op-ed", "editorial", "column", "readout",
              "statements", "letters", "ads", "website", "article", "op-eds", "blog", "posts",
              "pitch", "appeal", "plea", "speech", "address"}


def _issued_document(toks, k: int, floor: int) -> bool:
    """'The office issued a statement saying ...', 'released a statement Thursday night
    condemning ...', 'shot back in an article stating ...', 'emailed supporters saying ...':
    the issuer speaks, not the document or its readers."""
    j = k - 1
    time_words = lexicon.not_speakers()["time"]
    while j >= floor and (toks[j][2].lower() in time_words or toks[j][2] in ("on", "at")):
        j -= 1  # "a statement late on Friday condemning"
    for back in (2, 3, 4):  # "sent a message to supporters saying", "a pitch to New York voters"
        if j - back >= floor and toks[j - back + 1][2].lower() == "to" and \
                toks[j - back][2].lower() in _DOCUMENTS:
            j -= back
            break
    if j < floor:
        return False
    low = toks[j][2].lower()
    if low in _RECIPIENTS and j - 1 >= floor and toks[j - 1][2].lower() in _ISSUE_VERBS:
        return True  # "emailed supporters saying"
    if low not in _DOCUMENTS:
        return False
    j -= 1
    n = 0
    while j >= floor and n < 4 and toks[j][2].islower() and toks[j][2] not in _ISSUE_VERBS \
            and toks[j][2] not in _DOC_PREPS:
        j -= 1  # "a new radio ad", "a brief written statement"
        n += 1
    return j >= floor and (toks[j][2].lower() in _ISSUE_VERBS or toks[j][2] in _DOC_PREPS)


_DOC_PREPS = {"in", "through", "via"}


_AFTER_TRAILING = {"after", "before", "in", "on", "at", "during", "while", "when", "as",
                   "following", "from", "via", "through", "about", "of", "last", "this", "late",
                   "earlier", "later", "yesterday", "today", "tonight", "monday", "tuesday",
                   "wednesday", "thursday", "friday", "saturday", "sunday", "recently"}


_FINITE = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "should",
           "can", "may", "might", "must", "shall", "does", "did", "do"}
_SUBORDINATORS = {"while", "although", "though", "whereas", "as", "when", "after", "before",
                  "since", "because", "if", "unless", "until", "once"}


# subject pronouns: after "told <recipient>" one opens the reported clause
_CLAUSE_OPENERS = {"he", "she", "they", "we", "i", "it", "there"}


def _trailing_position(text, toks, sp, k, nv, end) -> bool:
    """A subject right after a comma whose verb is followed only by an adverbial or a
    recipient: a trailing attribution, not the start of a reported clause."""
    i = next((m for m in range(k - 1, -1, -1) if toks[m][1] <= sp[0]), None)
    if i is None or "," not in text[toks[i][1]:sp[0]]:
        return False
    if toks[0][2].lower() in _SUBORDINATORS and text[toks[0][0]:sp[0]].count(",") == 1:
        return False  # "While Democrats pushed for talks, Cornyn told reporters this was ..."
    j = k + nv
    if text[toks[j - 1][1]:end].strip().startswith(":"):
        return False  # "In a speech last July, he said:": the words follow the colon
    if j < len(toks) and toks[j][0] < end and text[toks[j - 1][1]:toks[j][0]].strip() == "," \
            and toks[j][2].lower() in ("a", "an", "the") \
            and any(t[2].lower() in ("that", "which") for t in toks[j + 1:j + 5]) \
            and len(text[toks[0][0]:sp[0]].split()) > 5:
        return True  # "..., Ruiz said, a policy that could ...": the clause before is it
    if any(t[2].lower() == "that" for t in toks[j:j + 14] if t[0] < end) or \
            re.search(r"[:“\"]", text[toks[k][1]:end]):
        return False  # "..., Rubio told reporters on Tuesday that ...": a reported clause follows
    if toks[k][2].lower() in ("told", "tells", "telling"):
        # "..., Carter told a Senate panel on Wednesday": skip the recipient
        while j < len(toks) and toks[j][0] < end and toks[j][2].lower() != "that" and \
                not text[toks[j - 1][1]:toks[j][0]].strip():
            if toks[j][2].lower() in _AFTER_TRAILING:
                break
            if toks[j][2].lower() in _CLAUSE_OPENERS or toks[j][2].lower() in _FINITE:
                return False  # "At the time, he told Reuters he had ...": a clause follows
            j += 1
        if j == k + nv + 1 and j < len(toks) and toks[j][0] < end and \
                toks[j - 1][2].lower() in ("them", "him", "her", "us", "me", "you", "reporters") \
                and text[toks[j - 1][1]:toks[j][0]].strip() == ",":
            return True  # "The solution, the envoy told them, was simple"
    if j >= len(toks) or toks[j][0] >= end:
        return True
    return toks[j][2].lower() in _AFTER_TRAILING


def _clause_subject(text, toks, floor, k) -> tuple[int, int] | None:
    """The whole clause opening before a clause verb, when it is short and unbroken: "People
    briefed on the talks said ...", "Those surveyed say ..." (a subject that a word list
    cannot know)."""
    commas = [m for m in range(floor + 1, k) if "," in text[toks[m - 1][1]:toks[m][0]]]
    if commas and (toks[floor][2].lower() in lexicon.not_speakers()["openers"]
                   or _opens_adverbial(toks[floor][2])):
        # "In a statement, the billionaire announced": the clause after the opening phrase
        c = commas[-1]
        if c - floor > 16 or k - c > 4 or toks[k][2].lower() not in lexicon.speech_verbs() \
                or toks[c][2].lower() not in ("the", "a", "an", "those", "these", "many",
                                              "most", "some") \
                or any(not t[2].isalpha() or t[2].lower() in _FUNCTION_WORDS
                       or t[2].lower() in _AUX for t in toks[c + 1:k]):
            return None  # only "..., the billionaire businessman announced"
        floor = c
    j = _skip_time(toks, k - 1, floor)
    if j < floor or j - floor > 11:
        return None
    if toks[j][2].lower() == "to":
        # "Ruiz was quick to add", "the envoy has tried to explain": the subject
        sp = _subject_start(text, toks, floor)
        if sp is None or text[sp[0]:sp[1]].lower() in ("it", "there", "this", "that"):
            return None
        return sp if _speakerish(text, sp) else None
    span = (toks[floor][0], toks[j][1])
    inner = text[span[0]:span[1]]
    if re.search(r"[,;:!?()\"“”«»—–]", inner) or text[span[1]:toks[k][0]].strip():
        return None
    if toks[floor][2].lower() in lexicon.not_speakers()["openers"]:
        return None
    return span if _speakerish(text, span) else None


def _clause_before(text, toks, floor, k) -> tuple[int, int] | None:
    """The subject of the clause that a participle after a comma continues, when that clause
    follows other commas: "At a rally in Dover, N.H., on Tuesday, Senator Ana Ruiz endorsed
    the plan, saying ...": Ana Ruiz speaks."""
    commas = [m for m in range(floor + 1, k - 1) if "," in text[toks[m - 1][1]:toks[m][0]]]
    if not commas:
        return None
    seg = commas[-1]
    sp = _subject_start(text, toks, seg)
    if sp is None or not _speakerish(text, sp):
        return None
    n = _tok_from(toks, sp[1])
    if n >= k - 1 or not toks[n][2].islower() or text[sp[1]:toks[n][0]].strip():
        return None
    return sp


def _fronted(text, toks, k, v, end) -> Statement | None:
    """A participle opening the sentence, whose subject follows its clause: "Noting that the
    vote was close, Allen said ...". The clause up to the comma is the statement."""
    form, frame, nv = v
    for m in range(k + nv, min(k + 40, len(toks) - 1)):
        gap = text[toks[m - 1][1]:toks[m][0]]
        if any(c in gap for c in ".;:!?\"“”") or (m == k + nv and gap.strip()):
            return None  # "Adding, '...'" continues the last speaker instead
        if "," not in gap:
            continue
        sp = _np_right(text, toks, m, end)
        if sp is None or not (_speakerish(text, sp) or (
                toks[m][2].lower() in ("the", "a", "an") and 2 <= len(text[sp[0]:sp[1]].split())
                <= 5)):
            continue  # a comma inside the participle's clause
        n = _tok_from(toks, sp[1])
        if n >= len(toks) or not toks[n][2].islower() or text[sp[1]:toks[n][0]].strip():
            continue
        comma = toks[m - 1][1]
        c0 = _content_after(text, toks, k, nv, form, comma)
        if c0 is None:
            return None
        a, b = _trim(text, c0, comma)
        if len(text[a:b].split()) < 2:
            return None
        return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                         speaker_raw=text[sp[0]:sp[1]], frame_start=toks[k][0], frame_end=comma)
    return None


_AGE = re.compile(r"(?:then |now |aged )?\d{1,3}")


_PARTICIPLES_IRREGULAR = {"struck", "known", "seen", "shown", "driven", "given", "taken", "made",
                          "told", "shaken", "moved", "stung", "hit", "caught", "beaten"}


_ASIDE_ADVERBS = {"meanwhile", "however", "though", "too", "also", "instead", "likewise",
                  "in turn", "in response", "for his part", "for her part", "for its part",
                  "for their part", "in contrast", "by contrast", "similarly", "nonetheless",
                  "nevertheless", "in a statement", "in an interview", "separately"}


def _appositive_subject(text, toks, floor, k) -> tuple[int, int] | None:
    """'Zhu Fenglian, spokesperson for the Taiwan Affairs Office, said',
    'Ottawa, which faces a separate levy, called on ...' and, after an opening adverbial,
    'Still, Ana Ruiz, a senior adviser to the mayor, said': the phrase before the first comma,
    with its appositive, is the subject."""
    while k - 1 > floor and toks[k - 1][2].lower() in _AUX and \
            not toks[k - 1][2][:1].isupper() and "," not in text[toks[k - 1][1]:toks[k][0]]:
        k -= 1  # "Lawmakers, who ..., have vowed"
    if floor >= k:
        return None
    a = toks[floor][0]
    seg = text[a:toks[k][0]].rstrip()
    dash = max(seg.rfind(" — "), seg.rfind(" – "), seg.rfind(" -- "))
    if dash > 0:
        # "It was no accident — Ana Ruiz, a spokesman for the minister, told": after the dash
        a += dash + (4 if seg[dash:dash + 4] == " -- " else 3)
        while a < len(text) and text[a].isspace():
            a += 1
        seg = text[a:toks[k][0]].rstrip()
    if not seg.endswith(",") or any(q in seg for q in "“”\"«»„"):
        return None
    parts = seg[:-1].split(",")
    # an opening adverbial ("Still,", "On Tuesday,", "Speaking later on the show,")
    openers = lexicon.not_speakers()["openers"] | lexicon.not_speakers()["time"]
    while len(parts) > 2 and parts[0].split() and (
            parts[0].split()[0].lower() in openers
            or (len(parts[0].split()) == 1 and _opens_adverbial(parts[0].strip())
                and not _AGE.fullmatch(parts[1].strip()))):  # "Similarly, William Bennett, ..."
        a += len(parts[0]) + 1
        while a < len(text) and text[a].isspace():
            a += 1
        parts = parts[1:]
        parts[0] = parts[0].lstrip()
    if len(parts) < 2 or len(parts[0].split()) > 10 or sum(len(p.split()) for p in parts) > 40:
        return None
    opening = parts[0].lower().split()
    if (opening[0] in _SUBORDINATORS or (opening[0] == "even" and len(opening) > 1
                                         and opening[1] in _SUBORDINATORS | {"though"})) \
            and any(w in _FINITE for p in parts[1:] for w in p.lower().split()):
        # "Even if the office closed, some work would remain, said X": two clauses, not a
        # subject ("When the director, Ana Ruiz, said ..." keeps its subject)
        return None
    app = parts[1].lower().split()
    fin = next((n for n, w in enumerate(app) if w in _FINITE), None)
    if fin is not None and not any(w in ("who", "which", "whose", "whom", "that", "where",
                                        "asked", "what") or w in _SUBORDINATORS
                                   for w in app[:fin]):
        # "The yard is still open, but it is losing orders, said X", "In politics, it is
        # unusual, said X": a clause, not a subject with its appositive
        return None
    seg = text[a:toks[k][0]].rstrip()
    first = (a, a + len(parts[0].rstrip()))
    rest = a + len(parts[0]) + 1  # where the appositive begins
    if len(parts) == 2 and _AGE.fullmatch(parts[1].strip()):
        return first if _speakerish(text, first) else None  # "Carole Bower, 75, said"
    if len(parts) > 2 and _AGE.fullmatch(parts[1].strip()):
        rest += len(parts[1]) + 1  # an age: "Carole Bower, 75, a retiree in Carthage,"
        parts = [parts[0], *parts[2:]]
    second = parts[1].strip()
    head = second.split()[0].lower() if second else ""
    if not _speakerish(text, first):
        return None
    if len(parts) == 2 and second.lower() in _ASIDE_ADVERBS:
        return first  # "Ruiz, meanwhile, told Reuters"
    if len(parts) > 2 and second.lower() in _ASIDE_ADVERBS:
        # "Ruiz, meanwhile, who has no endorsements, said": the aside, then the appositive
        rest += len(parts[1]) + 1
        parts = [parts[0], *parts[2:]]
        second = parts[1].strip()
        head = second.split()[0].lower() if second else ""
    if len(parts) > 2 and not (head in ("who", "which", "whose", "a", "an", "the")
                               or _speakerish(text, (rest, rest + len(parts[1])))):
        return None
    if head in ("which", "who", "whose") or _speakerish(text, (rest, a + len(seg) - 1)):
        return a, a + len(seg) - 1
    if head.endswith("ing") or (len(second.split()) > 1 and second.split()[1].lower() == "by"
                                and (head.endswith("ed") or head in _PARTICIPLES_IRREGULAR)) \
            or head in ("in", "at", "during", "after", "asked", "when",
                                        "without", "with", "despite", "like", "unlike", "as",
                                        "for", "by", "from", "on", "under", "in", "once"):
        return first  # "Abiy Ahmed, speaking at the dam site, said": the name alone
    return None


def _with_subject(text, sent, toks, k, v, sp, coordinated) -> Statement | None:
    form, frame, nv = v
    end = sent.end
    if frame == "trailing":
        return None
    if frame == "that":
        if form.endswith("that"):
            c0 = toks[k + nv - 1][1]
        else:
            # "noted 'with deep regret' that ...": "that" may come a few words later
            nxt = next((m for m in range(k + nv, min(k + nv + 8, len(toks)))
                        if toks[m][2].lower() == "that"), None)
            if nxt is None:
                return None
            c0 = toks[nxt][1]
    elif frame == "object":
        c0 = toks[k][0] if coordinated else sp[0]
        a, b = _trim(text, c0, end)
        if len(text[a:b].split()) < 3:
            return None
        return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                         speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start, frame_end=b)
    else:
        c0 = _content_after(text, toks, k, nv, form, end)
        if c0 is None:
            return None
        head = None if coordinated else _interrupted(text, toks, sent, sp, k, nv, c0)
        if head is not None:
            a, b = _trim(text, head, end)  # "If he loses, he said, he will run again"
            return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                             speaker_raw=text[sp[0]:sp[1]], frame_start=a, frame_end=b)
    if toks[0][2].lower() in _SUBORDINATORS and toks[0][0] <= sp[0] and \
            "," not in text[toks[0][1]:toks[k][0]]:
        # "While the minister said the talks had failed, Ruiz is hopeful": the subordinate
        # clause ends at its comma
        cut = text.find(",", c0, end)
        if cut > 0 and toks[0][2].lower() == "as" and len(text[c0:cut].split()) <= 4:
            c0 = cut + 1  # "As Ruiz said in May, the border will stay open": the main clause
        elif cut > 0:
            end = cut
    a, b = _trim(text, c0, end)
    if len(text[a:b].split()) < 2:
        return None
    speaker = text[sp[0]:sp[1]]
    # nested attribution: "Yonhap said that President Yoon had told a meeting that ..."
    inner = _nested(text, sent, toks, a, b)
    if inner is not None:
        return inner
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=speaker, frame_start=sent.start, frame_end=b)


def _interrupted(text, toks, sent, sp, k, nv, c0) -> int | None:
    """Where the reported sentence starts when its attribution interrupts it: "The attack,
    officials said, killed twelve", "If he loses, he said, he will run again". The attribution
    (a subject, then its verb) sits between commas with words of the sentence on both sides;
    None otherwise."""
    i = _tok_before(toks, sp[0])
    if i < 1 or text[toks[i][1]:sp[0]].strip() != "," or "," in text[sp[1]:toks[k][0]]:
        return None
    gap = text[toks[k + nv - 1][1]:c0]
    if not gap.strip().startswith(",") or toks[k][2].lower().endswith("ing") \
            or (len(gap.split()) > 1 and gap.split()[1].lower() not in _FINITE):
        return None  # ", he said, is ...": the content's own verb may come before c0
    if text[c0:].lstrip()[:1] in ('"', "“", "'", "‘"):
        return None  # 'he said, "..."': a quote follows
    head = sent.start
    for m in re.finditer(r"[,;:(—–]| - ", text[sent.start:toks[i][1]]):
        head = sent.start + m.end()  # "... - all of whom, she said, needed": from "all"
    before = text[head:toks[i][1]]
    if len(before.split()) < 2 or any(q in before for q in '"“”') \
            or before.split()[-1].lower() in ("and", "but", "or", "because") \
            or _sentence_adverbial(before):
        return None
    return head


# words that open a sentence adverbial ("In any case,", "Over the years,", "Even then,")
_ADVERBIAL_OPENERS = {"in", "on", "at", "for", "over", "after", "before", "during", "since",
                      "until", "within", "without", "by", "from", "under", "even", "still",
                      "now", "then", "also", "meanwhile", "however",
                      "indeed", "instead", "rather", "later", "earlier", "last", "this", "next"}


def _sentence_adverbial(words: str) -> bool:
    """A short phrase with no verb that opens with a preposition or adverb: "In any case",
    "Six months ago", "Even then". The statement after an attribution that follows one leaves
    it out ("In any case, Ruiz said, the talks will resume")."""
    w = words.lower().split()
    if w and w[0] in ("and", "but", "so", "yet"):
        w = w[1:]  # "But the years that followed": what follows the conjunction decides
    return 0 < len(w) <= 5 and not any(x in _FINITE for x in w) and (
        w[0] in _ADVERBIAL_OPENERS or w[-1] in ("ago", "later", "earlier", "then"))


def _nested(text, sent, toks, a, b) -> Statement | None:
    ks = _tok_span(toks, a, b)
    for k in ks[:10]:
        v = _verb_at(toks, k)
        if not v or v[0].split()[0] not in _NESTING_VERBS:
            continue
        sp = _np_left(text, toks, k, ks[0])
        if not sp or sp[0] != toks[ks[0]][0] or not _speakerish(text, sp):
            return None
        c0 = _content_after(text, toks, k, v[2], v[0], b)
        if c0 is None or text[toks[k][1]:c0].split()[-1:] != ["that"]:
            return None
        a2, b2 = _trim(text, c0, b)
        if len(text[a2:b2].split()) < 2:
            return None
        return Statement(text=text[a2:b2], start=a2, end=b2, kind="reported", cue=v[0],
                         speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start, frame_end=b2)
    return None


_CITING = re.compile(r"\s*,\s*(?:citing|quoting)\s+([^,.;:]{3,80}?)\s*(?=[,.;:]|$)")


def _cited(text: str, sp: tuple[int, int], end: int, default: str | None = None) -> str:
    """'..., the agency reported, citing a ministry official.': the official speaks, not the
    agency that relays them."""
    m = _CITING.match(text, sp[1], end)
    if m and _speakerish(text, m.span(1)):
        return m.group(1)
    return default if default is not None else text[sp[0]:sp[1]]


def _trailing(text, sent, toks, k, v, seg_start, taken, force=False) -> Statement | None:
    """'Y, the Pentagon has announced, ...' or 'Y, said the ministry.'"""
    form, frame, nv = v
    pos = toks[k][0]
    # ", said the ministry"
    before = text[toks[k - 1][1]:pos] if k > 0 else ""
    if "," in before:
        sp = _np_right(text, toks, k + nv, sent.end)
        n = k + nv
        if n + 1 < len(toks) and toks[n + 1][0] < sent.end and toks[n][2].lower() in \
                _CLAUSE_OPENERS and not text[toks[n][1]:toks[n + 1][0]].strip():
            return None  # ", say they will vote for Ruiz": a clause, not ", said the ministry"
        if sp and _speakerish(text, sp) and _attr_ends(text, toks, sp[1], sent.end):
            comma = toks[k - 1][1] + before.index(",")
            a, b = _trim(text, seg_start, comma)
            if len(text[a:b].split()) >= 3 and not _inside(a, taken):
                return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                                 speaker_raw=_cited(text, sp, sent.end), frame_start=sent.start,
                                 frame_end=_frame_end(text, sp[1], sent.end))
        return None
    # ", the Pentagon has announced"
    floor = _tok_from(toks, seg_start)
    floor = 0 if floor == len(toks) else floor
    sp = _np_left(text, toks, k, floor)
    if not sp or not _speakerish(text, sp):
        return None
    gap_start = _tok_before(toks, sp[0])
    if gap_start < 0:
        return None
    gap = text[toks[gap_start][1]:sp[0]]
    if "," not in gap and "”" not in gap and '"' not in gap:
        return None
    if not force and not _attr_ends(text, toks, toks[k + nv - 1][1], sent.end):
        return None
    a, b = _trim(text, seg_start, toks[gap_start][1] + gap.rfind(",") if "," in gap
                 else toks[gap_start][1] + len(gap.rstrip(" ,")))
    frame_end = _frame_end(text, toks[k + nv - 1][1], sent.end)
    rest = _continued(text, toks, k + nv, sent.end, taken)
    if rest is not None:
        b = frame_end = rest  # "If he loses, he said, he will run again": both halves
        if _sentence_adverbial(text[a:toks[gap_start][1]]):
            # "In any case, he said, the talks ...": the statement starts after the attribution
            a = _trim(text, toks[_tok_from(toks, toks[k + nv - 1][1] + 1)][0], b)[0]
    if len(text[a:b].split()) < 3 or any(x <= a < y for x, y in taken):
        return None
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=_cited(text, (sp[0], toks[k + nv - 1][1]), sent.end,
                                        text[sp[0]:sp[1]]),
                     frame_start=sent.start, frame_end=frame_end)


# after "Y, he said," words that carry on Y's sentence: a subject, a verb, "to"
_CONTINUES = _CLAUSE_OPENERS | _FINITE | {"to", "this", "that", "these", "those", "the", "its",
                                          "his", "her", "their", "our", "nothing", "no"}


def _continued(text, toks, j, end, taken) -> int | None:
    """Where the reported sentence ends when an attribution interrupts it ("Y, he said, Z"),
    for a trailing attribution (:func:`_interrupted` is the same for a subject-first one):
    Z carries Y on when it opens with a subject, a verb or "to" (not with narration such as
    "in the heaviest shelling since ...", "adding that ...", "who ..."). None otherwise."""
    if j >= len(toks) or toks[j][0] >= end or text[toks[j - 1][1]:toks[j][0]].strip() != ",":
        return None
    low = toks[j][2].lower()
    if low in ("and", "but") and j + 1 < len(toks) and toks[j + 1][0] < end:
        low = toks[j + 1][2].lower()
    if low not in _CONTINUES or toks[j][2][:1].isupper():
        return None
    a, b = _trim(text, toks[j][0], end)
    if b <= a or any(a <= x < b for x, _ in taken) or '"' in text[a:b] or "“" in text[a:b]:
        return None
    return b


def _frame_end(text: str, attribution_end: int, end: int) -> int:
    """Where the model stops reading a statement with a trailing attribution: after the
    attribution ("..., the Pentagon announced"), not on into the narration that may follow it
    in the same sentence (", sharply raising the estimate")."""
    m = re.match(r"[^,;]*", text[attribution_end:end])
    return attribution_end + len(m.group().rstrip()) if m else end


def _attr_ends(text, toks, pos, end) -> bool:
    """True when an attribution at ``pos`` ends its clause (only adverbials or narration follow)."""
    rest = text[pos:end]
    if rest.lstrip().startswith(":"):
        return False  # "he said:": the words follow
    if not rest.strip(" .!?\"”’»"):
        return True
    if rest.lstrip().startswith(","):
        return True
    lo, hi = _tok_from(toks, pos), _tok_from(toks, end)
    # a short look first: adverbials after a verb are a few words, the sentence may be long
    for ks in (toks[lo:min(hi, lo + 32)], toks[lo:hi]):
        i = 0
        while i < len(ks) and (_adverbial_at(ks, i) or ks[i][2].lower() in _RECIPIENTS
                               or (i and ks[i - 1][2].lower() == "in"
                                   and ks[i][2][:1].isupper())):
            i += 1
        if i < len(ks) - 1 or len(ks) == hi - lo:
            break
    if i == len(ks):
        return True
    return text[ks[i - 1][1] if i else pos:ks[i][0]].strip().startswith(",")
