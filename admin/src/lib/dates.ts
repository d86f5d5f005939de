import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

export const DATE_FORMAT = "YYYY-MM-DD";
/** Times are shown in China time, wherever the browser is (the API's "today" is China's too). */
export const CHINA_TIME_ZONE = "Asia/Shanghai";

/**
 * Form.Item props for a DatePicker bound to a `LocalDate` (YYYY-MM-DD string) field: the form
 * holds the string the API reads and writes; the picker sees a dayjs.
 */
export const localDateItem = {
  getValueProps: (value: unknown) => ({ value: typeof value === "string" && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null | undefined) => (value ? value.format(DATE_FORMAT) : null),
};

/** Same for a `DateTimeISO` field (end of the picked day, local time). */
export const dateTimeItem = {
  getValueProps: (value: unknown) => ({ value: typeof value === "string" && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null | undefined) => (value ? value.endOf("day").toISOString() : null),
};

/**
 * Today in the ledger's calendar (China time) as YYYY-MM-DD — the "today" the API checks dates
 * against (no date in the future, not before a step already taken) — whatever the browser's time
 * zone: from 16:00 UTC China is already on the next day, and a browser elsewhere would offer, and
 * default to, a date the API refuses or a day too early.
 */
export const ledgerToday = (): string => dayjs().tz(CHINA_TIME_ZONE).format(DATE_FORMAT);

/** For a DatePicker's `disabledDate`: a day after the ledger's today. */
export const afterLedgerToday = (day: Dayjs): boolean => day.format(DATE_FORMAT) > ledgerToday();

export const formatDate = (value: string | null | undefined): string => (value ? dayjs(value).format(DATE_FORMAT) : "—");
export const formatDateTime = (value: string | null | undefined): string =>
  value ? dayjs(value).tz(CHINA_TIME_ZONE).format("YYYY-MM-DD HH:mm") : "—";

/**
 * The year whose returns are being prepared: from October on, this year's (year-end work starts
 * in the last quarter); before that, last year's, whose deadline falls early in the new year.
 */
export const currentFeedbackYear = (today = dayjs(ledgerToday())): number => (today.month() >= 9 ? today.year() : today.year() - 1);
