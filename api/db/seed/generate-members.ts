import type { RequiredEntityData } from '@mikro-orm/core';
import { addDays, addYears, chinaDate } from '../../common/dates';
import { Gender, type Member, MemberStatus, MobilityType } from '../../members/member.entity';
import type { PersonalDataProtector } from '../../members/personal-data';
import { maybePhone, nationalIdNumber, protectedIdentity } from './identity';
import type { SeededOrganization, SeededOrganizations } from './insert-organizations';
import { MemberPlacer } from './member-placement';
import { expertiseTags, homeAddress, ideologicalNote, pickOccupation, workUnit } from './member-profiles';
import { memberTimeline } from './member-timeline';
import { personName } from './names';
import type { Random } from './random';

/** How a member takes part in organisational life, for the activity generator. */
export interface Participation {
  organizationId: number;
  activeFrom: string;
  activeUntil: string;
  /** Share of meetings attended. */
  attendance: number;
  /** Chance per month of volunteer service and of study. */
  volunteering: number;
  studying: number;
  /** Holds a 党员先锋岗 (pioneer post) at work. */
  pioneer: boolean;
  /** Expertise, for volunteer work that uses it. */
  tags: readonly string[];
}

export interface MemberPlan {
  row: RequiredEntityData<Member>;
  participation: Participation;
}

const STATUS_WEIGHTS: readonly [MemberStatus, number][] = [
  [MemberStatus.MANAGED, 50],
  [MemberStatus.REPORTED, 24],
  [MemberStatus.REGISTERED, 10],
  [MemberStatus.LOST_CONTACT, 4],
  [MemberStatus.RETURNED, 7],
  [MemberStatus.TRANSFERRED, 5],
];

const MOBILITY_WEIGHTS: readonly [MobilityType, number][] = [
  [MobilityType.EMPLOYMENT, 65],
  [MobilityType.STUDY, 12],
  [MobilityType.SETTLEMENT, 13],
  [MobilityType.TEMPORARY, 10],
];

/** Ages (inclusive) that fit each kind of move. */
const AGES: Record<MobilityType, [number, number]> = {
  [MobilityType.EMPLOYMENT]: [22, 60],
  [MobilityType.STUDY]: [22, 34],
  [MobilityType.SETTLEMENT]: [50, 75],
  [MobilityType.TEMPORARY]: [20, 65],
};

const CERTIFICATE_YEARS = 3;

function birthDate(random: Random, mobility: MobilityType, today: string): string {
  const [youngest, oldest] = AGES[mobility];
  return random.date(addDays(addYears(today, -(oldest + 1)), 1), addYears(today, -youngest));
}

/** Members not yet reported take part now and then; most others at most meetings, some at about half. */
function attendance(random: Random, status: MemberStatus): number {
  if (status === MemberStatus.REGISTERED) return random.between(0.2, 0.45);
  return random.chance(0.85) ? random.between(0.7, 0.97) : random.between(0.35, 0.65);
}

/** The partner or host city that issued the certificate: the code of the formal organisation's root, e.g. DY. */
const issuingCity = (formal: SeededOrganization) => formal.code.split('-')[0]!;

/** 流动党员活动证: issued by the outflow side soon after the member leaves, valid three years. */
class CertificateIssuer {
  private readonly serials = new Map<string, number>();

  constructor(
    private readonly random: Random,
    private readonly today: string,
  ) {}

  /** `renewableUntil`: the last day the member was still around to renew it. */
  issue(city: string, outflowDate: string, renewableUntil: string) {
    const drawn = this.random.date(addDays(outflowDate, 10), addDays(outflowDate, 60));
    let issuedOn = drawn < this.today ? drawn : this.today;
    // Most members renew the certificate when it runs out; the rest show up as expired.
    while (addYears(issuedOn, CERTIFICATE_YEARS) <= renewableUntil && this.random.chance(0.85)) issuedOn = addYears(issuedOn, CERTIFICATE_YEARS);
    const series = `${city}-LD-${issuedOn.slice(0, 4)}`;
    const serial = (this.serials.get(series) ?? 0) + 1;
    this.serials.set(series, serial);
    return {
      certificateNumber: `${series}-${String(serial).padStart(5, '0')}`,
      certificateIssuedOn: issuedOn,
      certificateExpiresOn: addYears(issuedOn, CERTIFICATE_YEARS),
    };
  }
}

/** Plans the ledger entries and their participation in organisational life; nothing is written here. */
export function planMembers(count: number, organizations: SeededOrganizations, protector: PersonalDataProtector, random: Random, now: Date): MemberPlan[] {
  const today = chinaDate(now);
  const placer = new MemberPlacer(organizations);
  const takenIdNumbers = new Set<string>();
  const certificates = new CertificateIssuer(random, today);

  return Array.from({ length: count }, () => {
    const status = random.weighted(STATUS_WEIGHTS);
    const mobilityType = random.weighted(MOBILITY_WEIGHTS);
    const gender = random.chance(mobilityType === MobilityType.STUDY ? 0.5 : 0.68) ? Gender.MALE : Gender.FEMALE;
    const birth = birthDate(random, mobilityType, today);
    const place = placer.place(random, status !== MemberStatus.REGISTERED);
    const timeline = memberTimeline(random, status, birth, now, today);
    const occupation = pickOccupation(random, mobilityType);
    const tags = random.chance(0.7) ? expertiseTags(random, occupation) : [];
    const idNumber = nationalIdNumber(random, place.formal.regionCode, birth, gender, takenIdNumbers);
    const hasCertificate = status !== MemberStatus.REGISTERED && random.chance(0.9);

    const row: RequiredEntityData<Member> = {
      name: personName(random, gender),
      gender,
      birthDate: birth,
      ...protectedIdentity(protector, idNumber, maybePhone(random)),
      partyStanding: timeline.partyStanding,
      joinedOn: timeline.joinedOn,
      formalOrganization: place.formal.id,
      formalRegionCode: place.formal.regionCode,
      mobilityType,
      outflowDate: timeline.outflowDate,
      destinationRegionCode: place.destinationRegionCode,
      destinationAddress: random.chance(0.9) ? homeAddress(random, place.city, place.destinationRegionCode) : null,
      occupation: occupation.title,
      workUnit: workUnit(random, occupation, place.city, place.destinationRegionCode),
      ideologicalNote: ideologicalNote(random),
      inflowOrganization: place.inflow?.id ?? null,
      inflowRegionCode: place.inflow?.regionCode ?? null,
      certificateNumber: null,
      certificateIssuedOn: null,
      certificateExpiresOn: null,
      ...(hasCertificate ? certificates.issue(issuingCity(place.formal), timeline.outflowDate, timeline.activeUntil) : {}),
      status,
      lastContactOn: timeline.lastContactOn,
      ledgerUpdatedAt: timeline.ledgerUpdatedAt,
      expertiseTags: tags,
      createdAt: timeline.createdAt,
      updatedAt: timeline.ledgerUpdatedAt,
    };

    const participation: Participation = {
      organizationId: (place.inflow ?? place.formal).id,
      activeFrom: timeline.activeFrom,
      activeUntil: timeline.activeUntil,
      attendance: attendance(random, status),
      volunteering: random.between(0.05, 0.25) + (tags.includes('志愿服务') ? 0.15 : 0),
      studying: random.between(0.05, 0.15),
      pioneer: mobilityType === MobilityType.EMPLOYMENT && place.inflow !== null && random.chance(0.2),
      tags,
    };
    return { row, participation };
  });
}
