"""Independent check of Fritid's iCalendar output.

Parses an .ics file with the `icalendar` package (not the code that wrote it), checks the
structure RFC 5545 requires, expands the events with `recurring-ical-events` over a window,
and prints the sessions as JSON: [[start_utc_iso, end_utc_iso], ...], sorted.

Usage: python check_ics.py FILE FROM_ISO TO_ISO
"""

import json
import sys
from datetime import datetime, timezone

import icalendar
import recurring_ical_events


def main() -> int:
    path, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
    raw = open(path, "rb").read()
    # Every line ends with CRLF, and no line is longer than 75 octets.
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"", "the document ends with CRLF"
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, f"bare line break in {line!r}"
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"

    cal = icalendar.Calendar.from_ical(raw)
    assert cal.get("VERSION") == "2.0"
    assert cal.get("PRODID")
    tzs = [c for c in cal.walk("VTIMEZONE")]
    assert len(tzs) == 1 and str(tzs[0].get("TZID")) == "Europe/Oslo", "VTIMEZONE Europe/Oslo"
    events = cal.walk("VEVENT")
    assert events, "at least one VEVENT"
    for ev in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert ev.get(prop) is not None, f"{prop} missing"

    window_start = datetime.fromisoformat(start.replace("Z", "+00:00"))
    window_end = datetime.fromisoformat(end.replace("Z", "+00:00"))
    sessions = []
    for ev in recurring_ical_events.of(cal).between(window_start, window_end):
        s = ev["DTSTART"].dt.astimezone(timezone.utc)
        e = ev["DTEND"].dt.astimezone(timezone.utc)
        if window_start <= s < window_end:
            sessions.append([s.strftime("%Y-%m-%dT%H:%M:%SZ"), e.strftime("%Y-%m-%dT%H:%M:%SZ")])
    sessions.sort()
    summary = str(events[0].get("SUMMARY"))
    print(json.dumps({"summary": summary, "sessions": sessions}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
