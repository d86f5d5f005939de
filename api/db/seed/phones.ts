import { regionContains } from '../../common/region-code';
import type { Random } from './random';

/** Office number shapes by city; Meishan and Ziyang share Chengdu's 028 area code. */
const OFFICE_NUMBERS: readonly { region: string; prefix: string; digits: number }[] = [
  { region: '510100', prefix: '028-8', digits: 7 },
  { region: '511400', prefix: '028-38', digits: 6 },
  { region: '512000', prefix: '028-26', digits: 6 },
  { region: '510600', prefix: '0838-2', digits: 6 },
  { region: '500000', prefix: '023-6', digits: 7 },
  { region: '110000', prefix: '010-6', digits: 7 },
];

export function officePhone(random: Random, regionCode: string): string {
  const shape = OFFICE_NUMBERS.find((candidate) => regionContains(candidate.region, regionCode));
  if (!shape) throw new Error(`no office number shape for region ${regionCode}`);
  return shape.prefix + random.digits(shape.digits);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '157', '158', '159', '180', '181', '182', '183', '186', '187', '188', '189', '199'];

export function mobilePhone(random: Random): string {
  return random.pick(MOBILE_PREFIXES) + random.digits(8);
}
