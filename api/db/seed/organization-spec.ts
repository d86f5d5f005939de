import { OrganizationKind, OrganizationLevel } from '../../organizations/organization.entity';

/** One organisation of the demo tree, with its children. */
export interface OrganizationSpec {
  code: string;
  name: string;
  kind: OrganizationKind;
  level: OrganizationLevel;
  /** Inherited from the parent when omitted. */
  regionCode?: string;
  hostRegionCode?: string;
  children?: OrganizationSpec[];
}

type Extra = Pick<OrganizationSpec, 'regionCode' | 'hostRegionCode'>;

export const cityCommittee = (code: string, name: string, regionCode: string, children: OrganizationSpec[]): OrganizationSpec => ({
  code,
  name,
  kind: OrganizationKind.COMMITTEE,
  level: OrganizationLevel.CITY,
  regionCode,
  children,
});

export const districtCommittee = (code: string, name: string, regionCode: string, children: OrganizationSpec[]): OrganizationSpec => ({
  code,
  name,
  kind: OrganizationKind.COMMITTEE,
  level: OrganizationLevel.DISTRICT,
  regionCode,
  children,
});

/** 街道党工委 */
export const streetCommittee = (code: string, name: string, children: OrganizationSpec[]): OrganizationSpec => ({
  code,
  name,
  kind: OrganizationKind.WORKING_COMMITTEE,
  level: OrganizationLevel.TOWNSHIP,
  children,
});

/** 流动党员(综合)党委, city-wide. */
export const mobileMemberCommittee = (code: string, name: string, extra: Extra, children: OrganizationSpec[]): OrganizationSpec => ({
  code,
  name,
  kind: OrganizationKind.MOBILE_MEMBER_COMMITTEE,
  level: OrganizationLevel.CITY,
  ...extra,
  children,
});

/** The kind a grassroots organisation's name ends with: …党委, …党总支, …功能型党支部, …党支部. */
function grassrootsKind(name: string): OrganizationKind {
  if (name.endsWith('功能型党支部')) return OrganizationKind.FUNCTIONAL;
  if (name.endsWith('党总支')) return OrganizationKind.GENERAL_BRANCH;
  if (name.endsWith('党委')) return OrganizationKind.COMMITTEE;
  if (name.endsWith('党支部')) return OrganizationKind.BRANCH;
  throw new Error(`cannot tell the kind of organisation "${name}"`);
}

/** A community or village organisation (社区/村), the level where members belong. */
export const grassroots = (code: string, name: string, extra: Extra = {}): OrganizationSpec => ({
  code,
  name,
  kind: grassrootsKind(name),
  level: OrganizationLevel.COMMUNITY,
  ...extra,
});

/** The grassroots organisations below `spec` that are not inside a mobile-member committee. */
export function territorialGrassroots(spec: OrganizationSpec): OrganizationSpec[] {
  if (spec.kind === OrganizationKind.MOBILE_MEMBER_COMMITTEE) return [];
  if (spec.level === OrganizationLevel.COMMUNITY) return [spec];
  return (spec.children ?? []).flatMap(territorialGrassroots);
}
