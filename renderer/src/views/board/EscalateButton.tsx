import { useState } from 'react';
import type { Priority } from '../../../../shared/contract/methods.js';
import { hashFor } from '../../routes.js';
import { boardSelectors } from '../../store/board/selectors.js';
import { useDesk } from '../../store/react.js';

/**
 * One action from a post list or an alert: creates the escalation (posts or the alert's
 * samples attached) and then says where it is; refusals say why, in place. While the hub is
 * out of reach it is queued like any board write and says so.
 */
export function EscalateButton({
  postIds,
  alertId,
  priority,
  what,
  size = 'small',
}: {
  postIds?: number[];
  alertId?: number;
  priority?: Priority;
  /** Names the thing for screen readers: "post by dana on mastodon". */
  what: string;
  /** Small in a row of posts; full size beside an alert's other actions. */
  size?: 'small' | 'full';
}) {
  const canCreate = useDesk(boardSelectors.canCreate);
  const create = useDesk((s) => s.createEscalation);
  const [state, setState] = useState<{ busy: boolean; done: string | null; queuedKey: string | null; error: string | null }>({
    busy: false,
    done: null,
    queuedKey: null,
    error: null,
  });
  // A queued escalation says where it went once the hub has it, as one sent live does.
  const landedAs = useDesk((s) => (state.queuedKey === null ? undefined : s.boardLanded[state.queuedKey]));
  if (!canCreate) return null;
  const done = landedAs !== undefined ? `Escalated as #${landedAs}` : state.done;
  if (done !== null)
    return (
      <a className="escalated" href={hashFor('board')} data-testid="escalated-link">
        {done}
      </a>
    );
  return (
    <>
      <button
        type="button"
        className={size === 'small' ? 'button button-small escalate' : 'button escalate'}
        disabled={state.busy}
        onClick={() => {
          setState({ busy: true, done: null, queuedKey: null, error: null });
          void create({
            ...(postIds ? { postIds } : {}),
            ...(alertId !== undefined ? { alertId } : {}),
            ...(priority ? { priority } : {}),
          }).then((outcome) =>
            setState({
              busy: false,
              done:
                outcome.kind === 'sent'
                  ? `Escalated as #${outcome.card.id}`
                  : outcome.kind === 'queued'
                    ? `Escalation queued — sends when the hub is back`
                    : null,
              queuedKey: outcome.kind === 'queued' ? outcome.key : null,
              error: outcome.kind === 'refused' ? outcome.message : null,
            }),
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
