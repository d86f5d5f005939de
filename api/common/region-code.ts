/** GB/T 2260 helpers. Codes are retired over time, so validity is about shape, not membership. */

const REGION_CODE = /^[1-9]\d{5}$/;

export function isWellFormedRegionCode(code: string): boolean {
  if (!REGION_CODE.test(code)) return false;
  const province = Number(code.slice(0, 2));
  // Province codes run 11..82; 6 digits with a zero province part are not a region.
  return province >= 11 && province <= 82;
}

/**
 * The prefix shared by every code inside a region: "51" for a province (510000),
 * "5101" for a city (510100), the whole code for a county. Municipalities such as
 * Chongqing (500000) are provinces here, so their districts 5001xx/5002xx fall inside.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function regionContains(outer: string, inner: string): boolean {
  return inner.startsWith(regionPrefix(outer));
}
