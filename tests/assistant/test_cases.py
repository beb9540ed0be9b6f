"""The assistant's scores: the development set (≥ 95%) and every set written apart from it, each
kept at the level it reached.

The development set is read from ``../shared/assistant/`` beside the repository when it is there,
else from the copy committed in ``tests/assistant/dev/`` (a clean clone, CI). The held-out set
(``heldout-cases.json``) and the blind batches (``blind-cases.json`` to ``blind6-cases.json``),
with their ``base-*.md`` here, cover other domains and phrasings; each was written without looking
at how the assistant reads it, to catch rules that fit the development set only (batches 3 to 6
by other authors, in other voices; batches 5 and 6 half on the development set's own library and
shop, ``base-library.md`` and ``base-shop.md`` here, in other phrasings). Batches 7 and 10 are
frozen (never tuned against: the bench prints their scores, never their failing messages), and
so is batch 16; batches 8, 9 and 11 to 15 are training batches. A case's ``before`` lists the
earlier messages of its conversation ("also on …", "undo that"); a field check may also require
``encrypted``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from slipway.assistant import OfflineAssistant
from slipway.assistant.evaluate import CaseResult, judge, load_cases, run_cases

HERE = Path(__file__).parent
SHARED = HERE.parents[1].parent / "shared" / "assistant"
DEV = SHARED if (SHARED / "dev-cases.json").exists() else HERE / "dev"


def score(folder: Path, name: str) -> list[CaseResult]:
    cases, bases = load_cases(folder, name)
    assistant = OfflineAssistant()
    return run_cases(cases, bases, assistant.respond)


def report(results: list[CaseResult]) -> str:
    return "\n".join(f"{r.index}: {r.message!r}: {r.reason}" for r in results if not r.ok)


def test_development_set_at_least_95_percent() -> None:
    results = score(DEV, "dev-cases.json")
    assert len(results) >= 58
    handled = sum(r.ok for r in results)
    assert handled / len(results) >= 0.95, report(results)


# (file, at least this many cases, the share handled when it was last raised). Each blind batch
# was scored once before the assistant was fixed for it: batch 1 101/151, batch 2 58/82, batch 3
# 127/208 (130/208 once three cases asking for composite indexes, which the spec language cannot
# express, were corrected to expect no change), batch 4 96/117. The one case of batch 3 still
# failing, "referees are assigned to fixtures", wants Fixture → Referee; the assistant reads a
# plural link as many-to-many (see test_assistant_jargon.py). Batch 5 139/245 (dev domains 63/117,
# new domains 76/128), batch 6 71/117 (dev domains 38/64, new domains 33/53). Batch 5's two left:
# "when did someone become a member? we need to know that" and "orders go by post unless the
# customer picks courier or pickup" (a field the message never names). Batch 7 is frozen: never
# tuned against, it measures how the assistant generalises to what people type. First run 68/120
# (dev domains 28/50, new domains 40/70); 72/120 after fixes made for an outside audit's messages,
# 80/120 (30/50, 50/70) after the general rules learnt from batch 8, 84/120 (34/50, 50/70) after
# those learnt from batches 9, 11 and 12. Batch 10 is frozen too, written for this round by an
# author who never saw the assistant: first run 65/120, 71/120 (11/20 on library and shop, 60/100
# on nine new domains) after batches 9, 11 and 12. Batches 9, 11 and 12 are training batches, each
# from an author of its own voices (owner, developer, non-native speaker; product manager, hurried
# phone user, formal writer, ops; founder, analyst, support lead, terse engineer, learner).
# Round four: training batches 13 (administrator's letters, German-like word order, SQL words,
# phone dictation, acceptance criteria), 14 (impatient owner, junior developer's questions,
# compliance officer, designer describing screens, French speaker) and 15 (SRE, teacher, support
# lead, bullet lists, self-corrections); frozen batch 16 by an author who never saw the assistant,
# 68/120 on its first run and 68/120 after this round's fixes (batch 7 85/120, batch 10 74/120).
APART = [
    ("heldout-cases.json", 121, 1.0),
    ("blind-cases.json", 151, 1.0),
    ("blind2-cases.json", 82, 1.0),
    ("blind3-cases.json", 208, 207 / 208),
    ("blind4-cases.json", 117, 1.0),
    ("blind5-cases.json", 245, 243 / 245),
    ("blind6-cases.json", 117, 1.0),
    ("blind7-cases.json", 120, 94 / 120),
    # Batch 8 (training): first run 41/120 (dev bases 13/40, new domains 28/80); 117/120 now.
    ("blind8-cases.json", 120, 117 / 120),
    ("blind9-cases.json", 150, 141 / 150),  # training: first run 72/150
    ("blind10-cases.json", 120, 78 / 120),  # frozen: first run 65/120
    ("blind11-cases.json", 150, 148 / 150),  # training: first run 78/150
    ("blind12-cases.json", 120, 107 / 120),  # training: first run 48/120
    ("blind13-cases.json", 120, 103 / 120),  # training: first run 56/120
    ("blind14-cases.json", 120, 112 / 120),  # training: first run 57/120
    ("blind15-cases.json", 120, 104 / 120),  # training: first run 57/120
    ("blind16-cases.json", 120, 74 / 120),  # frozen: first run 68/120
    # Generated (training): every frame a request comes in, by what is asked for, on a kennel spec
    # (fields, clauses, choices, links, jobs, constraints): 305/469 before round five's rules.
    ("probe-cases.json", 469, 458 / 469),
    # Frozen batch 17, round five: four new domains in the development set's own style (short
    # messages, every kind of request), by an author who never saw the assistant: 105/160 on its
    # first run, the same 105 as before round five's rules; 107 after the fixes for batches 18-19.
    ("blind17-cases.json", 160, 116 / 160),
    # Training batches 18 and 19, round five, in the same style (vet clinic and coworking; car
    # rental and theatre box office), written alongside batch 17: first runs 44/80 and 42/80.
    ("blind18-cases.json", 80, 65 / 80),
    ("blind19-cases.json", 80, 62 / 80),
    # Round six: training batch 20 (taxidermy, balloon flights, clock repair, bath house) in the
    # development set's style, first run 47/80; frozen batch 21 (four more domains, 160 cases) by
    # an author who never saw the assistant, first run 115/160.
    ("blind20-cases.json", 80, 65 / 80),
    ("blind21-cases.json", 160, 125 / 160),
    # Training batch 22 (sheep shearing, canal boats, ice sculpture, stained glass), each domain in
    # a voice of its own (phone fragments, non-native word order, chatty asides, developer's
    # words): first run 37/80.
    ("blind22-cases.json", 80, 69 / 80),
    # Training batch 23 (alpaca treks, sneaker cleaning, organ tuning, scaffold hire): a support
    # lead passing requests on, a casual founder's slang, a formal office manager's letters, an
    # owner who describes the problem and leaves the change to be inferred: first run 28/80.
    ("blind23-cases.json", 80, 40 / 80),
    # Round seven: frozen batch 24 (arborist, rowing club, cheesemaker, luthier; 160 cases in the
    # development set's style) by an author who never saw the assistant, first run 106/160; training
    # batches 25 (swimming school, bridal boutique, farrier, community fridge) and 26 (pest
    # control, pick-your-own farm, upholstery, mini golf) in the same style, first runs 51/80 each.
    ("blind24-cases.json", 160, 114 / 160),
    ("blind25-cases.json", 80, 73 / 80),
    ("blind26-cases.json", 80, 72 / 80),
    # Training batches 27 (grooming van, choir hire, bicycle couriers, hearing clinic) and 28
    # (costume hire, deckchairs, music-exam tutors, screen repair), written later in the round in
    # the same style: first runs 44/80 and 52/80 (the same as on the round's first rules).
    ("blind27-cases.json", 80, 67 / 80),
    ("blind28-cases.json", 80, 74 / 80),
    # Frozen batch 29 (record shop, allotments, knife sharpening, film festival; 160 cases), written
    # at the end of round seven by an author who never saw the assistant: 91/160 on its first run,
    # 89/160 on the rules the round started with.
    ("blind29-cases.json", 160, 103 / 160),
    # Round eight: training batch 30 (lido lifeguard rota, yarn dyer, sheepdog trials, village
    # hall) by an author who never saw the assistant, written after the round's first fixes: first
    # run 37/80.
    ("blind30-cases.json", 80, 64 / 80),
    # Frozen batch 31 (optician, archery club, cobbler, farmers' market; 160 cases in the
    # development set's style) by an author who never saw the assistant, written mid-round: 117/160
    # on the rules the round started with (one message of it made that reader raise KeyError),
    # 118/160 on its first run.
    ("blind31-cases.json", 160, 125 / 160),
    # Training batch 32 (milk round, kitesurfing school, bouncy castle hire, picture framing),
    # written later in round eight: 41/80 on the round's first rules, 42/80 on its first run.
    ("blind32-cases.json", 80, 64 / 80),
    # Round nine: frozen batch 33 (model railway club, oyster farm, wheelchair repair, community
    # orchard; 160 cases in the development set's style) and training batch 34 (mobile sauna hire,
    # bell ringers, sea kayak tours, vinyl pressing; 80 cases in many voices, with self-corrections
    # and questions), both by authors who never saw the assistant: on the round's first rules
    # 61/160 and 25/80, far below the earlier batches.
    ("blind33-cases.json", 160, 71 / 160),
    ("blind34-cases.json", 80, 54 / 80),
    # Training batch 35 (lighthouse cottages, food co-op, sign writer, donkey sanctuary; 120 cases
    # in the development set's style), written in round nine after its first fixes: 40/120 on the
    # round's first rules, 41/120 on its first run.
    ("blind35-cases.json", 120, 87 / 120),
    # Frozen batch 36 (puppet theatre, honey co-operative, mobile farm vet, library bus; 120 cases
    # in the development set's style), written late in round nine by an author who never saw the
    # assistant: 39/120 on the round's first rules, 42/120 on its first run.
    ("blind36-cases.json", 120, 44 / 120),
    # Round ten: training batch 37 (bicycle courier co-op, pottery studio, tide-mill museum,
    # community radio; 120 cases in many voices) and frozen batch 38 (dry-stone walling, hospice
    # shops, ice rink, seed library; 120 cases), both by authors who never saw the assistant,
    # written at the start of the round: 58/120 and 69/120 on its first rules; 99/120 and 71/120
    # after its fixes.
    ("blind37-cases.json", 120, 99 / 120),
    ("blind38-cases.json", 120, 73 / 120),
    # Round eleven: training batch 39 (canal lock keepers, youth-orchestra violin hire, community
    # fridges, hot-air-balloon repair; 120 cases in many voices) and frozen batch 40 (thatching
    # contractor, lifeboat station, school uniform swap, dark-sky tours; 120 cases), both by authors
    # who never saw the assistant, written at the start of the round: 85/120 and 91/120 on its
    # first rules.
    ("blind39-cases.json", 120, 115 / 120),
    ("blind40-cases.json", 120, 94 / 120),
    # Round twelve: training batch 41 (mobile knife sharpener, community orchard, puppet theatre,
    # ferry timetable office; 120 cases in many voices) and frozen batch 42 (allotment society,
    # beekeepers' association, community radio station, repair café; 120 cases), both by authors
    # who never saw the assistant, written at the start of the round: 71/120 and 64/120 on its
    # first rules.
    ("blind41-cases.json", 120, 107 / 120),
    ("blind42-cases.json", 120, 65 / 120),
    # Round thirteen: training batch 43 (glassblowing studio, hedge-laying contractor, canoe club,
    # village forge; 120 cases in many voices) and frozen batch 44 (planetarium, handbell hire,
    # green-woodworking courses, café boat; 120 cases), both by authors who never saw the
    # assistant, written at the start of the round: 83/120 and 91/120 on its first rules; 120/120
    # and 94/120 after it.
    ("blind43-cases.json", 120, 120 / 120),
    ("blind44-cases.json", 120, 95 / 120),
    # Round thirteen, mid-round: training batch 45 (dairy farm, escape-room van, community bike
    # workshop, wedding cakes; many voices) and frozen batch 46 (fencing club, soap maker, tree
    # surgeon, piano hire), by authors who never saw the assistant: 86/120 and 97/120, the same
    # on the round's first rules and on its rules when they were written; 108/120 and 98/120
    # after it.
    ("blind45-cases.json", 120, 111 / 120),
    ("blind46-cases.json", 120, 99 / 120),
    # Round fourteen: training batch 47 (community radio, locksmith, seed swap, dog-grooming van;
    # 120 cases in many voices) and frozen batch 48 (stained-glass studio, school minibus, honey
    # bar, theatre costume hire; 120 cases), both by authors who never saw the assistant, written
    # at the start of the round: 78/120 and 81/120 on its first rules; 104/120 and 81/120 after
    # it.
    ("blind47-cases.json", 120, 104 / 120),
    ("blind48-cases.json", 120, 81 / 120),
]


@pytest.mark.parametrize(("name", "size", "level"), APART)
def test_sets_written_apart_keep_their_level(name: str, size: int, level: float) -> None:
    results = score(HERE, name)
    assert len(results) >= size
    handled = sum(r.ok for r in results)
    assert handled / len(results) >= level, report(results)


def test_a_case_replays_its_conversation_first() -> None:
    """ "also on pets" means nothing alone: the case's earlier turns are replayed (an undo
    restores the draft before it), and only the last message is judged."""
    case: dict[str, Any] = {
        "base": "base-vet.md",
        "before": ["add a nickname to pets", "undo that", "add a notes field to visits"],
        "msg": "also on pets",
        "checks": [
            {"entity": "Pet", "field": "notes", "type": "string"},
            {"entity": "Pet", "field": "nickname", "absent": True},
            {"entity": "Visit", "field": "notes"},
        ],
    }
    _, bases = load_cases(HERE, "blind-cases.json")
    assert score_one(case, bases).ok
    assert not score_one({**case, "before": []}, bases).ok


def score_one(case: dict[str, Any], bases: dict[str, str]) -> CaseResult:
    return run_cases([case], bases, OfflineAssistant().respond)[0]


def test_the_committed_copy_is_the_development_set() -> None:
    if not (SHARED / "dev-cases.json").exists():
        pytest.skip("no shared folder beside the repository")
    for name in ("dev-cases.json", "base-library.md", "base-shop.md"):
        assert (HERE / "dev" / name).read_text() == (SHARED / name).read_text()


@pytest.mark.parametrize(
    ("case", "after", "problem"),
    [
        ({"unchanged": True}, "# A\n", "the spec changed but should not have"),
        ({"checks": []}, "# Base\n", "the spec did not change"),
        ({"checks": [{"entity": "Ghost"}]}, "# A\n\n## Entities\n\n### Book\n", "no entity Ghost"),
        (
            {"checks": [{"path": "infrastructure.database", "equals": "postgres"}]},
            "# A\n",
            "infrastructure.database is 'dynamodb'",
        ),
        ({"checks": []}, "# A\n\n## Entities\n- x\n", "the spec does not compile"),
    ],
)
def test_the_judge_fails_what_it_should(case: dict[str, object], after: str, problem: str) -> None:
    verdict = judge(case, "# Base\n", after)
    assert verdict is not None and verdict.startswith(problem)
