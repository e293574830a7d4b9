"""Every closed choice the calculator accepts.

The enum values are the command-line words (``jejunum-ileum``, ``imatinib-800``), which are
also the form controls' values and the JSON request's values, so one spelling serves all
three. Labels are the plain words a reader sees.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Choice(StrEnum):
    """A closed choice with a reader-facing label."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def of(cls, value: str) -> Self:
        """Look a member up by its command-line word (raises ValueError if unknown)."""
        for member in cls:
            if member.value == value:
                return member
        raise ValueError(f"{value!r} is not a {cls.__name__}")

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def listing(cls) -> str:
        """The labels a reader sees, for messages: 'Stomach; Duodenum (...); or Rectum'."""
        labels = [member.label for member in cls]
        if len(labels) <= 1:
            return "".join(labels)
        return "; ".join(labels[:-1]) + "; or " + labels[-1]


class SizeUnit(Choice):
    CM = ("cm", "cm")
    MM = ("mm", "mm")


class MitosisUnit(Choice):
    PER_5MM2 = ("per-5mm2", "per 5 mm²")
    PER_50HPF = ("per-50hpf", "per 50 high-power fields")
    PER_AREA = ("per-area", "over another area (give the area)")


class Site(Choice):
    STOMACH = ("stomach", "Stomach")
    DUODENUM = ("duodenum", "Duodenum (first part of the small intestine)")
    JEJUNUM_ILEUM = ("jejunum-ileum", "Jejunum or ileum (rest of the small intestine)")
    COLON = ("colon", "Colon (large bowel)")
    RECTUM = ("rectum", "Rectum")
    ESOPHAGUS = ("esophagus", "Oesophagus (food pipe)")
    EXTRA_GI = ("extra-gi", "Outside the gut (mesentery, omentum, peritoneum)")


class NodeStatus(Choice):
    UNKNOWN = ("unknown", "Not known")
    NEGATIVE = ("negative", "No, not in the lymph nodes")
    POSITIVE = ("positive", "Yes, in the lymph nodes")


class MetastasisStatus(Choice):
    UNKNOWN = ("unknown", "Not known")
    ABSENT = ("absent", "No, it has not spread")
    PRESENT = ("present", "Yes, it has spread to other organs")


class Setting(Choice):
    RESECTABLE = ("resectable", "Localised and can be removed (smaller)")
    MARGINALLY_RESECTABLE = (
        "marginally-resectable",
        "Localised but larger or hard to remove",
    )
    UNRESECTABLE = ("unresectable", "Cannot be removed, or has spread")
    RECURRENT = ("recurrent", "Has come back after treatment")


class Mutation(Choice):
    UNKNOWN = ("unknown", "Not tested or not known")
    KIT_EXON_11 = ("kit-exon-11", "KIT exon 11")
    KIT_EXON_9 = ("kit-exon-9", "KIT exon 9")
    KIT_OTHER = ("kit-other", "Other KIT change")
    PDGFRA_D842V = ("pdgfra-d842v", "PDGFRA D842V (exon 18)")
    PDGFRA_OTHER = ("pdgfra-other", "Other PDGFRA change")
    SDH_DEFICIENT = ("sdh-deficient", "SDH-deficient")
    NF1 = ("nf1", "NF1-related")
    BRAF_V600E = ("braf-v600e", "BRAF V600E")
    NTRK_FUSION = ("ntrk-fusion", "NTRK fusion")
    WILD_TYPE_OTHER = ("wild-type-other", "No KIT or PDGFRA change, other or not further typed")

    @property
    def has_kit_or_pdgfra_change(self) -> bool:
        """Imatinib works through KIT and PDGFRA; without a change in either it rarely helps."""
        return self in {
            Mutation.KIT_EXON_11,
            Mutation.KIT_EXON_9,
            Mutation.KIT_OTHER,
            Mutation.PDGFRA_D842V,
            Mutation.PDGFRA_OTHER,
        }

    @property
    def is_kit_pdgfra_wild_type(self) -> bool:
        return self is not Mutation.UNKNOWN and not self.has_kit_or_pdgfra_change


class Drug(Choice):
    IMATINIB = ("imatinib", "Imatinib 400 mg")
    IMATINIB_800 = ("imatinib-800", "Imatinib 800 mg")
    SUNITINIB = ("sunitinib", "Sunitinib")
    REGORAFENIB = ("regorafenib", "Regorafenib")
    RIPRETINIB = ("ripretinib", "Ripretinib")
    AVAPRITINIB = ("avapritinib", "Avapritinib")
