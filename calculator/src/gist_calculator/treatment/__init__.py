"""Guideline treatment options: the catalogue of facts, the drug sequence, the settings."""

from .settings import RISK_BASIS, recommend

__all__ = ["RISK_BASIS", "recommend"]
