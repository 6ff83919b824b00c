/**
 * Cards as values: applying a patch (which fields really changed, and the SLA facts that
 * follow), deciding whether a write based on an older version conflicts, and the card as the
 * contract shows it.
 */
import type {
  BoardCard,
  BoardCardHead,
  BoardComment,
  BoardPerson,
  CardPatch,
  EditableField,
  FieldChange,
  LinkedPost,
  SlaPolicy,
} from '../../shared/contract/board.js';
import type { BoardEventRow, FieldDiff, StoredCard, StoredComment } from '../store/board.js';
import { advanceFacts, cardSla } from './sla.js';

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function fieldValue(card: StoredCard, field: EditableField): unknown {
  return field === 'assigneeId' ? card.assigneeId : card[field];
}

/** The card after `patch` at `at`, and the fields that actually changed (a patch setting a field to its value is a no-op). */
export function applyPatch(card: StoredCard, patch: CardPatch, at: number): { card: StoredCard; diffs: FieldDiff[] } {
  const next: StoredCard = { ...card };
  const diffs: FieldDiff[] = [];
  for (const field of Object.keys(patch) as EditableField[]) {
    const to = patch[field];
    if (to === undefined) continue;
    const from = fieldValue(card, field);
    if (sameValue(from, to)) continue;
    diffs.push({ field, from, to });
    if (field === 'assigneeId') next.assigneeId = to as string | null;
    else (next as unknown as Record<string, unknown>)[field] = to;
  }
  // Assigning an untriaged card moves it to "assigned", as a lead dragging a name onto it means.
  if (patch.status === undefined && diffs.some((d) => d.field === 'assigneeId') && next.assigneeId !== null) {
    if (next.status === 'new' || next.status === 'triaged') {
      diffs.push({ field: 'status', from: next.status, to: 'assigned' });
      next.status = 'assigned';
    }
  }
  if (next.status !== card.status) {
    next.slaFacts = advanceFacts(card.slaFacts, { kind: 'status', from: card.status, to: next.status }, at);
    next.resolvedAt = next.status === 'resolved' ? at : null;
  }
  return { card: next, diffs };
}

/** Every field change after `baseVersion`, oldest first, with who made it. */
export function changesAfter(events: readonly BoardEventRow[]): FieldChange[] {
  return events.flatMap((e) =>
    e.changes.map((c) => ({ field: c.field, from: c.from, to: c.to, by: e.actor, at: e.at, version: e.version })),
  );
}

/**
 * The patch's fields someone else changed after the writer's version, except where the
 * writer wants exactly what is there now (two people making the same move do not conflict).
 * The writer's own later changes never conflict with it (an offline queue sent in order).
 */
export function conflictingFields(
  card: StoredCard,
  patch: CardPatch,
  changes: readonly FieldChange[],
  writer: BoardPerson,
): EditableField[] {
  const same = (by: BoardPerson) =>
    writer.userId !== null ? by.userId === writer.userId : by.userId === null && by.username === writer.username;
  const touched = new Set(changes.filter((c) => !same(c.by)).map((c) => c.field));
  return (Object.keys(patch) as EditableField[]).filter(
    (field) => patch[field] !== undefined && touched.has(field) && !sameValue(patch[field], fieldValue(card, field)),
  );
}

const FIELD_WORDS: Record<string, string> = {
  title: 'the title',
  status: 'the status',
  priority: 'the priority',
  assigneeId: 'the assignee',
  customerHandle: 'the customer',
  tags: 'the tags',
};

export function conflictMessage(conflicting: readonly string[], changes: readonly FieldChange[]): string {
  const parts = conflicting.map((field) => {
    const last = [...changes].reverse().find((c) => c.field === field);
    return `${last?.by.displayName ?? 'someone'} changed ${FIELD_WORDS[field] ?? field}`;
  });
  return `${parts.join(' and ')} after you opened this card, so nothing was saved. The card below is how it is now; make your change again if it still applies.`;
}

export interface Attachments {
  posts: readonly LinkedPost[];
  comments: readonly StoredComment[];
}

export function toCard(
  card: StoredCard,
  attachments: Attachments,
  assignee: BoardPerson | null,
  policy: SlaPolicy,
  now: number,
): BoardCard {
  return {
    id: card.id,
    title: card.title,
    status: card.status,
    priority: card.priority,
    assignee,
    customerHandle: card.customerHandle,
    tags: card.tags,
    posts: [...attachments.posts],
    alertId: card.alertId,
    comments: attachments.comments.map((c): BoardComment => ({ id: c.id, at: c.at, author: c.author, text: c.text, mentions: c.mentions })),
    version: card.version,
    createdAt: card.createdAt,
    createdBy: card.createdBy,
    updatedAt: card.updatedAt,
    acknowledgedAt: card.acknowledgedAt,
    acknowledgedBy: card.acknowledgedBy,
    resolvedAt: card.resolvedAt,
    sla: cardSla(policy, card, now),
    paging: { pagesSent: card.pagesSent, nextPageAt: card.nextPageAt },
  };
}

/** The card as change events carry it (shared/contract/board.ts): its comments travel on their own. */
export function headOf(card: BoardCard): BoardCardHead {
  const { comments: _comments, ...head } = card;
  return head;
}

const CLOCK_WORDS: Record<string, string> = {
  'sla.firstResponse': 'first response',
  'sla.nextResponse': 'next response',
  'sla.resolution': 'resolution',
};
const describeSystemChange = (c: FieldDiff): string =>
  c.field === 'page'
    ? `Paged ${String(c.to)}`
    : `SLA ${c.to === 'breached' ? 'breached' : 'warning'}: ${CLOCK_WORDS[c.field] ?? c.field}${c.to === 'breached' ? '' : ' due soon'}`;

/** One line for the history view. */
export function describeEvent(event: BoardEventRow, nameOf: (userId: string) => string): string {
  const who = event.actor.displayName;
  const words = event.changes.map((c) => {
    if (c.field === 'status') return `moved it to ${String(c.to).replace(/_/g, ' ')}`;
    if (c.field === 'assigneeId') return c.to === null ? 'unassigned it' : `assigned it to ${nameOf(String(c.to))}`;
    if (c.field === 'priority') return `set priority ${String(c.to)}`;
    if (c.field === 'tags') return `set tags to ${(c.to as string[]).join(', ') || 'none'}`;
    return `changed ${FIELD_WORDS[c.field] ?? c.field}`;
  });
  switch (event.kind) {
    case 'created':
      return `${who} created it`;
    case 'commented':
      return `${who} commented`;
    case 'acknowledged':
      return `${who} acknowledged it`;
    case 'sla_warning':
    case 'sla_breached':
    case 'paged':
      return event.changes.map(describeSystemChange).join('; ');
    default:
      return `${who} ${words.join(', ') || 'changed it'}`;
  }
}
