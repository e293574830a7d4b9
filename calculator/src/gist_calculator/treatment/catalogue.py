"""The treatment options the guideline names: titles, doses, evidence and where they are
explained on the site.

Context-free facts live here; the reasons that depend on the reader's situation are in the
rules table (``rules.py``), next to the condition that calls for them. Doses and trial figures are from the NCI
PDQ (2024) and clinical-facts.md; where our sources give no verified dose we say so rather
than print one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import Setting
from ..sources import (
    ACOSOG_Z9001,
    ACS,
    ESMO_2022,
    GRID,
    INVICTUS,
    METAGIST,
    NAVIGATOR,
    PDQ,
    SSG_XVIII,
    SUNITINIB_PHASE3,
    Citation,
)

SECTIONS: dict[Setting, str] = {
    Setting.RESECTABLE: "localised-smaller",
    Setting.MARGINALLY_RESECTABLE: "localised-larger",
    Setting.UNRESECTABLE: "unresectable",
    Setting.RECURRENT: "recurrent",
}

_ADVANCED = (
    "biopsy mutation-testing surveillance imatinib later-options avapritinib ntrk-inhibitor "
    "braf-inhibitor "
    "imatinib-dose-increase sunitinib regorafenib ripretinib other-tki surgery metastasectomy "
    "ablation embolization radiation chemotherapy clinical-trial"
)
# The heading ids each guideline page must carry: every option a setting can return links
# to its own anchor on that setting's page. The site tests check the built pages for them.
SECTION_ANCHORS: dict[str, frozenset[str]] = {
    "localised-smaller": frozenset(
        ["surveillance", "surgery", "adjuvant-imatinib", "mutation-testing"]
    ),
    "localised-larger": frozenset(
        [
            "biopsy",
            "mutation-testing",
            "neoadjuvant-imatinib",
            "avapritinib",
            "surgery",
            "adjuvant-imatinib",
            "imatinib-dose-increase",
            "sunitinib",
            "regorafenib",
            "ripretinib",
            "other-tki",
            "clinical-trial",
        ]
    ),
    "unresectable": frozenset(_ADVANCED.split()),
    "recurrent": frozenset(_ADVANCED.split()),
}


@dataclass(frozen=True, slots=True)
class Entry:
    title: str
    evidence: str
    citations: tuple[Citation, ...]
    dose: str | None = None
    dose_mg: int | None = None
    duration: str | None = None
    anchor: str | None = None  # the heading on the setting's page, when not the option id


IMATINIB_400 = "400 mg once a day"
IMATINIB_800 = "800 mg a day (400 mg twice a day)"
DOSE_NOT_VERIFIED = "Dose set by the specialist; not given here because our sources do not state it"

CATALOGUE: dict[str, Entry] = {
    "surveillance": Entry(
        "Watching the tumour (active surveillance)",
        "Very small tumours that cause no symptoms may never grow enough to cause harm; "
        "endoscopy once or twice a year checks that (ACS). The PDQ names surveillance as an "
        "option for tumours of 2 cm or less with 5 or fewer mitoses per 50 HPF.",
        (ACS, PDQ),
        duration="Endoscopy about every 6 to 12 months, for as long as it is not growing",
    ),
    "surgery": Entry(
        "Surgery to remove the tumour",
        "Removing the whole tumour is the main treatment for GIST that has not spread (ACS; "
        "PDQ). After surgery, scans every 3 to 6 months are usual, less often for very low "
        "risk (PDQ).",
        (ACS, PDQ),
    ),
    "adjuvant_imatinib": Entry(
        "Imatinib after surgery (adjuvant)",
        "SSG XVIII (high risk by modified NIH): 3 years against 1 year gave 5-year "
        "recurrence-free survival 65.6% against 47.9% and 5-year overall survival 92.0% "
        "against 81.7%. ACOSOG Z9001 (tumours of 3 cm or more): 1 year against placebo gave "
        "1-year recurrence-free survival 98% against 83%.",
        (SSG_XVIII, ACOSOG_Z9001, PDQ, ACS),
        dose=IMATINIB_400,
        dose_mg=400,
    ),
    "mutation_testing": Entry(
        "Testing the tumour for KIT and PDGFRA changes",
        "The gene change decides whether imatinib is likely to help and at what dose: KIT "
        "exon 9 needs 800 mg in advanced disease, PDGFRA D842V resists imatinib, and "
        "SDH-deficient and NF1-related tumours rarely respond (PDQ; ACS).",
        (PDQ, ACS),
    ),
    "biopsy": Entry(
        "Biopsy to confirm it is a GIST",
        "Before medicine is started instead of surgery, a sample confirms the diagnosis and "
        "allows gene testing (ACS). In the upper gut, a needle biopsy through endoscopic "
        "ultrasound is preferred to one through the skin (PDQ).",
        (ACS, PDQ),
    ),
    "neoadjuvant_imatinib": Entry(
        "Imatinib before surgery (neoadjuvant)",
        "Imatinib first can shrink a large or awkwardly placed tumour so that a smaller "
        "operation is possible; it is given until surgery is feasible, often 6 to 12 months, "
        "and continued after surgery to at least 3 years in total (PDQ; ACS).",
        (PDQ, ACS),
        dose=IMATINIB_400,
        dose_mg=400,
        duration="Until surgery is possible (often 6 to 12 months), then after surgery to at "
        "least 3 years in total",
    ),
    "imatinib": Entry(
        "Imatinib",
        "Imatinib is the standard first medicine for advanced GIST; 800 mg a day benefits "
        "tumours with a KIT exon 9 change (PDQ; MetaGIST).",
        (PDQ, METAGIST, ACS),
        dose=IMATINIB_400,
        dose_mg=400,
        duration="For as long as the tumour is not growing and the side effects are bearable",
    ),
    "imatinib_dose_increase": Entry(
        "Raising the imatinib dose to 800 mg",
        "When tumours grew on 400 mg, about a third of people who moved to 800 mg had the "
        "tumour shrink or stop growing (PDQ).",
        (PDQ, ACS),
        dose=IMATINIB_800,
        dose_mg=800,
    ),
    "avapritinib": Entry(
        "Avapritinib",
        "NAVIGATOR: 88% of people with a PDGFRA D842V tumour responded to avapritinib (PDQ).",
        (NAVIGATOR, PDQ, ACS),
        dose="300 mg once a day",
        dose_mg=300,
    ),
    "sunitinib": Entry(
        "Sunitinib",
        "After imatinib stopped working, sunitinib delayed growth more than four times as long "
        "as placebo (median 27.3 against 6.4 weeks) in a phase III trial (PDQ).",
        (SUNITINIB_PHASE3, PDQ, ACS),
        dose="50 mg a day for 4 weeks then 2 weeks off, or 37.5 mg every day",
    ),
    "regorafenib": Entry(
        "Regorafenib",
        "GRID: after imatinib and sunitinib, median progression-free survival 4.8 months "
        "against 0.9 months with placebo (PDQ).",
        (GRID, PDQ, ACS),
        dose="160 mg a day for 3 weeks then 1 week off",
        dose_mg=160,
    ),
    "ripretinib": Entry(
        "Ripretinib",
        "INVICTUS: after imatinib, sunitinib and regorafenib, median progression-free survival "
        "6.3 against 1.0 months and median overall survival 15.1 against 6.6 months with "
        "placebo (PDQ).",
        (INVICTUS, PDQ, ACS),
        dose="150 mg once a day",
        dose_mg=150,
    ),
    "other_tki": Entry(
        "Other targeted medicines (sorafenib, dasatinib, nilotinib, pazopanib)",
        "Some doctors try these once the approved medicines stop working; how much they help "
        "is not clear, with only small or mixed trials (ACS; PDQ).",
        (ACS, PDQ),
        dose=DOSE_NOT_VERIFIED,
    ),
    "ntrk_inhibitor": Entry(
        "An NTRK inhibitor (larotrectinib or entrectinib)",
        "These medicines target the NTRK fusion directly; our sources name them from reviews "
        "and do not give GIST-specific trial figures.",
        (PDQ,),
        dose=DOSE_NOT_VERIFIED,
    ),
    "braf_inhibitor": Entry(
        "A BRAF inhibitor with a MEK inhibitor (for example dabrafenib with trametinib)",
        "These medicines target the BRAF V600E change directly; our sources name them from "
        "reviews and do not give GIST-specific trial figures.",
        (PDQ,),
        dose=DOSE_NOT_VERIFIED,
    ),
    "metastasectomy": Entry(
        "Surgery to remove limited spread",
        "Where the cancer has spread to only one or two places in the abdomen, such as the "
        "liver, removing them may be considered alongside medicine; no randomised trial has "
        "shown that it helps people live longer (ACS; PDQ).",
        (ACS, PDQ),
    ),
    "ablation": Entry(
        "Ablation of tumours in the liver",
        "Heat or other energy can destroy tumours that have spread to the liver (ACS).",
        (ACS,),
    ),
    "embolization": Entry(
        "Embolisation of tumours in the liver",
        "Blocking the blood supply of tumours in the liver can destroy them (ACS).",
        (ACS,),
    ),
    "radiation": Entry(
        "Radiation therapy to ease symptoms",
        "Radiation can ease symptoms such as pain, especially from tumours in the bones (ACS).",
        (ACS,),
    ),
    "clinical_trial": Entry(
        "A clinical trial",
        "Trials of newer treatments may be a good option, especially when the standard "
        "medicines have stopped working or for tumour types that respond poorly to them "
        "(ACS; PDQ).",
        (ACS, PDQ),
    ),
    "chemotherapy": Entry(
        "Standard chemotherapy",
        "GIST resists standard chemotherapy; it has no role in treating it (PDQ; ACS).",
        (PDQ, ACS),
    ),
    "further_testing": Entry(
        "Further tests when no KIT or PDGFRA change is found",
        "About one GIST in seven or eight has no KIT or PDGFRA change; many of these are "
        "SDH-deficient (shown by loss of SDHB staining) or NF1-related, and a few carry a BRAF "
        "V600E change or an NTRK fusion, which has medicines aimed at it (PDQ; ESMO 2022).",
        (PDQ, ESMO_2022),
        anchor="mutation-testing",
    ),
    "dose_reduction": Entry(
        "Managing side effects: a lower dose, a break or another schedule",
        "Side effects of these medicines are often handled by pausing, lowering the dose or "
        "changing the schedule, so that the medicine can go on working (PDQ).",
        (PDQ,),
        dose="Set by the specialist for the medicine concerned",
    ),
    "supportive_care": Entry(
        "Care to ease symptoms (supportive care)",
        "Whatever else is chosen, treatment of pain, tiredness, appetite and other symptoms "
        "goes on alongside; the trials of later medicines compared them with such care (PDQ; "
        "ACS).",
        (PDQ, ACS),
        anchor="later-options",
    ),
    "observation": Entry(
        "Careful watching before starting avapritinib",
        "For PDGFRA D842V tumours that cause no symptoms and grow slowly, a period of "
        "observation with scans before avapritinib is reasonable, to spare its side effects "
        "(PDQ).",
        (PDQ,),
        duration="Regular scans, with treatment when it grows or causes symptoms",
        anchor="surveillance",
    ),
    "other_medicines": Entry(
        "Other medicines (benefit uncertain)",
        "After avapritinib for a PDGFRA D842V tumour, our sources name no standard next "
        "medicine; other medicines may be tried, ideally within a trial, with uncertain benefit "
        "(PDQ).",
        (PDQ,),
        dose=DOSE_NOT_VERIFIED,
        anchor="other-tki",
    ),
}


def resolve_anchor(section: str, anchor: str) -> tuple[str, str]:
    """The page and heading an option links to: its setting's page when that page explains
    it, else the page for advanced disease, which explains every medicine.

    The localised-larger page explains imatinib under its neoadjuvant heading. Every result
    is checked against SECTION_ANCHORS by the invariants tests.
    """
    if anchor in SECTION_ANCHORS[section]:
        return section, anchor
    if (section, anchor) == ("localised-larger", "imatinib"):
        return section, "neoadjuvant-imatinib"
    return "unresectable", anchor
