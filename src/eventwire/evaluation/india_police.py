"""Score eventwire on IndiaPoliceEvents sentences (Times of India, 2002, lower-cased): what the police did.

The file: sentence TAB five 0/1 labels. The column order in the ConfliBERT packaging is kill, arrest,
ANY ACTION, FAIL TO ACT, FORCE (not kill, arrest, fail, force, any), checked on the dev file: the third
column is 1 on every row where kill, arrest or force is 1 (a superset, as "any action" must be), and is 0
on the rows of the fourth column alone, whose sentences say the police did nothing ("the police would do
nothing", "failed to learn", "sluggish"); the fifth column holds firing, tear gas and lathi charges.

How a sentence is scored (eval/README.md, made precise here):
- Each sentence is one article, published on a placeholder date (2000-01-01), passed as it is (lower case).
- Events that count: every output event whose attribution status is not negated, denied or hypothetical.
- Police actor: sector COP, or actor text with a word police*, policem[ae]n, constable(s), cop(s),
  officer(s), sho or si.
- kill: an ASSAULT with a police source that kills: fatalities > 0, a quantity marked killed, the trigger
  (with the 12 characters after it) reads kill*, shot/shoot dead, gunned/gun down or encounter, or the words
  before it name it as what people died of ("more people died in police firing", "deaths due to police firing").
- arrest: a COERCE with mode "arrest" or trigger arrest*/detain*/held/nab*/custody, whose sources are police
  or missing ("was arrested" names no arrester).
- force: an ASSAULT, or a COERCE of physical repression (no mode, or crowd-control: "dispersed the mob",
  "cracked down"; a model-made COERCE with no mode is a coercion of a kind unknown, not counted), with a police
  source; or an ASSAULT by crowd-control means with no source named ("tear-gas shells were fired", "a lathicharge
  was resorted to": tear gas, lathis and rubber bullets are the police's). The label is force used (firing, tear
  gas, lathi charges), so a curfew, a ban, a seizure, censorship or a road closed by the police is an act ("any"),
  not force.
- any action: kill, arrest or force, or another act the police carry out (the label's definition: any action
  by the police): an event of PLOVER's material types (MOBILIZE, COERCE, ASSAULT, SANCTION, AID, RETREAT)
  with a police source ("patrolling was intensified", "raided"), or a MOBILIZE whose target is police ("150
  policemen were deployed at the airport": the police deployed are the ones who act on the ground). Fail to act: the
  system has no signal for it; it predicts 0 on every sentence (F1 0), and is reported so, not left out.
- Metrics: per label precision / recall / F1; macro-F1 over the five labels and over the four the system
  predicts (kill, arrest, force, any). Beside them a keyword baseline (regular expressions on the sentence,
  written from the label definitions, see KEYWORDS).

Run: python -m eventwire.evaluation.india_police PATH [--errors N] [--json]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, TextIO

from eventwire.evaluation.common import Extractor, events_of, fmt_metric, print_table, status_of
from eventwire.evaluation.conflibert import binary_prf, finish, load_tsv, run_batched, worst_rows

DATASET = "india-police-events"
FILE_COLUMNS = ("kill", "arrest", "any", "fail", "force")  # order of the 0/1 columns in the file
LABELS = ("kill", "arrest", "force", "any", "fail")  # order of the report
SYSTEM_LABELS = ("kill", "arrest", "force", "any")
SKIPPED_STATUSES = frozenset({"negated", "denied", "hypothetical"})
MATERIAL_ACTS = frozenset({"MOBILIZE", "COERCE", "ASSAULT", "SANCTION", "AID", "RETREAT"})
FORCE_COERCE_MODES = frozenset({None, "crowd-control"})  # repression by force (CAMEO 175), not curfew, ban, seizure
# ...but a coercion the trained model made with no mode is one of a kind it cannot name ("police had made
# security arrangements", "police shifted the families"): no mode there means unknown, not repression
MODEL_STAGE_PREFIX = "eventwire.events.model"
# an assault with no doer named whose means are crowd control (tear gas, lathi or cane charges, rubber bullets, water
# cannon): the police's means, so the police's force ("a lathicharge was resorted to"); gunfire is anyone's
POLICE_MEANS_MODES = frozenset({"crowd-control"})

POLICE_RE = re.compile(r"\b(police\w*|policem[ae]n|constables?|cops?|officers?|sho|si)\b", re.I)
KILL_TRIGGER_RE = re.compile(r"\b(kill\w*|sho(o)?t\s+dead|gun(ned)?\s+down|encounter\w*)\b", re.I)
ARREST_TRIGGER_RE = re.compile(r"\b(arrest\w*|detain\w*|held|nab\w*|custody)\b", re.I)
TRIGGER_TAIL = 12  # characters after the trigger read with it ("shot" + " dead")
# an attack named as what people died of kills ("more people died in police firing", "the number of deaths in police
# firing", "died due to police firing"): the death words just before the trigger, read with it
DIED_OF_RE = re.compile(r"\b(died|perished|succumbed|deaths?|killed)\s+(in|due\s+to|to|from)\s+(the\s+)?(\w+\s+)?$")
TRIGGER_HEAD = 40  # characters before the trigger read for DIED_OF_RE

# The keyword baseline: one small expression per label from the label definitions; kill and fail also
# need a police word (POLICE_RE) in the sentence, arrest and force do not; any is kill, arrest or force.
KEYWORDS = {
    "kill": re.compile(r"\b(kill(s|ed|ing)?|shot dead|gunned down|encounters?)\b"),
    "arrest": re.compile(r"\b(arrest\w*|detain\w*|detention|nabbed|held|custody)\b"),
    "force": re.compile(r"\b(lathi\w*|tear[- ]?gas|batons?|fired|firing|opened fire|beat(en|ing)?|thrash\w*)\b"),
    "fail": re.compile(r"\b(fail(s|ed|ure)?|did nothing|inaction|mute spectators?|stood by|looked on)\b"),
}


def is_police(actor: dict[str, Any]) -> bool:
    return str(actor.get("sector") or "").upper() == "COP" or bool(POLICE_RE.search(str(actor.get("text") or "")))


def _trigger_window(event: dict[str, Any]) -> str:
    """The trigger text and the few characters after it in its sentence."""
    trig = event.get("trigger") or {}
    ev = event.get("evidence") or {}
    text = str(trig.get("text") or "")
    sent, s0, end = ev.get("sentence"), ev.get("start"), trig.get("end")
    if isinstance(sent, str) and isinstance(s0, int) and isinstance(end, int) and 0 <= end - s0 <= len(sent):
        text += sent[end - s0:end - s0 + TRIGGER_TAIL]
    return text


def _before_trigger(event: dict[str, Any]) -> str:
    """The few characters before the trigger in its sentence."""
    trig = event.get("trigger") or {}
    ev = event.get("evidence") or {}
    sent, s0, start = ev.get("sentence"), ev.get("start"), trig.get("start")
    if isinstance(sent, str) and isinstance(s0, int) and isinstance(start, int) and 0 <= start - s0 <= len(sent):
        return sent[max(0, start - s0 - TRIGGER_HEAD):start - s0]
    return ""


def kills(event: dict[str, Any]) -> bool:
    try:
        fatal = float(event.get("fatalities") or 0) > 0
    except (TypeError, ValueError):
        fatal = False
    return fatal or any(q.get("killed") for q in event.get("quantities") or []) \
        or bool(KILL_TRIGGER_RE.search(_trigger_window(event))) or bool(DIED_OF_RE.search(_before_trigger(event)))


def is_arrest(event: dict[str, Any]) -> bool:
    trigger = str((event.get("trigger") or {}).get("text") or "")
    return event.get("type") == "COERCE" and (event.get("mode") == "arrest"
                                              or bool(ARREST_TRIGGER_RE.search(trigger)))


def system_labels(output: dict[str, Any]) -> dict[str, int]:
    """The five labels the system gives one sentence (see the module docstring)."""
    lab = dict.fromkeys(LABELS, 0)
    for ev in events_of(output):
        if status_of(ev) in SKIPPED_STATUSES:
            continue
        sources = ev.get("sources") or []
        police = any(is_police(a) for a in sources)
        if ev.get("type") == "ASSAULT" and police:
            lab["force"] = 1
            lab["kill"] |= int(kills(ev))
        elif is_arrest(ev):
            lab["arrest"] |= int(police or not sources)
        elif ev.get("type") == "COERCE" and police and ev.get("mode") in FORCE_COERCE_MODES and not (
                ev.get("mode") is None and str(ev.get("stage") or "").startswith(MODEL_STAGE_PREFIX)):
            lab["force"] = 1
        elif ev.get("type") == "ASSAULT" and not sources and ev.get("mode") in POLICE_MEANS_MODES:
            lab["force"] = 1  # "tear-gas shells were fired at the mob": the means are the police's
        if police and ev.get("type") in MATERIAL_ACTS:
            lab["any"] = 1
        elif ev.get("type") == "MOBILIZE" and any(is_police(a) for a in ev.get("targets") or []):
            lab["any"] = 1  # "policemen were deployed": the deployed police act
    lab["any"] |= int(lab["kill"] or lab["arrest"] or lab["force"])
    return lab


def keyword_labels(text: str) -> dict[str, int]:
    """The keyword baseline's five labels for one sentence."""
    low = text.lower()
    police = bool(POLICE_RE.search(low))
    lab = {k: int(bool(rx.search(low))) for k, rx in KEYWORDS.items()}
    lab["kill"] &= int(police)
    lab["fail"] &= int(police)
    lab["any"] = int(lab["kill"] or lab["arrest"] or lab["force"])
    return lab


def scores(gold: list[dict[str, int]], pred: list[dict[str, int]]) -> dict[str, Any]:
    per = {k: binary_prf([g[k] for g in gold], [p[k] for p in pred]) for k in LABELS}
    return {"macro_f1": sum(v["f1"] for v in per.values()) / len(per),
            "macro_f1_system_labels": sum(per[k]["f1"] for k in SYSTEM_LABELS) / len(SYSTEM_LABELS),
            "per_label": per}


def print_report(result: dict[str, Any], out: TextIO) -> None:
    m = result["metrics"]
    b = m["baseline_keywords"]
    print(f"IndiaPoliceEvents: {result['n']} sentences ({result['path']})", file=out)
    rows = []
    for k in LABELS:
        s, kb = m["per_label"][k], b["per_label"][k]
        rows.append((k, int(s["support"]), int(s["predicted"]), fmt_metric(s["precision"]),
                     fmt_metric(s["recall"]), fmt_metric(s["f1"]), int(kb["predicted"]),
                     fmt_metric(kb["precision"]), fmt_metric(kb["recall"]), fmt_metric(kb["f1"])))
    rows.append(("macro (5)", "", "", "", "", fmt_metric(m["macro_f1"]), "", "", "", fmt_metric(b["macro_f1"])))
    rows.append(("macro (kill arrest force any)", "", "", "", "", fmt_metric(m["macro_f1_system_labels"]),
                 "", "", "", fmt_metric(b["macro_f1_system_labels"])))
    print_table(rows, ("label", "gold", "sys#", "P", "R", "F1", "kw#", "kw P", "kw R", "kw F1"), out)
    print(f"  (fail to act: no system signal, predicted 0 everywhere; {m['counts']['extract_failures']} "
          "extraction failures or rejections; kw = keyword baseline)", file=out)
    if result["errors"]:
        print(f"\nWorst {len(result['errors'])} sentences:", file=out)
        for e in result["errors"]:
            print(f"- line {e['line']} (wrong: {', '.join(e['wrong'])})", file=out)
            print(f"  text:     {e['text']}", file=out)
            print(f"  gold:     {e['gold']}", file=out)
            print(f"  system:   {e['system']}", file=out)
            print(f"  keywords: {e['keywords']}", file=out)
            print(f"  events:   {e['events']}", file=out)
            if e.get("extract_error"):
                print(f"  error:    {e['extract_error']}", file=out)


def _event_brief(ev: dict[str, Any]) -> tuple[Any, ...]:
    return (ev.get("type"), ev.get("mode"), [a.get("text") for a in ev.get("sources") or []],
            (ev.get("trigger") or {}).get("text"), status_of(ev), ev.get("fatalities"))


def evaluate_india_police(path: str | Path, errors: int = 0, extractor: Extractor | None = None, *,
                          out: TextIO | None = sys.stdout, limit: int | None = None) -> dict[str, Any]:
    """Score the system on an IndiaPoliceEvents sentence TSV; print a report to `out` (None: silent) and
    return {"dataset", "path", "n", "metrics", "errors"}. `limit` scores the first N rows only."""
    path = Path(path)
    rows = load_tsv(path, len(FILE_COLUMNS), limit)
    gold = [dict(zip(FILE_COLUMNS, labels)) for _, labels in rows]
    outputs = run_batched([t for t, _ in rows], extractor)
    pred = [system_labels(o) for o, _ in outputs]
    base = [keyword_labels(t) for t, _ in rows]
    metrics = scores(gold, pred)
    metrics["baseline_keywords"] = scores(gold, base)
    metrics["counts"] = {"sentences": len(rows), "extract_failures": sum(1 for _, err in outputs if err)}
    wrong, order = worst_rows(gold, pred, SYSTEM_LABELS)
    error_list = [{"line": i + 1, "text": rows[i][0], "wrong": wrong[i],
                   "gold": {k: gold[i][k] for k in LABELS}, "system": pred[i], "keywords": base[i],
                   "events": [_event_brief(e) for e in events_of(outputs[i][0])],
                   "extract_error": outputs[i][1]} for i in order[:max(0, errors)]]
    return finish(DATASET, path, len(rows), metrics, error_list, out, print_report)


def main(argv: list[str] | None = None) -> int:
    from eventwire.evaluation.common import module_main

    return module_main("python -m eventwire.evaluation.india_police", "Score eventwire on IndiaPoliceEvents.",
                       "india-police-events-sents-dev.tsv (or another file of the same format)",
                       evaluate_india_police, argv)


if __name__ == "__main__":
    raise SystemExit(main())
