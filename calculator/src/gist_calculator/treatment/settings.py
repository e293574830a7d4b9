"""Which options the guideline describes for a reader's situation, and why.

The four settings follow the four sections of the American Cancer Society guideline
(localised smaller, localised larger, cannot be removed or has spread, come back); doses,
evidence and the gene-specific choices come from the NCI PDQ. Each function returns the
options in the order a reader should meet them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import Drug, Mutation, Setting
from ..inputs import Treatment, Tumour
from ..results import Note, Option, Recommendation, SchemeResult, Status
from ..schemes.bands import format_number
from .catalogue import IMATINIB_400, IMATINIB_800, option
from .sequence import position

PREF, OPT, NOREC = Recommendation.PREFERRED, Recommendation.OPTION, Recommendation.NOT_RECOMMENDED

RISK_BASIS = (
    "modified NIH (Joensuu 2008), the scheme the SSG XVIII trial used to choose who was at "
    "high risk"
)
_NO_IMATINIB_BENEFIT = {Mutation.PDGFRA_D842V, Mutation.SDH_DEFICIENT, Mutation.NF1}
_TARGETED = {Mutation.NTRK_FUSION: "ntrk_inhibitor", Mutation.BRAF_V600E: "braf_inhibitor"}


@dataclass(frozen=True, slots=True)
class Context:
    tumour: Tumour
    treatment: Treatment
    modified_nih: SchemeResult

    @property
    def setting(self) -> Setting:
        return self.treatment.setting

    @property
    def mutation(self) -> Mutation:
        return self.tumour.mutation

    def opt(
        self,
        option_id: str,
        rec: Recommendation,
        patient: str,
        clinician: str,
        *,
        dose: str | None = None,
        dose_mg: int | None = None,
        duration: str | None = None,
        duration_years: int | None = None,
        risk_basis: str | None = None,
    ) -> Option:
        return option(
            option_id,
            rec,
            self.setting,
            patient=patient,
            clinician=clinician,
            dose=dose,
            dose_mg=dose_mg,
            duration=duration,
            duration_years=duration_years,
            risk_basis=risk_basis,
        )


def recommend(
    tumour: Tumour, treatment: Treatment, modified_nih: SchemeResult
) -> tuple[tuple[Option, ...], tuple[Note, ...]]:
    ctx = Context(tumour, treatment, modified_nih)
    notes = _setting_notes(ctx)
    if ctx.setting is Setting.RESECTABLE:
        options = _resectable(ctx)
    elif ctx.setting is Setting.MARGINALLY_RESECTABLE:
        options = _marginally_resectable(ctx)
    else:
        options = _advanced(ctx)
    return tuple(options), notes


# --- Localised, smaller -------------------------------------------------------------------


def _resectable(ctx: Context) -> list[Option]:
    t, tr = ctx.tumour, ctx.treatment
    out: list[Option] = []
    small = t.size_cm is not None and t.size_cm <= 2
    slow = t.mitoses_per_5mm2 is None or t.mitoses_per_5mm2 <= 5
    watchable = small and slow and not tr.symptoms and not t.rupture
    if watchable:
        out.append(
            ctx.opt(
                "surveillance",
                OPT,
                "A tumour this small that causes no symptoms may never cause harm, so one choice "
                "is to watch it with an endoscopy once or twice a year and treat it only if it "
                "grows.",
                "<= 2 cm, asymptomatic, mitoses <= 5/5 mm² or unknown: endoscopic surveillance "
                "every 6 to 12 months is an option (ACS; PDQ). Evidence is mainly for gastric "
                "tumours; check EUS for high-risk features.",
            )
        )
    out.append(
        ctx.opt(
            "surgery",
            OPT if watchable else PREF,
            "Removing the tumour is the other choice for a tumour this small; talk through both "
            "with your team."
            if watchable
            else "Surgery to remove the whole tumour is the main treatment for a GIST that has not "
            "spread.",
            "Complete resection with negative margins is the standard for localised GIST; "
            "lymphadenectomy is not needed unless nodes are involved (PDQ).",
        )
    )
    out.extend(_adjuvant(ctx))
    return out


def _adjuvant(ctx: Context) -> list[Option]:
    t, risk = ctx.tumour, ctx.modified_nih
    if t.has_spread:
        return []
    no_benefit = _no_adjuvant_benefit(t.mutation)
    if no_benefit:
        return [
            ctx.opt(
                "adjuvant_imatinib",
                NOREC,
                f"Imatinib after surgery is not expected to help a tumour with {no_benefit}, "
                "whatever its risk of coming back.",
                f"{no_benefit}: no benefit expected from adjuvant imatinib (PDQ).",
                risk_basis=RISK_BASIS,
            )
        ]
    out: list[Option] = []
    dose, dose_note = _adjuvant_dose(t.mutation)
    if risk.status is not Status.OK:
        out.append(
            ctx.opt(
                "adjuvant_imatinib",
                OPT,
                "Whether imatinib after surgery would help depends on the risk of the tumour "
                "coming back, which needs the tumour's size, mitotic count and site. Add them to "
                "see this.",
                f"Depends on modified NIH risk, which is not available ({risk.reason}).",
                risk_basis=RISK_BASIS,
                dose=dose,
            )
        )
    elif risk.risk == "high":
        out.append(
            ctx.opt(
                "adjuvant_imatinib",
                PREF,
                "The risk of this tumour coming back is high, so imatinib for at least 3 years "
                "after surgery is usually recommended: in a large trial, 3 years worked better "
                "than 1." + dose_note,
                "High risk (modified NIH): adjuvant imatinib for at least 3 years (SSG XVIII; "
                "ACS; PDQ)." + dose_note,
                risk_basis=RISK_BASIS,
                dose=dose,
                duration="At least 3 years",
                duration_years=3,
            )
        )
    elif risk.risk == "intermediate":
        out.append(
            ctx.opt(
                "adjuvant_imatinib",
                PREF,
                "The risk of this tumour coming back is intermediate, and the guideline usually "
                "recommends imatinib for at least 1 year after surgery. The benefit is less "
                "certain than for high risk, so it is worth talking through." + dose_note,
                "Intermediate risk (modified NIH): adjuvant imatinib for at least 1 year (ACS). "
                "Evidence is weaker than for high risk: EORTC 62024 (intermediate or high risk) "
                "improved recurrence-free but not overall survival (PDQ)." + dose_note,
                risk_basis=RISK_BASIS,
                dose=dose,
                duration="At least 1 year",
                duration_years=1,
            )
        )
    else:
        out.append(
            ctx.opt(
                "adjuvant_imatinib",
                NOREC,
                "The risk of this tumour coming back is low, so imatinib after surgery is not "
                "expected to help enough to be worth its side effects; usually no further "
                "treatment is needed.",
                f"{risk.risk_label} risk (modified NIH): adjuvant imatinib not indicated (ACS).",
                risk_basis=RISK_BASIS,
            )
        )
    if t.mutation is Mutation.UNKNOWN and out[0].recommendation is not NOREC:
        out.append(
            ctx.opt(
                "mutation_testing",
                PREF,
                "Before imatinib is started, the tumour should be tested for changes in the KIT "
                "and PDGFRA genes: some changes mean imatinib will not help, or needs a higher "
                "dose.",
                "Genotype (KIT, PDGFRA; SDH and others if wild-type) before adjuvant imatinib: "
                "D842V, SDH-deficient and NF1-related GIST do not benefit; exon 9 may need "
                "800 mg (PDQ).",
            )
        )
    return out


def _no_adjuvant_benefit(mutation: Mutation) -> str | None:
    if mutation in _NO_IMATINIB_BENEFIT or mutation.is_kit_pdgfra_wild_type:
        return _mutation_words(mutation)
    return None


def _adjuvant_dose(mutation: Mutation) -> tuple[str, str]:
    if mutation is Mutation.KIT_EXON_9:
        return (
            f"{IMATINIB_400}; 800 mg a day may be considered for KIT exon 9",
            " With a KIT exon 9 change, a higher dose (800 mg a day) may be considered, by "
            "analogy with advanced disease (PDQ).",
        )
    return IMATINIB_400, ""


# --- Localised, larger or hard to remove -------------------------------------------------


def _marginally_resectable(ctx: Context) -> list[Option]:
    t, tr = ctx.tumour, ctx.treatment
    m = t.mutation
    imatinib_helps = not (m in _NO_IMATINIB_BENEFIT or m.is_kit_pdgfra_wild_type)
    started = any(tr.stopped(d) for d in Drug)
    # The biopsy comes before the first medicine; once one has been taken it is behind us.
    out = [] if started else [_biopsy(ctx)]
    out.extend(_testing(ctx))
    if not imatinib_helps:
        out.append(
            ctx.opt(
                "neoadjuvant_imatinib",
                NOREC,
                f"Imatinib is not expected to shrink a tumour with {_mutation_words(m)}, so it is "
                "not used to prepare for surgery.",
                f"{_mutation_words(m)}: no benefit expected from neoadjuvant imatinib; proceed to "
                "surgery if feasible (PDQ).",
            )
        )
        if m is Mutation.PDGFRA_D842V:
            out.append(
                ctx.opt(
                    "avapritinib",
                    OPT,
                    "Some guidelines suggest avapritinib before surgery for this gene change, but "
                    "it has not been tested for that use; ask your team.",
                    "ESMO suggests considering neoadjuvant avapritinib for D842V; not tested or "
                    "validated in the neoadjuvant setting (PDQ).",
                )
            )
        out.append(
            ctx.opt(
                "surgery",
                PREF,
                "Surgery is the main treatment here, if the tumour can be removed safely.",
                "Proceed directly to surgery if feasible (PDQ).",
            )
        )
        out.append(_clinical_trial(ctx, OPT))
        return out

    if not started:
        dose, dose_mg = _first_line_dose(m)
        out.append(
            ctx.opt(
                "neoadjuvant_imatinib",
                PREF,
                "Imatinib is usually given first to shrink the tumour, so that the operation can "
                "be smaller and safer. It is continued at least until the tumour stops shrinking.",
                f"Neoadjuvant imatinib {dose} until resectable or maximal response (often 6 to 12 "
                "months), with close imaging (ACS; PDQ).",
                dose=dose,
                dose_mg=dose_mg,
            )
        )
        out.append(
            ctx.opt(
                "surgery",
                PREF if tr.shrinking else OPT,
                "The tumour is shrinking: surgery may now be possible, if your team thinks it can "
                "be removed safely."
                if tr.shrinking
                else "If the tumour shrinks enough, surgery may be done once your team thinks it can be "
                "removed safely.",
                "Resect once resectable after response; continue imatinib after surgery (ACS; PDQ).",
            )
        )
        out.append(
            ctx.opt(
                "adjuvant_imatinib",
                PREF,
                "After surgery, imatinib is usually continued so that treatment lasts at least 3 "
                "years in all, to lower the chance of the tumour coming back.",
                "After neoadjuvant imatinib the risk cannot be re-stratified on the specimen: "
                "continue to at least 3 years in total (PDQ).",
                duration="At least 3 years in total, before and after surgery",
                duration_years=3,
                dose=dose,
                dose_mg=dose_mg,
            )
        )
        return out

    # Imatinib did not shrink it enough, or stopped working: the advanced sequence applies.
    out.extend(_sequence(ctx))
    if tr.shrinking:
        out.append(
            ctx.opt(
                "surgery",
                OPT,
                "The tumour is shrinking: surgery may become possible if your team thinks it can "
                "be removed safely.",
                "Resect if it becomes resectable on treatment (ACS).",
            )
        )
    out.append(_clinical_trial(ctx, OPT))
    return out


# --- Cannot be removed, has spread, or has come back ---------------------------------------


def _advanced(ctx: Context) -> list[Option]:
    tr = ctx.treatment
    recurrent = ctx.setting is Setting.RECURRENT
    started = any(tr.stopped(d) for d in Drug)
    out: list[Option] = []
    if not recurrent and not started:
        out.append(_biopsy(ctx))
    out.extend(_testing(ctx))
    out.extend(_first_and_next_medicines(ctx))
    if tr.shrinking:
        out.append(
            ctx.opt(
                "surgery",
                OPT,
                "The tumour is shrinking on treatment: for some people surgery then becomes "
                "possible, often followed by more of the same medicine.",
                "Consider resection after 6 to 12 months of stable or responding disease on a TKI, "
                "ideally before secondary resistance (median about 2 years); continue the TKI "
                "after (PDQ).",
            )
        )
    if tr.limited_spread:
        out.append(
            ctx.opt(
                "metastasectomy",
                OPT,
                "With spread to only one or two places in the abdomen, such as the liver, removing "
                "them may be possible. Ask what the aim would be (cure, longer life or fewer "
                "symptoms) and what the risks are."
                if not recurrent
                else "Where the tumour has come back as one or a few well-defined lumps, removing them "
                "may be possible. It is not certain that this helps people live longer, so weigh "
                "it with your team and family.",
                "Resection of limited (oligometastatic) disease alongside a TKI may be considered "
                "after multidisciplinary review; survival benefit unproven (ACS; PDQ).",
            )
        )
        out.append(
            ctx.opt(
                "ablation",
                OPT,
                "Tumours in the liver can sometimes be destroyed with ablation instead of being cut "
                "out.",
                "Ablation for liver metastases (ACS).",
            )
        )
        out.append(
            ctx.opt(
                "embolization",
                OPT,
                "Tumours in the liver can also be treated by blocking their blood supply "
                "(embolisation).",
                "Embolisation for liver metastases (ACS).",
            )
        )
    if tr.bone_pain or (recurrent and tr.symptoms):
        out.append(
            ctx.opt(
                "radiation",
                OPT,
                "Radiation can ease pain, especially from tumours in the bones."
                if tr.bone_pain
                else "Radiation can ease some symptoms, such as pain.",
                "Palliative radiotherapy for symptoms such as bone pain (ACS).",
            )
        )
    out.append(
        ctx.opt(
            "chemotherapy",
            NOREC,
            "Standard chemotherapy does not work well against GIST, so it is not recommended.",
            "Conventional cytotoxic chemotherapy has no role in GIST (PDQ; ACS).",
        )
    )
    if not any(o.id == "clinical_trial" for o in out):
        out.append(_clinical_trial(ctx, OPT))
    return out


def _first_and_next_medicines(ctx: Context) -> list[Option]:
    m, tr = ctx.mutation, ctx.treatment
    if m is Mutation.PDGFRA_D842V:
        return _d842v(ctx)
    if m in {Mutation.SDH_DEFICIENT, Mutation.NF1, Mutation.WILD_TYPE_OTHER}:
        return _wild_type(ctx)
    if m in _TARGETED:
        target = _TARGETED[m]
        return [
            ctx.opt(
                target,
                PREF,
                f"A medicine aimed at the {_mutation_words(m)} itself is the most likely to help.",
                f"{_mutation_words(m)}: targeted therapy ({target.replace('_', ' ')}); doses "
                "not verified in our sources.",
            ),
            ctx.opt(
                "imatinib",
                NOREC,
                f"Imatinib is unlikely to help: a tumour with {_mutation_words(m)} has no KIT or "
                "PDGFRA change for it to act on.",
                "KIT/PDGFRA wild-type: imatinib unlikely to help (ACS; PDQ).",
            ),
            _clinical_trial(ctx, OPT),
        ]
    out = _sequence(ctx)
    if m is Mutation.PDGFRA_OTHER and not tr.stopped(Drug.AVAPRITINIB):
        out.append(
            ctx.opt(
                "avapritinib",
                OPT,
                "Avapritinib is approved for tumours with changes in exon 18 of the PDGFRA gene; "
                "ask whether your tumour's change is one of them.",
                "Avapritinib is FDA-approved for PDGFRA exon 18 variants including D842V (PDQ).",
            )
        )
    return out


def _sequence(ctx: Context) -> list[Option]:
    m, tr = ctx.mutation, ctx.treatment
    pos = position(tr)
    step = pos.next_step
    out: list[Option] = []
    if step == "imatinib":
        dose, dose_mg = _first_line_dose(m)
        exon9 = m is Mutation.KIT_EXON_9
        out.append(
            ctx.opt(
                "imatinib",
                PREF,
                (
                    "Imatinib is the usual first medicine. With a KIT exon 9 change the higher dose "
                    "of 800 mg a day works better."
                    if exon9
                    else "Imatinib is the usual first medicine. It is taken for as long as the tumour is "
                    "not growing and the side effects are bearable."
                )
                + (
                    " It can be started while the gene test result is awaited."
                    if m is Mutation.UNKNOWN
                    else ""
                ),
                f"First-line imatinib {dose} (PDQ"
                + ("; MetaGIST)" if exon9 else ")")
                + (
                    "; start empirically while genotyping is pending."
                    if m is Mutation.UNKNOWN
                    else "."
                ),
                dose=dose,
                dose_mg=dose_mg,
            )
        )
    elif step == "imatinib_dose_increase":
        out.append(
            ctx.opt(
                "imatinib_dose_increase",
                PREF,
                "The tumour grew on the usual dose of imatinib. Raising the dose to 800 mg a day "
                "helps about a third of people for a while.",
                "Progression on imatinib 400 mg: escalate to 800 mg/day (about one third respond "
                "or stabilise), or switch directly to sunitinib (PDQ; ACS).",
            )
        )
        out.append(_next_drug(ctx, "sunitinib", OPT))
    elif step == "beyond":
        out.append(
            ctx.opt(
                "other_tki",
                OPT,
                "Once the usual medicines have stopped working, some doctors try other targeted "
                "medicines, although it is not clear how much they help.",
                "After imatinib, sunitinib, regorafenib and ripretinib: sorafenib, dasatinib, "
                "nilotinib or pazopanib may be tried; benefit unclear (ACS; PDQ).",
            )
        )
        out.append(_clinical_trial(ctx, PREF))
    else:
        out.append(_next_drug(ctx, step, PREF))
    return out


_NEXT_WORDS = {
    "sunitinib": (
        "Sunitinib is the usual next medicine when imatinib stops working or its side effects "
        "are too hard.",
        "Second line after imatinib progression or intolerance (PDQ; ACS).",
    ),
    "regorafenib": (
        "Regorafenib is the usual next medicine when sunitinib stops working.",
        "Third line after imatinib and sunitinib (GRID; PDQ; ACS).",
    ),
    "ripretinib": (
        "Ripretinib is the usual next medicine when regorafenib stops working.",
        "Fourth line after three or more TKIs including imatinib (INVICTUS; PDQ; ACS).",
    ),
}


def _next_drug(ctx: Context, step: str, rec: Recommendation) -> Option:
    patient, clinician = _NEXT_WORDS[step]
    if rec is OPT and step == "sunitinib":
        patient = "Switching straight to sunitinib is another choice."
        clinician = "Direct switch to sunitinib is an alternative to dose escalation (PDQ)."
    return ctx.opt(step, rec, patient, clinician)


def _d842v(ctx: Context) -> list[Option]:
    tr = ctx.treatment
    out: list[Option] = [
        ctx.opt(
            "imatinib",
            NOREC,
            "Imatinib does not work against tumours with the PDGFRA D842V change.",
            "PDGFRA D842V confers imatinib resistance (PDQ).",
        )
    ]
    if tr.stopped(Drug.AVAPRITINIB):
        out.append(_clinical_trial(ctx, PREF))
        return out
    out.append(
        ctx.opt(
            "avapritinib",
            PREF,
            "Avapritinib is the medicine of choice for this gene change: in its main trial, most "
            "people's tumours shrank.",
            "First-line avapritinib 300 mg/day for PDGFRA D842V (NAVIGATOR: 88% response; PDQ).",
        )
    )
    if not tr.symptoms and not tr.progressed_on:
        out.append(
            ctx.opt(
                "surveillance",
                OPT,
                "If the tumour causes no symptoms and grows slowly, a period of careful watching "
                "before starting medicine can be reasonable.",
                "Asymptomatic or indolent D842V disease: a period of observation is reasonable "
                "to avoid toxicity (PDQ).",
                duration="Regular scans, with treatment when it grows or causes symptoms",
            )
        )
    return out


def _wild_type(ctx: Context) -> list[Option]:
    m, tr = ctx.mutation, ctx.treatment
    words = _mutation_words(m)
    out = [
        ctx.opt(
            "imatinib",
            NOREC,
            f"Imatinib is unlikely to help a tumour with {words}.",
            f"{words}: no benefit from first-line imatinib (PDQ).",
        ),
        _clinical_trial(ctx, PREF),
    ]
    if not tr.stopped(Drug.SUNITINIB):
        out.append(
            ctx.opt(
                "sunitinib",
                OPT,
                "Sunitinib has helped some people with this kind of tumour a little.",
                f"{words}: modest responses to sunitinib (PDQ).",
            )
        )
    elif not tr.stopped(Drug.REGORAFENIB):
        out.append(
            ctx.opt(
                "regorafenib",
                OPT,
                "Regorafenib has helped some people with this kind of tumour a little.",
                f"{words}: modest responses to regorafenib (PDQ).",
            )
        )
    return out


# --- Shared pieces ----------------------------------------------------------------------


def _biopsy(ctx: Context) -> Option:
    return ctx.opt(
        "biopsy",
        PREF,
        "Because medicine, not surgery, comes first, a small sample (biopsy) is taken to make "
        "sure the tumour is a GIST and to test its genes.",
        "Confirm the diagnosis by biopsy (EUS-guided FNA preferred in the upper GI tract) "
        "and genotype before a TKI (ACS; PDQ).",
    )


def _testing(ctx: Context) -> list[Option]:
    if ctx.mutation is not Mutation.UNKNOWN:
        return []
    return [
        ctx.opt(
            "mutation_testing",
            PREF,
            "Testing the tumour for KIT and PDGFRA gene changes shows whether imatinib is likely "
            "to work, at what dose, or whether another medicine fits better.",
            "Genotype KIT and PDGFRA (and SDH, NF1, BRAF, NTRK if wild-type): exon 9 -> 800 mg, "
            "D842V -> avapritinib, wild-type -> poor imatinib response (PDQ).",
        )
    ]


def _clinical_trial(ctx: Context, rec: Recommendation) -> Option:
    return ctx.opt(
        "clinical_trial",
        rec,
        "A clinical trial of a newer treatment may be a good choice; ask your team which "
        "trials are open to you."
        if rec is PREF
        else "Taking part in a clinical trial of a newer treatment is worth asking about.",
        "Refer to a specialist centre for trials, particularly after standard TKIs or for "
        "SDH-deficient/NF1/wild-type GIST (PDQ).",
    )


def _first_line_dose(mutation: Mutation) -> tuple[str, int]:
    if mutation is Mutation.KIT_EXON_9:
        return IMATINIB_800, 800
    return IMATINIB_400, 400


def _mutation_words(mutation: Mutation) -> str:
    return {
        Mutation.PDGFRA_D842V: "the PDGFRA D842V change",
        Mutation.SDH_DEFICIENT: "SDH deficiency",
        Mutation.NF1: "an NF1-related tumour",
        Mutation.BRAF_V600E: "the BRAF V600E change",
        Mutation.NTRK_FUSION: "an NTRK fusion",
        Mutation.WILD_TYPE_OTHER: "no KIT or PDGFRA change",
    }.get(mutation, mutation.label)


def _setting_notes(ctx: Context) -> tuple[Note, ...]:
    t = ctx.tumour
    notes: list[Note] = []
    localised = ctx.setting in {Setting.RESECTABLE, Setting.MARGINALLY_RESECTABLE}
    if localised and t.has_spread:
        notes.append(
            Note(
                "setting_has_spread",
                "You said the tumour has spread. The options for a tumour that has spread are "
                "under 'cannot be removed or has spread'; choose that situation to see them.",
                "Localised setting chosen with N1 or M1 disease; options for metastatic disease "
                "are under the unresectable/metastatic setting.",
            )
        )
    if ctx.setting is Setting.RESECTABLE and t.size_cm is not None and t.size_cm > 10:
        notes.append(
            Note(
                "large_for_setting",
                f"A tumour of {format_number(t.size_cm)} cm is large; if it would need a big "
                "operation, the options under 'larger or hard to remove' may fit better.",
                "Large tumour in the resectable setting: consider neoadjuvant imatinib if "
                "resection would be morbid (PDQ).",
            )
        )
    return tuple(notes)
