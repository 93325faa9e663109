"""Contains all the data models used in inputs/outputs"""

from .async_api_document import AsyncApiDocument
from .async_api_document_channels import AsyncApiDocumentChannels
from .async_api_document_info import AsyncApiDocumentInfo
from .async_api_document_operations import AsyncApiDocumentOperations
from .attendance_entry import AttendanceEntry
from .attendance_entry_attendance import AttendanceEntryAttendance
from .attendance_entry_delegation_level_type_0 import AttendanceEntryDelegationLevelType0
from .audit_entry import AuditEntry
from .audit_entry_data import AuditEntryData
from .cancellation import Cancellation
from .check_meetings_liveness_response_checkmeetingsliveness import CheckMeetingsLivenessResponseCheckmeetingsliveness
from .check_meetings_readiness_check_type_0_item import CheckMeetingsReadinessCheckType0Item
from .check_meetings_readiness_response_503 import CheckMeetingsReadinessResponse503
from .co_participation_read import CoParticipationRead
from .engagement_read import EngagementRead
from .engagement_rule import EngagementRule
from .filters import Filters
from .filters_track_type_0 import FiltersTrackType0
from .get_co_participation_growth_track_type_0 import GetCoParticipationGrowthTrackType0
from .get_co_participation_track_type_0 import GetCoParticipationTrackType0
from .get_meetings_calendar_lang import GetMeetingsCalendarLang
from .get_meetings_calendar_status_type_0 import GetMeetingsCalendarStatusType0
from .get_meetings_calendar_track_type_0 import GetMeetingsCalendarTrackType0
from .growth_read import GrowthRead
from .held_record import HeldRecord
from .invitation import Invitation
from .invitation_role import InvitationRole
from .invitations import Invitations
from .last_attended_read import LastAttendedRead
from .link_read import LinkRead
from .list_meetings_status_type_0 import ListMeetingsStatusType0
from .list_meetings_track_type_0 import ListMeetingsTrackType0
from .meeting_create import MeetingCreate
from .meeting_create_country_code import MeetingCreateCountryCode
from .meeting_create_level import MeetingCreateLevel
from .meeting_create_title import MeetingCreateTitle
from .meeting_create_track import MeetingCreateTrack
from .meeting_read import MeetingRead
from .meeting_read_level import MeetingReadLevel
from .meeting_read_status import MeetingReadStatus
from .meeting_read_title import MeetingReadTitle
from .meeting_read_track import MeetingReadTrack
from .meeting_update import MeetingUpdate
from .meeting_update_country_code_type_0 import MeetingUpdateCountryCodeType0
from .meeting_update_level_type_0 import MeetingUpdateLevelType0
from .meeting_update_title_type_0 import MeetingUpdateTitleType0
from .meeting_update_track_type_0 import MeetingUpdateTrackType0
from .member_engagement_read import MemberEngagementRead
from .member_engagement_read_engagement import MemberEngagementReadEngagement
from .member_measures_read import MemberMeasuresRead
from .one_engagement_read import OneEngagementRead
from .one_engagement_read_engagement import OneEngagementReadEngagement
from .outcome import Outcome
from .outcome_create import OutcomeCreate
from .outcome_create_type import OutcomeCreateType
from .outcome_type import OutcomeType
from .page_audit_entry import PageAuditEntry
from .page_meeting_read import PageMeetingRead
from .participant import Participant
from .participant_attendance_type_0 import ParticipantAttendanceType0
from .participant_delegation_level_type_0 import ParticipantDelegationLevelType0
from .participant_response import ParticipantResponse
from .participant_role import ParticipantRole
from .period import Period
from .postponement import Postponement
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .response_update import ResponseUpdate
from .response_update_response import ResponseUpdateResponse
from .year_read import YearRead

__all__ = (
    "AsyncApiDocument",
    "AsyncApiDocumentChannels",
    "AsyncApiDocumentInfo",
    "AsyncApiDocumentOperations",
    "AttendanceEntry",
    "AttendanceEntryAttendance",
    "AttendanceEntryDelegationLevelType0",
    "AuditEntry",
    "AuditEntryData",
    "Cancellation",
    "CheckMeetingsLivenessResponseCheckmeetingsliveness",
    "CheckMeetingsReadinessCheckType0Item",
    "CheckMeetingsReadinessResponse503",
    "CoParticipationRead",
    "EngagementRead",
    "EngagementRule",
    "Filters",
    "FiltersTrackType0",
    "GetCoParticipationGrowthTrackType0",
    "GetCoParticipationTrackType0",
    "GetMeetingsCalendarLang",
    "GetMeetingsCalendarStatusType0",
    "GetMeetingsCalendarTrackType0",
    "GrowthRead",
    "HeldRecord",
    "Invitation",
    "InvitationRole",
    "Invitations",
    "LastAttendedRead",
    "LinkRead",
    "ListMeetingsStatusType0",
    "ListMeetingsTrackType0",
    "MeetingCreate",
    "MeetingCreateCountryCode",
    "MeetingCreateLevel",
    "MeetingCreateTitle",
    "MeetingCreateTrack",
    "MeetingRead",
    "MeetingReadLevel",
    "MeetingReadStatus",
    "MeetingReadTitle",
    "MeetingReadTrack",
    "MeetingUpdate",
    "MeetingUpdateCountryCodeType0",
    "MeetingUpdateLevelType0",
    "MeetingUpdateTitleType0",
    "MeetingUpdateTrackType0",
    "MemberEngagementRead",
    "MemberEngagementReadEngagement",
    "MemberMeasuresRead",
    "OneEngagementRead",
    "OneEngagementReadEngagement",
    "Outcome",
    "OutcomeCreate",
    "OutcomeCreateType",
    "OutcomeType",
    "PageAuditEntry",
    "PageMeetingRead",
    "Participant",
    "ParticipantAttendanceType0",
    "ParticipantDelegationLevelType0",
    "ParticipantResponse",
    "ParticipantRole",
    "Period",
    "Postponement",
    "Problem",
    "ProblemFieldError",
    "ResponseUpdate",
    "ResponseUpdateResponse",
    "YearRead",
)
