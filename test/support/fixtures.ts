import { checkCharacter } from '../../api/members/national-id';
import type { TestApp } from './app';

/** A valid GB 11643 number from a region code, a birth date (YYYYMMDD) and a sequence. */
export function nationalId(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return `${first17}${checkCharacter(first17)}`;
}

/** The same number with a wrong check character. */
export function withWrongCheckDigit(id: string): string {
  const wrong = id.endsWith('0') ? '1' : '0';
  return `${id.slice(0, 17)}${wrong}`;
}

export const CREATE_ORGANIZATION = /* GraphQL */ `
  mutation CreateOrganization($input: CreateOneOrganizationInput!) {
    createOneOrganization(input: $input) { id code name parentId ancestorIds depth }
  }
`;

export const CREATE_MEMBER = /* GraphQL */ `
  mutation CreateMember($input: CreateOneMemberInput!) {
    createOneMember(input: $input) { id name idNumber phone gender birthDate status }
  }
`;

export interface SmallTree {
  chengdu: string;
  jinjiang: string;
  chunxilu: string;
  deyang: string;
  deyangBranch: string;
}

async function createOrganization(app: TestApp, organization: Record<string, unknown>): Promise<string> {
  const response = await app.gql(CREATE_ORGANIZATION, { input: { organization } });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.createOneOrganization.id;
}

/** Chengdu city → Jinjiang district → Chunxilu street, and one outflow branch in Deyang. */
export async function createSmallTree(app: TestApp): Promise<SmallTree> {
  const chengdu = await createOrganization(app, { code: 'CD', name: '中共成都市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510100' });
  const jinjiang = await createOrganization(app, { code: 'CD-JJ', name: '中共锦江区委', kind: 'COMMITTEE', level: 'DISTRICT', regionCode: '510104', parentId: chengdu });
  const chunxilu = await createOrganization(app, {
    code: 'CD-JJ-CXL',
    name: '春熙路街道党工委',
    kind: 'WORKING_COMMITTEE',
    level: 'TOWNSHIP',
    regionCode: '510104',
    parentId: jinjiang,
  });
  const deyang = await createOrganization(app, { code: 'DY', name: '中共德阳市委', kind: 'COMMITTEE', level: 'CITY', regionCode: '510600' });
  const deyangBranch = await createOrganization(app, {
    code: 'DY-JY-01',
    name: '旌阳区东山社区党支部',
    kind: 'BRANCH',
    level: 'COMMUNITY',
    regionCode: '510603',
    parentId: deyang,
  });
  return { chengdu, jinjiang, chunxilu, deyang, deyangBranch };
}

/** A valid member input; override any field. */
export function memberInput(tree: SmallTree, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '张伟',
    idNumber: nationalId('510603', '19900307', '123'),
    phone: '13812345678',
    partyStanding: 'FULL',
    joinedOn: '2012-07-01',
    formalOrganizationId: tree.deyangBranch,
    mobilityType: 'EMPLOYMENT',
    outflowDate: '2024-03-01',
    destinationRegionCode: '510104',
    inflowOrganizationId: tree.chunxilu,
    ...overrides,
  };
}
