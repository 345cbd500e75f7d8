from .coordination import CoordinatorDigest
from .pages import ProjectIndexPage, register_url
from .projects import (
    STALE_AFTER,
    Introduction,
    PartnerRole,
    ProjectAttachment,
    ProjectFunding,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    ProjectTag,
    Reifegrad,
    StatusUpdate,
)
from .strategy import StrategyMeasure, StrategyPage, measures_by_handlungsfeld

__all__ = [
    "STALE_AFTER",
    "CoordinatorDigest",
    "Introduction",
    "PartnerRole",
    "ProjectAttachment",
    "ProjectFunding",
    "ProjectIndexPage",
    "ProjectOzgLeistung",
    "ProjectPage",
    "ProjectPartner",
    "ProjectStatus",
    "ProjectTag",
    "Reifegrad",
    "StatusUpdate",
    "StrategyMeasure",
    "StrategyPage",
    "measures_by_handlungsfeld",
    "register_url",
]
