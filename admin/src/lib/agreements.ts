import type { AgreementOption } from "../components/pickers";
import { chinaToday } from "./dates";

/**
 * In force: ACTIVE and effective today (China time). The API's rule (api/agreements/agreement.rules.ts),
 * which refuses to issue a token under any other agreement; the console only offers those.
 */
export const isInForce = (agreement: Pick<AgreementOption, "status" | "effectiveFrom" | "effectiveTo">, today = chinaToday()): boolean =>
  agreement.status === "ACTIVE" && agreement.effectiveFrom <= today && (!agreement.effectiveTo || agreement.effectiveTo >= today);
