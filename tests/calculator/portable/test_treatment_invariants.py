"""Issue 9's treatment invariants over whole input spaces (portable: also run in Pyodide).

- The drug sequence, exhaustively: every history over the ladder medicines (imatinib 400,
  imatinib 800, sunitinib, regorafenib, ripretinib: untried, grew, side effects), every
  setting, the gene changes that select a line, with avapritinib's three states for the
  PDGFRA lines. The full product with both-states and every flag runs in
  test_properties.py (CPython, Hypothesis and exhaustive).
- The situation against the facts: every setting x nodes x metastasis x flag combination.
- Watching: every site x size band x count x symptoms x rupture.
- No input silently ignored: every field x every setting.

Each check names the broken rule and the case. Sources: issue 9; clinical-facts.md 6-7.
"""

from __future__ import annotations

import itertools
import unittest
from typing import ClassVar

from _treatment_space import answer, check, given_fields, histories

from gist_calculator.choices import (
    Drug,
    MetastasisStatus,
    Mutation,
    NodeStatus,
    Setting,
    Site,
)
from gist_calculator.inputs import Treatment, Tumour

LADDER_DRUGS = (Drug.IMATINIB, Drug.IMATINIB_800, Drug.SUNITINIB, Drug.REGORAFENIB, Drug.RIPRETINIB)
LINES = (
    Mutation.KIT_EXON_11,
    Mutation.KIT_EXON_9,
    Mutation.UNKNOWN,
    Mutation.SDH_DEFICIENT,
    Mutation.NTRK_FUSION,
)
HIGH_RISK = Tumour(size_cm=7.0, mitoses_per_5mm2=8.0, site=Site.STOMACH)


def _run(tc: unittest.TestCase, tumour: Tumour, treatment: Treatment) -> None:
    problems = check(tumour, treatment, answer(tumour, treatment))
    if problems:
        tc.fail(f"{tumour.mutation.value} {treatment}: {problems}")


def _with(tumour: Tumour, **changes: object) -> Tumour:
    fields = {name: getattr(tumour, name) for name in Tumour.__slots__}
    fields.update(changes)
    return Tumour(**fields)  # type: ignore[arg-type]


class TestDrugSequence(unittest.TestCase):
    def test_every_ladder_history(self) -> None:
        count = 0
        for setting, mutation in itertools.product(Setting, LINES):
            tumour = _with(HIGH_RISK, mutation=mutation)
            for grew, side in histories(LADDER_DRUGS):
                _run(self, tumour, Treatment(setting, grew, side))
                count += 1
        self.assertEqual(count, 4 * len(LINES) * 3**5)

    def test_every_pdgfra_history(self) -> None:
        drugs = (Drug.IMATINIB, Drug.SUNITINIB, Drug.AVAPRITINIB)
        for setting, mutation in itertools.product(
            Setting, (Mutation.PDGFRA_D842V, Mutation.PDGFRA_OTHER)
        ):
            tumour = _with(HIGH_RISK, mutation=mutation)
            for grew, side in histories(drugs, states=4):
                _run(self, tumour, Treatment(setting, grew, side))

    def test_every_gene_change_with_one_medicine_each_way(self) -> None:
        for setting, mutation, drug in itertools.product(Setting, Mutation, Drug):
            tumour = _with(HIGH_RISK, mutation=mutation)
            for grew, side in ((frozenset({drug}), frozenset()), (frozenset(), frozenset({drug}))):
                _run(self, tumour, Treatment(setting, grew, side))

    def test_named_sequence_cases(self) -> None:
        """The issue's examples, stated outright (ACS; PDQ; clinical-facts.md 7)."""
        cases = [
            # (mutation, setting, grew, side effects, must offer as preferred, must not offer)
            (
                Mutation.KIT_EXON_11,
                Setting.UNRESECTABLE,
                {Drug.IMATINIB, Drug.REGORAFENIB},
                set(),
                {"sunitinib"},
                {"ripretinib", "regorafenib"},
            ),
            (
                Mutation.KIT_EXON_11,
                Setting.UNRESECTABLE,
                {Drug.IMATINIB},
                set(),
                {"sunitinib"},
                set(),
            ),
            (
                Mutation.KIT_EXON_9,
                Setting.UNRESECTABLE,
                {Drug.IMATINIB},
                set(),
                {"imatinib_dose_increase", "sunitinib"},
                set(),
            ),
            (
                Mutation.PDGFRA_D842V,
                Setting.MARGINALLY_RESECTABLE,
                {Drug.AVAPRITINIB},
                set(),
                {"clinical_trial", "surgery"},
                {"avapritinib"},
            ),
            (
                Mutation.PDGFRA_D842V,
                Setting.RECURRENT,
                set(),
                {Drug.AVAPRITINIB},
                {"dose_reduction"},
                {"avapritinib"},
            ),
            (
                Mutation.KIT_EXON_11,
                Setting.MARGINALLY_RESECTABLE,
                {Drug.IMATINIB},
                set(),
                {"surgery", "sunitinib"},
                {"neoadjuvant_imatinib"},
            ),
        ]
        for mutation, setting, grew, side, preferred, absent in cases:
            tumour = _with(HIGH_RISK, mutation=mutation)
            result = answer(tumour, Treatment(setting, frozenset(grew), frozenset(side)))
            got = {o.id: o.recommendation.value for o in result.options}
            for option in preferred:
                self.assertEqual(got.get(option), "preferred", (mutation, setting, got))
            for option in absent:
                self.assertNotIn(option, got, (mutation, setting, got))


class TestSituationAgainstFacts(unittest.TestCase):
    def test_every_situation_and_spread(self) -> None:
        flags = ("shrinking", "symptoms", "limited_spread", "bone_pain")
        for setting, nodes, metastasis, mutation in itertools.product(
            Setting, NodeStatus, MetastasisStatus, (Mutation.KIT_EXON_11, Mutation.PDGFRA_D842V)
        ):
            tumour = _with(HIGH_RISK, nodes=nodes, metastasis=metastasis, mutation=mutation)
            for values in itertools.product((False, True), repeat=len(flags)):
                for grew in (frozenset(), frozenset({Drug.IMATINIB})):
                    treatment = Treatment(
                        setting, grew, frozenset(), **dict(zip(flags, values, strict=True))
                    )
                    _run(self, tumour, treatment)

    def test_the_issue_example(self) -> None:
        """'Can be removed' with spread to other organs: no watching, no 3-year course."""
        tumour = Tumour(
            size_cm=1.5,
            mitoses_per_5mm2=2.0,
            site=Site.STOMACH,
            metastasis=MetastasisStatus.PRESENT,
            mutation=Mutation.KIT_EXON_11,
        )
        result = answer(tumour, Treatment(Setting.RESECTABLE))
        ids = {o.id for o in result.options}
        self.assertFalse(ids & {"surveillance", "adjuvant_imatinib"}, ids)
        self.assertIn("imatinib", ids)
        self.assertIn("setting_has_spread", {n.id for n in result.notes})


class TestWatching(unittest.TestCase):
    def test_every_site_and_size(self) -> None:
        for site, size, count, symptoms, rupture in itertools.product(
            [*Site, None], (0.5, 2.0, 2.05, 4.0), (None, 3.0, 8.0), (False, True), (False, True)
        ):
            tumour = Tumour(size_cm=size, mitoses_per_5mm2=count, site=site, rupture=rupture)
            _run(self, tumour, Treatment(Setting.RESECTABLE, symptoms=symptoms))

    def test_small_rectal_and_small_bowel_are_removed(self) -> None:
        for site in (Site.RECTUM, Site.JEJUNUM_ILEUM, Site.COLON, Site.EXTRA_GI):
            result = answer(
                Tumour(size_cm=1.5, mitoses_per_5mm2=2.0, site=site), Treatment(Setting.RESECTABLE)
            )
            got = {o.id: o.recommendation.value for o in result.options}
            self.assertNotIn("surveillance", got, site)
            self.assertEqual(got["surgery"], "preferred", site)

    def test_small_upper_gut_may_be_watched(self) -> None:
        for site in (Site.STOMACH, Site.ESOPHAGUS, Site.DUODENUM):
            result = answer(
                Tumour(size_cm=1.5, mitoses_per_5mm2=2.0, site=site), Treatment(Setting.RESECTABLE)
            )
            self.assertIn("surveillance", {o.id for o in result.options}, site)


class TestNoInputIgnored(unittest.TestCase):
    """Every field x every setting: read by the rules, or named in the 'not used' note."""

    GIVEN: ClassVar[dict[str, dict[str, object]]] = {
        "size": {"size_cm": 4.0},
        "mitoses": {"mitoses_per_5mm2": 3.0},
        "site": {"site": Site.COLON},
        "rupture": {"rupture": True},
        "nodes": {"nodes": NodeStatus.NEGATIVE},
        "metastasis": {"metastasis": MetastasisStatus.ABSENT},
        "mutation": {"mutation": Mutation.NTRK_FUSION},
    }
    FLAGS = ("shrinking", "symptoms", "limited_spread", "bone_pain")

    def test_every_field_in_every_setting(self) -> None:
        seen: set[str] = set()
        for setting, mutation in itertools.product(Setting, Mutation):
            base = Tumour(mutation=mutation)
            for field, change in self.GIVEN.items():
                tumour = _with(base, **change)
                _run(self, tumour, Treatment(setting))
                seen.add(field)
            for flag in self.FLAGS:
                _run(self, base, Treatment(setting, **{flag: True}))  # type: ignore[arg-type]
                seen.add(flag)
            for drug in Drug:
                _run(self, base, Treatment(setting, progressed_on=frozenset({drug})))
                _run(self, base, Treatment(setting, intolerant_of=frozenset({drug})))
            seen.update({"progressed_on", "intolerant_of"})
        full = _with(
            HIGH_RISK, rupture=True, nodes=NodeStatus.NEGATIVE, metastasis=MetastasisStatus.ABSENT
        )
        self.assertEqual(
            seen,
            given_fields(
                full,
                Treatment(
                    Setting.RECURRENT,
                    frozenset({Drug.IMATINIB}),
                    frozenset({Drug.SUNITINIB}),
                    shrinking=True,
                    symptoms=True,
                    limited_spread=True,
                    bone_pain=True,
                ),
            )
            | {"mutation"},
        )

    def test_unread_fields_do_not_change_the_options(self) -> None:
        """A field reported as not used really did not matter: changing it changes nothing."""
        for setting, mutation in itertools.product(Setting, Mutation):
            base = Tumour(mutation=mutation, size_cm=3.0, mitoses_per_5mm2=3.0, site=Site.STOMACH)
            result = answer(base, Treatment(setting))
            for field, other in (
                ("size_cm", 12.0),
                ("mitoses_per_5mm2", 20.0),
                ("site", Site.RECTUM),
            ):
                name = {"size_cm": "size", "mitoses_per_5mm2": "mitoses"}.get(field, field)
                if name in result.fields_read:
                    continue
                changed = answer(_with(base, **{field: other}), Treatment(setting))
                self.assertEqual(
                    [(o.id, o.recommendation) for o in changed.options],
                    [(o.id, o.recommendation) for o in result.options],
                    (setting, mutation, field),
                )


class TestReviewCases(unittest.TestCase):
    """Cases from the clinician's review of November 2026, each with its source."""

    def test_cases(self) -> None:
        cases = [
            # (tumour, treatment, must be offered, must be absent, source)
            (
                Tumour(mutation=Mutation.KIT_EXON_11),
                Treatment(Setting.UNRESECTABLE),
                {"imatinib"},
                {"biopsy"},
                "a known gene result means tissue was taken (ACS: biopsy before treatment)",
            ),
            (
                Tumour(mutation=Mutation.UNKNOWN),
                Treatment(Setting.UNRESECTABLE),
                {"biopsy", "mutation_testing", "imatinib"},
                set(),
                "untested, untreated: biopsy and gene test first (ACS; PDQ)",
            ),
            (
                Tumour(mutation=Mutation.KIT_EXON_11),
                Treatment(Setting.MARGINALLY_RESECTABLE, shrinking=True),
                {"surgery", "neoadjuvant_imatinib"},
                {"biopsy"},
                "already shrinking on imatinib: no biopsy (ACS)",
            ),
            (
                Tumour(mutation=Mutation.KIT_EXON_11),
                Treatment(
                    Setting.UNRESECTABLE, progressed_on=frozenset({Drug.IMATINIB, Drug.REGORAFENIB})
                ),
                {"sunitinib"},
                {"imatinib_dose_increase", "ripretinib"},
                "past the higher-dose step once regorafenib was tried (ACS order)",
            ),
            (
                Tumour(size_cm=1.5, mitoses_per_5mm2=1.0, site=Site.DUODENUM, rupture=True),
                Treatment(Setting.RESECTABLE),
                {"surgery", "mutation_testing", "adjuvant_imatinib"},
                {"surveillance"},
                "ruptured: high risk (Joensuu 2008); test genes before imatinib (PDQ)",
            ),
        ]
        for tumour, treatment, present, absent, source in cases:
            result = answer(tumour, treatment)
            ids = [o.id for o in result.options]
            self.assertFalse(present - set(ids), (source, ids))
            self.assertFalse(absent & set(ids), (source, ids))
            self.assertEqual(check(tumour, treatment, result), [], source)
            if "mutation_testing" in ids and "adjuvant_imatinib" in ids:
                self.assertLess(
                    ids.index("mutation_testing"), ids.index("adjuvant_imatinib"), source
                )

    def test_side_effects_on_imatinib_with_can_be_removed(self) -> None:
        """'Can be removed' with imatinib stopped for side effects may be imatinib after an
        operation: the answer says what differs then, in both voices, whatever the gene
        change imatinib acts on (PDQ and ACS describe only imatinib after surgery)."""
        for mutation, drug in itertools.product(
            (Mutation.KIT_EXON_11, Mutation.KIT_EXON_9, Mutation.UNKNOWN),
            (Drug.IMATINIB, Drug.IMATINIB_800),
        ):
            tumour = _with(HIGH_RISK, mutation=mutation)
            result = answer(tumour, Treatment(Setting.RESECTABLE, intolerant_of=frozenset({drug})))
            notes = {n.id: n for n in result.notes}
            self.assertIn("side_effects_after_surgery", notes, (mutation, drug))
            self.assertIn("not used after surgery", notes["side_effects_after_surgery"].patient)
            self.assertIn("no adjuvant role", notes["side_effects_after_surgery"].clinician)
        # Growth is not side effects: growth on imatinib after surgery is a recurrence.
        result = answer(
            HIGH_RISK, Treatment(Setting.RESECTABLE, progressed_on=frozenset({Drug.IMATINIB}))
        )
        self.assertNotIn("side_effects_after_surgery", {n.id for n in result.notes})

    def test_risk_figures_after_medicine_before_surgery_are_flagged(self) -> None:
        """PDQ: neoadjuvant TKI therapy precludes risk stratification after resection. The
        note stands, once, exactly when the answer is for a localised tumour treated with
        medicine before surgery (shrinking on it, or one taken and stopped); every history
        of imatinib, in both localised situations."""
        for setting, shrinking, (grew, side) in itertools.product(
            (Setting.RESECTABLE, Setting.MARGINALLY_RESECTABLE),
            (False, True),
            histories((Drug.IMATINIB,)),
        ):
            treatment = Treatment(setting, progressed_on=grew, intolerant_of=side,
                                  shrinking=shrinking)  # fmt: skip
            notes = [n.id for n in answer(HIGH_RISK, treatment).notes]
            expected = shrinking or bool(grew or side)
            with self.subTest(setting=setting, shrinking=shrinking, grew=grew, side=side):
                self.assertEqual(notes.count("risk_after_medicine"), int(expected), notes)

    def test_sdh_deficient_nodes_and_family_are_said(self) -> None:
        """PDQ: lymph node spread is characteristic of SDH-deficient GIST (node removal to
        consider when enlarged) and SDH variants can be heritable. Said once in every
        situation for SDH-deficient GIST, never for another gene change; and the TNM note on
        unchecked nodes does not call node spread very rare for it."""
        for setting, mutation in itertools.product(Setting, Mutation):
            tumour = _with(HIGH_RISK, mutation=mutation)
            result = answer(tumour, Treatment(setting))
            notes = [n.id for n in result.notes]
            sdh = mutation is Mutation.SDH_DEFICIENT
            with self.subTest(setting=setting, mutation=mutation):
                self.assertEqual(notes.count("sdh_deficient"), int(sdh))
                tnm_notes = " ".join(result.scheme("tnm").notes)
                if "lymph nodes" in tnm_notes:
                    self.assertEqual("very rarely" in tnm_notes, not sdh, tnm_notes)

    def test_nf1_localised_pathway_keeps_later_medicines_ahead(self) -> None:
        """NF1, localised, surgery first: sunitinib and regorafenib lie ahead, not 'not
        needed' (PDQ: modest responses to both in wild-type GIST)."""
        result = answer(Tumour(mutation=Mutation.NF1), Treatment(Setting.MARGINALLY_RESECTABLE))
        assert result.pathway is not None
        statuses = {s.id: s.status.value for s in result.pathway.steps}
        self.assertEqual(statuses["sunitinib"], "later")
        self.assertEqual(statuses["regorafenib"], "later")


if __name__ == "__main__":
    unittest.main()
