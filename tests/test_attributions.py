"""Scoring against brat attribution corpora (a fixture written for the project), and the
real-text figures on ../shared/polnear when it is present."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.attributions import (
    GoldAttribution,
    content_f1,
    cue_lemma,
    evaluate_attributions,
    is_speech_cue,
    parse_ann,
    read_corpus,
    speaker_matches,
)
from stance.cli import app
from stance.errors import InputError
from stance.schema import Statement

BRAT = Path(__file__).parent / "data" / "brat"
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "polnear" / "train"


def test_reads_brat_standoff_with_discontinuous_and_multiline_spans():
    text = "Aides said the plan, which was late, would pass.\n"
    ann = ("T1\tSource 0 5\tAides\nT2\tCue 6 10\tsaid\n"
           "T3\tContent 11 19;37 48\tthe plan would pass\ncontinued text of a span\n"
           "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
    doc = parse_ann("x", text, ann)
    (g,) = doc.attributions
    assert (g.start, g.end, g.cue, g.source) == (11, 48, "said", "Aides")
    assert g.speech and not g.pronoun_source
    assert g.fragments == ((11, 19), (37, 48))
    # content F1 reads the pieces: the aside between them is not content
    assert content_f1(text, [(11, 19), (37, 48)], g) == 1.0
    assert content_f1(text, [(11, 48)], g) < 1.0


def test_speech_cues_follow_the_scoring_list():
    assert is_speech_cue("has long denied") and is_speech_cue("According to")
    assert not is_speech_cue("believes") and not is_speech_cue(None)
    assert cue_lemma("criticised") == "criticize" and cue_lemma("tweeted") == "tweet"


def test_content_f1_scores_boundaries_and_leaves_out_the_attribution():
    text = "In the long run, economists say, costs will rise."
    g = GoldAttribution("x", 0, 48, "say", "economists", source_start=17, source_end=27,
                        cue_start=28, cue_end=31)
    assert content_f1(text, [(33, 48)], g) == pytest.approx(2 * 3 / (3 + 7))
    assert content_f1(text, [(0, 15)], g) == pytest.approx(2 * 4 / (4 + 7))
    assert content_f1(text, [(0, 15), (33, 48)], g) == 1.0  # both halves: the whole content
    assert content_f1(text, [(0, 48)], g) == 1.0  # its own cue and source do not count
    assert content_f1(text, [], g) == 0.0


def test_speaker_match_needs_a_shared_content_word():
    assert speaker_matches("Dana Whitby", "Dana Whitby, the authority's director")
    assert not speaker_matches("the authority", "the mayor")  # "the" does not count
    assert not speaker_matches(None, "Critics")


def test_scores_on_the_fixture():
    r = evaluate_attributions(BRAT)
    assert r["documents"] == 1
    assert r["counts"]["gold"] == 4 and r["counts"]["gold_speech"] == 3
    assert r["speech_recall"] == 1.0 and r["recall"] == 0.75  # "believe" is not speech
    assert r["precision"] == 1.0 and r["speaker_accuracy"] == 1.0
    assert 0.0 < r["content_f1"] <= 1.0 and 0.0 <= r["well_bounded"] <= 1.0


def test_a_finder_that_finds_nothing_scores_zero_and_a_wrong_one_loses_precision():
    assert evaluate_attributions(BRAT, find=lambda t: [])["speech_recall"] == 0.0

    def wrong(text):
        return [Statement(text=text[:9], start=0, end=9, kind="reported", speaker_raw="x")]

    r = evaluate_attributions(BRAT, find=wrong)
    assert r["precision"] == 0.0 and r["counts"]["predicted"] == 1


def test_misses_are_listed():
    r = evaluate_attributions(BRAT, find=lambda t: [], show_misses=2)
    assert len(r["misses"]) == 2 and {"doc", "start", "end", "cue"} <= set(r["misses"][0])


def test_not_a_brat_corpus_is_one_line(tmp_path):
    with pytest.raises(InputError):
        list(read_corpus(tmp_path))
    res = CliRunner().invoke(app, ["evaluate", "--attributions", str(tmp_path)])
    assert res.exit_code == 1
    assert res.output.strip().count("\n") == 0 and "not a brat corpus" in res.output


def test_cli_json_has_the_documented_keys():
    res = CliRunner().invoke(app, ["evaluate", "--attributions", str(BRAT), "--format", "json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert {"speech_recall", "recall", "precision", "speaker_accuracy"} <= set(d)


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared/polnear is not present")
def test_real_news_figures_do_not_regress():
    """PolNeAR train (real news): the figures README reports, with a small margin."""
    r = evaluate_attributions(POLNEAR)
    assert r["speech_recall"] >= 0.875
    assert r["precision"] >= 0.94
    assert r["speaker_accuracy"] >= 0.92
    assert r["content_f1"] >= 0.89 and r["well_bounded"] >= 0.80


def test_a_speaker_given_where_the_gold_names_none_is_counted_as_invented(tmp_path):
    text = "Port row\n\nThe port authority has been criticised for the long delay at the berth.\n"
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    cue = text.index("criticised")
    ann = (f"T1\tCue {cue} {cue + 10}\tcriticised\n"
           f"T2\tContent 10 {len(text) - 2}\t{text[10:-2]}\n"
           "E1\tAttribution:T1 Content:T2 Cue:T1\n")
    (tmp_path / "attributions" / "a_ann1.ann").write_text(ann, encoding="utf-8")

    def named(t):
        return [Statement(text=t[10:-2], start=10, end=len(t) - 2, kind="reported",
                          speaker_raw="The port authority")]

    r = evaluate_attributions(tmp_path, find=named)
    assert r["speech_recall"] == 1.0 and r["counts"]["unsourced"] == 1
    assert r["invented_speakers"] == 1.0
    # the extractor names nobody: the authority is what was criticised, not who spoke
    r = evaluate_attributions(tmp_path)
    assert r["speech_recall"] == 1.0 and r["invented_speakers"] == 0.0
