import { useTranslate } from "@refinedev/core";
import { Select, Space, Tag, type SelectProps } from "antd";
import { ENUMS, ENUM_COLORS, type EnumName } from "../lib/enums";

/** Label of an enum value in the current language. */
export const useEnumLabel = () => {
  const t = useTranslate();
  return (name: EnumName, value: string | null | undefined) => (value ? t(`enums.${name}.${value}`, value) : "—");
};

/** Options for a Select over an enum of the contract. */
export const useEnumOptions = (name: EnumName) => {
  const label = useEnumLabel();
  return ENUMS[name].map((value) => ({ value, label: label(name, value) }));
};

export const EnumTag = ({ name, value }: { name: EnumName; value: string | null | undefined }) => {
  const label = useEnumLabel();
  if (!value) return <span>—</span>;
  return (
    <Tag color={ENUM_COLORS[name]?.[value]} data-value={value}>
      {label(name, value)}
    </Tag>
  );
};

export const EnumTags = ({ name, values }: { name: EnumName; values: readonly string[] | null | undefined }) => (
  <Space size={[0, 4]} wrap>
    {(values ?? []).map((value) => (
      <EnumTag key={value} name={name} value={value} />
    ))}
  </Space>
);

export const EnumSelect = ({ name, ...props }: { name: EnumName } & SelectProps) => {
  const options = useEnumOptions(name);
  return <Select options={options} allowClear showSearch optionFilterProp="label" {...props} />;
};
