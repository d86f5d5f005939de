import type { DataProvider } from "@refinedev/core";
import { MEMBERS_BY_ID_NUMBER_QUERY, ORGANIZATIONS_BY_CODE_QUERY } from "../components/queries";
import type { MembersByIdNumberQuery } from "../graphql/types";

const PAGE = 500;

const chunks = <T,>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Organisation codes → ids, `in` lists of 500 through the stock provider. */
export const organizationIdsByCode = async (provider: DataProvider, codes: string[]) => {
  const found = new Map<string, string>();
  for (const batch of chunks([...new Set(codes)], PAGE)) {
    const { data } = await provider.getList<{ id: string; code: string }>({
      resource: "organizations",
      filters: [{ field: "code", operator: "in", value: batch }],
      pagination: { currentPage: 1, pageSize: PAGE },
      meta: { gqlQuery: ORGANIZATIONS_BY_CODE_QUERY },
    });
    for (const org of data) found.set(org.code, org.id);
  }
  return found;
};

/** Exact ID numbers → members in the caller's scope, 500 numbers per request. */
export const membersByIdNumber = async (provider: DataProvider, idNumbers: string[]) => {
  const found = new Map<string, { id: string; name: string }>();
  for (const batch of chunks([...new Set(idNumbers)], PAGE)) {
    const { data } = await provider.custom!<MembersByIdNumberQuery>({
      url: "",
      method: "post",
      meta: { gqlQuery: MEMBERS_BY_ID_NUMBER_QUERY, gqlVariables: { idNumbers: batch } },
    });
    for (const { idNumber, member } of data.membersByIdNumber) found.set(idNumber, member);
  }
  return found;
};
