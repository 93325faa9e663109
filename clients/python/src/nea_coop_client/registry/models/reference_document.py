from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reference_issue_area import ReferenceIssueArea
    from ..models.reference_mechanism import ReferenceMechanism
    from ..models.reference_member import ReferenceMember


T = TypeVar("T", bound="ReferenceDocument")


@_attrs_define
class ReferenceDocument:
    """The shape of nea-reference.json. Every section is optional; the file's other sections (roadmap,
    history) belong to other services and are ignored here.

        Attributes:
            members (list[ReferenceMember] | Unset):
            issue_areas (list[ReferenceIssueArea] | Unset):
            mechanisms (list[ReferenceMechanism] | Unset):
    """

    members: list[ReferenceMember] | Unset = UNSET
    issue_areas: list[ReferenceIssueArea] | Unset = UNSET
    mechanisms: list[ReferenceMechanism] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        members: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = []
            for members_item_data in self.members:
                members_item = members_item_data.to_dict()
                members.append(members_item)

        issue_areas: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.issue_areas, Unset):
            issue_areas = []
            for issue_areas_item_data in self.issue_areas:
                issue_areas_item = issue_areas_item_data.to_dict()
                issue_areas.append(issue_areas_item)

        mechanisms: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.mechanisms, Unset):
            mechanisms = []
            for mechanisms_item_data in self.mechanisms:
                mechanisms_item = mechanisms_item_data.to_dict()
                mechanisms.append(mechanisms_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if members is not UNSET:
            field_dict["members"] = members
        if issue_areas is not UNSET:
            field_dict["issue_areas"] = issue_areas
        if mechanisms is not UNSET:
            field_dict["mechanisms"] = mechanisms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reference_issue_area import ReferenceIssueArea  # noqa: PLC0415
        from ..models.reference_mechanism import ReferenceMechanism  # noqa: PLC0415
        from ..models.reference_member import ReferenceMember  # noqa: PLC0415

        d = dict(src_dict)
        _members = d.pop("members", UNSET)
        members: list[ReferenceMember] | Unset = UNSET
        if _members is not UNSET:
            members = []
            for members_item_data in _members:
                members_item = ReferenceMember.from_dict(members_item_data)

                members.append(members_item)

        _issue_areas = d.pop("issue_areas", UNSET)
        issue_areas: list[ReferenceIssueArea] | Unset = UNSET
        if _issue_areas is not UNSET:
            issue_areas = []
            for issue_areas_item_data in _issue_areas:
                issue_areas_item = ReferenceIssueArea.from_dict(issue_areas_item_data)

                issue_areas.append(issue_areas_item)

        _mechanisms = d.pop("mechanisms", UNSET)
        mechanisms: list[ReferenceMechanism] | Unset = UNSET
        if _mechanisms is not UNSET:
            mechanisms = []
            for mechanisms_item_data in _mechanisms:
                mechanisms_item = ReferenceMechanism.from_dict(mechanisms_item_data)

                mechanisms.append(mechanisms_item)

        reference_document = cls(
            members=members,
            issue_areas=issue_areas,
            mechanisms=mechanisms,
        )

        reference_document.additional_properties = d
        return reference_document

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
