import type { RequiredEntityData } from '@mikro-orm/core';
import { addDays, chinaDate } from '../../common/dates';
import { type ContactPairing, ContactRole } from '../../contacts/contact-pairing.entity';
import { type ContactRecord, ContactChannel, ContactKind } from '../../contacts/contact-record.entity';
import { type LostContactAttempt, type LostContactCase, LostContactOutcome, SearchChannel } from '../../contacts/lost-contact-case.entity';
import { Gender, MemberStatus } from '../../members/member.entity';
import type { MemberPlan } from './generate-members';
import { personName } from './names';
import { mobilePhone } from './phones';
import type { Random } from './random';

/**
 * 一对一联 for the demo: each member's contact person (a committee member of the formal branch,
 * usually), the talks, reminder talks, family visits, home-coming meetings and thought reports of
 * last year and this year, and lost-contact cases for some of the members who lost contact.
 * Deterministic for a given random and `now`; nothing outside the member's active days.
 */

export type PairingRow = RequiredEntityData<ContactPairing>;
export type ContactRow = RequiredEntityData<ContactRecord>;
export type CaseRow = Omit<RequiredEntityData<LostContactCase>, 'member'> & { member: number };
export type AttemptRow = Omit<RequiredEntityData<LostContactAttempt>, 'lostContactCase'>;

export interface MemberContacts {
  pairing: PairingRow | null;
  records: ContactRow[];
  /** A lost-contact case with its attempts (attempts get the case id once it is inserted). */
  lostContactCase: { row: CaseRow; attempts: AttemptRow[] } | null;
}

const ROLES: readonly (readonly [ContactRole, number])[] = [
  [ContactRole.COMMITTEE_MEMBER, 70],
  [ContactRole.SECRETARY, 15],
  [ContactRole.LIAISON, 15],
];
const TALK_CHANNELS: readonly (readonly [ContactChannel, number])[] = [
  [ContactChannel.PHONE, 40],
  [ContactChannel.IN_PERSON, 30],
  [ContactChannel.VIDEO, 20],
  [ContactChannel.ONLINE, 10],
];
const TALK_NOTES = ['谈工作近况和思想状况，表示能按时参加流入地组织生活', '了解家庭和工作困难，宣讲近期学习重点', '交流参加志愿服务情况，鼓励亮明党员身份', '提醒按时交纳党费、按期报告去向'];
const REMINDER_NOTES = ['连续两个月未参加组织生活，进行提醒谈话', '未按期报告去向，提醒其履行党员义务'];
const FOLLOW_UPS = ['下季度再次联系', '请流入地党组织协助关注', '已转告支部书记'];
const VISIT_NOTES = ['走访家属，了解家庭情况，送去支部关心', '与家属交流，留下支部联系方式'];
const REPORT_NOTES = ['书面思想汇报，汇报工作和参加组织生活情况', '通过线上平台提交思想汇报'];
const ATTEMPT_RESULTS: Record<SearchChannel, string[]> = {
  [SearchChannel.PHONE]: ['电话停机', '多次拨打无人接听', '号码已更换'],
  [SearchChannel.HOME_VISIT]: ['原住址已搬离', '房东称已退租半年'],
  [SearchChannel.RELATIVES]: ['家属称在外务工，未留新联系方式', '家属称已一年未联系'],
  [SearchChannel.EMPLOYER]: ['原单位称已离职', '原单位无其新去向'],
  [SearchChannel.COMMUNITY]: ['社区未掌握其去向'],
  [SearchChannel.PUBLIC_SECURITY]: ['已请公安机关协查'],
  [SearchChannel.ONLINE]: ['微信未回复', '在党员群发布寻人信息'],
  [SearchChannel.OTHER]: ['在流入地党组织发布查找通知'],
};
/** Share of lost members whose search is under way, and of those whose case went to the outflow side. */
const OPEN_CASE_SHARE = 0.5;
const HANDED_OVER_SHARE = 0.25;
/** Members found again after a search last year. */
const FOUND_CASE_SHARE = 0.015;

const iso = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export function memberContacts(random: Random, memberId: number, plan: MemberPlan, now: Date): MemberContacts {
  const today = chinaDate(now);
  const thisYear = Number(today.slice(0, 4));
  const status = plan.row.status as MemberStatus;
  const { activeFrom, activeUntil } = plan.participation;
  const lastDay = activeUntil < today ? activeUntil : today;
  const formalOrganization = plan.row.formalOrganization as number;
  const records: ContactRow[] = [];

  const contactName = personName(random, random.chance(0.5) ? Gender.MALE : Gender.FEMALE);
  const pairedFrom = activeFrom > iso(thisYear - 1, 1, 1) ? activeFrom : iso(thisYear - 1, 1, 1);
  const pairing: PairingRow | null =
    status === MemberStatus.REGISTERED || pairedFrom > lastDay
      ? null
      : {
          member: memberId,
          contactName,
          contactRole: random.weighted(ROLES),
          organization: formalOrganization,
          // Sealed and masked by the caller (demo-seed.ts), like every phone number.
          phoneCipher: mobilePhone(random),
          phoneMasked: null,
          fromOn: pairedFrom,
          toOn: activeUntil < today ? activeUntil : null,
        };
  const heldBy = pairing ? contactName : '支部书记';

  const add = (occurredOn: string, kind: ContactKind, channel: ContactChannel, notes: string | null, followUp: string | null = null) => {
    if (occurredOn < activeFrom || occurredOn > lastDay) return;
    const at = new Date(`${occurredOn}T10:00:00Z`);
    const createdAt = at > now ? now : at;
    records.push({ member: memberId, kind, occurredOn, channel, heldBy, notes, followUp, source: 'manual', createdAt, updatedAt: createdAt });
  };
  const talkChance = status === MemberStatus.REGISTERED ? 0.45 : 0.85;
  const needsReminders = plan.participation.attendance < 0.5;

  for (let year = thisYear - 1; year <= thisYear; year++) {
    for (let quarter = 0; quarter < 4; quarter++) {
      const day = () => addDays(iso(year, quarter * 3 + 1, 1), random.int(0, 88));
      if (random.chance(talkChance)) add(day(), ContactKind.TALK, random.weighted(TALK_CHANNELS), random.pick(TALK_NOTES), random.chance(0.3) ? random.pick(FOLLOW_UPS) : null);
      if (random.chance(0.55)) add(day(), ContactKind.THOUGHT_REPORT, random.chance(0.7) ? ContactChannel.ONLINE : ContactChannel.LETTER, random.pick(REPORT_NOTES));
      if (needsReminders && random.chance(0.45)) add(day(), ContactKind.REMINDER_TALK, ContactChannel.PHONE, random.pick(REMINDER_NOTES), random.pick(FOLLOW_UPS));
    }
    for (const half of [1, 7]) {
      if (random.chance(0.6)) add(addDays(iso(year, half, 1), random.int(0, 175)), ContactKind.FAMILY_VISIT, ContactChannel.IN_PERSON, random.pick(VISIT_NOTES));
    }
    // 凡回乡必见面: around the Spring Festival.
    if (random.chance(0.35)) add(addDays(iso(year, 1, 20), random.int(0, 30)), ContactKind.HOMECOMING_MEETING, ContactChannel.IN_PERSON, '春节返乡，支部书记登门见面');
  }
  records.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
  return { pairing, records, lostContactCase: lostContactCase(random, memberId, status, activeUntil, today, heldBy) };
}

function attempts(random: Random, from: string, to: string, count: number, by: string): AttemptRow[] {
  const rows: AttemptRow[] = [];
  for (let i = 0; i < count; i++) {
    const channel = random.pick(Object.values(SearchChannel));
    rows.push({ attemptedOn: random.date(from, to), channel, attemptedBy: by, result: random.pick(ATTEMPT_RESULTS[channel]) });
  }
  return rows.sort((a, b) => (a.attemptedOn < b.attemptedOn ? -1 : 1));
}

function lostContactCase(random: Random, memberId: number, status: MemberStatus, activeUntil: string, today: string, by: string): MemberContacts['lostContactCase'] {
  const facts = (on: string) => `${on} 最后一次联系，此后电话停机；原在流入地务工，住址不详`;
  if (status === MemberStatus.LOST_CONTACT) {
    const openedOn = random.date(addDays(activeUntil, 30) < today ? addDays(activeUntil, 30) : today, addDays(activeUntil, 150) < today ? addDays(activeUntil, 150) : today);
    const base = { member: memberId, openedOn, openedBy: by, lastKnownContactOn: activeUntil, lastKnownFacts: facts(activeUntil), statusBefore: MemberStatus.MANAGED };
    if (random.chance(OPEN_CASE_SHARE)) {
      return { row: { ...base, closedOn: null, outcome: null, closedBy: null, closingNote: null }, attempts: attempts(random, openedOn, today, random.int(1, 3), by) };
    }
    if (random.chance(HANDED_OVER_SHARE)) {
      const closedOn = random.date(openedOn, today);
      return {
        row: { ...base, closedOn, outcome: LostContactOutcome.HANDED_TO_OUTFLOW, closedBy: by, closingNote: '多方查找未果，移交流出地党组织继续查找' },
        attempts: attempts(random, openedOn, closedOn, random.int(2, 3), by),
      };
    }
    return null;
  }
  if (status === MemberStatus.MANAGED && random.chance(FOUND_CASE_SHARE)) {
    const lastYear = Number(today.slice(0, 4)) - 1;
    const openedOn = iso(lastYear, random.int(2, 8), random.int(1, 28));
    const closedOn = addDays(openedOn, random.int(20, 90));
    return {
      row: {
        member: memberId,
        openedOn,
        openedBy: by,
        lastKnownContactOn: addDays(openedOn, -random.int(60, 120)),
        lastKnownFacts: facts(addDays(openedOn, -90)),
        statusBefore: MemberStatus.MANAGED,
        closedOn,
        outcome: LostContactOutcome.FOUND,
        closedBy: by,
        closingNote: '经亲属联系上本人，已恢复正常联系',
      },
      attempts: attempts(random, openedOn, closedOn, random.int(1, 3), by),
    };
  }
  return null;
}

/** Where transferred members' relationships went: an organisation of their destination. */
export const TRANSFER_DESTINATIONS = ['中共成都市锦江区春熙路街道工委', '中共成都市武侯区委组织部', '中共重庆市渝中区解放碑街道工委', '中共德阳市旌阳区委组织部', '中共北京市朝阳区委组织部'];
