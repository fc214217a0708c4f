"""The volunteers picked on the match screen, before they are stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from taskboard.matching.rules import Placement


@dataclass
class Picks:
    """Who the coordinator has picked, per needed skill, in pick order."""

    by_skill: dict[str, list[str]] = field(default_factory=dict)

    def holds(self, person_id: str) -> str | None:
        """The skill `person_id` is picked for, if any."""
        return next((s for s, people in self.by_skill.items() if person_id in people), None)

    def toggle(self, skill: str, person_id: str) -> bool:
        """Pick or unpick; True when now picked."""
        people = self.by_skill.setdefault(skill, [])
        if person_id in people:
            people.remove(person_id)
            return False
        people.append(person_id)
        return True

    def placements(self, task_id: str) -> list[Placement]:
        """The picks as placements to store."""
        return [
            Placement(task_id, skill, person)
            for skill, people in self.by_skill.items()
            for person in people
        ]
