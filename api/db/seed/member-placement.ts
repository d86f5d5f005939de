import { CHENGDU } from './chengdu-organizations';
import { organizationByCode, type SeededOrganization, type SeededOrganizations } from './insert-organizations';
import { type DestinationCity, destinationDistricts } from './member-profiles';
import { territorialGrassroots } from './organization-spec';
import { CHONGQING, DEYANG, MEISHAN, ZIYANG } from './partner-organizations';
import type { Random } from './random';

/** Where a member belongs and where they live now. */
export interface Placement {
  formal: SeededOrganization;
  /** Null until the member has reported to an organisation where they live. */
  inflow: SeededOrganization | null;
  city: DestinationCity;
  destinationRegionCode: string;
}

/** Share of members who live in Chengdu; the rest are Chengdu's own members living elsewhere. */
const INFLOW_SHARE = 0.8;

type Partner = 'DY' | 'MS' | 'ZY' | 'CQ';
const PARTNER_WEIGHTS: readonly [Partner, number][] = [['DY', 25], ['MS', 20], ['ZY', 20], ['CQ', 35]];

/** Chengdu's mobile-member branches that gather members from each partner city. */
const MOBILE_BRANCHES: Record<Partner, readonly string[]> = {
  DY: ['CD-DMZ-DY', 'CD-DMZ-RJ'],
  MS: ['CD-DMZ-MS', 'CD-DMZ-RJ'],
  ZY: ['CD-DMZ-ZY', 'CD-DMZ-RJ'],
  CQ: ['CD-YJ-01', 'CD-YJ-02'],
};

/** Branches that look after Chengdu's own members away from home, and how often members report to one. */
const AWAY: Record<Exclude<DestinationCity, 'CD'>, { weight: number; branches: readonly string[]; reportedShare: number }> = {
  BJ: { weight: 55, branches: ['CD-BJ-HD', 'CD-BJ-CY'], reportedShare: 0.7 },
  CQ: { weight: 45, branches: ['CQ-CJ-01'], reportedShare: 0.5 },
};

export class MemberPlacer {
  private readonly chengduGrassroots: SeededOrganization[];
  private readonly partnerGrassroots: Record<Partner, SeededOrganization[]>;

  constructor(private readonly organizations: SeededOrganizations) {
    const seeded = (codes: { code: string }[]) => codes.map(({ code }) => organizationByCode(organizations, code));
    this.chengduGrassroots = seeded(territorialGrassroots(CHENGDU));
    this.partnerGrassroots = {
      DY: seeded(territorialGrassroots(DEYANG)),
      MS: seeded(territorialGrassroots(MEISHAN)),
      ZY: seeded(territorialGrassroots(ZIYANG)),
      CQ: seeded(territorialGrassroots(CHONGQING)),
    };
  }

  place(random: Random, reported: boolean): Placement {
    return random.chance(INFLOW_SHARE) ? this.livingInChengdu(random, reported) : this.awayFromChengdu(random, reported);
  }

  /** A partner city's member: managed by a community where they live or by a branch for their home town. */
  private livingInChengdu(random: Random, reported: boolean): Placement {
    const partner = random.weighted(PARTNER_WEIGHTS);
    const formal = random.pick(this.partnerGrassroots[partner]);
    if (random.chance(0.6)) {
      const community = random.pick(this.chengduGrassroots);
      return { formal, inflow: reported ? community : null, city: 'CD', destinationRegionCode: community.regionCode };
    }
    const branch = organizationByCode(this.organizations, random.pick(MOBILE_BRANCHES[partner]));
    return { formal, inflow: reported ? branch : null, city: 'CD', destinationRegionCode: random.pick(destinationDistricts('CD')) };
  }

  /** One of Chengdu's own members, living in Beijing or Chongqing. */
  private awayFromChengdu(random: Random, reported: boolean): Placement {
    const city = random.weighted([['BJ', AWAY.BJ.weight], ['CQ', AWAY.CQ.weight]] as const);
    const formal = random.pick(this.chengduGrassroots);
    const away = AWAY[city];
    if (!reported || !random.chance(away.reportedShare)) {
      return { formal, inflow: null, city, destinationRegionCode: random.pick(destinationDistricts(city)) };
    }
    const branch = organizationByCode(this.organizations, random.pick(away.branches));
    // A stationed branch serves the district it works in; others serve the whole city.
    const district = branch.hostRegionCode ?? random.pick(destinationDistricts(city));
    return { formal, inflow: branch, city, destinationRegionCode: district };
  }
}
