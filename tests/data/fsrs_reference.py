"""Generate tests/data/fsrs_reference.json: what py-fsrs (PyPI `fsrs`, FSRS-6 defaults) schedules
for fixed rating sequences, so tests/srs_reference.rs can replay them without Python.

Run once, by hand, and commit the output (the test never runs this script):

    python3 -m venv /tmp/fsrs-venv && /tmp/fsrs-venv/bin/pip install fsrs==6.3.2
    /tmp/fsrs-venv/bin/python tests/data/fsrs_reference.py > tests/data/fsrs_reference.json

Each step of a sequence records, for the card as it stands before that review, what each of the
four ratings would do (interval, stability, difficulty, state, step) and then applies the chosen
one. Fuzz is off, so the figures are the scheduler's own.

A step is written as a rating letter (A, H, G, E) reviewed at the card's due time, optionally
shifted: "G+200d" is 200 days late, "G-2d" two days early, "H+3h" three hours late. The shifted
time is recorded as given (the Rust test uses the recorded times, not its own due times, so both
schedulers see the same elapsed time even where their intervals deliberately differ).
"""

import json
import sys
from datetime import datetime, timedelta, timezone
from importlib.metadata import version

from fsrs import Card, Rating, Scheduler, State

START = 1_800_000_000  # unix seconds; the Rust test's T0
UNITS = {"d": 86_400, "h": 3_600, "m": 60}
# The fsrs crate (as Anki) caps stability at 36,500 days and py-fsrs does not, so the memories part
# once a walk passes it: a sequence ends at the first review that takes the card beyond the cap.
STABILITY_CAP = 36_500
RATINGS = {"A": Rating.Again, "H": Rating.Hard, "G": Rating.Good, "E": Rating.Easy}

SEQUENCES = {
    # Learning steps (1 m, 10 m): every rating on each step.
    "good-through": "G G G G G G",
    "again-first-step": "A G G G",
    "hard-first-step": "H G G G",
    "hard-second-step": "G H G G",
    "hard-every-step": "H H G H H G",
    "again-second-step": "G A H G G",
    "again-again": "A A G G G",
    "easy-new": "E G G E",
    "good-then-easy": "G E G",
    "learning-step-days-late": "G G+3d G G",
    "learning-step-late-hard": "H+2h H+1d G G",
    # Review stage.
    "hard-in-review": "G G H H H H H",
    "easy-in-review": "G G E E E",
    "mixed": "G H E A H G E G A G",
    "review-early-same-day": "G G G-20h H G",
    "review-days-early": "G G G G-3d G H",
    "review-late": "G G G+5d G+20d H+40d",
    # Lapses and relearning (one 10 m step).
    "lapse": "G G G A G G G",
    "lapse-hard-relearn": "G G G A H G G",
    "lapse-again-relearn": "G G A A G G",
    "lapse-easy-relearn": "G G G A E G",
    "lapse-relearn-late": "G G G A G+2d G",
    "many-lapses": "E A G A G A G A G A G A G A G A G A G",
    # Long gaps.
    "long-gap": "G G G+200d G G+1000d G",
    "long-gap-lapse": "G G E+365d A G G",
    "new-after-months": "G G+90d G",
    # Long streaks reach the 36,500-day cap.
    "good-streak": "G G " + "G " * 10,
    "easy-streak": "E " * 9,
    "hard-streak": "G G " + "H " * 12,
}


def parse(token):
    rating = RATINGS[token[0]]
    if len(token) == 1:
        return rating, 0
    sign = 1 if token[1] == "+" else -1
    return rating, sign * int(token[2:-1]) * UNITS[token[-1]]


def state_name(card):
    return {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}[card.state]


def outcome(scheduler, card, rating, at):
    after, _ = scheduler.review_card(card, rating, at)
    return {
        "rating": int(rating),
        "interval_secs": int((after.due - at).total_seconds()),
        # What py-fsrs would schedule in the review stage for this memory (its graduating interval).
        "review_days": scheduler._next_interval(stability=after.stability),
        "stability": after.stability,
        "difficulty": after.difficulty,
        "phase": state_name(after),
        "step": after.step,
    }


def replay(scheduler, tokens):
    start = datetime.fromtimestamp(START, timezone.utc)
    card = Card(card_id=1, due=start)
    steps = []
    for token in tokens:
        rating, shift = parse(token)
        at = card.due + timedelta(seconds=shift)
        if card.last_review is not None:
            assert at >= card.last_review, f"{token} goes back in time"
        steps.append({
            "at": int((at - start).total_seconds()),
            "rating": int(rating),
            "outcomes": [outcome(scheduler, card, r, at) for r in Rating],
        })
        card, _ = scheduler.review_card(card, rating, at)
        if card.stability > STABILITY_CAP:
            break
    return steps


def main():
    scheduler = Scheduler(enable_fuzzing=False)
    out = {
        "generator": "tests/data/fsrs_reference.py",
        "reference": f"py-fsrs {version('fsrs')}",
        "scheduler": scheduler.to_dict(),
        "start": START,
        "sequences": [{"name": n, "ratings": s.split(), "steps": replay(scheduler, s.split())}
                      for n, s in SEQUENCES.items()],
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
