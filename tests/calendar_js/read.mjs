// Reads an .ics file from stdin with Mozilla's ical.js (the engine of Thunderbird) and
// prints every VEVENT as JSON: its UID, its start and end as UTC instants, its duration.
//
// Times given with a TZID are placed by the file's own VTIMEZONE blocks alone: ical.js
// knows no zone but UTC unless one is registered, and none is here. A TZID the file
// does not describe is printed as `"zone": null` (ical.js would read it as floating).
//
//   node tests/calendar_js/read.mjs < invite.ics
//   [{"uid": "…", "start": "2026-10-24T23:00:00.000Z", "end": "…", "duration_seconds": 9000, …}]
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));

function instant(time) {
  return new Date(time.toUnixTime() * 1000).toISOString();
}

function zoneOf(time) {
  if (!time.zone) {
    return null;
  }
  return time.zone.tzid === "floating" ? null : time.zone.tzid;
}

const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const start = event.startDate;
  const end = event.endDate;
  return {
    uid: event.uid,
    start: instant(start),
    end: instant(end),
    // Absolute seconds from start to end, as ical.js counts them with the file's zones.
    duration_seconds: end.toUnixTime() - start.toUnixTime(),
    duration: event.duration.toString(),
    zone: zoneOf(start),
  };
});
process.stdout.write(JSON.stringify(events) + "\n");
