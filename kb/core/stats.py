"""Aggregate report statistics by indicator; approximate flags survive every total."""

from __future__ import annotations

from dataclasses import dataclass

from kb.core.model import Indicator, IndicatorGroup, KnowledgeBase, Report, Statistic
from kb.core.reads import memoized


@dataclass(frozen=True)
class Figure:
    """One reported figure with the report it comes from."""

    report: Report
    statistic: Statistic


@dataclass(frozen=True)
class IndicatorTotal:
    indicator: Indicator
    figures: tuple[Figure, ...]

    @property
    def total(self) -> float:
        return sum(f.statistic.value for f in self.figures)

    @property
    def approx(self) -> bool:
        """A total is approximate as soon as one of its parts is."""
        return any(f.statistic.approx for f in self.figures)

    @property
    def total_display(self) -> str:
        return Statistic(self.indicator.code, self.total, self.indicator.unit, self.approx, "").display

    @property
    def units(self) -> int:
        return len({f.report.unit for f in self.figures})


@dataclass(frozen=True)
class GroupTotals:
    group: IndicatorGroup
    totals: tuple[IndicatorTotal, ...]


def aggregate(kb: KnowledgeBase, reports: list[Report] | None = None) -> list[GroupTotals]:
    """Totals per indicator, grouped as in the registry; indicators nobody reported are left out."""
    reports = kb.reports if reports is None else reports
    figures: dict[str, list[Figure]] = {}
    for report in reports:
        for stat in report.statistics:
            figures.setdefault(stat.indicator, []).append(Figure(report, stat))
    result = []
    for group in kb.groups:
        totals = tuple(
            IndicatorTotal(ind, tuple(figures[ind.code]))
            for ind in kb.indicators
            if ind.group == group.code and ind.code in figures
        )
        if totals:
            result.append(GroupTotals(group, totals))
    return result


def aggregate_for(kb: KnowledgeBase, sector: str | None = None) -> list[GroupTotals]:
    """aggregate() for the whole knowledge base or one sector, computed once per build."""
    return memoized(kb, ("aggregate", sector), lambda: aggregate(kb, kb.reports_for(sector) if sector else kb.reports))
