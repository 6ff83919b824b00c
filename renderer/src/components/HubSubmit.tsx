/**
 * The submit button of a form whose save goes to the hub. While the hub is out of reach it is
 * disabled and says why next to it, so nobody fills a form in to meet an error afterwards.
 * Board card changes do not use it: they queue while offline and go out on reconnect.
 */
import { useId, type ButtonHTMLAttributes } from 'react';
import { connectionSelectors } from '../store/connection/selectors.js';
import { useDesk } from '../store/react.js';

export const OFFLINE_SAVE_REASON = 'Offline — saving resumes when the hub is back';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'>;

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
