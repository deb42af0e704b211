"""Answer quality with the fake encoder: query concepts, ranking, trimming, marking, threshold, follow-ups."""

from dataclasses import replace

import numpy as np
import pytest

from bot.answering.compose import NOT_COVERED
from bot.answering.excerpt import MAX_CHARS, excerpt
from bot.search.followups import context_of, refers_back
from bot.ingest.blocks import Block
from bot.ingest.chunking import Chunk, ChunkKind, Unit, block_units, render_units
from bot import Bot
from bot.config import ConfidenceWeights, RankingWeights, Settings
from bot.search.ranking import Features, centred, confidence, score
from bot.interfaces.evaluation import evaluate, holds_gold, normalise
from bot.search.question import QueryParser, asking_sentence
from bot.words import NO_LEMMAS, irregular_forms, terms
from bot.search.synonyms import parse as parse_synonyms

from .conftest import CORPUS, FAKE_MIN_CONFIDENCE, FAKE_MODEL, FakeEncoder

GROUPS = parse_synonyms("# comment\nstomach, gastrointestinal\nstop, come off, discontinue\nlow dose naltrexone, ldn\ndose, amount\n",
                        NO_LEMMAS)


def test_synonym_groups_are_parsed_and_matched_longest_first():
    parser = QueryParser([], GROUPS, NO_LEMMAS)
    concepts = parser.parse("does low dose naltrexone upset the stomach").concepts
    alternatives = [c.alternatives for c in concepts]
    assert (("low", "dose", "naltrexon"), ("ldn",)) in alternatives  # the drug, not a dose
    assert (("dose",), ("amount",)) not in alternatives
    assert (("stomach",), ("gastrointestin",)) in alternatives


def test_phrases_with_stop_words_trigger_their_group_but_are_not_searched_for():
    concepts = QueryParser([], GROUPS, NO_LEMMAS).parse("can I come off it").concepts
    assert [c.alternatives for c in concepts] == [(("stop",), ("discontinu",))]


def test_typos_are_corrected_towards_document_words_but_real_words_are_left_alone():
    parser = QueryParser(["depressed", "headache", "naltrexone"], GROUPS, NO_LEMMAS, known_words=lambda: frozenset({"water", "make"}))
    assert parser.parse("can naltrexon make u depresed").search_text == "can naltrexone make u depressed"
    assert parser.parse("boiling water").search_text == "boiling water"


def test_a_word_is_read_in_the_documents_spelling_british_or_american():
    parser = QueryParser(sorted(["anemia", "colors", "colour", "licence", "behavior", "organize", "for", "tor", "filed"]), GROUPS, NO_LEMMAS,
                         everyday=lambda word: True)  # every word a real one: no typo correction involved
    assert parser.parse("anaemia and colours").search_text == "anemia and colors"
    assert parser.parse("the color of the license").search_text == "the colour of the licence"
    assert parser.parse("organise the behaviour").search_text == "organize the behavior"
    assert parser.parse("four tours filled").search_text == "four tours filled"  # only a word's ending is respelt


def test_the_dictionary_is_read_only_for_a_question_with_a_word_of_no_passage():
    loads = []
    parser = QueryParser(["depressed", "headache", "naltrexone"], GROUPS, NO_LEMMAS,
                         known_words=lambda: loads.append(1) or frozenset({"water"}))
    parser.parse("naltrexone headache")
    assert loads == []  # every word is a word of the passages: nothing to correct, no dictionary
    parser.parse("naltrexone water")
    parser.parse("headache water")
    assert loads == [1]  # read once, when first needed


def test_a_common_english_word_is_never_a_typo_and_needs_no_dictionary():
    loads = []
    parser = QueryParser(["depressed", "headache", "naltrexone"], GROUPS, NO_LEMMAS, known_words=lambda: loads.append(1) or frozenset(),
                         everyday=lambda word: word == "headaches")
    assert parser.parse("naltrexone headaches").search_text == "naltrexone headaches"  # not "corrected" to headache
    assert loads == []
    assert parser.parse("naltrexone headachs").search_text == "naltrexone headache"  # a typo still is
    assert loads == [1]


def test_a_question_may_use_an_irregular_form_of_a_word_the_documents_use():
    lemmas = irregular_forms(["build", "running", "mice", "ai", "done", "can"])  # the documents' words, in any form
    assert terms("I built it and ran it", lemmas) == terms("build running", lemmas) == ["build", "run"]
    assert terms("a mouse", lemmas) == terms("mice", lemmas)
    assert "went" not in lemmas  # the documents never use "go": its forms are left out of their table
    assert not {"ai", "ca", "done", "was"} & set(lemmas)  # no abbreviation read as a word, no stop word either side
    parser = QueryParser(["stove", "strive"], [], lemmas | irregular_forms(["strive"]))
    assert parser.correct("I strove to fix it") == "I strove to fix it"  # a form of a document word is no typo
    assert terms("I built it", NO_LEMMAS) == ["built"]  # what the stemmer alone makes of it


def test_the_index_stems_a_questions_irregular_forms_as_its_documents(fake_bot):
    lemmas = fake_bot.index.lookups.lexicon.lemmas
    assert lemmas["took"] == "take"  # the article says "taking"
    concepts = fake_bot.searcher.parser.parse("I took LDN at night").concepts
    assert any(("take",) in c.alternatives for c in concepts)
    assert fake_bot.searcher.weights.seen(next(c for c in concepts if ("take",) in c.alternatives))


def test_synonyms_file_beside_the_corpus_is_used(fake_bot, settings):
    """A question outside the dev set whose only link to the passage is a user-editable synonym."""
    question = "Does LDN upset the tummy?"
    before = fake_bot.searcher.parser.parse(question).concepts
    assert any(("gastrointestin",) in c.alternatives for c in before)  # corpus/synonyms.csv: tummy -> gastrointestinal
    (settings.corpus_dir / "synonyms.csv").write_text("tummy, belly\n", encoding="utf-8")
    from bot import Bot

    edited = Bot.load(settings, encoder=fake_bot.encoder, notify=lambda m: None)
    assert not any(("gastrointestin",) in c.alternatives for c in edited.searcher.parser.parse(question).concepts)


def test_ranking_score_is_the_weighted_sum_of_the_features():
    ranking = RankingWeights(passage=2.0, unit=1.0, bm25=0.5, coverage=1.0, unit_coverage=0.0)
    features = Features(passage=0.5, unit=0.25, question=0.0, bm25=1.0, coverage=0.5, unit_coverage=0.9, novelty=0.3)
    assert score(features, ranking) == pytest.approx(2.0 * 0.5 + 0.25 + 0.5 + 0.5)


def test_a_cosine_measured_from_the_centre_is_that_of_the_vectors_moved_by_it():
    rng = np.random.default_rng(3)
    keys, query = rng.normal(size=(5, 8)), rng.normal(size=8)
    keys, query = keys / np.linalg.norm(keys, axis=1, keepdims=True), query / np.linalg.norm(query)
    centre = 0.6 * keys.mean(axis=0) + 0.1 * query
    moved_keys, moved_query = keys - centre, query - centre
    expected = moved_keys @ moved_query / (np.linalg.norm(moved_keys, axis=1) * np.linalg.norm(moved_query))
    assert np.allclose(centred(keys @ query, keys @ centre, float(query @ centre), centre), expected)


def test_confidence_rises_with_similarity_and_falls_with_novelty():
    model = ConfidenceWeights()
    base = Features(passage=0.5, unit=0.5, question=0.0, bm25=0.0, coverage=0.5, unit_coverage=0.0, novelty=0.0)
    assert 0.0 < confidence(base, model) < 1.0
    assert confidence(replace(base, passage=0.8), model) > confidence(base, model)
    assert confidence(replace(base, centred_question=0.8), model) > confidence(base, model)
    assert confidence(replace(base, novelty=0.8), model) < confidence(base, model)
    assert confidence(Features(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), model) < 0.5


def test_hybrid_search_finds_a_rare_exact_term(fake_bot):
    hits = fake_bot.searcher.search("Salaffi").hits
    assert "Salaffi et al., 2020" in hits[0].chunk.text
    assert hits[0].features.coverage == 1.0


def test_table_answer_is_the_matching_row_with_its_header(fake_bot):
    answer = fake_bot.answer("What did Salaffi find in multiple sclerosis patients?")
    lines = answer.answer.split("\n")
    assert lines[0] == "Study | Population | Mood Outcomes |" and lines[1] == "---|---|---|"
    assert lines[2:] == ["Salaffi et al., 2020 | Multiple sclerosis patients (n=40) | Mood stabilization with no increase in depression rates |"]
    assert answer.highlight == lines[2]


def test_list_answer_keeps_its_lead_in(fake_bot):
    answer = fake_bot.answer("possible explanations receptor blockade adjustment dose timing brain chemistry")
    assert answer.answer.startswith("Though uncommon, some individuals report feeling depressed")
    assert "- Dose Timing Factors:" in answer.answer


def make_chunk(text: str, kind: ChunkKind = "paragraph", number: int = 0) -> Chunk:
    """A chunk of one paragraph, or (kind faq) of a question line and its answer paragraph."""
    lines = text.split("\n")
    question = [Unit("question", lines[0])] if kind == "faq" else []
    units = (*question, *block_units(Block("paragraph", lines[-1]), 1 if question else 0))
    return Chunk(f"d#{number}", "d", "Section", kind, render_units(units), units)


def test_excerpt_marks_the_best_sentence_and_stays_within_the_budget():
    sentences = [f"Sentence {n} " + "word " * 30 + "end." for n in range(10)]
    chunk = make_chunk(" ".join(sentences))
    scores = tuple(1.0 if n == 6 else 0.1 for n in range(10))
    quoted = excerpt(chunk, scores)
    text, highlight = quoted.text, quoted.highlight.text
    assert highlight == sentences[6] and highlight in text
    assert len(text) <= 500 and text.startswith("Sentence") and text.endswith("end.")


def test_faq_excerpt_opens_with_the_answer_when_the_question_matched():
    chunk = make_chunk("Is it safe?\nIt is generally safe. Some people get dreams.", kind="faq")
    quoted = excerpt(chunk, (0.9, 0.2, 0.3))
    text, highlight = quoted.text, quoted.highlight.text
    assert text == "It is generally safe. Some people get dreams." and highlight == "It is generally safe."


def test_a_quote_opening_with_the_reply_reaches_on_to_the_best_sentence_when_it_can():
    sentences = [f"Sentence {n} " + "word " * 12 + "end." for n in range(16)]  # about 80 characters each
    chunk = make_chunk("How does it work?\n" + " ".join(sentences), kind="faq")
    near = (0.9, *(0.8 if n == 8 else 0.1 for n in range(16)))  # the question matched about as well as sentence 8
    quoted = excerpt(chunk, near)
    assert quoted.text.startswith("Sentence 0 ") and sentences[8] in quoted.text and len(quoted.text) <= MAX_CHARS
    far = (0.9, *(0.8 if n == 15 else 0.1 for n in range(16)))  # too far to reach: the reply's opening alone
    assert excerpt(chunk, far).text.startswith("Sentence 0 ") and len(excerpt(chunk, far).text) <= 500


def test_a_quote_opening_with_the_reply_goes_on_after_a_gap_to_the_part_the_question_points_to():
    sentences = [f"Sentence {n} " + "word " * 12 + "end." for n in range(16)]
    chunk = make_chunk("How does it work?\n" + " ".join(sentences), kind="faq")
    question_matched = (0.9, *(0.1 for _ in range(16)))  # the entry's question matched best: quote the reply
    pointed_to = (0.9, *(1.2 if n == 14 else 0.1 for n in range(16)))  # a part matching better than the question
    quoted = excerpt(chunk, question_matched, detail=(chunk, pointed_to))
    assert quoted.text.startswith("Sentence 0 ") and "\n…\n" in quoted.text and len(quoted.text) <= MAX_CHARS
    assert quoted.highlight.text == sentences[14] and quoted.text.index(sentences[14]) > quoted.text.index("…")
    assert sentences[8] not in quoted.text  # the left-out middle
    nearby = (0.9, *(1.2 if n == 6 else 0.1 for n in range(16)))  # just after the opening: no gap between them
    quoted = excerpt(chunk, question_matched, detail=(chunk, nearby))
    assert sentences[6] in quoted.text and "…" not in quoted.text
    alone = excerpt(chunk, question_matched).text
    within = (0.9, *(1.2 if n == 1 else 0.1 for n in range(16)))  # in the opening already: the opening alone
    assert excerpt(chunk, question_matched, detail=(chunk, within)).text == alone
    echo = (0.9, *(0.8 if n == 14 else 0.1 for n in range(16)))  # matching less than the entry's question does
    quoted = excerpt(chunk, question_matched, detail=(chunk, echo))
    assert sentences[14] in quoted.text and quoted.highlight.text == sentences[0]  # the reply's opening stays marked


def test_the_part_pointed_to_may_be_in_a_later_passage_of_the_entry():
    first = make_chunk("Why does it stall?\nIt stalls on wet grass. Clean the deck often.", kind="faq")
    middle = make_chunk("Why does it stall?\n" + " ".join(f"Point {n} " + "word " * 20 + "end." for n in range(6)),
                        kind="faq", number=1)
    later = make_chunk("Why does it stall?\nA chipped blade makes it worse. Have it reground.", kind="faq", number=2)
    run = [first, middle, later]
    quoted = excerpt(later, (0.9, 0.2, 0.1), run, detail=(later, (0.5, 0.9, 0.3)))
    assert quoted.text == "It stalls on wet grass. Clean the deck often.\n…\nA chipped blade makes it worse. Have it reground."
    assert quoted.highlight.text == "A chipped blade makes it worse."
    # The passage right after the whole opening follows on from it: nothing is left out, so no gap is shown.
    following = excerpt(middle, (0.9, *(0.1,) * 6), run, detail=(middle, (0.5, 0.9, *(0.1,) * 5)))
    assert "…" not in following.text and following.text.startswith("It stalls") and "Point 0" in following.text


def test_the_opening_does_not_end_on_words_leading_on_to_what_the_gap_leaves_out():
    opening = "It pins what was built " + "and when " * 40 + "it was built."  # about 400 characters
    units = (Unit("question", "Why keep a lockfile?"), Unit("sentence", opening, block=1),
             Unit("sentence", "Pinned builds help with", block=1),  # a list followed, out of the window
             *(Unit("item", f"Point {n} " + "word " * 60 + "end.", block=2) for n in range(6)))
    chunk = Chunk("d#0", "d", "Section", "faq", render_units(units), units)
    quoted = excerpt(chunk, (0.9, *(0.1,) * 8), detail=(chunk, (0.9, *(0.1,) * 7, 1.2)))
    assert quoted.text.startswith(opening + "\n…\n") and "help with" not in quoted.text
    assert quoted.highlight.text.startswith("Point 5")


def test_the_opening_gives_up_its_end_for_the_part_after_the_gap_to_fit():
    sentences = [f"Sentence {n} " + "word " * 12 + "end." for n in range(20)]  # about 77 characters each
    chunk = make_chunk("How does it work?\n" + " ".join(sentences), kind="faq")
    reaching = (0.9, *(0.8 if n == 11 else 0.1 for n in range(20)))  # the opening reaches on to sentence 11
    for pointed in (1.2, 0.8):  # the part marked, or the opening staying marked
        quoted = excerpt(chunk, reaching, detail=(chunk, (0.9, *(pointed if n == 17 else 0.1 for n in range(20)))))
        assert len(quoted.text) <= MAX_CHARS and quoted.text.startswith("Sentence 0 ") and sentences[17] in quoted.text
        assert "\n…\n" in quoted.text


def test_a_quote_reaching_on_to_the_best_sentence_counts_a_code_example_opening_the_reply():
    sentences = [f"Sentence {n} " + "word " * 12 + "end." for n in range(8)]
    units = (Unit("question", "How does it work?"), Unit("code", "$ run --it " + "x" * 60, block=1),
             *(Unit("sentence", text, block=2) for text in sentences))
    chunk = Chunk("d#0", "d", "Section", "faq", render_units(units), units)
    quoted = excerpt(chunk, (0.9, 0.1, *(0.8 if n == 6 else 0.1 for n in range(8))))
    assert sentences[6] in quoted.text and len(quoted.text) <= MAX_CHARS


def test_a_follow_up_quotes_the_part_of_the_entry_its_own_words_match_even_by_a_little():
    chunk = make_chunk("Is it safe?\nIt is generally safe. You can ask the pharmacy which kind you have.", kind="faq")
    scores = (0.3, 0.2, 0.5)  # the later sentence matches better, by less than a standalone question needs
    assert excerpt(chunk, scores).highlight.text == "It is generally safe."
    assert excerpt(chunk, scores, own_words=True).highlight.text == "You can ask the pharmacy which kind you have."


def test_excerpt_reaches_into_the_next_paragraph_of_the_section_only_when_room_is_left():
    short = make_chunk("A short first paragraph.")
    after = make_chunk("The paragraph after it. Another sentence here.", number=1)
    text = excerpt(short, (1.0,), [short, after]).text
    assert text == "A short first paragraph. The paragraph after it. Another sentence here."


def test_answers_never_exceed_the_maximum(fake_bot):
    for question in ("Taking Action If You Experience Depressive Symptoms on LDN", "Key takeaways", "side effects"):
        assert len(fake_bot.answer(question).answer) <= MAX_CHARS


def test_below_the_threshold_the_answer_is_not_covered_and_names_no_passage(fake_bot):
    answer = fake_bot.answer("quantum chromodynamics of gluons")
    assert not answer.found and answer.answer.startswith(NOT_COVERED)
    assert answer.highlight == ""
    assert all(source.text not in answer.answer for source in answer.sources)
    assert 2 <= len(answer.suggestions) <= 3


def test_the_threshold_is_a_setting_recorded_in_the_manifest(fake_bot, settings):
    assert fake_bot.manifest.min_confidence == settings.min_confidence
    from bot import Bot

    strict = Bot(settings.with_changes(min_confidence=0.999), fake_bot.index, fake_bot.encoder)
    assert fake_bot.answer("What is the usual daily dose of LDN?").found
    assert not strict.answer("What is the usual daily dose of LDN?").found


@pytest.mark.parametrize(
    "question, leans",
    [
        ("how long do they last?", True),
        ("and the one on multiple sclerosis?", True),
        ("What about the dose?", True),
        ("Is there a link between LDN and depression?", False),
        ("Does LDN cause headaches?", False),
    ],
)
def test_refers_back(question, leans):
    assert refers_back(question) is leans


def test_context_reaches_back_through_a_chain_of_follow_ups():
    assert context_of(["Tell me about the Crohn's study"]) == "Tell me about the Crohn's study"
    assert context_of(["What is LDN?", "what dose is it taken at?"]) == "what dose is it taken at? What is LDN?"


def test_a_follow_up_is_answered_in_the_context_of_the_conversation(fake_bot):
    alone = fake_bot.answer("how many patients were in it?")
    followed = fake_bot.answer("how many patients were in it?", history=["Tell me about the Morris and Smith Crohn's disease study"])
    assert "Crohn’s disease (n=25)" in followed.answer
    assert followed.answer != alone.answer


def test_a_question_that_stands_on_its_own_is_not_bent_by_the_history(fake_bot):
    question = "What is the usual daily dose of LDN?"
    alone = fake_bot.answer(question)
    for history in (["Tell me about the Crohn's disease study"], ["What do SSRIs do?", "and what about weight gain?"]):
        assert fake_bot.answer(question, history=history).answer == alone.answer


def test_suggestions_are_document_questions_other_than_the_one_asked(fake_bot):
    answer = fake_bot.answer("Can LDN Cause Depression in Patients?")
    assert 2 <= len(answer.suggestions) <= 3
    assert "Can LDN Cause Depression in Patients?" not in answer.suggestions
    headings_and_questions = {c.section for c in fake_bot.index.chunks} | {c.text.split("\n")[0] for c in fake_bot.index.chunks if c.kind == "faq"}
    assert set(answer.suggestions) <= headings_and_questions


def test_evaluation_scores_by_the_eval_readme_rules():
    assert normalise("Crohn’s  disease — x") == "crohn's disease - x"
    assert holds_gold("… Crohn's disease (n=25) …", ["Crohn’s disease (n=25)"])
    cases = [
        {"kind": "in", "question": "q1", "gold": ["right"]},
        {"kind": "in", "question": "q2", "gold": ["right"]},
        {"kind": "out", "question": "q3", "gold": []},
        {"kind": "multi", "question": "q4", "history": ["q1"], "gold": ["right"]},
    ]
    answers = {
        "q1": {"found": True, "answer": "the right passage", "sources": [{"text": "the right passage"}]},
        "q2": {"found": False, "answer": "not covered", "sources": [{"text": "wrong"}, {"text": "right here"}]},
        "q3": {"found": False, "answer": "not covered", "sources": []},
        "q4": {"found": True, "answer": "wrong", "sources": [{"text": "wrong"}]},
    }
    report = evaluate(lambda question, history: {**answers[question], "confidence": 0.5}, cases)
    assert report.figures["hit@1"] == 0.5 and report.figures["hit@3"] == 1.0
    assert report.figures["MRR@5"] == pytest.approx((1 + 0.5) / 2)
    assert report.figures["false abstention"] == 0.5 and report.figures["abstention"] == 1.0
    assert report.figures["follow-up hit@1"] == 0.0
    assert [m["case"]["question"] for m in report.misses] == ["q2", "q4"]


def test_the_shipped_synonyms_file_parses():
    groups = parse_synonyms((CORPUS / "synonyms.csv").read_text(encoding="utf-8"), NO_LEMMAS)
    assert len(groups) >= 20 and all(len(g.phrases) >= 2 for g in groups)


@pytest.mark.parametrize(
    "question, leans",
    [
        ("ok, so how do I switch that on?", True),
        ("Should I report that to anyone?", True),  # "that" acted on, then a preposition
        ("I heard that in 2020 the format changed", False),
        ("I read that to stop LDN you should taper slowly", False),  # "that to" before a verb starts a clause
        ("Is there any workaround for that?", True),
        ("what should I use on Linux then?", True),
        ("why not?", True),
        ("how long does that usually last?", True),
        ("is that script safe to use?", True),
        ("What is the capital of France?", False),
        ("Tell me a joke", False),
        ("Is there a tool that converts 7z archives?", False),
        ("I read that naltrexone blocks receptors, is it true?", True),  # by "it", not by "that"
        ("I read that naltrexone blocks receptors", False),
        ("anything else I should check?", True),
        ("what else?", True),
        ("Is there anything else LDN treats?", True),
        ("How do I write an if-else in sed?", False),
        ("I already have depression, is it ok for me to try LDN?", False),  # "it" stands for "to try LDN"
        ("it is safe to stop?", False),
        ("is it safe for pregnant women?", True),
        ("does it help with depression too?", True),
    ],
)
def test_follow_ups_are_recognised_by_how_people_write_them(question, leans):
    assert refers_back(question) is leans


def test_an_off_topic_question_inside_a_conversation_is_answered_as_if_asked_first(fake_bot):
    for history in ([], ["What is the usual daily dose of LDN?"], ["Tell me about the Crohn's disease study"]):
        answer = fake_bot.answer("What is the capital of France?", history=history)
        assert not answer.found, history


def test_a_question_the_conversation_does_not_complete_is_read_alone(fake_bot):
    """"states" is a rare word of the article ("worsening mood states"), most of the question's weight, but the passage
    on monitoring holds neither "president" nor "united": the conversation must not lend its topic to a question
    with a subject of its own."""
    question = "Who is the president of the United States?"
    history = ["Why do physicians recommend close monitoring during the initial weeks?"]
    searcher = fake_bot.searcher
    in_context = searcher.rank(searcher.parser.parse(question, history[0]), 1)[0]
    assert "mood states" in in_context.chunk.text and in_context.features.focus >= 0.5
    assert not searcher.search(question, history).in_context
    assert fake_bot.answer(question, history=history).answer == fake_bot.answer(question).answer


def test_a_follow_up_s_own_focus_is_answered_by_its_specific_words(fake_bot):
    """"how long does the blockade last?" after a question on receptors: "long" and "last" are everyday words (and
    the article's passage on the blockade says "short-lived"); "blockade" is the word that carries the question."""
    searcher = fake_bot.searcher
    focus = searcher.read(searcher.parser.parse("how long does the blockade last")).focus
    hit = next(h for h in searcher.rank(searcher.parser.parse("the blockade is short-lived"), 5)
               if "blockade is short-lived" in h.chunk.text)
    stems = searcher._unit_stems(searcher.position[hit.chunk.id])[0]
    assert [concept.words for concept, _, _ in focus if not concept.covered_by(stems)] == [("long",), ("last",)]
    assert searcher.answers_own(focus, hit)
    other = searcher.read(searcher.parser.parse("how long does the blockade last in the kidneys")).focus
    assert not searcher.answers_own(other, hit)


def test_not_covered_names_what_the_documents_never_mention_and_the_corpus_advice(settings, fake_encoder):
    (settings.corpus_dir / "bot.toml").write_text('not_covered_advice = "Ask your pharmacist."\n', encoding="utf-8")
    from bot import Bot

    bot = Bot.load(settings, encoder=fake_encoder, notify=lambda m: None)
    answer = bot.answer("What is the capital of France?")
    assert not answer.found and answer.answer.startswith(NOT_COVERED)
    assert "They never mention capital or France." in answer.answer and answer.answer.endswith("Ask your pharmacist.")
    assert bot.profile.title == "Can ldn cause depression" and bot.profile.disclaimer == ""  # the rest from the documents


GARDEN_FAQ = """# Garden tool FAQ

## How do I sharpen the pruning shears?

Open the shears fully and clamp them in a vise so the blade cannot move while you work on it.
Hold the file at the angle of the original bevel and push it away from you along the whole edge.
Count your strokes and give every part of the blade the same number so the edge stays straight.
Wipe the filings off with a dry cloth and check the edge against a sheet of paper before you go on.
Repeat the strokes until the paper parts cleanly without tearing along any part of the edge.
Oil the pivot afterwards, open and close the shears a few times, and wipe away the extra oil.
Store them closed in a dry shed, away from fertiliser bags, which make the steel rust quickly.
Look at the edge again after a month of use and touch it up with a few light strokes.
Replace the spring when it no longer opens the handles by itself; a new one costs little at any garden centre.
Tighten the pivot bolt a quarter turn at a time until the blades meet without a gap but still move freely.

If the blade is made of ceramic instead of steel, never use a metal file on it: send ceramic blades back
to the maker, who grinds them with a diamond wheel and returns them within two weeks.

## How do I clean the lawn mower?

Disconnect the spark plug, tip the mower on its side and scrape the grass off the deck with a wooden stick.
"""


def one_document_bot(tmp_path, name: str, text: str | bytes) -> tuple[Bot, Settings]:
    """A bot with the fake encoder over one document, `name`, written into tmp_path/corpus; and its settings."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", data_dir=tmp_path / "data",
                        model=FAKE_MODEL, min_confidence=FAKE_MIN_CONFIDENCE)
    return Bot.load(settings, encoder=FakeEncoder(), notify=lambda message: None), settings


def test_a_follow_up_is_answered_from_the_part_of_the_entry_its_own_words_ask_about(tmp_path):
    """The conversation finds the entry; the follow-up's own words pick the passage of a long answer that answers."""
    bot, _ = one_document_bot(tmp_path, "garden.md", GARDEN_FAQ)
    entry = [c for c in bot.index.chunks if c.section == "How do I sharpen the pruning shears?"]
    assert len(entry) == 2  # the answer is long enough to be cut in two passages
    first = bot.answer("How do I sharpen the pruning shears?")
    assert first.answer.startswith("Open the shears fully")
    follow_up = bot.answer("and what if the blade is ceramic?", history=["How do I sharpen the pruning shears?"])
    assert follow_up.found and "send ceramic blades back" in follow_up.answer
    assert follow_up.sources[0].section.endswith("How do I sharpen the pruning shears?")


def test_a_follow_ups_word_of_like_meaning_picks_the_part_it_asks_about(tmp_path, monkeypatch):
    """A follow-up's own focus word that the documents write otherwise ("Mac" for "macOS") picks the part too."""
    bot, _ = one_document_bot(tmp_path, "garden.md", GARDEN_FAQ)
    words_as_meant = bot.searcher.focus

    def focus(own, vectors):  # the fake encoder knows no meanings: "porcelain" is made to mean "ceramic"
        return [(c, w, near | (frozenset(terms("ceramic", NO_LEMMAS)) if c.words == ("porcelain",) else frozenset()))
                for c, w, near in words_as_meant(own, vectors)]

    monkeypatch.setattr(bot.searcher, "focus", focus)
    follow_up = bot.answer("and what if the blade is porcelain?", history=["How do I sharpen the pruning shears?"])
    assert follow_up.found and "send ceramic blades back" in follow_up.answer


def test_the_sentence_that_asks_is_the_one_after_sentences_telling_the_situation():
    assert asking_sentence("lsof is slow on my Solaris 8 box. Is there a workaround?") == "Is there a workaround?"
    assert asking_sentence("It stalls. It smokes. Why?") == "Why?"
    assert asking_sentence("How do I sharpen the shears?") is None  # nothing told first
    assert asking_sentence("Does it stall? And why?") is None  # two questions: neither is the situation
    assert asking_sentence("Why spaces? I prefer tabs.") is None  # ends telling, not asking


MOWER_FAQ = """# Mower FAQ

## Why does my mower stall on wet grass?

{explanation}

The fix is simple: raise the cutting height by two notches, or have a workshop do it for you.

If the blade is chipped, a damp lawn makes the vibration worse: have it reground at a workshop.

## How do I store the mower over winter?

Empty the fuel tank, clean the deck and keep the mower in a dry shed.
"""
EXPLANATION = " ".join(f"Wet grass clings to the deck in layer {n} and the engine chokes on the clumps as it stalls."
                       for n in range(1, 16))


@pytest.mark.parametrize("question, quoted", [
    # The situation restates the entry's question: the sentence that asks picks the part.
    ("My mower keeps stalling on wet grass. Is there a fix?", "The fix is simple"),
    ("My mower stalls on wet grass. Should I go to a workshop?", "have a workshop do it"),
])
def test_a_question_telling_its_situation_first_is_answered_from_the_part_it_asks_for(tmp_path, question, quoted):
    bot, _ = one_document_bot(tmp_path, "mower.md", MOWER_FAQ.format(explanation=EXPLANATION))
    whole = bot.answer(question.replace(". ", " and "))  # asked in one sentence, the whole question picks the part
    assert whole.found and quoted not in whole.answer and whole.answer.startswith("Wet grass clings")
    answer = bot.answer(question)
    assert answer.found and quoted in answer.highlight  # the sentence that answers is the one marked
    assert answer.sources[0].section.endswith("Why does my mower stall on wet grass?")


SLOW_TOOL_FAQ = """# Tool FAQ

## Why is the tool slow?

{filler}

If host name lookups are slow, turn them off with the -n option.

If user name lookups are slow, turn them off with the -l option.

## How do I install the tool?

Download the package and run the installer.
"""


def test_a_sentence_asking_with_one_word_and_pointing_back_leaves_the_part_to_the_whole_question(tmp_path):
    """ "Can I turn that off?" names nothing of its own: "that" is the situation told before it, which picks the part."""
    filler = " ".join(f"The tool reads table {n} of the kernel before it prints anything, which takes a while."
                      for n in range(1, 12))
    bot, _ = one_document_bot(tmp_path, "tool.md", SLOW_TOOL_FAQ.format(filler=filler))
    answer = bot.answer("The tool is slow and I think user name lookups are the cause. Can I turn that off?")
    assert answer.found and answer.highlight == "If user name lookups are slow, turn them off with the -l option."
    host = bot.answer("The tool is slow and I think host name lookups are the cause. Can I turn that off?")
    assert host.highlight == "If host name lookups are slow, turn them off with the -n option."


CARE_FAQ = """# Mower FAQ

## How do I look after my mower?

{care}

Once a year, take a chipped or blunt blade to a workshop to have it reground and balanced.

## How do I store the mower over winter?

Empty the fuel tank, clean the deck and keep the mower in a dry shed.
"""
CARE = " ".join(f"Wipe the deck after mowing round {n} and check the oil level before you start again." for n in range(1, 16))


def test_an_entry_quoted_from_its_reply_goes_on_to_the_part_the_questions_words_point_to(tmp_path):
    bot, _ = one_document_bot(tmp_path, "mower.md", CARE_FAQ.format(care=CARE))
    plain = bot.answer("How do I look after my mower?")  # the entry's own question: its reply's opening answers
    assert plain.found and plain.answer.startswith("Wipe the deck") and plain.highlight.startswith("Wipe the deck")
    pointed = bot.answer("How do I look after my mower when its blade is chipped?")
    assert pointed.found and pointed.answer.startswith("Wipe the deck") and "\n…\n" in pointed.answer
    assert pointed.highlight.startswith("Once a year, take a chipped") and pointed.highlight in pointed.answer


def test_a_passage_an_owner_taught_for_the_question_stays_its_answer(tmp_path):
    """The sentence that asks never moves the answer off the passage the owner linked to the question."""
    bot, settings = one_document_bot(tmp_path, "mower.md", MOWER_FAQ.format(explanation=EXPLANATION))
    question = "My mower keeps stalling on wet grass. Is there a fix?"
    entry = [c for c in bot.index.chunks if c.section.endswith("Why does my mower stall on wet grass?")]
    assert len(entry) >= 2 and bot.answer(question).sources[0].id != entry[0].id  # untaught: the part with the fix
    (tmp_path / "corpus" / "alternates.csv").write_text(f"question,chunk_id\n{question},{entry[0].id}\n", encoding="utf-8")
    bot = Bot.load(settings, encoder=FakeEncoder(), notify=lambda message: None)
    assert bot.answer(question).sources[0].id == entry[0].id
