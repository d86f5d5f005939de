import { FeedbackRecipient, FeedbackStatus } from './annual-feedback.entity';

/**
 * The year-end return lifecycle (DESIGN §3):
 *
 *   draft ─submit─▶ submitted ─approve─▶ delivered ─receive─▶ received ─grade─▶ graded ─archive─▶ archived
 *     ▲                │ return (reviewer)        │ return (recipient) │
 *     └────────────────┴──────────────────────────┴────────────────────┘
 */
export type FeedbackTransition = 'submit' | 'approve' | 'return' | 'receive' | 'grade' | 'archive';
/** Everything one can do to a return: the transitions, and editing a draft (which keeps its state). */
export type FeedbackAction = 'edit' | FeedbackTransition;

/** Who acts: the side that writes the return, its reviewer, or the side it is addressed to. */
export type FeedbackParty = 'author' | 'reviewer' | 'recipient';

export interface Transition {
  from: FeedbackStatus[];
  to: FeedbackStatus;
  party: FeedbackParty;
}

const { DRAFT, SUBMITTED, DELIVERED, RECEIVED, GRADED, ARCHIVED } = FeedbackStatus;

export const TRANSITIONS: Record<Exclude<FeedbackTransition, 'return'>, Transition> = {
  submit: { from: [DRAFT], to: SUBMITTED, party: 'author' },
  approve: { from: [SUBMITTED], to: DELIVERED, party: 'reviewer' },
  receive: { from: [DELIVERED], to: RECEIVED, party: 'recipient' },
  grade: { from: [RECEIVED], to: GRADED, party: 'recipient' },
  archive: { from: [GRADED], to: ARCHIVED, party: 'recipient' },
};

/** "Return for correction": the reviewer before delivery, the recipient after it. */
export function returnTransition(status: FeedbackStatus): Transition | null {
  if (status === SUBMITTED) return { from: [SUBMITTED], to: DRAFT, party: 'reviewer' };
  if (status === DELIVERED || status === RECEIVED) return { from: [DELIVERED, RECEIVED], to: DRAFT, party: 'recipient' };
  return null;
}

/** Editing: the author, while the return is a draft. */
export const EDIT: Omit<Transition, 'to'> = { from: [DRAFT], party: 'author' };

/** The rule an action follows from a state, or null when the action is not possible from it. */
export function ruleFor(action: FeedbackTransition, status: FeedbackStatus): Transition | null;
export function ruleFor(action: FeedbackAction, status: FeedbackStatus): Omit<Transition, 'to'> | null;
export function ruleFor(action: FeedbackAction, status: FeedbackStatus): Omit<Transition, 'to'> | null {
  const rule = action === 'edit' ? EDIT : action === 'return' ? returnTransition(status) : TRANSITIONS[action];
  return rule && rule.from.includes(status) ? rule : null;
}

/** Every action, in the order the console offers them. */
export const ACTIONS: FeedbackAction[] = ['edit', 'submit', 'approve', 'return', 'receive', 'grade', 'archive'];

/** States a recipient can see: nothing before the return is delivered to it. */
export const VISIBLE_TO_RECIPIENT = [DELIVERED, RECEIVED, GRADED, ARCHIVED];

/** Whose turn each party is, by who the return is addressed to. */
export function partyOf(recipient: FeedbackRecipient, side: 'host' | 'partner'): FeedbackParty[] {
  // Returns addressed to the partner are written and reviewed by the host, and the reverse.
  const writer = recipient === FeedbackRecipient.PARTNER ? 'host' : 'partner';
  return side === writer ? ['author', 'reviewer'] : ['recipient'];
}
