"""Opening hours as sentences, in the interface's language: the one place where they are
written (« lundi et jeudi, 18 h–20 h », « Ouvert maintenant », « Ouvre à 18 h »)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .schedule import DAY, WEEK, Interval, weekly_schedule
from .state import OpenState

DAY_NAMES = (
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
)


def clock_time(minutes: int) -> str:
    """« 18 h », « 9 h 30 » (« 6:00 pm » style is not used: « 18:00 » in English)."""
    hour, minute = divmod(minutes, 60)
    if minute:
        return _("%(hour)d h %(minute)02d") % {"hour": hour, "minute": minute}
    return _("%(hour)d h") % {"hour": hour}


def time_of(moment: datetime.datetime) -> str:
    return clock_time(moment.hour * 60 + moment.minute)


def _span(start: int, end: int) -> str:
    if end - start >= DAY:
        return _("24 h sur 24")
    return f"{clock_time(start)}–{clock_time(end % DAY)}"


def _then(*parts: str) -> str:
    """Parts of a description, one after the other (« ; » in French)."""
    text = parts[0]
    for part in parts[1:]:
        text = _("%(before)s ; %(after)s") % {"before": text, "after": part}
    return text


def _listing(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s et %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _days(days: list[int]) -> str:
    if len(days) == 7:
        return _("tous les jours")
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return _("du %(first)s au %(last)s") % {
            "first": DAY_NAMES[days[0]],
            "last": DAY_NAMES[days[-1]],
        }
    return _listing([str(DAY_NAMES[day]) for day in days])


def _per_day(intervals: list[Interval]) -> list[tuple[tuple[int, int], ...]]:
    """Each weekday's openings (minutes of its day; a night past midnight stays with the day
    it starts on)."""
    days: list[list[tuple[int, int]]] = [[] for _day in range(7)]
    pieces = sorted(intervals)
    joined: list[Interval] = []
    for start, end in pieces:
        if joined and joined[-1][1] == start:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    # A night from Sunday into Monday: the week's first piece continues its last.
    if len(joined) > 1 and joined[0][0] == 0 and joined[-1][1] == WEEK:
        first = joined.pop(0)
        joined[-1] = (joined[-1][0], WEEK + first[1])
    for start, end in joined:
        day = start // DAY
        days[day % 7].append((start - day * DAY, end - day * DAY))
    return [tuple(day) for day in days]


def _week_text(intervals: list[Interval]) -> str:
    if intervals == [(0, WEEK)]:
        return _("tous les jours, 24 h sur 24")
    per_day = _per_day(intervals)
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day, spans in enumerate(per_day):
        if spans:
            groups.setdefault(spans, []).append(day)
    parts = [
        f"{_days(days)}, {_listing([_span(start, end) for start, end in spans])}"
        for spans, days in sorted(groups.items(), key=lambda item: item[1][0])
    ]
    return _then(*parts)


def describe(value: str) -> str | None:
    """``value`` as a sentence; None when it has no weekly schedule (shown as written)."""
    schedule = weekly_schedule(value)
    if schedule is None or not value:
        return None
    if not schedule:
        return _("fermé")
    ordinary = [(start, end) for start, end in schedule if end <= WEEK]
    holidays = [(start - WEEK, end - WEEK) for start, end in schedule if start >= WEEK]
    text = _week_text(ordinary) if ordinary else _("fermé")
    if holidays != ordinary:
        per_day = set(_per_day(holidays)) if holidays else {()}
        if per_day == {()}:
            text = _then(text, _("fermé les jours fériés"))
        elif len(per_day) == 1:
            spans = next(iter(per_day))
            hours = _listing([_span(start, end) for start, end in spans])
            text = _then(text, _("jours fériés, %(hours)s") % {"hours": hours})
        else:
            text = _then(text, _("jours fériés : %(hours)s") % {"hours": _week_text(holidays)})
    return text


def today_text(state: OpenState) -> str:
    """« Aujourd'hui : 18 h–20 h », or « Fermé aujourd'hui »."""
    if not state.today:
        return _("Fermé aujourd'hui")
    spans = []
    for begin, finish in state.today:
        minutes = int((finish - begin).total_seconds() // 60)
        start = begin.hour * 60 + begin.minute
        spans.append(_span(start, start + minutes))
    return _("Aujourd'hui : %(hours)s") % {"hours": _listing(spans)}


def status_text(state: OpenState) -> str:
    """« Ouvert maintenant (jusqu'à 20 h) », « Ouvre à 18 h », « Fermé aujourd'hui »,
    « Fermé pour aujourd'hui »."""
    if state.is_open:
        if state.closes_at is not None:
            return _("Ouvert maintenant, jusqu'à %(time)s") % {"time": time_of(state.closes_at)}
        return _("Ouvert maintenant")
    if state.opens_at is not None:
        return _("Ouvre à %(time)s") % {"time": time_of(state.opens_at)}
    if state.today:
        return _("Fermé pour aujourd'hui")
    return _("Fermé aujourd'hui")
