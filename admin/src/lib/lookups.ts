import type { DataProvider } from "@refinedev/core";
import { MEMBERS_BY_ID_NUMBER_QUERY, MEMBERS_BY_ID_QUERY, ORGANIZATIONS_BY_CODE_QUERY } from "../components/queries";
import type { MembersByIdNumberQuery } from "../graphql/types";

const PAGE = 500;

const chunks = <T,>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export interface Found {
  id: string;
  name: string;
}

/** Organisation codes → organisations in the caller's scope, `in` lists of 500 through the stock provider. */
export const organizationsByCode = async (provider: DataProvider, codes: string[]) => {
  const found = new Map<string, Found>();
  for (const batch of chunks([...new Set(codes)], PAGE)) {
    const { data } = await provider.getList<Found & { code: string }>({
      resource: "organizations",
      filters: [{ field: "code", operator: "in", value: batch }],
      pagination: { currentPage: 1, pageSize: PAGE },
      meta: { gqlQuery: ORGANIZATIONS_BY_CODE_QUERY },
    });
    for (const { code, id, name } of data) found.set(code, { id, name });
  }
  return found;
};

/** Member ids (党员编号) → members in the caller's scope, 500 ids per request; ids that are not numbers are skipped. */
export const membersById = async (provider: DataProvider, ids: string[]) => {
  const found = new Map<string, Found>();
  for (const batch of chunks([...new Set(ids.filter((id) => /^[1-9]\d{0,9}$/.test(id)))], PAGE)) {
    const { data } = await provider.getList<Found>({
      resource: "members",
      filters: [{ field: "id", operator: "in", value: batch }],
      pagination: { currentPage: 1, pageSize: PAGE },
      meta: { gqlQuery: MEMBERS_BY_ID_QUERY },
    });
    for (const { id, name } of data) found.set(id, { id, name });
  }
  return found;
};

/** Exact ID numbers → members in the caller's scope, 500 numbers per request. */
export const membersByIdNumber = async (provider: DataProvider, idNumbers: string[]) => {
  const found = new Map<string, Found>();
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
