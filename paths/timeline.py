"""The track of a path drawn as SVG on the server: one lane per stage the person has been in,
one bar per step, the years (or quarters, for a short history) along the bottom, and a line at
today. No script: the page and its print show it as it is."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from common import dates
from paths.services import PRECEDENCE, PersonPath, Stage

WIDTH = 960
LABEL_WIDTH = 170
LANE_HEIGHT = 26
TOP = 8
AXIS_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    stage: Stage
    title: str
    ongoing: bool
    side_exit: bool


@dataclass(frozen=True)
class Track:
    width: int
    height: int
    lanes: list  # (label, y of its text)
    bars: list[Bar]
    ticks: list  # (x, label)
    today_x: float
    axis_y: float
    plot_x: int = LABEL_WIDTH


def track(path: PersonPath, today: datetime.date) -> Track | None:
    if not path.steps:
        return None
    start = min(path.first_day, today)
    end = max([today, *(step.ends_on or today for step in path.steps)])
    span = max((end - start).days + 1, 30)
    plot = WIDTH - LABEL_WIDTH - 10

    def x_of(day: datetime.date) -> float:
        return round(LABEL_WIDTH + plot * (day - start).days / span, 1)

    # From the application at the top down to the job: the way reads downwards.
    present = [stage for stage in reversed(PRECEDENCE) if any(s.stage == stage for s in path.steps)]
    lane_y = {stage: TOP + index * LANE_HEIGHT for index, stage in enumerate(present)}
    bars = []
    for step in path.steps:
        last = step.ends_on or end
        bars.append(
            Bar(
                x=x_of(step.starts_on),
                y=lane_y[step.stage] + 4,
                width=max(
                    round(x_of(last + datetime.timedelta(days=1)) - x_of(step.starts_on), 1), 2
                ),
                stage=step.stage,
                title=f"{step.stage.label}: {date_format(step.starts_on)} – "
                + (date_format(step.ends_on) if step.ends_on else "…"),
                ongoing=step.ends_on is None,
                side_exit=bool(step.exit_reason),
            )
        )
    axis_y = TOP + len(present) * LANE_HEIGHT
    return Track(
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        lanes=[(stage.label, lane_y[stage] + LANE_HEIGHT / 2 + 4) for stage in present],
        bars=bars,
        ticks=[(x_of(day), label) for day, label in _ticks(start, end)],
        today_x=x_of(today),
        axis_y=axis_y,
    )


def _ticks(start: datetime.date, end: datetime.date) -> list:
    years = [datetime.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    if len(years) >= 2:
        step = max(1, len(years) // 8)
        return [(day, str(day.year)) for day in years[::step]]
    quarters = []
    day = dates.first_day_of_month(start)
    while day <= end:
        if day.month in (1, 4, 7, 10) and day > start:
            quarters.append((day, date_format(day, "M Y")))
        day = dates.add_months(day, 1)
    return quarters
