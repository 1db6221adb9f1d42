"""The personal trial's schedule as an iCalendar (.ics) file."""

from __future__ import annotations

from datetime import date, timedelta

from magcoach.trial_design import Arm, TrialDesign


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF + space."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def trial_calendar(design: TrialDesign, *, uid: str, stamp: date) -> str:
    """The schedule as an iCalendar file: one all-day event per period, and on magnesium days
    a daily reminder at each dose time (local time, whatever the time zone)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//magcoach//personal magnesium trial//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Magnesium trial",
    ]
    dtstamp = f"{stamp:%Y%m%d}T000000Z"
    n = len(design.sequence)
    for period in design.periods:
        if period.arm is Arm.MAGNESIUM:
            title = f"Magnesium period {period.number} of {n}: take {design.dose_mg:.0f} mg"
            what = (
                f"Take {design.form}, {design.dose_mg:.0f} mg of elemental magnesium a day "
                f"({', '.join(design.dose_times) or 'as planned'}), every day of this period."
            )
        else:
            title = f"No-magnesium period {period.number} of {n}"
            what = (
                "Take the look-alike placebo instead of magnesium."
                if design.placebo
                else "Take no magnesium supplement in this period; eat as usual."
            )
        what += (
            f" Rate your back pain every day (0 to 10). The first {design.washin_days} "
            "days are a wash-in and are not compared."
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}-period-{period.number}@magcoach",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{period.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{period.end + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(title)}",
            f"DESCRIPTION:{_ics_text(what)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
        if period.arm is Arm.MAGNESIUM:
            for number, clock in enumerate(design.dose_times, start=1):
                hours, minutes = clock.split(":")
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{uid}-period-{period.number}-dose-{number}@magcoach",
                    f"DTSTAMP:{dtstamp}",
                    f"DTSTART:{period.start:%Y%m%d}T{int(hours):02d}{int(minutes):02d}00",
                    "DURATION:PT15M",
                    f"RRULE:FREQ=DAILY;COUNT={period.days}",
                    f"SUMMARY:{_ics_text(f'Magnesium {design.dose_mg / len(design.dose_times):.0f} mg (trial)')}",  # noqa: E501
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    "DESCRIPTION:Magnesium (trial)",
                    "TRIGGER:PT0M",
                    "END:VALARM",
                    "END:VEVENT",
                ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
