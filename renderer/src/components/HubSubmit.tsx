/**
 * The submit button of a form whose save goes to the hub. While the hub is out of reach it is
 * disabled and says why next to it, so nobody fills a form in to meet an error afterwards.
 * The board's writes (moves, edits, comments, new escalations) do not use it: they queue while
 * offline and go out on reconnect.
 */
import { useId, type ButtonHTMLAttributes } from 'react';
import { connectionSelectors } from '../store/connection/selectors.js';
import { useDesk } from '../store/react.js';

export const OFFLINE_SAVE_REASON = 'Offline — saving resumes when the hub is back';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'>;

/**
 * A row's action that changes something on the hub (pause, remove, disable a person): held
 * while the hub is out of reach, with the reason as its tooltip, since a sentence beside every
 * row's button would drown the table; the view's offline notice says it once in words.
 */
export function HubAction({ disabled, title, ...rest }: Props) {
  const offline = useDesk(connectionSelectors.isOffline);
  return <button type="button" {...rest} disabled={offline || disabled} title={offline ? OFFLINE_SAVE_REASON : title} />;
}

export function HubSubmit({ disabled, children, ...rest }: Props) {
  const offline = useDesk(connectionSelectors.isOffline);
  const reasonId = useId();
  return (
    <>
      <button type="submit" {...rest} disabled={offline || disabled} aria-describedby={offline ? reasonId : rest['aria-describedby']}>
        {children}
      </button>
      {offline && (
        <span id={reasonId} className="submit-offline" data-testid="submit-offline">
          {OFFLINE_SAVE_REASON}
        </span>
      )}
    </>
  );
}
