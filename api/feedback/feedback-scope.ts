import type { FilterQuery } from '@mikro-orm/core';
import { TokenScope } from '../access/api-token.entity';
import { can } from '../access/permissions';
import { memberReadScope } from '../access/scopes';
import type { Viewer } from '../access/viewer';
import { type AnnualFeedback, FeedbackRecipient } from './annual-feedback.entity';
import { VISIBLE_TO_RECIPIENT } from './lifecycle';

const NOTHING = { id: { $in: [] as number[] } };

/**
 * Returns a viewer may read. Admins: returns of members in their scope. A partner token: returns
 * of its own agreement and years — those addressed to it once delivered (feedback:read), and
 * those it submitted itself (feedback:submit). Never a draft the host is still writing.
 */
export function feedbackReadScope(viewer: Viewer): FilterQuery<AnnualFeedback> {
  if (viewer.kind === 'system') return {};
  if (viewer.kind === 'admin') return can(viewer, 'feedback:read') ? { member: memberReadScope(viewer) } : NOTHING;
  if (viewer.kind !== 'token' || !viewer.agreement) return NOTHING;
  const visible: FilterQuery<AnnualFeedback>[] = [];
  if (viewer.scopes.some((scope) => scope === TokenScope.FEEDBACK_READ || scope === TokenScope.FEEDBACK_RECEIVE || scope === TokenScope.FEEDBACK_GRADE)) {
    visible.push({ recipient: FeedbackRecipient.PARTNER, status: { $in: VISIBLE_TO_RECIPIENT } });
  }
  if (viewer.scopes.includes(TokenScope.FEEDBACK_SUBMIT)) visible.push({ recipient: FeedbackRecipient.HOST });
  if (visible.length === 0) return NOTHING;
  return { agreement: viewer.agreement.id, year: { $in: [...viewer.years] }, $or: visible };
}
