"""Contains all the data models used in inputs/outputs"""

from .async_api_document import AsyncApiDocument
from .async_api_document_channels import AsyncApiDocumentChannels
from .async_api_document_info import AsyncApiDocumentInfo
from .async_api_document_operations import AsyncApiDocumentOperations
from .attempt_read import AttemptRead
from .audit_entry import AuditEntry
from .audit_entry_data import AuditEntryData
from .check_notifications_liveness_response_checknotificationsliveness import (
    CheckNotificationsLivenessResponseChecknotificationsliveness,
)
from .check_notifications_readiness_check_type_0_item import CheckNotificationsReadinessCheckType0Item
from .check_notifications_readiness_response_503 import CheckNotificationsReadinessResponse503
from .delivery_read import DeliveryRead
from .delivery_read_channel import DeliveryReadChannel
from .delivery_read_status import DeliveryReadStatus
from .digest import Digest
from .digest_every import DigestEvery
from .digest_weekday_type_0 import DigestWeekdayType0
from .filters import Filters
from .inbox_item_read import InboxItemRead
from .inbox_page import InboxPage
from .list_deliveries_status_type_0 import ListDeliveriesStatusType0
from .page_audit_entry import PageAuditEntry
from .page_delivery_read import PageDeliveryRead
from .page_subscription_read import PageSubscriptionRead
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .read_mark import ReadMark
from .replay_read import ReplayRead
from .secret_rotated import SecretRotated
from .secret_rotation import SecretRotation
from .subscription_create import SubscriptionCreate
from .subscription_create_channel import SubscriptionCreateChannel
from .subscription_create_language_type_0 import SubscriptionCreateLanguageType0
from .subscription_created import SubscriptionCreated
from .subscription_created_channel import SubscriptionCreatedChannel
from .subscription_read import SubscriptionRead
from .subscription_read_channel import SubscriptionReadChannel
from .subscription_update import SubscriptionUpdate
from .subscription_update_language_type_0 import SubscriptionUpdateLanguageType0

__all__ = (
    "AsyncApiDocument",
    "AsyncApiDocumentChannels",
    "AsyncApiDocumentInfo",
    "AsyncApiDocumentOperations",
    "AttemptRead",
    "AuditEntry",
    "AuditEntryData",
    "CheckNotificationsLivenessResponseChecknotificationsliveness",
    "CheckNotificationsReadinessCheckType0Item",
    "CheckNotificationsReadinessResponse503",
    "DeliveryRead",
    "DeliveryReadChannel",
    "DeliveryReadStatus",
    "Digest",
    "DigestEvery",
    "DigestWeekdayType0",
    "Filters",
    "InboxItemRead",
    "InboxPage",
    "ListDeliveriesStatusType0",
    "PageAuditEntry",
    "PageDeliveryRead",
    "PageSubscriptionRead",
    "Problem",
    "ProblemFieldError",
    "ReadMark",
    "ReplayRead",
    "SecretRotated",
    "SecretRotation",
    "SubscriptionCreate",
    "SubscriptionCreateChannel",
    "SubscriptionCreated",
    "SubscriptionCreatedChannel",
    "SubscriptionCreateLanguageType0",
    "SubscriptionRead",
    "SubscriptionReadChannel",
    "SubscriptionUpdate",
    "SubscriptionUpdateLanguageType0",
)
