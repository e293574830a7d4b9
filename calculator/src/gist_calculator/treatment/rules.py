"""Every treatment rule, as data: situation and facts -> option, recommendation, reasons, source.

Read with ``engine.py`` (how a rule fires) and ``facts.py`` (what each fact means). The
first rule that fires for an option decides it, so where two rules name the same option the
more specific one comes first. The "How the calculator decides" page is generated from this
table.

The backbone is the American Cancer Society guideline's four situations (ACS); doses,
evidence and gene-specific choices follow the NCI PDQ; the corrections of November 2026
(clinical-facts.md section 7) add the ESMO-EURACAN 2022 limits on watching, the further tests
when no KIT or PDGFRA change is found, the order of the second step, surgery after growth on
imatinib before surgery, and the handling of side effects.
"""

from __future__ import annotations

from ..choices import Mutation, Setting, Site
from ..results import Recommendation
from ..sources import (
    ACOSOG_Z9001,
    ACS,
    ESMO_2022,
    GRID,
    INVICTUS,
    JUDSON_2017,
    METAGIST,
    NAVIGATOR,
    PDQ,
    SSG_XVIII,
    SUNITINIB_PHASE3,
)
from .catalogue import IMATINIB_400, IMATINIB_800
from .engine import FieldUse, Offer, Say, unless, when
from .facts import Fact

PREF, OPT, NOREC = Recommendation.PREFERRED, Recommendation.OPTION, Recommendation.NOT_RECOMMENDED

_RESECTABLE = when(Fact.SETTING, Setting.RESECTABLE.value)
_MARGINAL = when(Fact.SETTING, Setting.MARGINALLY_RESECTABLE.value)
_ADVANCED = when(Fact.SETTING, Setting.UNRESECTABLE.value, Setting.RECURRENT.value)
_NOT_RESECTABLE = unless(Fact.SETTING, Setting.RESECTABLE.value)
_SEQUENCE = when(Fact.SEQUENCE, "yes")
_NOT_STARTED = when(Fact.STARTED, "no")
_STARTED = when(Fact.STARTED, "yes")

# Gene groups. Imatinib works through a KIT or PDGFRA change; D842V resists it (PDQ).
_SENSITIVE = when(
    Fact.MUTATION,
    Mutation.KIT_EXON_11.value,
    Mutation.KIT_EXON_9.value,
    Mutation.KIT_OTHER.value,
    Mutation.PDGFRA_OTHER.value,
    Mutation.UNKNOWN.value,
)
_NOT_EXON_9 = unless(Fact.MUTATION, Mutation.KIT_EXON_9.value)
_EXON_9 = when(Fact.MUTATION, Mutation.KIT_EXON_9.value)
_RESISTANT = unless(
    Fact.MUTATION,
    Mutation.KIT_EXON_11.value,
    Mutation.KIT_EXON_9.value,
    Mutation.KIT_OTHER.value,
    Mutation.PDGFRA_OTHER.value,
    Mutation.UNKNOWN.value,
)
_NO_ADJUVANT_BENEFIT = when(
    Fact.MUTATION, Mutation.PDGFRA_D842V.value, Mutation.SDH_DEFICIENT.value, Mutation.NF1.value
)
_NO_CHANGE_FOR_IMATINIB = when(
    Fact.MUTATION,
    Mutation.BRAF_V600E.value,
    Mutation.NTRK_FUSION.value,
    Mutation.WILD_TYPE_OTHER.value,
)
_D842V = when(Fact.MUTATION, Mutation.PDGFRA_D842V.value)
_WILD = when(
    Fact.MUTATION,
    Mutation.SDH_DEFICIENT.value,
    Mutation.NF1.value,
    Mutation.WILD_TYPE_OTHER.value,
)
_LADDER_GENES = unless(
    Fact.MUTATION,
    Mutation.PDGFRA_D842V.value,
    Mutation.BRAF_V600E.value,
    Mutation.NTRK_FUSION.value,
)
_UNKNOWN_GENE = when(Fact.MUTATION, Mutation.UNKNOWN.value)
_WATCH_SITES = when(Fact.SITE, Site.STOMACH.value, Site.ESOPHAGUS.value, Site.DUODENUM.value)
_REMOVE_SITES = when(
    Fact.SITE, Site.RECTUM.value, Site.JEJUNUM_ILEUM.value, Site.COLON.value, Site.EXTRA_GI.value
)
_SMALL = when(Fact.SIZE, "up-to-2")
_WATCHABLE = (
    _RESECTABLE,
    _SMALL,
    when(Fact.MITOSES, "up-to-5", "unknown"),
    when(Fact.SYMPTOMS, "no"),
    when(Fact.RUPTURE, "no"),
    _WATCH_SITES,
)
_TRIED = ("grew", "side-effects")

_EXON_9_ADJUVANT = (
    f"{IMATINIB_400}; 800 mg a day may be considered for KIT exon 9",
    " With a KIT exon 9 change, a higher dose (800 mg a day) may be considered, by analogy "
    "with advanced disease (PDQ).",
)

_GENES_BEFORE_ADJUVANT = (
    "Before imatinib is started, the tumour should be tested for changes in the KIT and "
    "PDGFRA genes: some changes mean imatinib will not help, or needs a higher dose.",
    "Genotype (KIT, PDGFRA; then SDHB, NTRK, BRAF, NF1 if wild-type) before adjuvant "
    "imatinib: D842V, SDH-deficient and NF1-related GIST do not benefit; exon 9 may need "
    "800 mg (PDQ).",
)

_TRIAL_WORDS = (
    "Taking part in a clinical trial of a newer treatment is worth asking about.",
    "Refer to a specialist centre for trials, particularly after the standard TKIs or for "
    "SDH-deficient, NF1-related or other KIT/PDGFRA wild-type GIST (PDQ).",
)

TABLE: tuple[Offer | Say, ...] = (
    # ---------------------------------------------------------------- notes on the situation
    Say(
        "note-spread-to-nodes",
        (
            when(Fact.CHOSEN_SETTING, "resectable", "marginally-resectable"),
            when(Fact.SPREAD, "nodes-only"),
        ),
        "setting_has_spread",
        "You said the lymph nodes are involved. Spread to lymph nodes counts as spread (stage "
        "IV), so the options below are those for a tumour that has spread, not for a "
        "localised one.",
        "Localised setting chosen with N1 disease: answered for the unresectable/metastatic "
        "setting (N1 is stage IV, AJCC 8th; ACS section for spread disease).",
        (ACS, PDQ),
    ),
    Say(
        "note-spread-distant",
        (
            when(Fact.CHOSEN_SETTING, "resectable", "marginally-resectable"),
            when(Fact.SPREAD, "distant"),
        ),
        "setting_has_spread",
        "You said the tumour has spread. The options below are those for a tumour that has "
        "spread, not for a localised one: there is no watching and no fixed course of "
        "imatinib; medicine goes on for as long as it works.",
        "Localised setting chosen with M1 disease (or limited spread, or bone pain from "
        "spread): answered for the unresectable/metastatic setting; imatinib continues while "
        "effective and tolerated, never for a fixed time (PDQ; ACS).",
        (ACS, PDQ),
    ),
    Say(
        "note-on-medicine-before-surgery",
        (when(Fact.CHOSEN_SETTING, "resectable"), when(Fact.SETTING, "marginally-resectable")),
        "setting_on_medicine",
        "You said a medicine has already been taken, or the tumour is shrinking on treatment. "
        "The options below are those for a tumour treated with medicine before surgery (the "
        "'larger or hard to remove' situation).",
        "Resectable setting chosen with prior or current TKI: answered for the neoadjuvant "
        "(marginally resectable) setting.",
        (ACS, PDQ),
    ),
    # Medicine before surgery changes the tumour, so the size and count no longer sort it by
    # risk (PDQ: neoadjuvant TKI "precludes" risk stratification after resection). Two rules,
    # one note: on medicine now (shrinking), or a medicine taken and stopped.
    *(
        Say(
            rule_id,
            (_MARGINAL, *conditions),
            "risk_after_medicine",
            "The risk figures come from the tumour's size and mitotic count. Medicine taken "
            "before surgery changes the tumour, so after it those figures are not a reliable "
            "guide; this is one reason imatinib is usually continued after the operation, for "
            "at least 3 years in all.",
            "After neoadjuvant TKI, risk stratification from size and mitotic count is not "
            "reliable (PDQ); imatinib continues for at least 3 years in total.",
            (PDQ,),
        )
        for rule_id, conditions in (
            ("note-risk-after-medicine-now", (when(Fact.SHRINKING, "yes"),)),
            ("note-risk-after-medicine-stopped", (when(Fact.SHRINKING, "no"), _STARTED)),
        )
    ),
    # "Can be removed" with imatinib stopped for side effects may describe imatinib after an
    # operation already done. The options answer for medicine before surgery; say plainly what
    # differs after surgery, where our sources describe imatinib only (PDQ; ACS).
    Say(
        "note-side-effects-after-surgery",
        (
            when(Fact.CHOSEN_SETTING, "resectable"),
            when(Fact.SETTING, "marginally-resectable"),
            when(Fact.SIDE_EFFECTS_ON, "imatinib", "imatinib-800"),
        ),
        "side_effects_after_surgery",
        "If the tumour has already been removed and the side effects came from imatinib taken "
        "after the operation, the options below do not fit: no further operation is needed, "
        "and the other medicines listed are not used after surgery. Side effects are then "
        "usually handled with a break or a lower dose of imatinib; talk with your team about "
        "how long to continue.",
        "If the intolerance was of adjuvant imatinib after complete resection: manage by "
        "interruption or dose reduction; the adjuvant evidence is for imatinib only (SSG "
        "XVIII, ACOSOG Z9001; PDQ), so sunitinib and later TKIs have no adjuvant role.",
        (PDQ, ACS),
    ),
    Say(
        "note-large-for-setting",
        (_RESECTABLE, when(Fact.SIZE, "over-10")),
        "large_for_setting",
        "A tumour over 10 cm is large; if removing it would need a big operation, the options "
        "under 'larger or hard to remove' (medicine first to shrink it) may fit better.",
        "Large tumour in the resectable setting: consider neoadjuvant imatinib if resection "
        "would be morbid (PDQ).",
        (PDQ,),
    ),
    # SDH-deficient GIST differs from most: it spreads to lymph nodes more often, and SDH
    # loss can be inherited (Carney-Stratakis syndrome). PDQ: lymph node removal should be
    # considered with enlarged nodes; familial forms with heritable SDH variants.
    Say(
        "note-sdh-nodes-and-family",
        (when(Fact.MUTATION, Mutation.SDH_DEFICIENT.value),),
        "sdh_deficient",
        "SDH-deficient GIST is unlike most GISTs in two ways worth asking your team about: "
        "it spreads to lymph nodes more often, so nodes that look enlarged may be removed at "
        "an operation, and the change can run in families, so genetic counselling may be "
        "offered.",
        "SDH-deficient GIST: nodal metastasis is characteristic; consider lymphadenectomy "
        "with pathologically enlarged nodes; SDHx variants can be heritable "
        "(Carney-Stratakis): genetic counselling may be considered (PDQ).",
        (PDQ,),
    ),
    # ---------------------------------------------------------------- first steps
    # A known gene result means tumour tissue has already been taken and tested, and a
    # tumour shrinking on treatment is already on medicine: no biopsy to offer then.
    Offer(
        "biopsy-before-medicine",
        (
            when(Fact.SETTING, "marginally-resectable", "unresectable"),
            _UNKNOWN_GENE,
            _NOT_STARTED,
            when(Fact.SHRINKING, "no"),
        ),
        "biopsy",
        PREF,
        "Because medicine, not surgery, comes first, a small sample (biopsy) is taken to make "
        "sure the tumour is a GIST and to test its genes.",
        "Confirm the diagnosis by biopsy (EUS-guided in the upper GI tract) and genotype "
        "before a TKI (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "test-genes-advanced",
        (_NOT_RESECTABLE, _UNKNOWN_GENE),
        "mutation_testing",
        PREF,
        "Testing the tumour for KIT and PDGFRA gene changes shows whether imatinib is likely "
        "to work, at what dose, or whether another medicine fits better. If neither gene is "
        "changed, further tests follow.",
        "Genotype KIT and PDGFRA (exon 9: 800 mg; D842V: avapritinib; wild-type: poor imatinib "
        "response), then SDHB IHC, NTRK, BRAF and NF1 if wild-type (PDQ; ESMO 2022).",
        (PDQ, ESMO_2022),
    ),
    Offer(
        "further-tests-wild-type",
        (when(Fact.MUTATION, Mutation.WILD_TYPE_OTHER.value),),
        "further_testing",
        PREF,
        "No KIT or PDGFRA change was found. Further tests can find the reason: a loss of the "
        "SDH enzyme (a stain called SDHB), an NTRK fusion or a BRAF change, or links to NF1. "
        "An NTRK fusion has medicines aimed at it, and the others change which treatments "
        "are likely to help.",
        "KIT/PDGFRA wild-type: test for SDH deficiency (SDHB immunohistochemistry), NTRK "
        "fusion, BRAF V600E and NF1 (PDQ; ESMO 2022).",
        (PDQ, ESMO_2022),
    ),
    # ---------------------------------------------------------------- localised, smaller
    Offer(
        "watch-small-upper-gut",
        _WATCHABLE,
        "surveillance",
        OPT,
        "A tumour this small in the stomach, oesophagus or duodenum that causes no symptoms "
        "may never cause harm, so one choice is to check it with an endoscopy (often with "
        "ultrasound) once or twice a year and treat it only if it grows.",
        "<= 2 cm, mitoses <= 5/5 mm² or not known, asymptomatic, gastric, oesophageal or "
        "duodenal: endoscopic (EUS) surveillance every 6 to 12 months is an option if there "
        "are no high-risk EUS features (ACS; PDQ; ESMO 2022).",
        (ACS, PDQ, ESMO_2022),
    ),
    Offer(
        "surgery-or-watch",
        _WATCHABLE,
        "surgery",
        OPT,
        "Removing the tumour is the other choice for a tumour this small; talk through both "
        "with your team.",
        "Resection is the alternative to surveillance (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "surgery-small-lower-gut",
        (_RESECTABLE, _SMALL, _REMOVE_SITES),
        "surgery",
        PREF,
        "Even a small GIST at this site is usually removed rather than watched: watching is "
        "only for small tumours of the stomach, oesophagus or duodenum.",
        "Small rectal, small-bowel, colonic or extra-GI GIST: resect; surveillance evidence "
        "covers oesophagogastric and duodenal nodules only (ESMO 2022; PDQ).",
        (ESMO_2022, PDQ),
    ),
    Offer(
        "surgery-small-site-unknown",
        (_RESECTABLE, _SMALL, when(Fact.SITE, "unknown")),
        "surgery",
        PREF,
        "Surgery is the main treatment. Watching instead is only considered for very small "
        "tumours of the stomach, oesophagus or duodenum: add the site to see whether it "
        "could apply.",
        "Site not given: surveillance cannot be offered (limited to oesophagogastric and "
        "duodenal GIST <= 2 cm; ESMO 2022); resection is standard (PDQ).",
        (ESMO_2022, PDQ),
    ),
    Offer(
        "surgery-localised",
        (_RESECTABLE,),
        "surgery",
        PREF,
        "Surgery to remove the whole tumour is the main treatment for a GIST that has not spread.",
        "Complete resection with negative margins is the standard for localised GIST; "
        "lymphadenectomy is not needed unless nodes are involved (PDQ).",
        (ACS, PDQ),
    ),
    # The gene test comes before the medicine it decides, so it is listed first. For a very
    # small tumour that may be watched, no tissue may ever be taken: the test is then only a
    # possibility, like imatinib after surgery itself.
    Offer(
        "test-genes-if-removed",
        (*_WATCHABLE, _UNKNOWN_GENE, when(Fact.RISK, "unknown")),
        "mutation_testing",
        OPT,
        _GENES_BEFORE_ADJUVANT[0],
        _GENES_BEFORE_ADJUVANT[1],
        (PDQ, ACS),
    ),
    Offer(
        "test-genes-before-adjuvant",
        (_RESECTABLE, _UNKNOWN_GENE, when(Fact.RISK, "high", "intermediate", "unknown")),
        "mutation_testing",
        PREF,
        _GENES_BEFORE_ADJUVANT[0],
        _GENES_BEFORE_ADJUVANT[1],
        (PDQ, ACS),
    ),
    Offer(
        "adjuvant-no-benefit-gene",
        (_RESECTABLE, _NO_ADJUVANT_BENEFIT),
        "adjuvant_imatinib",
        NOREC,
        "Imatinib after surgery is not expected to help a tumour with this gene change, "
        "whatever its risk of coming back.",
        "PDGFRA D842V, SDH-deficient or NF1-related GIST: no benefit expected from adjuvant "
        "imatinib (PDQ).",
        (PDQ,),
        risk_basis=True,
    ),
    Offer(
        "adjuvant-no-target",
        (_RESECTABLE, _NO_CHANGE_FOR_IMATINIB),
        "adjuvant_imatinib",
        NOREC,
        "Imatinib acts on KIT and PDGFRA changes; without one it is unlikely to help after "
        "surgery.",
        "KIT/PDGFRA wild-type (BRAF, NTRK or other): imatinib unlikely to help (ACS; PDQ); no "
        "adjuvant trial data for these groups.",
        (ACS, PDQ),
        risk_basis=True,
    ),
    Offer(
        "adjuvant-high-exon-9",
        (_RESECTABLE, when(Fact.RISK, "high"), _EXON_9),
        "adjuvant_imatinib",
        PREF,
        "The risk of this tumour coming back is high, so imatinib for at least 3 years after "
        "surgery is usually recommended: in a large trial, 3 years worked better than 1."
        + _EXON_9_ADJUVANT[1],
        "High risk (modified NIH): adjuvant imatinib for at least 3 years (SSG XVIII; ACS; "
        "PDQ)." + _EXON_9_ADJUVANT[1],
        (SSG_XVIII, ACS, PDQ),
        dose=_EXON_9_ADJUVANT[0],
        duration="At least 3 years",
        duration_years=3,
        risk_basis=True,
    ),
    Offer(
        "adjuvant-high",
        (_RESECTABLE, when(Fact.RISK, "high")),
        "adjuvant_imatinib",
        PREF,
        "The risk of this tumour coming back is high, so imatinib for at least 3 years after "
        "surgery is usually recommended: in a large trial, 3 years worked better than 1.",
        "High risk (modified NIH): adjuvant imatinib for at least 3 years (SSG XVIII; ACS; PDQ).",
        (SSG_XVIII, ACS, PDQ),
        duration="At least 3 years",
        duration_years=3,
        risk_basis=True,
    ),
    Offer(
        "adjuvant-intermediate-exon-9",
        (_RESECTABLE, when(Fact.RISK, "intermediate"), _EXON_9),
        "adjuvant_imatinib",
        PREF,
        "The risk of this tumour coming back is intermediate. The guideline usually "
        "recommends imatinib for at least 1 year after surgery; the trials' evidence is "
        "strongest for high risk, so it is worth talking through." + _EXON_9_ADJUVANT[1],
        "Intermediate risk (modified NIH): adjuvant imatinib typically recommended for at "
        "least 1 year (ACS). Trial evidence is strongest for high risk: EORTC 62024 "
        "(intermediate or high) improved recurrence-free but not overall survival (PDQ)."
        + _EXON_9_ADJUVANT[1],
        (ACS, PDQ, ACOSOG_Z9001),
        dose=_EXON_9_ADJUVANT[0],
        duration="At least 1 year",
        duration_years=1,
        risk_basis=True,
    ),
    Offer(
        "adjuvant-intermediate",
        (_RESECTABLE, when(Fact.RISK, "intermediate")),
        "adjuvant_imatinib",
        PREF,
        "The risk of this tumour coming back is intermediate. The guideline usually "
        "recommends imatinib for at least 1 year after surgery; the trials' evidence is "
        "strongest for high risk, so it is worth talking through.",
        "Intermediate risk (modified NIH): adjuvant imatinib typically recommended for at "
        "least 1 year (ACS). Trial evidence is strongest for high risk: EORTC 62024 "
        "(intermediate or high) improved recurrence-free but not overall survival (PDQ).",
        (ACS, PDQ, ACOSOG_Z9001),
        duration="At least 1 year",
        duration_years=1,
        risk_basis=True,
    ),
    Offer(
        "adjuvant-low",
        (_RESECTABLE, when(Fact.RISK, "very_low", "low")),
        "adjuvant_imatinib",
        NOREC,
        "The risk of this tumour coming back is low, so imatinib after surgery is not "
        "expected to help enough to be worth its side effects; usually no further treatment "
        "is needed.",
        "Very low or low risk (modified NIH): adjuvant imatinib not indicated (ACS).",
        (ACS,),
        risk_basis=True,
    ),
    Offer(
        "adjuvant-risk-unknown",
        (_RESECTABLE, when(Fact.RISK, "unknown")),
        "adjuvant_imatinib",
        OPT,
        "Whether imatinib after surgery would help depends on the risk of the tumour coming "
        "back, and the answers so far do not settle it: it takes the size, the mitotic count "
        "and the site together. Add whichever is missing to see this.",
        "Depends on modified NIH risk, which cannot be decided from the inputs given (ACS).",
        (ACS,),
        risk_basis=True,
    ),
    # ---------------------------------------------------------------- localised, larger
    Offer(
        "neoadjuvant-resistant-gene",
        (_MARGINAL, _NOT_STARTED, _RESISTANT),
        "neoadjuvant_imatinib",
        NOREC,
        "Imatinib is not expected to shrink a tumour with this gene change, so it is not used "
        "to prepare for surgery.",
        "D842V, SDH-deficient, NF1-related or other KIT/PDGFRA wild-type GIST: no benefit "
        "expected from neoadjuvant imatinib; proceed to surgery if feasible (PDQ).",
        (PDQ,),
    ),
    Offer(
        "neoadjuvant-avapritinib-d842v",
        (_MARGINAL, _D842V, when(Fact.AVAPRITINIB, "untried")),
        "avapritinib",
        OPT,
        "Some guidelines suggest avapritinib before surgery for this gene change, but it has "
        "not been tested for that use; ask your team.",
        "ESMO suggests considering neoadjuvant avapritinib for D842V; not tested or validated "
        "in the neoadjuvant setting (PDQ).",
        (PDQ, NAVIGATOR),
    ),
    Offer(
        "surgery-resistant-gene",
        (_MARGINAL, _RESISTANT),
        "surgery",
        PREF,
        "Surgery is the main treatment here, if the tumour can be removed safely.",
        "Proceed directly to surgery if feasible (PDQ).",
        (PDQ,),
    ),
    Offer(
        "neoadjuvant-exon-9",
        (_MARGINAL, _NOT_STARTED, _EXON_9),
        "neoadjuvant_imatinib",
        PREF,
        "Imatinib is usually given first to shrink the tumour, so that the operation can be "
        "smaller and safer; with a KIT exon 9 change the higher dose of 800 mg a day may be "
        "used. It is continued at least until the tumour stops shrinking.",
        f"Neoadjuvant imatinib {IMATINIB_800} for KIT exon 9 (by analogy with advanced "
        "disease) until resectable or maximal response, often 6 to 12 months (PDQ; ACS).",
        (PDQ, ACS, METAGIST),
        dose=IMATINIB_800,
        dose_mg=800,
    ),
    Offer(
        "neoadjuvant",
        (_MARGINAL, _NOT_STARTED),
        "neoadjuvant_imatinib",
        PREF,
        "Imatinib is usually given first to shrink the tumour, so that the operation can be "
        "smaller and safer. It is continued at least until the tumour stops shrinking.",
        f"Neoadjuvant imatinib {IMATINIB_400} until resectable or maximal response (often 6 "
        "to 12 months), with close imaging (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "surgery-after-shrinking",
        (_MARGINAL, _NOT_STARTED, when(Fact.SHRINKING, "yes")),
        "surgery",
        PREF,
        "The tumour is shrinking: surgery may now be possible, if your team thinks it can be "
        "removed safely.",
        "Resect once resectable after response; continue imatinib after surgery (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "surgery-when-shrunk",
        (_MARGINAL, _NOT_STARTED),
        "surgery",
        OPT,
        "If the tumour shrinks enough, surgery may be done once your team thinks it can be "
        "removed safely.",
        "Resect once resectable after response; continue imatinib after surgery (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "surgery-after-growth-or-side-effects",
        (_MARGINAL, _STARTED),
        "surgery",
        PREF,
        "The tumour grew on the medicine given before surgery, or the medicine could not be "
        "continued. If the tumour can still be removed, surgery now is usually advised; if "
        "not, the next medicine below is the way on.",
        "Localised GIST progressing on (or intolerant of) preoperative TKI: prompt resection "
        "if feasible (ESMO 2022; UK guideline, Judson 2017, cited as guidance); PDQ: surgery "
        "after limited progression did better than after generalised progression (case "
        "series). Otherwise the advanced-disease sequence.",
        (ESMO_2022, JUDSON_2017, PDQ),
    ),
    Offer(
        "adjuvant-after-neoadjuvant-exon-9",
        (_MARGINAL, _NOT_STARTED, _EXON_9),
        "adjuvant_imatinib",
        PREF,
        "After surgery, imatinib is usually continued so that treatment lasts at least 3 "
        "years in all, to lower the chance of the tumour coming back.",
        "After neoadjuvant imatinib the risk cannot be re-stratified on the specimen: "
        "continue to at least 3 years in total (PDQ).",
        (PDQ,),
        dose=IMATINIB_800,
        dose_mg=800,
        duration="At least 3 years in total, before and after surgery",
        duration_years=3,
    ),
    Offer(
        "adjuvant-after-neoadjuvant",
        (_MARGINAL, _NOT_STARTED, _SENSITIVE),
        "adjuvant_imatinib",
        PREF,
        "After surgery, imatinib is usually continued so that treatment lasts at least 3 "
        "years in all, to lower the chance of the tumour coming back.",
        "After neoadjuvant imatinib the risk cannot be re-stratified on the specimen: "
        "continue to at least 3 years in total (PDQ).",
        (PDQ,),
        duration="At least 3 years in total, before and after surgery",
        duration_years=3,
    ),
    # ---------------------------------------------------------------- the medicine sequence
    # KIT or PDGFRA change other than D842V (or not yet known): ACS; PDQ.
    Offer(
        "first-line-exon-9",
        (_SEQUENCE, _EXON_9, when(Fact.NEXT_STEP, "imatinib")),
        "imatinib",
        PREF,
        "Imatinib is the usual first medicine. With a KIT exon 9 change the higher dose of "
        "800 mg a day works better. It is taken for as long as it works and the side effects "
        "are bearable, with no set end date.",
        f"First-line imatinib {IMATINIB_800} for KIT exon 9 (PDQ; MetaGIST); continue while "
        "effective and tolerated (BFR14: stopping leads to progression).",
        (PDQ, METAGIST),
        dose=IMATINIB_800,
        dose_mg=800,
    ),
    Offer(
        "first-line-gene-pending",
        (_SEQUENCE, _UNKNOWN_GENE, when(Fact.NEXT_STEP, "imatinib")),
        "imatinib",
        PREF,
        "Imatinib is the usual first medicine, and it can be started while the gene test "
        "result is awaited. It is taken for as long as it works and the side effects are "
        "bearable, with no set end date.",
        f"First-line imatinib {IMATINIB_400}; start empirically while genotyping is pending "
        "(PDQ); continue while effective and tolerated.",
        (PDQ, ACS),
    ),
    Offer(
        "first-line",
        (_SEQUENCE, _SENSITIVE, when(Fact.NEXT_STEP, "imatinib")),
        "imatinib",
        PREF,
        "Imatinib is the usual first medicine. It is taken for as long as it works and the "
        "side effects are bearable, with no set end date.",
        f"First-line imatinib {IMATINIB_400} (PDQ; ACS); continue while effective and "
        "tolerated (BFR14: stopping leads to progression).",
        (PDQ, ACS),
    ),
    Offer(
        "dose-increase-exon-9",
        (_SEQUENCE, _EXON_9, when(Fact.DOSE_INCREASE, "available")),
        "imatinib_dose_increase",
        PREF,
        "The tumour grew on 400 mg of imatinib. With a KIT exon 9 change, the higher dose of "
        "800 mg a day is the change most likely to help; switching to sunitinib is the other "
        "usual step.",
        "Progression on imatinib 400 mg, KIT exon 9: escalate to 800 mg/day (benefit mainly "
        "in exon 9, MetaGIST; about a third respond or stabilise overall, PDQ), or switch to "
        "sunitinib (PDQ).",
        (PDQ, METAGIST, ACS),
    ),
    Offer(
        "second-line",
        (_SEQUENCE, _SENSITIVE, when(Fact.NEXT_STEP, "sunitinib")),
        "sunitinib",
        PREF,
        "Sunitinib is the usual next medicine once imatinib has stopped working or its side "
        "effects were too much.",
        "Second line after imatinib progression or intolerance: sunitinib (phase III vs "
        "placebo; PDQ; ACS; ESMO 2022).",
        (SUNITINIB_PHASE3, PDQ, ACS, ESMO_2022),
    ),
    Offer(
        "dose-increase",
        (_SEQUENCE, _SENSITIVE, when(Fact.DOSE_INCREASE, "available")),
        "imatinib_dose_increase",
        OPT,
        "Raising imatinib to 800 mg a day is another choice; it helps about a third of people "
        "for a while, mostly those whose tumour has a KIT exon 9 change.",
        "Escalation to 800 mg/day is an alternative to sunitinib (PDQ; ACS); the benefit is "
        "mainly in KIT exon 9 (MetaGIST), so it is not ranked above sunitinib here.",
        (PDQ, METAGIST, ACS),
    ),
    Offer(
        "third-line",
        (_SEQUENCE, _SENSITIVE, when(Fact.NEXT_STEP, "regorafenib")),
        "regorafenib",
        PREF,
        "Regorafenib is the usual next medicine once imatinib and sunitinib have been tried.",
        "Third line after imatinib and sunitinib (GRID; PDQ; ACS).",
        (GRID, PDQ, ACS),
    ),
    Offer(
        "fourth-line",
        (_SEQUENCE, _SENSITIVE, when(Fact.NEXT_STEP, "ripretinib")),
        "ripretinib",
        PREF,
        "Ripretinib is the usual next medicine once imatinib, sunitinib and regorafenib have "
        "all been tried.",
        "Fourth line after three or more TKIs including imatinib (INVICTUS; FDA label; PDQ). "
        "Not earlier: INTRIGUE showed no PFS gain over sunitinib after imatinib.",
        (INVICTUS, PDQ, ACS),
    ),
    Offer(
        "trial-beyond-approved",
        (_SEQUENCE, _SENSITIVE, when(Fact.NEXT_STEP, "beyond")),
        "clinical_trial",
        PREF,
        "All the usual medicines have been tried: a clinical trial of a newer treatment may "
        "be a good choice; ask your team which trials are open to you.",
        "After imatinib, sunitinib, regorafenib and ripretinib: refer for clinical trials "
        "(PDQ; ACS).",
        (PDQ, ACS),
    ),
    Offer(
        "other-tki-beyond-approved",
        (_SEQUENCE, _SENSITIVE, when(Fact.NEXT_STEP, "beyond")),
        "other_tki",
        OPT,
        "Once the usual medicines have been tried, some doctors try other targeted medicines, "
        "although it is not clear how much they help.",
        "After the four approved TKIs: sorafenib, dasatinib, nilotinib or pazopanib may be "
        "tried; benefit unclear (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "supportive-beyond-approved",
        (_SEQUENCE, _SENSITIVE, when(Fact.NEXT_STEP, "beyond")),
        "supportive_care",
        OPT,
        "Care to ease symptoms and keep you as well as possible goes on whatever else is "
        "chosen, and can be the main aim if you prefer.",
        "Best supportive care alongside or instead of further TKIs (the comparator in the "
        "late-line trials; PDQ).",
        (PDQ,),
    ),
    # Side effects are not failure: a lower dose, a break or another schedule of the same
    # medicine (PDQ), alongside the switch the guideline describes (ACS).
    Offer(
        "side-effects-imatinib",
        (_SEQUENCE, _SENSITIVE, when(Fact.SIDE_EFFECTS_ON, "imatinib")),
        "dose_reduction",
        OPT,
        "The side effects of imatinib were too much, though it had not stopped working. If not "
        "already tried, a short break or a lower dose with help for the side effects may "
        "let you go back to it; ask your team.",
        "Imatinib intolerance: dose interruption or reduction with supportive management may "
        "allow rechallenge (PDQ); otherwise switch to sunitinib (ACS; PDQ).",
        (PDQ, ACS),
        anchor="imatinib",
    ),
    Offer(
        "side-effects-imatinib-800",
        (_SEQUENCE, _SENSITIVE, when(Fact.SIDE_EFFECTS_ON, "imatinib-800")),
        "dose_reduction",
        OPT,
        "800 mg of imatinib was too hard to take. A lower dose of imatinib may still work; "
        "ask your team.",
        "Intolerance of first-line imatinib 800 mg (KIT exon 9): reduce the dose (PDQ); "
        "otherwise switch to sunitinib (ACS; PDQ).",
        (PDQ, ACS),
        anchor="imatinib-dose-increase",
    ),
    Offer(
        "side-effects-sunitinib",
        (_SEQUENCE, _LADDER_GENES, when(Fact.SIDE_EFFECTS_ON, "sunitinib")),
        "dose_reduction",
        OPT,
        "The side effects of sunitinib were too much. A lower dose taken every day (37.5 mg), "
        "instead of the higher dose with breaks, suits some people better; ask your team.",
        "Sunitinib intolerance: 37.5 mg continuous daily is an accepted alternative to 50 mg "
        "4 weeks on, 2 off; dose reduction or interruption (PDQ).",
        (PDQ,),
        anchor="sunitinib",
    ),
    Offer(
        "side-effects-regorafenib",
        (_SEQUENCE, _LADDER_GENES, when(Fact.SIDE_EFFECTS_ON, "regorafenib")),
        "dose_reduction",
        OPT,
        "The side effects of regorafenib were too much. A lower dose or a break may let you go on "
        "with it; ask your team.",
        "Regorafenib intolerance: dose interruption or reduction (PDQ).",
        (PDQ,),
        anchor="regorafenib",
    ),
    Offer(
        "side-effects-ripretinib",
        (_SEQUENCE, _LADDER_GENES, when(Fact.SIDE_EFFECTS_ON, "ripretinib")),
        "dose_reduction",
        OPT,
        "The side effects of ripretinib were too much. A lower dose or a break may let you go on "
        "with it; ask your team.",
        "Ripretinib intolerance: dose interruption or reduction (PDQ).",
        (PDQ,),
        anchor="ripretinib",
    ),
    Offer(
        "avapritinib-other-pdgfra",
        (
            _SEQUENCE,
            when(Fact.MUTATION, Mutation.PDGFRA_OTHER.value),
            when(Fact.AVAPRITINIB, "untried"),
        ),
        "avapritinib",
        OPT,
        "Avapritinib is approved for tumours with changes in exon 18 of the PDGFRA gene; ask "
        "whether your tumour's change is one of them.",
        "Avapritinib is FDA-approved for PDGFRA exon 18 variants including D842V (PDQ).",
        (PDQ, NAVIGATOR),
    ),
    # PDGFRA D842V: avapritinib first (PDQ; ACS).
    Offer(
        "d842v-no-imatinib",
        (_SEQUENCE, _D842V),
        "imatinib",
        NOREC,
        "Imatinib does not work against tumours with the PDGFRA D842V change.",
        "PDGFRA D842V confers imatinib resistance (PDQ).",
        (PDQ,),
    ),
    Offer(
        "d842v-avapritinib",
        (_SEQUENCE, _D842V, when(Fact.AVAPRITINIB, "untried")),
        "avapritinib",
        PREF,
        "Avapritinib is the medicine of choice for this gene change: in its main trial, most "
        "people's tumours shrank. It is taken for as long as it works and the side effects "
        "are bearable.",
        "First-line avapritinib 300 mg/day for PDGFRA D842V (NAVIGATOR: 88% response; PDQ).",
        (NAVIGATOR, PDQ, ACS),
    ),
    Offer(
        "d842v-observe-first",
        (_ADVANCED, _D842V, _NOT_STARTED, when(Fact.SYMPTOMS, "no"), when(Fact.BONE_PAIN, "no")),
        "observation",
        OPT,
        "If the tumour causes no symptoms and grows slowly, a period of careful watching with "
        "scans before starting medicine can be reasonable.",
        "Asymptomatic or indolent D842V disease: a period of observation is reasonable to "
        "avoid toxicity (PDQ).",
        (PDQ,),
    ),
    Offer(
        "d842v-avapritinib-side-effects",
        (_SEQUENCE, _D842V, when(Fact.AVAPRITINIB, "side-effects")),
        "dose_reduction",
        PREF,
        "The side effects of avapritinib were too much, though it had not stopped working. "
        "Side effects such as memory or mood changes and swelling often settle after a break "
        "and a lower dose, and the medicine can go on working; ask your team.",
        "Avapritinib intolerance (cognitive effects, oedema): interrupt and reduce the dose; "
        "effects generally improve (PDQ; NAVIGATOR).",
        (PDQ, NAVIGATOR),
        anchor="avapritinib",
    ),
    Offer(
        "d842v-trial-after-avapritinib",
        (_SEQUENCE, _D842V, when(Fact.AVAPRITINIB, "grew")),
        "clinical_trial",
        PREF,
        "Avapritinib has stopped working. A clinical trial of a newer treatment is the main "
        "way forward our sources name; ask your team which trials are open to you.",
        "D842V after avapritinib failure: clinical trials (PDQ). No standard next line in "
        "our sources.",
        (PDQ,),
    ),
    Offer(
        "d842v-other-medicines",
        (_SEQUENCE, _D842V, when(Fact.AVAPRITINIB, *_TRIED)),
        "other_medicines",
        OPT,
        "Other medicines may be tried, but our sources cannot say how much they help a "
        "tumour with this change.",
        "After avapritinib for D842V: other TKIs, benefit uncertain (PDQ names trials; NCCN's "
        "listing of other drugs could not be checked for this guide).",
        (PDQ,),
    ),
    Offer(
        "d842v-supportive",
        (_SEQUENCE, _D842V, when(Fact.AVAPRITINIB, *_TRIED)),
        "supportive_care",
        OPT,
        "Care to ease symptoms and keep you as well as possible goes on whatever else is chosen.",
        "Best supportive care alongside any further treatment (PDQ).",
        (PDQ,),
    ),
    # NTRK fusion and BRAF V600E: medicines aimed at the change (reviews; PDQ names them).
    Offer(
        "ntrk-inhibitor",
        (_SEQUENCE, when(Fact.MUTATION, Mutation.NTRK_FUSION.value)),
        "ntrk_inhibitor",
        PREF,
        "A medicine aimed at the NTRK fusion itself is the most likely to help.",
        "NTRK fusion: larotrectinib or entrectinib (reviews; doses not verified here).",
        (PDQ,),
    ),
    Offer(
        "braf-inhibitor",
        (_SEQUENCE, when(Fact.MUTATION, Mutation.BRAF_V600E.value)),
        "braf_inhibitor",
        PREF,
        "A medicine aimed at the BRAF V600E change itself is the most likely to help.",
        "BRAF V600E: BRAF with MEK inhibition, e.g. dabrafenib and trametinib (reviews; doses "
        "not verified here).",
        (PDQ,),
    ),
    Offer(
        "no-imatinib-without-target",
        (_SEQUENCE, _RESISTANT),
        "imatinib",
        NOREC,
        "Imatinib is unlikely to help: this tumour has no KIT or PDGFRA change for it to act on.",
        "KIT/PDGFRA wild-type (SDH-deficient, NF1, BRAF, NTRK or other): imatinib not helpful "
        "(PDQ; ACS).",
        (PDQ, ACS),
    ),
    # SDH-deficient, NF1-related, other wild-type: trials first; modest benefit from
    # sunitinib and regorafenib (PDQ).
    Offer(
        "wild-type-trial",
        (_SEQUENCE, _WILD),
        "clinical_trial",
        PREF,
        "Standard medicines help this kind of tumour less, so a clinical trial is often the "
        "best choice; ask your team which trials are open to you.",
        "SDH-deficient, NF1-related or other wild-type: enrol in a clinical trial where "
        "available (PDQ).",
        (PDQ,),
    ),
    Offer(
        "wild-type-regorafenib",
        (_SEQUENCE, _WILD, when(Fact.SUNITINIB, *_TRIED), when(Fact.REGORAFENIB, "untried")),
        "regorafenib",
        OPT,
        "Regorafenib has helped some people with this kind of tumour a little.",
        "Wild-type GIST: modest responses to regorafenib (PDQ).",
        (PDQ,),
    ),
    Offer(
        "wild-type-sunitinib",
        (_SEQUENCE, _WILD, when(Fact.SUNITINIB, "untried")),
        "sunitinib",
        OPT,
        "Sunitinib has helped some people with this kind of tumour a little.",
        "Wild-type GIST: modest responses to sunitinib (PDQ).",
        (PDQ,),
    ),
    Offer(
        "wild-type-supportive",
        (_SEQUENCE, _WILD, when(Fact.SUNITINIB, *_TRIED), when(Fact.REGORAFENIB, *_TRIED)),
        "supportive_care",
        OPT,
        "Care to ease symptoms and keep you as well as possible goes on whatever else is chosen.",
        "Best supportive care alongside any further treatment (PDQ).",
        (PDQ,),
    ),
    # ---------------------------------------------------------------- local treatments
    Offer(
        "surgery-nodes",
        (
            when(Fact.CHOSEN_SETTING, "resectable", "marginally-resectable"),
            when(Fact.SPREAD, "nodes-only"),
        ),
        "surgery",
        OPT,
        "If the tumour and the affected lymph nodes can be removed together, surgery may "
        "still be discussed alongside medicine.",
        "Nodal disease only: resection with lymphadenectomy of involved nodes may be "
        "considered after multidisciplinary review (PDQ: lymphadenectomy when nodes are "
        "involved).",
        (PDQ,),
    ),
    Offer(
        "surgery-after-response",
        (_ADVANCED, when(Fact.SHRINKING, "yes")),
        "surgery",
        OPT,
        "The tumour is shrinking on treatment: for some people surgery then becomes possible, "
        "often followed by more of the same medicine.",
        "Consider resection after 6 to 12 months of stable or responding disease on a TKI, "
        "ideally before secondary resistance (median about 2 years); continue the TKI after "
        "(PDQ).",
        (PDQ, ACS),
    ),
    Offer(
        "remove-limited-spread-recurrent",
        (when(Fact.SETTING, "recurrent"), when(Fact.LIMITED_SPREAD, "yes")),
        "metastasectomy",
        OPT,
        "Where the tumour has come back as one or a few well-defined lumps, removing them may "
        "be possible. It is not certain that this helps people live longer, so weigh it with "
        "your team and family.",
        "Resection of limited recurrent disease alongside a TKI may be considered after "
        "multidisciplinary review; survival benefit unproven (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "remove-limited-spread",
        (_ADVANCED, when(Fact.LIMITED_SPREAD, "yes")),
        "metastasectomy",
        OPT,
        "With spread to only one or two places in the abdomen, such as the liver, removing "
        "them may be possible. Ask what the aim would be (cure, longer life or fewer "
        "symptoms) and what the risks are.",
        "Resection of limited (oligometastatic) disease alongside a TKI may be considered "
        "after multidisciplinary review; survival benefit unproven (ACS; PDQ).",
        (ACS, PDQ),
    ),
    Offer(
        "ablation",
        (_ADVANCED, when(Fact.LIMITED_SPREAD, "yes")),
        "ablation",
        OPT,
        "Tumours in the liver can sometimes be destroyed with ablation instead of being cut out.",
        "Ablation for liver metastases (ACS).",
        (ACS,),
    ),
    Offer(
        "embolisation",
        (_ADVANCED, when(Fact.LIMITED_SPREAD, "yes")),
        "embolization",
        OPT,
        "Tumours in the liver can also be treated by blocking their blood supply (embolisation).",
        "Embolisation for liver metastases (ACS).",
        (ACS,),
    ),
    Offer(
        "radiation-bone-pain",
        (_ADVANCED, when(Fact.BONE_PAIN, "yes")),
        "radiation",
        OPT,
        "Radiation can ease pain, especially from tumours in the bones.",
        "Palliative radiotherapy for bone pain (ACS).",
        (ACS,),
    ),
    Offer(
        "radiation-symptoms-recurrent",
        (when(Fact.SETTING, "recurrent"), when(Fact.SYMPTOMS, "yes")),
        "radiation",
        OPT,
        "Radiation can ease some symptoms, such as pain.",
        "Palliative radiotherapy for symptomatic recurrence (ACS).",
        (ACS,),
    ),
    Offer(
        "no-chemotherapy",
        (_ADVANCED,),
        "chemotherapy",
        NOREC,
        "Standard chemotherapy does not work well against GIST, so it is not recommended.",
        "Conventional cytotoxic chemotherapy has no role in GIST (PDQ; ACS).",
        (PDQ, ACS),
    ),
    Offer(
        "trial",
        (_SEQUENCE,),
        "clinical_trial",
        OPT,
        *_TRIAL_WORDS,
        (PDQ, ACS),
    ),
    Offer(
        "trial-resistant-localised",
        (_MARGINAL, _RESISTANT),
        "clinical_trial",
        OPT,
        *_TRIAL_WORDS,
        (PDQ, ACS),
    ),
)

# Headings for the rules page: each group starts at the named rule, in table order.
GROUPS: tuple[tuple[str, str], ...] = (
    ("note-spread-to-nodes", "When the chosen situation and the facts disagree"),
    ("biopsy-before-medicine", "First steps: biopsy and gene tests"),
    ("watch-small-upper-gut", "Localised, smaller tumours: watching, surgery, imatinib after"),
    ("neoadjuvant-resistant-gene", "Localised, larger tumours: medicine before surgery"),
    ("first-line-exon-9", "The order of medicines (KIT or PDGFRA change)"),
    ("side-effects-imatinib", "Side effects are not failure; other PDGFRA changes"),
    ("d842v-no-imatinib", "PDGFRA D842V"),
    ("ntrk-inhibitor", "NTRK fusion, BRAF V600E and other tumours without a KIT/PDGFRA change"),
    ("surgery-nodes", "Surgery, local treatments and trials in advanced disease"),
)

# Why an answer may leave the options unchanged, for the note that says so (issue 9, item 1).
FIELD_USES: tuple[FieldUse, ...] = (
    # Each sentence must hold in every situation where its field is reported as not used
    # (the invariants test checks the claims that can be checked): the tumour's measurements
    # change the options only where the risk decides imatinib after surgery, or where a very
    # small tumour might be watched.
    FieldUse(
        "size",
        "The size feeds the risk figures above. In the treatment options it counts only where "
        "the risk decides about imatinib after surgery, or where a very small tumour might be "
        "watched; neither applies here.",
        "Size: used for the risk schemes; the options use it only for risk-based adjuvant "
        "decisions and surveillance eligibility, neither of which applies here.",
    ),
    FieldUse(
        "mitoses",
        "The mitotic count feeds the risk figures above. In the treatment options it counts "
        "only where the risk decides about imatinib after surgery, or where a very small "
        "tumour might be watched; neither applies here.",
        "Mitotic count: used for the risk schemes; the options use it only for risk-based "
        "adjuvant decisions and surveillance eligibility, neither of which applies here.",
    ),
    FieldUse(
        "site",
        "The site feeds the risk figures above. In the treatment options it counts only where "
        "the risk decides about imatinib after surgery, or where a very small tumour might be "
        "watched; neither applies here.",
        "Site: used for the risk schemes; the options use it only for risk-based adjuvant "
        "decisions and surveillance eligibility, neither of which applies here.",
    ),
    FieldUse(
        "rupture",
        "Rupture feeds the risk figures above. In the treatment options it counts only where "
        "the risk decides about imatinib after surgery, or where a very small tumour might be "
        "watched; neither applies here.",
        "Rupture: used for the risk schemes; the options use it only for risk-based adjuvant "
        "decisions and surveillance eligibility, neither of which applies here.",
    ),
    FieldUse(
        "nodes",
        "Whether the lymph nodes are involved does not change the options in this situation, "
        "which already covers a tumour that cannot be removed or has spread.",
        "Nodal status: the unresectable and recurrent options do not depend on N status.",
    ),
    FieldUse(
        "metastasis",
        "Whether it has spread does not change the options in this situation, which already "
        "covers a tumour that cannot be removed or has spread.",
        "Metastatic status: the unresectable and recurrent options do not depend on M status.",
    ),
    FieldUse(
        "progressed_on",
        "The medicines it grew on do not change these options: for this gene change the "
        "medicine aimed at it comes first whatever was tried before.",
        "Medicines with progression: not used for this genotype (targeted therapy first).",
    ),
    FieldUse(
        "intolerant_of",
        "The medicines stopped for side effects do not change these options: for this gene "
        "change the medicine aimed at it comes first whatever was tried before.",
        "Medicines stopped for toxicity: not used for this genotype (targeted therapy first).",
    ),
    FieldUse(
        "shrinking",
        "Shrinking on treatment did not change these options: surgery is already among them "
        "for this situation.",
        "Response on treatment: not used, as resection is already listed for this situation.",
    ),
    FieldUse(
        "symptoms",
        "Symptoms change the options only for a very small tumour that might be watched, "
        "for watching a PDGFRA D842V tumour, and for radiation when a tumour has come back.",
        "Symptoms: used for surveillance, D842V observation and palliative radiotherapy only.",
    ),
    FieldUse(
        "limited_spread",
        "Spread to only one or two places changes the options when removing or destroying "
        "those places could be considered.",
        "Limited spread: used for metastasectomy, ablation and embolisation.",
    ),
    FieldUse(
        "bone_pain",
        "Bone pain changes the options by adding radiation to ease it.",
        "Bone pain: used for palliative radiotherapy.",
    ),
)
