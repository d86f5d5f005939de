import type { RequiredEntityData } from '@mikro-orm/core';
import { chinaDate } from '../../common/dates';
import { type ActivityRecord, ActivityKind } from '../../activities/activity-record.entity';
import {
  branchMeetingTitle,
  organizationalLifeMeetingTitle,
  otherTitle,
  partyLessonTitle,
  pioneerPostTitle,
  studyTitle,
  themePartyDayTitle,
  volunteeringTitle,
} from './activity-titles';
import type { Participation } from './generate-members';
import type { Random } from './random';

export type ActivityRow = RequiredEntityData<ActivityRecord>;

/** Each organisation holds its theme party day on a fixed day of the month, meetings a few days later. */
const THEME_DAYS = [5, 8, 10, 12, 15, 18, 20, 25];
const OTHER_ACTIVITY_CHANCE = 0.03;
/** Part of last year's records were imported from spreadsheets kept before the platform. */
const IMPORTED_SHARE_OF_PAST_YEARS = 0.3;

const isoDate = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * The activity records of one member over last year and this year up to `now`: theme party
 * days and 三会一课 on the organisation's schedule (attended or not), the yearly
 * organisational life meeting in January, and volunteer service, study, pioneer-post reviews
 * and the odd other activity when they happen. Nothing outside the member's active days.
 */
export function memberActivities(random: Random, memberId: number, member: Participation, now: Date): ActivityRow[] {
  const today = chinaDate(now);
  const thisYear = Number(today.slice(0, 4));
  const lastDay = member.activeUntil < today ? member.activeUntil : today;
  const rows: ActivityRow[] = [];
  const themeDay = THEME_DAYS[member.organizationId % THEME_DAYS.length]!;
  const meetingDay = themeDay + 3;

  const add = (occurredOn: string, kind: ActivityKind, title: string, points: number, hours = 0) => {
    if (occurredOn < member.activeFrom || occurredOn > lastDay) return;
    const recordedAt = new Date(`${occurredOn}T12:00:00Z`); // 20:00 in China, after the event
    const createdAt = recordedAt > now ? now : recordedAt;
    const imported = Number(occurredOn.slice(0, 4)) < thisYear && random.chance(IMPORTED_SHARE_OF_PAST_YEARS);
    rows.push({
      member: memberId,
      organization: member.organizationId,
      occurredOn,
      kind,
      title,
      hours,
      points,
      source: imported ? 'import' : 'manual',
      createdAt,
      updatedAt: createdAt,
    });
  };
  const attends = () => random.chance(member.attendance);

  for (let year = thisYear - 1; year <= thisYear; year++) {
    for (let month = 1; month <= 12; month++) {
      if (isoDate(year, month, 1) > lastDay) break;
      const quarter = Math.ceil(month / 3);
      if (attends()) add(isoDate(year, month, themeDay), ActivityKind.THEME_PARTY_DAY, themePartyDayTitle(year, month), random.int(2, 3));
      if (month % 3 === 2 && attends()) add(isoDate(year, month, meetingDay), ActivityKind.THREE_MEETINGS_ONE_LESSON, partyLessonTitle(year, quarter), 2);
      if (month % 3 === 0 && attends()) add(isoDate(year, month, meetingDay), ActivityKind.THREE_MEETINGS_ONE_LESSON, branchMeetingTitle(year, quarter), 2);
      if (month === 1 && attends()) add(isoDate(year, 1, meetingDay), ActivityKind.ORGANIZATIONAL_LIFE_MEETING, organizationalLifeMeetingTitle(year - 1), 3);
      if (member.pioneer && month % 3 === 0) add(isoDate(year, month, 28), ActivityKind.PIONEER_POST, pioneerPostTitle(year, quarter), random.int(4, 5));
      if (random.chance(member.volunteering)) {
        const hours = random.int(10, 80) / 10;
        add(isoDate(year, month, random.int(1, 28)), ActivityKind.VOLUNTEER_SERVICE, volunteeringTitle(random, member.tags), Math.min(5, 1 + Math.floor(hours / 2)), hours);
      }
      if (random.chance(member.studying)) add(isoDate(year, month, random.int(1, 28)), ActivityKind.STUDY, studyTitle(random), random.int(1, 2));
      if (random.chance(OTHER_ACTIVITY_CHANCE)) add(isoDate(year, month, random.int(1, 28)), ActivityKind.OTHER, otherTitle(random), 1);
    }
  }
  return rows;
}
