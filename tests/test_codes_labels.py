"""stages/codes_labels.py: the ACLED sub-event type an ACLED note's opening label names."""

from __future__ import annotations

from eventwire.records import Event, Evidence
from eventwire.stages import codes_labels


def _ev(start: int, acled: dict | None, status: str = "reported") -> Event:
    ev = Event(id=f"e{start}", type="ASSAULT", mode=None, trigger="x", trigger_start=start, trigger_end=start + 1,
               evidence=Evidence(sentence="s", start=start, end=start + 10), sources=[], targets=[], acled=acled)
    ev.attribution.status = status
    return ev


def test_the_label_names_the_sub_event_type():
    assert codes_labels.note_label("Movement of forces: On 3 May 2024, troops were deployed.")[0] == \
        "Change to group/activity"
    assert codes_labels.note_label("Security measures: On 3 May 2024, a curfew was imposed.")[0] == \
        "Change to group/activity"
    assert codes_labels.note_label("Property destruction: On 3 May 2024, a school was burnt.")[0] == \
        "Looting/property destruction"
    assert codes_labels.note_label("Defusal: On 3 May 2024, an IED was defused.")[0] == "Disrupted weapons use"
    assert codes_labels.note_label("Displacement: On 3 May 2024, 200 families fled.")[0] == "Other"
    # no label, a label not listed, a colon later in the text
    assert codes_labels.note_label("On 3 May 2024, troops were deployed.") is None
    assert codes_labels.note_label("Breaking news: troops were deployed.") is None
    assert codes_labels.note_label("Police said: the curfew stays.") is None


def test_the_labelled_paragraphs_live_events_take_its_code():
    text = "Security measures: On 2 May 2024, soldiers fired in the air and imposed a curfew.\n\nLater, rebels shot a man."
    clash = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    first, denied, later = _ev(20, dict(clash)), _ev(40, dict(clash), "negated"), _ev(len(text) - 10, dict(clash))
    codes_labels.labelled_note([first, denied, later], text)
    assert first.acled == {"event_type": "Strategic developments", "sub_event_type": "Change to group/activity"}
    assert denied.acled == clash and later.acled == clash   # a negated event, another paragraph: left alone
    plain = _ev(20, dict(clash))
    codes_labels.labelled_note([plain], "On 2 May 2024, soldiers fired on rebels.")
    assert plain.acled == clash
