import { useMemo } from 'react';
import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import {
  bucketByDay,
  dateInZone,
  dayLabel,
  rangeTitle,
  shiftAnchor,
  visibleDays,
  type CalendarDay,
  type CalendarMode,
} from './calendar.js';
import { Chip } from './CalendarChip.js';
import { HourGrid } from './HourGrid.js';
import { countOf } from '../../../../shared/plural.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_CHIPS = 3;

interface Props {
  posts: ScheduledPost[];
  mode: CalendarMode;
  anchor: number;
  zone: string;
  now: number;
  onAnchor(anchor: number): void;
  onOpen(post: ScheduledPost): void;
}

/**
 * Scheduled posts on a week or month grid, or the week by hour, in the viewer's zone. Each day
 * is named for screen readers; a day the clocks change says so (it has 23 or 25 hours).
 */
export function CalendarView({ posts, mode, anchor, zone, now, onAnchor, onOpen }: Props) {
  const days = useMemo(() => visibleDays(mode, anchor, zone), [mode, anchor, zone]);
  const buckets = useMemo(() => bucketByDay(posts, (p) => p.at, days), [posts, days]);
  const today = dateInZone(now, zone).toString();
  const unit = mode === 'month' ? 'month' : 'week';
  return (
    <section className="panel calendar" aria-label="Calendar" data-testid="calendar">
      <div className="calendar-head">
        <button type="button" className="button button-small" onClick={() => onAnchor(shiftAnchor(anchor, zone, mode, -1))}>
          ‹ <span className="visually-hidden">Previous {unit}</span>
          <span aria-hidden="true">Previous</span>
        </button>
        <button type="button" className="button button-small" onClick={() => onAnchor(now)}>
          Today
        </button>
        <button type="button" className="button button-small" onClick={() => onAnchor(shiftAnchor(anchor, zone, mode, 1))}>
          <span className="visually-hidden">Next {unit}</span>
          <span aria-hidden="true">Next</span> ›
        </button>
        <h2 className="calendar-title" aria-live="polite">
          {rangeTitle(mode, days, zone)}
        </h2>
        <span className="muted calendar-zone">Times in {zone.replace(/_/g, ' ')}</span>
      </div>
      {mode === 'hours' ? (
        <HourGrid posts={posts} days={days} zone={zone} today={today} onOpen={onOpen} />
      ) : (
        <DayGrid mode={mode} days={days} buckets={buckets} zone={zone} today={today} onOpen={onOpen} />
      )}
    </section>
  );
}

interface DayGridProps {
  mode: CalendarMode;
  days: CalendarDay[];
  buckets: ScheduledPost[][];
  zone: string;
  today: string;
  onOpen(post: ScheduledPost): void;
}

/** A week or a month, each day listing its posts by time. */
function DayGrid({ mode, days, buckets, zone, today, onOpen }: DayGridProps) {
  return (
    <>
      <div className={`cal-grid cal-${mode}`} aria-hidden="true">
        {WEEKDAYS.map((d) => (
          <div key={d} className="cal-weekday">
            {d}
          </div>
        ))}
      </div>
      <ol className={`cal-grid cal-${mode}`}>
        {days.map((day, i) => {
          const items = buckets[i]!;
          const shown = mode === 'month' ? items.slice(0, MONTH_CHIPS) : items;
          const classes = ['cal-day', day.inRange ? '' : 'cal-out', day.date === today ? 'cal-today' : ''].filter(Boolean).join(' ');
          return (
            <li
              key={day.date}
              className={classes}
              aria-label={`${dayLabel(day, zone)}${day.date === today ? ', today' : ''}: ${items.length === 0 ? 'nothing scheduled' : countOf(items.length, 'post')}`}
              data-testid={`cal-${day.date}`}
            >
              <div className="cal-date">
                <span className="cal-daynum">{day.dayOfMonth}</span>
                {day.hours !== 24 && (
                  <span className="cal-dst" title={`The clocks change this day: it has ${day.hours} hours.`}>
                    {day.hours} h day
                  </span>
                )}
              </div>
              {shown.length > 0 && (
                <ul className="cal-chips">
                  {shown.map((post) => (
                    <Chip key={post.id} post={post} zone={zone} onOpen={onOpen} />
                  ))}
                </ul>
              )}
              {items.length > shown.length && <p className="cal-more">+{items.length - shown.length} more</p>}
            </li>
          );
        })}
      </ol>
    </>
  );
}
