from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.filters import Filters
    from ..models.link_read import LinkRead
    from ..models.member_measures_read import MemberMeasuresRead
    from ..models.period import Period


T = TypeVar("T", bound="CoParticipationRead")


@_attrs_define
class CoParticipationRead:
    """
    Attributes:
        period (Period):
        filters (Filters):
        members (list[MemberMeasuresRead]): Every member that attended; most co-participation first
        links (list[LinkRead]): Strongest first, then by the members' codes
        least_attending (list[str]): Every member of the filter (attended, invited, or in the filtered mechanism),
            fewest attended meetings first, then by code
        centrality_measure (str | Unset): The networkx measure `centrality` is Default: 'closeness'.
    """

    period: Period
    filters: Filters
    members: list[MemberMeasuresRead]
    links: list[LinkRead]
    least_attending: list[str]
    centrality_measure: str | Unset = "closeness"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period = self.period.to_dict()

        filters = self.filters.to_dict()

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        links = []
        for links_item_data in self.links:
            links_item = links_item_data.to_dict()
            links.append(links_item)

        least_attending = self.least_attending

        centrality_measure = self.centrality_measure

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period": period,
                "filters": filters,
                "members": members,
                "links": links,
                "least_attending": least_attending,
            }
        )
        if centrality_measure is not UNSET:
            field_dict["centrality_measure"] = centrality_measure

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.filters import Filters  # noqa: PLC0415
        from ..models.link_read import LinkRead  # noqa: PLC0415
        from ..models.member_measures_read import MemberMeasuresRead  # noqa: PLC0415
        from ..models.period import Period  # noqa: PLC0415

        d = dict(src_dict)
        period = Period.from_dict(d.pop("period"))

        filters = Filters.from_dict(d.pop("filters"))

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberMeasuresRead.from_dict(members_item_data)

            members.append(members_item)

        links = []
        _links = d.pop("links")
        for links_item_data in _links:
            links_item = LinkRead.from_dict(links_item_data)

            links.append(links_item)

        least_attending = cast(list[str], d.pop("least_attending"))

        centrality_measure = d.pop("centrality_measure", UNSET)

        co_participation_read = cls(
            period=period,
            filters=filters,
            members=members,
            links=links,
            least_attending=least_attending,
            centrality_measure=centrality_measure,
        )

        co_participation_read.additional_properties = d
        return co_participation_read

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
