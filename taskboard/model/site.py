"""Sites (community offices) and the skill catalogue they share."""

from __future__ import annotations

from pydantic import Field, field_validator

from taskboard.model.common import Label, Line, Name, Phone, Record, Slug
from taskboard.model.kinds import in_language


class Site(Record):
    """A community office; every data file belongs to one local site."""

    id: Slug
    """Short slug used in references, e.g. `funing` makes `funing-12`."""
    name: Name
    """Display name as residents know it, e.g. `阜宁社区`."""
    street: Line | None = None
    """Sub-district (街道) the site belongs to, e.g. `翠香街道`."""
    district: Line | None = None
    """District (区), e.g. `香洲区`."""
    coordinator: Name | None = None
    """Who volunteers call with questions, e.g. `李主任`; on sheets and in the kiosk."""
    phone: Phone | None = None
    """The office's or the coordinator's phone, e.g. `0756-2212345`."""
    funds: list[Label] = Field(default_factory=list)
    """Where the money for work comes from, e.g. `党组织服务群众专项资金`, `社区公益金`:
    a short list a task's `fund` is chosen from."""

    @field_validator("funds")
    @classmethod
    def _sorted_funds(cls, value: list[str]) -> list[str]:
        """One entry per fund, in one order at every site (a set when merged)."""
        return sorted(set(value))

    def contact(self) -> str:
        """`李主任 0756-2212345 (阜宁社区)`: whom a volunteer calls; empty when nobody is set."""
        if not (self.coordinator or self.phone):
            return ""
        who = " ".join(part for part in (self.coordinator, self.phone) if part)
        return f"{who} ({self.name})"


class Skill(Record):
    """One entry of the skill catalogue."""

    key: Slug
    label_en: Name
    label_zh: Name
    adult_only: bool = False
    """Never offered to minors (welding, electrical work)."""
    needs_cert: bool = False
    """A valid, unexpired certification is required to be assigned."""
    description: Line = Field(default="", max_length=400)

    def label(self, lang: str) -> str:
        """The label in `lang` (`zh…` gives Chinese, anything else English)."""
        return in_language(lang, self.label_en, self.label_zh)


DEFAULT_SKILLS: tuple[Skill, ...] = (
    Skill(key="welding", label_en="welding", label_zh="电焊", adult_only=True, needs_cert=True),
    Skill(key="planting", label_en="planting", label_zh="花草种植"),
    Skill(key="painting", label_en="painting", label_zh="粉刷"),
    Skill(
        key="electrical", label_en="electrical", label_zh="电工", adult_only=True, needs_cert=True
    ),
    Skill(key="carpentry", label_en="carpentry", label_zh="木工"),
    Skill(key="cleaning", label_en="cleaning", label_zh="清洁"),
    Skill(key="cctv", label_en="cctv install", label_zh="监控安装", adult_only=True),
    Skill(key="door_to_door", label_en="door-to-door visits", label_zh="入户走访"),
    Skill(key="storytelling", label_en="storytelling", label_zh="讲故事"),
    Skill(key="performance", label_en="dance/performance", label_zh="舞蹈表演"),
    Skill(key="first_aid", label_en="first aid", label_zh="急救", needs_cert=True),
    Skill(key="publicity", label_en="publicity", label_zh="宣传"),
)
"""The catalogue a new data file starts with, taken from the community work it serves."""
