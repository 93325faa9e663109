"""Contains all the data models used in inputs/outputs"""

from .async_api_document import AsyncApiDocument
from .async_api_document_channels import AsyncApiDocumentChannels
from .async_api_document_info import AsyncApiDocumentInfo
from .async_api_document_operations import AsyncApiDocumentOperations
from .audit_entry import AuditEntry
from .audit_entry_data import AuditEntryData
from .check_registry_liveness_response_checkregistryliveness import CheckRegistryLivenessResponseCheckregistryliveness
from .check_registry_readiness_check_type_0_item import CheckRegistryReadinessCheckType0Item
from .check_registry_readiness_response_503 import CheckRegistryReadinessResponse503
from .client_create import ClientCreate
from .client_create_scopes_item import ClientCreateScopesItem
from .client_issued import ClientIssued
from .client_read import ClientRead
from .contact_create import ContactCreate
from .contact_create_preferred_language import ContactCreatePreferredLanguage
from .contact_read import ContactRead
from .contact_read_preferred_language import ContactReadPreferredLanguage
from .contact_update import ContactUpdate
from .contact_update_preferred_language_type_0 import ContactUpdatePreferredLanguageType0
from .counts import Counts
from .import_result import ImportResult
from .issue_area_create import IssueAreaCreate
from .issue_area_create_kind import IssueAreaCreateKind
from .issue_area_create_names import IssueAreaCreateNames
from .issue_area_read import IssueAreaRead
from .issue_area_read_kind import IssueAreaReadKind
from .issue_area_read_names import IssueAreaReadNames
from .issue_area_update import IssueAreaUpdate
from .issue_area_update_names_type_0 import IssueAreaUpdateNamesType0
from .list_issue_areas_kind_type_0 import ListIssueAreasKindType0
from .list_members_kind_type_0 import ListMembersKindType0
from .list_members_status_type_0 import ListMembersStatusType0
from .mechanism_create import MechanismCreate
from .mechanism_create_names import MechanismCreateNames
from .mechanism_members import MechanismMembers
from .mechanism_read import MechanismRead
from .mechanism_read_member_count_source import MechanismReadMemberCountSource
from .mechanism_read_names import MechanismReadNames
from .mechanism_update import MechanismUpdate
from .mechanism_update_names_type_0 import MechanismUpdateNamesType0
from .member_create import MemberCreate
from .member_create_kind import MemberCreateKind
from .member_create_names import MemberCreateNames
from .member_create_status import MemberCreateStatus
from .member_read import MemberRead
from .member_read_kind import MemberReadKind
from .member_read_names import MemberReadNames
from .member_read_status_type_0 import MemberReadStatusType0
from .member_update import MemberUpdate
from .member_update_names_type_0 import MemberUpdateNamesType0
from .members_add import MembersAdd
from .membership_read import MembershipRead
from .page_audit_entry import PageAuditEntry
from .page_client_read import PageClientRead
from .page_issue_area_read import PageIssueAreaRead
from .page_mechanism_read import PageMechanismRead
from .page_member_read import PageMemberRead
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .reference_document import ReferenceDocument
from .reference_issue_area import ReferenceIssueArea
from .reference_issue_area_kind import ReferenceIssueAreaKind
from .reference_mechanism import ReferenceMechanism
from .reference_member import ReferenceMember
from .reference_member_kind import ReferenceMemberKind
from .reference_member_status import ReferenceMemberStatus
from .status_change import StatusChange
from .status_change_status import StatusChangeStatus
from .status_correction import StatusCorrection
from .status_correction_read import StatusCorrectionRead
from .status_correction_status_type_0 import StatusCorrectionStatusType0
from .status_history import StatusHistory
from .status_history_status_at_type_0 import StatusHistoryStatusAtType0
from .status_period import StatusPeriod
from .status_period_status import StatusPeriodStatus

__all__ = (
    "AsyncApiDocument",
    "AsyncApiDocumentChannels",
    "AsyncApiDocumentInfo",
    "AsyncApiDocumentOperations",
    "AuditEntry",
    "AuditEntryData",
    "CheckRegistryLivenessResponseCheckregistryliveness",
    "CheckRegistryReadinessCheckType0Item",
    "CheckRegistryReadinessResponse503",
    "ClientCreate",
    "ClientCreateScopesItem",
    "ClientIssued",
    "ClientRead",
    "ContactCreate",
    "ContactCreatePreferredLanguage",
    "ContactRead",
    "ContactReadPreferredLanguage",
    "ContactUpdate",
    "ContactUpdatePreferredLanguageType0",
    "Counts",
    "ImportResult",
    "IssueAreaCreate",
    "IssueAreaCreateKind",
    "IssueAreaCreateNames",
    "IssueAreaRead",
    "IssueAreaReadKind",
    "IssueAreaReadNames",
    "IssueAreaUpdate",
    "IssueAreaUpdateNamesType0",
    "ListIssueAreasKindType0",
    "ListMembersKindType0",
    "ListMembersStatusType0",
    "MechanismCreate",
    "MechanismCreateNames",
    "MechanismMembers",
    "MechanismRead",
    "MechanismReadMemberCountSource",
    "MechanismReadNames",
    "MechanismUpdate",
    "MechanismUpdateNamesType0",
    "MemberCreate",
    "MemberCreateKind",
    "MemberCreateNames",
    "MemberCreateStatus",
    "MemberRead",
    "MemberReadKind",
    "MemberReadNames",
    "MemberReadStatusType0",
    "MembersAdd",
    "MembershipRead",
    "MemberUpdate",
    "MemberUpdateNamesType0",
    "PageAuditEntry",
    "PageClientRead",
    "PageIssueAreaRead",
    "PageMechanismRead",
    "PageMemberRead",
    "Problem",
    "ProblemFieldError",
    "ReferenceDocument",
    "ReferenceIssueArea",
    "ReferenceIssueAreaKind",
    "ReferenceMechanism",
    "ReferenceMember",
    "ReferenceMemberKind",
    "ReferenceMemberStatus",
    "StatusChange",
    "StatusChangeStatus",
    "StatusCorrection",
    "StatusCorrectionRead",
    "StatusCorrectionStatusType0",
    "StatusHistory",
    "StatusHistoryStatusAtType0",
    "StatusPeriod",
    "StatusPeriodStatus",
)
