import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { ActivityRecord } from '../../activities/activity-record.entity';
import { Agreement } from '../../agreements/agreement.entity';
import { Member } from '../../members/member.entity';
import { personalData } from '../../members/personal-data';
import { Organization } from '../../organizations/organization.entity';
import { REGIONS } from '../../regions/region-data';
import { Region } from '../../regions/region.entity';
import { agreementRows, type SeededAgreements } from './agreements';
import { insertRows } from './bulk-insert';
import { CHENGDU } from './chengdu-organizations';
import { ContactPairing } from '../../contacts/contact-pairing.entity';
import { ContactRecord } from '../../contacts/contact-record.entity';
import { LostContactAttempt, LostContactCase } from '../../contacts/lost-contact-case.entity';
import { MemberStatus } from '../../members/member.entity';
import { maskPhone } from '../../members/personal-data';
import { memberActivities } from './generate-activities';
import { memberContacts, TRANSFER_DESTINATIONS } from './generate-contacts';
import { planMembers } from './generate-members';
import { insertOrganizations } from './insert-organizations';
import { CHONGQING, DEYANG, MEISHAN, ZIYANG } from './partner-organizations';
import { seedPoints } from './points';
import { Random } from './random';

export interface DemoSeedOptions {
  /** Number of mobile members; 2,000 by default. */
  members?: number;
  /** The day the data is seeded "as of": dates and activities are relative to it. Defaults to now. */
  today?: Date;
}

export interface DemoSeedSummary {
  regions: number;
  organizations: number;
  members: number;
  activityRecords: number;
  contactRecords: number;
  lostContactCases: number;
  agreements: SeededAgreements;
  /** 十二分制: schemes, manual entries, monthly scores frozen by the one published quarter. */
  points: { schemes: number; entries: number; published: number };
  organizationsByCode: Record<string, number>;
}

const DEFAULT_MEMBERS = 2000;
/** One seed per part, so that changing one part's data leaves the others as they were. */
const SEEDS = { organizations: 2260, members: 11643, activities: 1921, contacts: 1011 };

/**
 * Writes the demo data set (regions, organisation trees, mobile members, their activity over
 * last year and this year, agreements, 十二分制 points) in one transaction. Deterministic for a given `today`,
 * apart from the ciphertexts of personal data. Needs `configurePersonalData` to have run.
 */
export async function seedDemoData(em: EntityManager, options: DemoSeedOptions = {}): Promise<DemoSeedSummary> {
  const now = options.today ?? new Date();
  return em.transactional(async (tx) => {
    // Regions are reference data another seed or test may already have written.
    await tx.createQueryBuilder(Region).insert([...REGIONS]).onConflict('code').ignore().execute();

    const organizations = await insertOrganizations(tx, [CHENGDU, DEYANG, MEISHAN, ZIYANG, CHONGQING], new Random(SEEDS.organizations));

    const plans = planMembers(options.members ?? DEFAULT_MEMBERS, organizations, personalData(), new Random(SEEDS.members), now);
    // Transferred members' returns say when and where: the day they left, and an organisation there.
    const contactRandom = new Random(SEEDS.contacts);
    for (const plan of plans) {
      const transferred = plan.row.status === MemberStatus.TRANSFERRED;
      Object.assign(plan.row, {
        transferredOn: transferred ? plan.participation.activeUntil : null,
        transferredTo: transferred ? contactRandom.pick(TRANSFER_DESTINATIONS) : null,
      });
    }
    const memberIds = await insertRows(tx, Member, plans.map((plan) => plan.row));

    const activityRandom = new Random(SEEDS.activities);
    const activities = plans.flatMap((plan, i) => memberActivities(activityRandom, memberIds[i]!, plan.participation, now));
    await insertRows(tx, ActivityRecord, activities);

    // 一对一联 and 组织找党员. Records go in after the members: the trigger moves lastContactOn on.
    const contacts = plans.map((plan, i) => memberContacts(contactRandom, memberIds[i]!, plan, now));
    const protector = personalData();
    const pairings = contacts.flatMap(({ pairing }) => {
      if (!pairing) return [];
      const phone = pairing.phoneCipher as string;
      return [{ ...pairing, phoneCipher: protector.encrypt(phone), phoneMasked: maskPhone(phone) }];
    });
    await insertRows(tx, ContactPairing, pairings);
    const contactRecords = contacts.flatMap(({ records }) => records);
    await insertRows(tx, ContactRecord, contactRecords);
    const cases = contacts.flatMap(({ lostContactCase }) => (lostContactCase ? [lostContactCase] : []));
    const caseIds = await insertRows(tx, LostContactCase, cases.map(({ row }) => row));
    await insertRows(tx, LostContactAttempt, cases.flatMap(({ attempts }, i) => attempts.map((attempt) => ({ ...attempt, lostContactCase: caseIds[i]! }))));

    const agreements = agreementRows(organizations, now);
    const [active, expired, draft] = await insertRows(tx, Agreement, [agreements.active, agreements.expired, agreements.draft]);

    const points = await seedPoints(tx, organizations, now);

    return {
      regions: REGIONS.length,
      organizations: organizations.size,
      members: memberIds.length,
      activityRecords: activities.length,
      contactRecords: contactRecords.length,
      lostContactCases: cases.length,
      agreements: { active: active!, expired: expired!, draft: draft! },
      points,
      organizationsByCode: Object.fromEntries([...organizations.values()].map(({ code, id }) => [code, id])),
    };
  });
}

/** First start on an empty database: seed the demo data set, in one transaction, and say so. */
export async function seedDemoDataIfEmpty(orm: MikroORM, log: Logger): Promise<boolean> {
  const started = performance.now();
  const summary = await orm.em.fork().transactional(async (em) => {
    // Two servers starting together on a fresh database: the lock lets only one of them find it empty.
    await em.execute('lock table organization in share row exclusive mode');
    if ((await em.count(Organization)) > 0) return null;
    return seedDemoData(em);
  });
  if (!summary) {
    log.debug('organisations exist, demo data not seeded');
    return false;
  }
  const { organizationsByCode: _byCode, ...counts } = summary;
  log.info({ ...counts, ms: Math.round(performance.now() - started) }, 'demo data seeded');
  return true;
}
