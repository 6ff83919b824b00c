import { useState } from 'react';
import type { Priority } from '../../../../shared/contract/methods.js';
import { hashFor } from '../../routes.js';
import { boardSelectors } from '../../store/board/selectors.js';
import { useDesk, useDeskApi } from '../../store/react.js';

/**
 * One action from a post list or an alert: creates the escalation (posts or the alert's
 * samples attached) and then says where it is; refusals say why, in place.
 */
export function EscalateButton({
  postIds,
  alertId,
  priority,
  what,
}: {
  postIds?: number[];
  alertId?: number;
  priority?: Priority;
  /** Names the thing for screen readers: "post by dana on mastodon". */
  what: string;
}) {
  const canCreate = useDesk(boardSelectors.canCreate);
  const create = useDesk((s) => s.createEscalation);
  const api = useDeskApi();
  const [state, setState] = useState<{ busy: boolean; cardId: number | null; error: string | null }>({
    busy: false,
    cardId: null,
    error: null,
  });
  if (!canCreate) return null;
  if (state.cardId !== null)
    return (
      <a className="escalated" href={hashFor('board')} data-testid="escalated-link">
        Escalated as #{state.cardId}
      </a>
    );
  return (
    <>
      <button
        type="button"
        className="button button-small escalate"
        disabled={state.busy}
        onClick={() => {
          setState({ busy: true, cardId: null, error: null });
          void create({
            ...(postIds ? { postIds } : {}),
            ...(alertId !== undefined ? { alertId } : {}),
            ...(priority ? { priority } : {}),
          }).then((card) =>
            setState({ busy: false, cardId: card?.id ?? null, error: card ? null : (api.getState().boardNotice ?? 'Could not escalate.') }),
          );
        }}
      >
        {state.busy ? 'Escalating…' : 'Escalate'}
        <span className="visually-hidden"> {what}</span>
      </button>
      {state.error && (
        <span className="escalate-error" role="alert">
          {state.error}
        </span>
      )}
    </>
  );
}
