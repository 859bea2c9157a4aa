"""The trained event model: features, the file format and its checksum, training (`eventwire train`), loading
(`--model`, EVENTWIRE_MODEL), and the rule that the shipped model never trains on the evaluation sets."""

from __future__ import annotations

import csv
import hashlib
import json
import random
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import ConfigError, InputError
from eventwire.eventmodel import load_model
from eventwire.eventmodel.corpus import shipped_examples, shipped_files, user_examples
from eventwire.eventmodel.features import build_vocab, features, tokens, weigh, weigh_text
from eventwire.eventmodel.labels import NONE, acled_sub_events
from eventwire.eventmodel.linear import default_model_dir
from eventwire.eventmodel.train import fit, train

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"

TOWNS = ["Arbil", "Kumasi", "Tarija", "Osh", "Sittwe", "Bouake", "Jalalabad", "Pucallpa", "Goma", "Mopti"]
ACTS = {
    "Peaceful protest": ["{n} nurses marched peacefully through {t} to demand unpaid wages.",
                         "Farmers held a rally in {t} against the new land law.",
                         "Students staged a sit-in outside the university in {t}."],
    "Armed clash": ["Soldiers exchanged fire with rebels near {t}, leaving {n} dead.",
                    "Two rival militias fought for hours on the outskirts of {t}.",
                    "Troops battled insurgents in the hills above {t}."],
    "Arrests": ["Police arrested {n} opposition activists in {t}.",
                "Security forces detained a journalist at his home in {t}.",
                "Officers took {n} suspects into custody in {t}."],
}
NONE_TEXTS = ["The market in {t} reopened after the holiday with {n} new stalls.",
              "The football club from {t} won the league for the {n}th time.",
              "Rain is expected across {t} for the rest of the week."]


def _sample(path: Path, per_class: int = 40, seed: int = 0) -> Path:
    rng = random.Random(seed)
    rows = []
    for label, shapes in [*ACTS.items(), ("NONE", NONE_TEXTS)]:
        for _ in range(per_class):
            rows.append({"text": rng.choice(shapes).format(t=rng.choice(TOWNS), n=rng.randint(2, 90)),
                         "label": label})
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["text", "label"])
        w.writeheader()
        w.writerows(rows)
    return path


def test_features_share_stems_and_fold_digits():
    f = features("Jets bombed 12 villages")
    assert "w:bombed" in f and "w:00" not in f and "w:0" in f and "b:jets bombed" in f
    assert "c:bomb" in f and "c:bomb" in features("the bombing")
    assert tokens("Al-Shabaab's 3 attacks") == ["al", "shabaab's", "0", "attacks"]


def test_weights_are_unit_length_and_skip_unknown_features():
    vocab, idf = build_vocab(["police fired tear gas", "police fired shots", "rain fell"], min_df=1)
    idx, val = weigh(features("police fired rubber bullets"), vocab, idf)
    assert len(idx) and abs(float(np.linalg.norm(val)) - 1.0) < 1e-5
    assert all(0 <= i < len(vocab) for i in idx)
    assert weigh(features("zzz"), vocab, idf)[0].size == 0


def test_weigh_text_is_weigh_of_features_bit_for_bit():
    """The run-time path (known feature indices kept per word) gives the training path's indices, in its order,
    and the same float32 weights: repeated words and bigrams (tf > 1), digits, unknown words, nothing at all."""
    model = load_model(None)
    memo: dict = {}
    texts = [ex.text for ex in shipped_examples()[::40]] + [
        "", "???", "Police police police fired fired at 12 protesters in 2024, 12 protesters said.",
        "zzqx qqzx", "Rebels shelled the town. " * 30]
    for _ in range(2):  # a first reading fills the memo, the second reads from it
        for t in texts:
            a, b = weigh(features(t), model.vocab, model.idf), weigh_text(t, model.vocab, model.idf, memo)
            assert a[0].tolist() == b[0].tolist() and a[1].dtype == b[1].dtype and a[1].tobytes() == b[1].tobytes(), t
    assert memo


def test_train_on_a_user_file_then_use_it(tmp_path):
    data = _sample(tmp_path / "mine.csv")
    card = train(tmp_path / "model", [data], with_shipped=False, folds=3)
    assert card["examples"] == 160 and card["cross_validation"]["acled"]["macro_f1"] > 0.9
    assert card["trained_on"][0]["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    m = load_model(tmp_path / "model")
    p_clash, p_arrest, p_none = m.predict(["Rebels and soldiers exchanged fire near Kindu.",
                                           "Police arrested six activists in Bukavu.",
                                           "The club from Kindu won the league again."])
    assert p_clash.acled == "Armed clash" and p_clash.plover == "ASSAULT" and p_clash.p_event > 0.5
    assert p_arrest.acled == "Arrests" and p_arrest.plover == "COERCE"
    assert p_none.p_event < 0.5 and p_none.acled is None


def test_training_is_deterministic(tmp_path):
    data = _sample(tmp_path / "mine.csv", per_class=15)
    train(tmp_path / "a", [data], with_shipped=False, folds=0)
    train(tmp_path / "b", [data], with_shipped=False, folds=0)
    for f in ("vocab.json", "weights.npz"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_a_damaged_model_is_refused(tmp_path):
    train(tmp_path / "m", [_sample(tmp_path / "mine.csv", per_class=10)], with_shipped=False, folds=0)
    w = tmp_path / "m" / "weights.npz"
    w.write_bytes(w.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ConfigError, match="sha256"):
        load_model(tmp_path / "m")
    with pytest.raises(ConfigError, match="card.json"):
        load_model(tmp_path / "nowhere")


def test_user_files_with_bad_labels_get_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Troops fired at the crowd.", "label": "MASSACRE"}\n')
    with pytest.raises(InputError, match="bad.jsonl:1"):
        user_examples([bad])
    acled_export = tmp_path / "export.csv"
    acled_export.write_text("notes,event_type,sub_event_type\n"
                            '"On 2 May 2022, police arrested 4 men in Osh.",Strategic developments,Arrests\n')
    (ex,) = user_examples([acled_export])
    assert ex.acled == "Arrests" and ex.plover == "COERCE"


def test_cli_train_and_model_option(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_MODEL", "")  # --model sets it for the process: restored after the test
    data = _sample(tmp_path / "mine.csv", per_class=20)
    runner = CliRunner()
    got = runner.invoke(app, ["train", str(data), "--out", str(tmp_path / "m"), "--only-mine", "--folds", "2"])
    assert got.exit_code == 0, got.output
    assert "cross-validation" in got.output and (tmp_path / "m" / "card.json").is_file()
    art = tmp_path / "a.txt"
    art.write_text("Police arrested six activists in Osh on Monday.")
    got = runner.invoke(app, ["extract", str(art), "--model", str(tmp_path / "m"), "--published", "2024-03-05"])
    assert got.exit_code == 0, got.output
    out = json.loads(got.stdout)
    assert any(e["acled"] and e["acled"]["sub_event_type"] == "Arrests" for e in out["events"])
    from eventwire.pipeline import Pipeline

    monkeypatch.delenv("EVENTWIRE_MODEL")
    assert Pipeline(model=str(tmp_path / "m")).version != Pipeline().version  # a store re-annotates
    monkeypatch.setenv("EVENTWIRE_MODEL", str(tmp_path / "m"))
    assert Pipeline().version == Pipeline(model=str(tmp_path / "m")).version
    got = runner.invoke(app, ["extract", str(art), "--model", str(tmp_path / "missing")])
    assert got.exit_code == 1 and "no event model" in got.output


def test_the_shipped_model_loads_and_covers_every_acled_sub_event():
    m = load_model()
    assert m.card["not_trained_on"] and all(s["file"].startswith("eventwire/data/training/")
                                            for s in m.card["trained_on"])
    assert set(m.heads["acled"][0]) == {NONE, *acled_sub_events()}
    shipped = {e.acled for e in shipped_examples()}
    assert shipped >= set(acled_sub_events()), set(acled_sub_events()) - shipped
    card_files = {Path(s["file"]).name: s["sha256"] for s in m.card["trained_on"]}
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in shipped_files()}
    assert card_files == on_disk, "the training sentences changed: rebuild the model with `make train`"
    assert default_model_dir().joinpath("card.json").is_file()


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is absent: cannot check the training sentences "
                                               "against the evaluation sets")
def test_no_training_sentence_comes_from_an_evaluation_set():
    def norm(s: str) -> str:
        return " ".join(s.lower().split())

    held = set()
    for p in (EVAL / "acled-notes").glob("acled-notes*.csv"):
        with p.open(encoding="utf-8") as fh:
            held.update(norm(r["notes"]) for r in csv.DictReader(fh))
    for p in (EVAL / "conflibert").glob("*.tsv"):
        held.update(norm(line.split("\t")[0]) for line in p.read_text(encoding="utf-8").splitlines())
    ours = {norm(e.text) for e in shipped_examples()}
    assert not ours & held


def test_tiny_weights_are_pruned_and_the_shipped_weights_stay_small(tmp_path):
    data = _sample(tmp_path / "mine.csv", per_class=15)
    exact = fit(user_examples([data]), prune=0.0)
    pruned = fit(user_examples([data]), prune=0.05)
    W0, W1 = exact.heads["acled"][1], pruned.heads["acled"][1]
    assert (W1 == 0).sum() > (W0 == 0).sum()
    assert np.all(W1[W1 != 0] == W0[W1 != 0]) and np.all(np.abs(W0[W1 == 0]) < 0.05)
    texts = ["Police arrested six activists in Bukavu.", "Rebels and soldiers exchanged fire near Kindu."]
    assert [p.acled for p in pruned.predict(texts)] == [p.acled for p in exact.predict(texts)]
    assert default_model_dir().joinpath("weights.npz").stat().st_size < 5_000_000
    assert load_model().card["settings"]["prune_below"] > 0


@pytest.mark.parametrize("text,acled", [
    # written for this test: the boundaries ACLED's codebook draws by who the victim is and how a crowd acts
    ("Gunmen on a motorbike shot dead a traffic police officer at a checkpoint outside Kano.", "Armed clash"),
    ("Gunmen on a motorbike shot dead a grocer in front of his shop outside Kano.", "Attack"),
    ("The army recaptured the border town of Ngala from insurgents on Sunday.", "Government regains territory"),
    ("Soldiers raped two women fetching water near their village, a rights group said.", "Sexual violence"),
    ("Police fired tear gas to break up a sit-in by striking nurses outside the ministry.",
     "Protest with intervention"),
])
def test_the_shipped_model_draws_acled_boundaries(text, acled):
    (p,) = load_model().predict([text])
    assert p.acled_any == acled, (p.acled_any, p.acled_any_p)


@pytest.mark.parametrize("text,chemical", [
    # written for this test: the codebook's Chemical weapon is the use of chemical weapons, so the trained stage
    # gives it only to a sentence that names one (acled_types.yaml `named`)
    ("Rebels dropped grenades from a drone on army positions near the village.", False),
    ("Troops dropped explosives on rebel positions from a quadcopter.", False),
    ("Government helicopters dropped barrels filled with chlorine on the town.", True),
])
def test_a_weapon_type_needs_its_weapon_named(text, chemical):
    from eventwire.stages.event_model import unnamed

    (p,) = load_model().predict([text], exclude=[unnamed(text)])
    assert (p.acled_any == "Chemical weapon") is chemical, (p.acled_any, p.acled_any_p)


def test_the_pipeline_codes_no_chemical_weapon_that_the_sentence_does_not_name():
    import datetime as dt

    from eventwire.pipeline import extract

    out = extract("On 2 May 2023, troops dropped explosives on rebel positions from a quadcopter near Kira.",
                  published=dt.date(2023, 5, 9))
    assert [e.type for e in out.events] == ["ASSAULT"]
    assert all((e.acled or {}).get("sub_event_type") != "Chemical weapon" for e in out.events)


@pytest.mark.parametrize("text, word", [
    ("Officers were at a loss again on Saturday as the rioters returned and went on a rampage.", "returned"),
    ("The army was helpless while gunmen attacked the village.", "attacked"),
    ("The town was quiet until rebels shelled the market on Monday.", "shelled"),
])
def test_a_state_said_of_someone_leaves_the_happening_to_its_clause(text, word):
    """A model event on a sentence whose root is a copula ("police were at a loss") is anchored on the clause that
    tells the happening, so its actors are that clause's (the mobs), not the copula's subject (the police)."""
    assert _clause_word_of(text) == word


def test_a_copula_with_no_clause_keeps_its_root():
    assert _clause_word_of("Police were clueless about the attackers.") == "were"


@pytest.mark.parametrize("text,word", [
    ("Defusal: On 31 May 2023, soldiers discovered and made safe a bomb that militants had hidden beside a well at "
     "Kira (Dori, Seno).", "discovered"),
    ("Land seizure: On 4 April 2023, in Kyauktan township (Yangon region), soldiers sealed and seized a family's "
     "house at 10 am.", "sealed"),
])
def test_a_heading_leaves_the_happening_to_the_clause_after_its_colon(text, word):
    """A heading before a colon that the parser takes for the root: the model event is the clause's after it, and
    so is the date ("On 31 May 2023"), which the heading's phrase would have left to the tense's default."""
    assert _clause_word_of(text) == word


def test_an_event_after_a_heading_takes_its_sentence_date():
    import datetime as dt

    from eventwire.pipeline import extract

    out = extract("Defusal: On 31 May 2023, soldiers found and defused a bomb hidden beside a well at Kira (Dori, "
                  "Seno).", published=dt.date(2023, 6, 9))
    assert [(e.trigger, e.date.value) for e in out.events] == [("found", "2023-05-31")]


def test_a_root_noun_without_a_colon_is_no_heading():
    assert _clause_word_of("Clashes erupted in the capital after soldiers opened fire on a crowd.") != "opened"


def test_a_lexicon_event_after_a_heading_takes_its_sentence_date():
    """The clause after a heading's colon is no relative clause of the heading: its date dates the events of the
    lexicon too ("destroyed", a conjunct of the verb the date hangs on)."""
    import datetime as dt

    from eventwire.pipeline import extract

    out = extract("Defusal: On 1 June 2023, peacekeepers discovered and destroyed a mine that rebels had buried on "
                  "a track to Kira (Dori, Seno).", published=dt.date(2023, 6, 3))
    assert [e.date.value for e in out.events] == ["2023-06-01"]


@pytest.mark.parametrize("text, word", [
    ("The abduction of two engineers was confirmed by the district police.", "abduction"),
    ("The looting of the grain stores went on until dawn.", "looting"),
])
def test_an_event_noun_as_subject_is_the_clause_word(text, word):
    """Issue 12: the event is named by the subject of a reporting verb or of a verb the lexicon does not list (it
    says only that the event happened); the model's event is that noun's, with its arguments."""
    assert _clause_word_of(text) == word


def test_a_passive_subject_of_an_unlisted_verb_is_no_clause_word():
    assert _clause_word_of("A mine was cleared by sappers beside the canal road.") == "cleared"


@pytest.mark.parametrize("text, prose", [
    ("Shelling hit Kramatorsk.", True),
    ("Gunmen killed two.", True),
    ("Photo: Reuters", False),
    ("Click to enlarge", False),
])
def test_a_three_word_sentence_with_a_verb_is_prose(text, prose):
    from eventwire.stages.model_events import _prose
    from eventwire.stages.parse import load_nlp

    sent = next(load_nlp()(text).sents)
    assert _prose(sent) is prose, text


def _clause_word_of(text: str) -> str:
    """The word the model's event of the text's first sentence is anchored on (model_events._clause_word)."""
    from eventwire.stages.model_events import _clause_word
    from eventwire.stages.parse import load_nlp

    return _clause_word(next(load_nlp()(text).sents)).text
