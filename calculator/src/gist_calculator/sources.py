"""The sources every number and recommendation rests on.

Results carry a citation id from here, so a reader (or a reviewer) can always trace a figure
back to the paper or guideline it came from. Facts and numbers were checked against
``shared/reference/clinical-facts.md``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Citation:
    id: str
    short: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "short": self.short, "text": self.text}


def _c(id_: str, short: str, text: str) -> Citation:
    return Citation(id=id_, short=short, text=text)


ACS = _c(
    "acs2020",
    "American Cancer Society, 2020",
    "American Cancer Society. Typical Treatment Options for Gastrointestinal Stromal Tumors. "
    "Last revised May 18, 2020.",
)
PDQ = _c(
    "pdq2024",
    "NCI PDQ, 2024",
    "National Cancer Institute. PDQ Gastrointestinal Stromal Tumors Treatment, health "
    "professional version. Updated December 13, 2024.",
)
MIETTINEN_2006 = _c(
    "miettinen2006",
    "Miettinen & Lasota, 2006",
    "Miettinen M, Lasota J. Gastrointestinal stromal tumors: pathology and prognosis at "
    "different sites. Semin Diagn Pathol 2006;23:70-83.",
)
FLETCHER_2002 = _c(
    "fletcher2002",
    "Fletcher et al., 2002",
    "Fletcher CDM, Berman JJ, Corless C, et al. Diagnosis of gastrointestinal stromal tumors: "
    "a consensus approach. Hum Pathol 2002;33:459-65.",
)
JOENSUU_2008 = _c(
    "joensuu2008",
    "Joensuu, 2008",
    "Joensuu H. Risk stratification of patients diagnosed with gastrointestinal stromal "
    "tumor. Hum Pathol 2008;39:1411-9.",
)
AJCC_8 = _c(
    "ajcc8",
    "AJCC 8th edition; UICC TNM 9",
    "Amin MB, Edge SB, Greene FL, et al., eds. AJCC Cancer Staging Manual, 8th ed. Springer; "
    "2017: Gastrointestinal stromal tumor, pp. 523-9 (same stage groups in the 7th edition "
    "and in UICC TNM 9).",
)
GOLD_2009 = _c(
    "gold2009",
    "Gold et al., 2009",
    "Gold JS, Gonen M, Gutierrez A, et al. Development and validation of a prognostic "
    "nomogram for recurrence-free survival after complete surgical resection of localised "
    "primary gastrointestinal stromal tumour. Lancet Oncol 2009;10:1045-52.",
)
JOENSUU_2012 = _c(
    "joensuu2012",
    "Joensuu et al., 2012",
    "Joensuu H, Vehtari A, Riihimaki J, et al. Risk of recurrence of gastrointestinal stromal "
    "tumour after surgery: an analysis of pooled population-based cohorts. Lancet Oncol "
    "2012;13:265-74.",
)
SSG_XVIII = _c(
    "ssgxviii",
    "SSG XVIII (Joensuu et al., 2012)",
    "Joensuu H, Eriksson M, Sundby Hall K, et al. One vs three years of adjuvant imatinib for "
    "operable gastrointestinal stromal tumor: a randomized trial. JAMA 2012;307:1265-72.",
)
ACOSOG_Z9001 = _c(
    "z9001",
    "ACOSOG Z9001 (DeMatteo et al., 2009)",
    "DeMatteo RP, Ballman KV, Antonescu CR, et al. Adjuvant imatinib mesylate after resection "
    "of localised, primary gastrointestinal stromal tumour: a randomised, double-blind, "
    "placebo-controlled trial. Lancet 2009;373:1097-104.",
)
NAVIGATOR = _c(
    "navigator",
    "NAVIGATOR (Heinrich et al., 2020)",
    "Heinrich MC, Jones RL, von Mehren M, et al. Avapritinib in advanced PDGFRA D842V-mutant "
    "gastrointestinal stromal tumour (NAVIGATOR). Lancet Oncol 2020;21:935-46.",
)
GRID = _c(
    "grid",
    "GRID (Demetri et al., 2013)",
    "Demetri GD, Reichardt P, Kang YK, et al. Efficacy and safety of regorafenib for advanced "
    "gastrointestinal stromal tumours after failure of imatinib and sunitinib (GRID). Lancet "
    "2013;381:295-302.",
)
INVICTUS = _c(
    "invictus",
    "INVICTUS (Blay et al., 2020)",
    "Blay JY, Serrano C, Heinrich MC, et al. Ripretinib in patients with advanced "
    "gastrointestinal stromal tumours (INVICTUS). Lancet Oncol 2020;21:923-34.",
)
METAGIST = _c(
    "metagist",
    "MetaGIST, 2010",
    "Gastrointestinal Stromal Tumor Meta-Analysis Group (MetaGIST). Comparison of two doses "
    "of imatinib for the treatment of unresectable or metastatic gastrointestinal stromal "
    "tumors: a meta-analysis of 1,640 patients. J Clin Oncol 2010;28:1247-53.",
)
SUNITINIB_PHASE3 = _c(
    "demetri2006",
    "Sunitinib phase III (Demetri et al., 2006)",
    "Demetri GD, van Oosterom AT, Garrett CR, et al. Efficacy and safety of sunitinib in "
    "patients with advanced gastrointestinal stromal tumour after failure of imatinib: a "
    "randomised controlled trial. Lancet 2006;368:1329-38.",
)
ESMO_2022 = _c(
    "esmo2022",
    "ESMO-EURACAN-GENTURIS, 2022",
    "Casali PG, Blay JY, Abecassis N, et al. Gastrointestinal stromal tumours: ESMO-EURACAN-"
    "GENTURIS Clinical Practice Guidelines for diagnosis, treatment and follow-up. Ann Oncol "
    "2022;33:20-33 (read through a secondary summary).",
)
JUDSON_2017 = _c(
    "judson2017",
    "UK GIST guideline (Judson et al., 2017)",
    "Judson I, Bulusu R, Seddon B, et al. UK clinical practice guidelines for the management "
    "of gastrointestinal stromal tumours (GIST). Clin Sarcoma Res 2017;7:6 (cited as "
    "guidance; full text not reached).",
)
MASON_2016 = _c(
    "mason2016",
    "Mason & Hornick, 2016",
    "Mason EF, Hornick JL. Conventional risk stratification fails to predict progression of "
    "succinate dehydrogenase-deficient gastrointestinal stromal tumors: a clinicopathologic "
    "study of 76 cases. Am J Surg Pathol 2016;40:1616-21.",
)

ALL: tuple[Citation, ...] = (
    ACS,
    PDQ,
    MIETTINEN_2006,
    FLETCHER_2002,
    JOENSUU_2008,
    AJCC_8,
    GOLD_2009,
    JOENSUU_2012,
    SSG_XVIII,
    ACOSOG_Z9001,
    NAVIGATOR,
    GRID,
    INVICTUS,
    METAGIST,
    SUNITINIB_PHASE3,
    ESMO_2022,
    JUDSON_2017,
    MASON_2016,
)
