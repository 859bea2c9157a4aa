"""The trained event model: for a sentence, the probability that it reports an event, and distributions over
PLOVER event types and ACLED sub-event types.

    model = load_model()                        # the shipped model, or $EVENTWIRE_MODEL, or a directory
    [p] = model.predict(["Military aircraft bombed a village near Hpapun on Monday."])
    p.p_event, p.plover, p.acled                 # 0.97, "ASSAULT", "Air/drone strike"

- `features.py`: text -> sparse features (word 1-2 grams, character 3-5 grams inside words), numpy only;
- `linear.py`: the linear heads, their file format (`weights.npz` + `card.json`) and loading with a sha256 check;
- `corpus.py`: the training sentences (the repo's own, `data/training/`) and a user's labelled CSV/JSONL;
- `train.py`: fitting with scikit-learn, cross-validation and the model card (`eventwire train`).
Nothing here downloads anything, and scikit-learn is needed only to train.
"""

from eventwire.eventmodel.linear import LinearEventModel, Prediction, default_model_dir, load_model

__all__ = ["LinearEventModel", "Prediction", "default_model_dir", "load_model"]
