// The registry's members, issue areas and mechanisms and the meetings service's meetings, read once per
// page load: the views name them in the chosen language and link evidence to the meetings.
import { all } from "./api.js";
import { named } from "./i18n.js";

export class Reference {
  constructor(members, issueAreas, mechanisms) {
    this.members = new Map(members.map((member) => [member.code, member]));
    this.issueAreas = new Map(issueAreas.map((area) => [area.code, area]));
    this.mechanisms = new Map(mechanisms.map((mechanism) => [mechanism.code, mechanism]));
    this.meetings = new Map();
  }

  static async load() {
    const [members, issueAreas, mechanisms] = await Promise.all([
      all("registry", "v1/members"),
      all("registry", "v1/issue-areas"),
      all("registry", "v1/mechanisms"),
    ]);
    return new Reference(members, issueAreas, mechanisms);
  }

  async loadMeetings() {
    const meetings = await all("meetings", "v1/meetings");
    this.meetings = new Map(meetings.map((meeting) => [meeting.id, meeting]));
  }

  member(code) {
    return named(this.members.get(code)?.names, code);
  }

  issueArea(code) {
    return named(this.issueAreas.get(code)?.names, code);
  }

  mechanism(code) {
    return named(this.mechanisms.get(code)?.names, code);
  }

  meetingTitle(id) {
    const meeting = this.meetings.get(id);
    return meeting ? named(meeting.title, id) : id;
  }

  memberOptions() {
    return [...this.members.keys()].sort().map((code) => [code, `${code} · ${this.member(code)}`]);
  }

  issueAreaOptions() {
    return [...this.issueAreas.keys()].sort().map((code) => [code, this.issueArea(code)]);
  }

  mechanismOptions() {
    return [...this.mechanisms.keys()].sort().map((code) => [code, this.mechanism(code)]);
  }
}
