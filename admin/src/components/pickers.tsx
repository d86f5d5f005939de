import { type BaseRecord, type CrudSort, useInfiniteList, useList, useSelect, useTranslate } from "@refinedev/core";
import { Select, TreeSelect, type SelectProps, type TreeSelectProps } from "antd";
import type { DocumentNode } from "graphql";
import { useEffect, useMemo, useState } from "react";
import type {
  AgreementOptionsQuery,
  MemberOptionsQuery,
  OrganizationTreeQuery,
  RegionOptionsQuery,
} from "../graphql/types";
import {
  AGREEMENT_OPTIONS_QUERY,
  MEMBER_OPTIONS_QUERY,
  ORGANIZATION_TREE_QUERY,
  REGION_OPTIONS_QUERY,
} from "./queries";

export type OrganizationNode = OrganizationTreeQuery["organizations"]["nodes"][number];
export type RegionNode = RegionOptionsQuery["regions"]["nodes"][number];
export type AgreementOption = AgreementOptionsQuery["agreements"]["nodes"][number];

/** The API's page-size cap; pickers load one full page. */
export const MAX_PAGE = 500;

export interface TreeNode {
  key: string;
  value: string;
  title: string;
  organization: OrganizationNode;
  children: TreeNode[];
}

/**
 * Every row of a resource in scope, fetched in pages of 500 until all are in (a city has
 * thousands of branches; the national region table thousands of codes). React-query shares the
 * result between the components of a page.
 */
const useEveryRow = <T extends BaseRecord>(resource: string, gqlQuery: DocumentNode, sorters: CrudSort[], staleTime: number) => {
  const { result, query } = useInfiniteList<T>({
    resource,
    pagination: { pageSize: MAX_PAGE },
    sorters,
    meta: { gqlQuery },
    queryOptions: { staleTime },
  });
  const { hasNextPage, fetchNextPage, isFetchingNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const rows = useMemo(() => result.data?.pages.flatMap((page) => page.data) ?? [], [result.data]);
  return { rows, total: result.data?.pages[0]?.total ?? 0, isLoading: query.isLoading || !!hasNextPage };
};

/** Every organisation in scope, as a tree. */
export const useOrganizationTree = () => {
  const { rows: nodes, total, isLoading } = useEveryRow<OrganizationNode>(
    "organizations",
    ORGANIZATION_TREE_QUERY,
    [
      { field: "depth", order: "asc" },
      { field: "code", order: "asc" },
    ],
    60_000,
  );
  return useMemo(() => {
    const byId = new Map<string, TreeNode>();
    for (const organization of nodes) {
      byId.set(organization.id, {
        key: organization.id,
        value: organization.id,
        title: organization.name,
        organization,
        children: [],
      });
    }
    const roots: TreeNode[] = [];
    for (const node of byId.values()) {
      const parent = node.organization.parentId ? byId.get(node.organization.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return { tree: roots, byId, nodes, total, isLoading };
  }, [nodes, total, isLoading]);
};

/** Keys of the nodes on the way to a node whose title contains the search (case-insensitive). */
const keysOnTheWayTo = (nodes: TreeNode[], search: string): string[] => {
  const wanted = search.toLowerCase();
  const keys: string[] = [];
  const visit = (node: TreeNode): boolean => {
    const below = node.children.map(visit).some(Boolean);
    if (below) keys.push(node.key);
    return below || node.title.toLowerCase().includes(wanted);
  };
  nodes.forEach(visit);
  return keys;
};

export const OrganizationTreeSelect = ({ onSelect, onOpenChange, ...props }: TreeSelectProps) => {
  const t = useTranslate();
  const { tree, isLoading } = useOrganizationTree();
  // rc-tree-select opens the way to the matches only when the search text changes, so rows that
  // arrive after the first keystroke (the tree loads in pages) would stay folded away. The search
  // is ours, and so is what it opens.
  const [search, setSearch] = useState("");
  const [expanded, setExpanded] = useState<(string | number)[]>([]);
  const searchExpanded = useMemo(() => (search ? keysOnTheWayTo(tree, search) : null), [tree, search]);
  return (
    <TreeSelect
      showSearch
      allowClear
      treeNodeFilterProp="title"
      loading={isLoading}
      treeData={tree as TreeSelectProps["treeData"]}
      placeholder={t("common.pickOrganization")}
      popupMatchSelectWidth={false}
      searchValue={search}
      onSearch={setSearch}
      treeExpandedKeys={searchExpanded ?? expanded}
      onTreeExpand={(keys) => setExpanded(keys as (string | number)[])}
      onSelect={(...selected) => {
        setSearch("");
        onSelect?.(...selected);
      }}
      onOpenChange={(open) => {
        if (!open) setSearch("");
        onOpenChange?.(open);
      }}
      {...props}
    />
  );
};

export const useRegions = () => {
  const { rows: regions, isLoading } = useEveryRow<RegionNode>("regions", REGION_OPTIONS_QUERY, [{ field: "code", order: "asc" }], 300_000);
  return useMemo(() => ({ regions, byCode: new Map(regions.map((r) => [r.code, r])), isLoading }), [regions, isLoading]);
};

/** `成都市 (510100)`; the bare code when the reference table does not know it (retired codes). */
export const useRegionName = () => {
  const { byCode } = useRegions();
  return (code: string | null | undefined) => {
    if (!code) return "—";
    const region = byCode.get(code);
    return region ? `${region.name} (${code})` : code;
  };
};

export const RegionSelect = ({ levels, ...props }: SelectProps & { levels?: RegionNode["level"][] }) => {
  const t = useTranslate();
  const { regions, isLoading } = useRegions();
  const options = regions
    .filter((region) => !levels || levels.includes(region.level))
    .map((region) => ({ value: region.code, label: `${region.name} (${region.code})` }));
  return (
    <Select
      showSearch
      allowClear
      optionFilterProp="label"
      loading={isLoading}
      options={options}
      placeholder={t("common.pickRegion")}
      {...props}
    />
  );
};

export const useAgreements = () => {
  const { result, query } = useList<AgreementOption>({
    resource: "agreements",
    pagination: { currentPage: 1, pageSize: MAX_PAGE },
    sorters: [{ field: "code", order: "asc" }],
    meta: { gqlQuery: AGREEMENT_OPTIONS_QUERY },
  });
  return { agreements: result.data ?? [], isLoading: query.isLoading };
};

/** Agreements to choose from; `only` narrows the offer (e.g. to those in force). */
export const AgreementSelect = ({ only, ...props }: SelectProps & { only?: (agreement: AgreementOption) => boolean }) => {
  const t = useTranslate();
  const { agreements, isLoading } = useAgreements();
  return (
    <Select
      showSearch
      optionFilterProp="label"
      loading={isLoading}
      placeholder={t("common.pickAgreement")}
      options={agreements.filter((a) => !only || only(a)).map((a) => ({ value: a.id, label: `${a.code} · ${a.title}` }))}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
};

type MemberOption = MemberOptionsQuery["members"]["nodes"][number];

/** Members searched by name on the server (`name: { iLike: "%…%" }`). */
export const MemberSelect = (props: SelectProps) => {
  const t = useTranslate();
  const { selectProps } = useMemberSelect(props.value as string | undefined);
  return <Select {...selectProps} placeholder={t("common.pickMember")} allowClear {...props} />;
};

const useMemberSelect = (defaultValue: string | undefined) => {
  const { options, onSearch, query } = useSelect<MemberOption>({
    resource: "members",
    optionLabel: (m) => `${m.name} · ${m.idNumber}`,
    optionValue: "id",
    defaultValue,
    pagination: { currentPage: 1, pageSize: 20 },
    onSearch: (value) => [{ field: "name", operator: "contains", value }],
    debounce: 300,
    meta: { gqlQuery: MEMBER_OPTIONS_QUERY },
  });
  return {
    selectProps: { options, onSearch, showSearch: true, filterOption: false, loading: query.isLoading } satisfies SelectProps,
  };
};
