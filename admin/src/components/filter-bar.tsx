import { ClearOutlined, SearchOutlined } from "@ant-design/icons";
import { useTranslate } from "@refinedev/core";
import { Button, Card, Form, type FormInstance, type FormProps, Space } from "antd";
import type { ReactNode } from "react";

/**
 * Empties every field of a filter form and applies it. Not `resetFields()`: a list's form takes
 * its initial values from the filters in force, so a reset would put them straight back.
 */
export const clearFilterForm = (form: FormInstance | undefined) => {
  if (!form) return;
  const values = form.getFieldsValue(true) as Record<string, unknown>;
  form.setFieldsValue(Object.fromEntries(Object.keys(values).map((key) => [key, undefined])));
  form.submit();
};

/** 筛选 and 清除 for a list's filter form; `onClear` resets filters kept outside the form (a tree selection). */
export const FilterButtons = ({ form, onClear }: { form: FormInstance | undefined; onClear?: () => void }) => {
  const t = useTranslate();
  return (
    <Space>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-submit">
        {t("buttons.filter")}
      </Button>
      <Button
        icon={<ClearOutlined />}
        onClick={() => {
          onClear?.();
          clearFilterForm(form);
        }}
        data-testid="filter-clear"
      >
        {t("buttons.clear")}
      </Button>
    </Space>
  );
};

/** A list's filters on one line, above its table, applied by the filter button (Refine `onSearch`). */
export const FilterBar = <T,>({ formProps, children }: { formProps: FormProps<T>; children: ReactNode }) => (
  <Card size="small" style={{ marginBottom: 16 }}>
    <Form<T> {...formProps} layout="inline" data-testid="filter-bar">
      {children}
      <Form.Item>
        <FilterButtons form={formProps.form as FormInstance | undefined} />
      </Form.Item>
    </Form>
  </Card>
);
