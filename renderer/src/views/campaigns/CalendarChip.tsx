import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { STATE_LABELS } from '../../store/campaigns/selectors.js';
import { timeInZone } from './calendar.js';

/** One post on the calendar; `time` replaces the plain local time (an hour that happens twice names its offset). */
export function Chip({
  post,
  zone,
  time = timeInZone(post.at, zone),
  onOpen,
}: {
  post: ScheduledPost;
  zone: string;
  time?: string;
  onOpen(post: ScheduledPost): void;
}) {
  return (
    <li>
      <button
        type="button"
        className={`cal-chip cal-chip-${post.status.state}`}
        title={`${time} · ${STATE_LABELS[post.status.state]} · ${post.text}`}
        onClick={() => onOpen(post)}
      >
        <span className="cal-chip-time">{time}</span> <span className="cal-chip-text">{post.text}</span>
        <span className="visually-hidden">, {STATE_LABELS[post.status.state]}</span>
      </button>
    </li>
  );
}
