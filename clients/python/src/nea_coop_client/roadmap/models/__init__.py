"""Contains all the data models used in inputs/outputs"""

from .adopt_roadmap_criteria_body import AdoptRoadmapCriteriaBody
from .advancement_read import AdvancementRead
from .advancement_read_kind import AdvancementReadKind
from .async_api_document import AsyncApiDocument
from .async_api_document_channels import AsyncApiDocumentChannels
from .async_api_document_info import AsyncApiDocumentInfo
from .async_api_document_operations import AsyncApiDocumentOperations
from .audit_entry import AuditEntry
from .audit_entry_data import AuditEntryData
from .check_roadmap_liveness_response_checkroadmapliveness import CheckRoadmapLivenessResponseCheckroadmapliveness
from .check_roadmap_readiness_check_type_0_item import CheckRoadmapReadinessCheckType0Item
from .check_roadmap_readiness_response_503 import CheckRoadmapReadinessResponse503
from .counted_meeting_state import CountedMeetingState
from .criteria_read import CriteriaRead
from .criteria_read_document import CriteriaReadDocument
from .criterion_explanation import CriterionExplanation
from .decision_create import DecisionCreate
from .decision_create_kind import DecisionCreateKind
from .decision_list import DecisionList
from .decision_read import DecisionRead
from .decision_read_kind import DecisionReadKind
from .evidence_state import EvidenceState
from .held_meeting_fact_read import HeldMeetingFactRead
from .history_read import HistoryRead
from .next_stage_read import NextStageRead
from .page_audit_entry import PageAuditEntry
from .page_held_meeting_fact_read import PageHeldMeetingFactRead
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .roadmap_list import RoadmapList
from .roadmap_read import RoadmapRead
from .roadmap_summary import RoadmapSummary
from .simulated_advancement import SimulatedAdvancement
from .simulated_attendee import SimulatedAttendee
from .simulated_attendee_kind import SimulatedAttendeeKind
from .simulated_attendee_role import SimulatedAttendeeRole
from .simulated_attendee_status_on_meeting_date_type_0 import SimulatedAttendeeStatusOnMeetingDateType0
from .simulated_meeting import SimulatedMeeting
from .simulated_meeting_level import SimulatedMeetingLevel
from .simulated_meeting_track import SimulatedMeetingTrack
from .simulated_outcome import SimulatedOutcome
from .simulated_outcome_type import SimulatedOutcomeType
from .simulated_track import SimulatedTrack
from .simulation_read import SimulationRead
from .stage_read import StageRead
from .track_read import TrackRead

__all__ = (
    "AdoptRoadmapCriteriaBody",
    "AdvancementRead",
    "AdvancementReadKind",
    "AsyncApiDocument",
    "AsyncApiDocumentChannels",
    "AsyncApiDocumentInfo",
    "AsyncApiDocumentOperations",
    "AuditEntry",
    "AuditEntryData",
    "CheckRoadmapLivenessResponseCheckroadmapliveness",
    "CheckRoadmapReadinessCheckType0Item",
    "CheckRoadmapReadinessResponse503",
    "CountedMeetingState",
    "CriteriaRead",
    "CriteriaReadDocument",
    "CriterionExplanation",
    "DecisionCreate",
    "DecisionCreateKind",
    "DecisionList",
    "DecisionRead",
    "DecisionReadKind",
    "EvidenceState",
    "HeldMeetingFactRead",
    "HistoryRead",
    "NextStageRead",
    "PageAuditEntry",
    "PageHeldMeetingFactRead",
    "Problem",
    "ProblemFieldError",
    "RoadmapList",
    "RoadmapRead",
    "RoadmapSummary",
    "SimulatedAdvancement",
    "SimulatedAttendee",
    "SimulatedAttendeeKind",
    "SimulatedAttendeeRole",
    "SimulatedAttendeeStatusOnMeetingDateType0",
    "SimulatedMeeting",
    "SimulatedMeetingLevel",
    "SimulatedMeetingTrack",
    "SimulatedOutcome",
    "SimulatedOutcomeType",
    "SimulatedTrack",
    "SimulationRead",
    "StageRead",
    "TrackRead",
)
