import { SearchOutlined } from "@ant-design/icons";
import { useTranslate } from "@refinedev/core";
import { Button, Card, Form, type FormProps } from "antd";
import type { ReactNode } from "react";

/** A list's filters on one line, above its table, applied by the filter button (Refine `onSearch`). */
export const FilterBar = <T,>({ formProps, children }: { formProps: FormProps<T>; children: ReactNode }) => {
  const t = useTranslate();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form<T> {...formProps} layout="inline">
        {children}
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t("buttons.filter")}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
};
