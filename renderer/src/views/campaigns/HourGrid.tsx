import { useMemo } from 'react';
import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { dayLabel, hourGrid, shortDayLabel, timeWithZoneName, type CalendarDay, type HourCell } from './calendar.js';
import { Chip } from './CalendarChip.js';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const hh = (hour: number) => String(hour).padStart(2, '0');

interface Props {
  posts: ScheduledPost[];
  days: CalendarDay[];
  zone: string;
  today: string;
  onOpen(post: ScheduledPost): void;
}

/** What a cell says about its hour when it is not an ordinary one. */
function hourNote(cell: HourCell<ScheduledPost>, hour: number): string | null {
  if (cell.minutes === 60) return null;
  if (cell.minutes === 0) return `The clocks skip ${hh(hour)}:00–${hh(hour + 1)}:00 this day: no post can be due then.`;
  if (cell.minutes === 120) return `The clocks go back: ${hh(hour)}:00–${hh(hour + 1)}:00 happens twice this day.`;
  return `This hour lasts ${cell.minutes} minutes this day (the clocks change).`;
}

/**
 * The week as a table, a row per local hour and a column per day: each post sits in its own
 * local hour. Tab moves through the posts in reading order (hour by hour); the table scrolls
 * inside its own region, which the keyboard can focus and scroll too.
 */
export function HourGrid({ posts, days, zone, today, onOpen }: Props) {
  const grid = useMemo(() => hourGrid(posts, (p) => p.at, days, zone), [posts, days, zone]);
  const labels = useMemo(() => days.map((day) => dayLabel(day, zone)), [days, zone]);
  return (
    <div className="cal-hours-scroll" tabIndex={0} role="region" aria-label="Week by hour">
      <table className="cal-hours" data-testid="cal-hours">
        <thead>
          <tr>
            <th scope="col" className="cal-hour-head">
              <span className="visually-hidden">Hour</span>
            </th>
            {days.map((day, i) => (
              <th key={day.date} scope="col" className={day.date === today ? 'cal-today' : undefined}>
                <span className="visually-hidden">
                  {labels[i]}
                  {day.date === today ? ', today' : ''}
                </span>
                <span aria-hidden="true">{shortDayLabel(day, zone)}</span>
                {day.hours !== 24 && (
                  <span className="cal-dst" title={`The clocks change this day: it has ${day.hours} hours.`}>
                    {' '}
                    {day.hours} h day
                  </span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {HOURS.map((hour) => (
            <tr key={hour}>
              <th scope="row" className="cal-hour-head">
                {hh(hour)}:00
              </th>
              {grid[hour]!.map((cell, i) => {
                const note = hourNote(cell, hour);
                const classes = ['cal-hour', cell.minutes === 0 ? 'cal-hour-skipped' : '', days[i]!.date === today ? 'cal-today' : '']
                  .filter(Boolean)
                  .join(' ');
                return (
                  <td key={days[i]!.date} className={classes} data-testid={`cal-${days[i]!.date}-${hh(hour)}`}>
                    {note && (
                      <span className="cal-hour-note" title={note}>
                        {cell.minutes === 0 ? 'skipped' : cell.minutes === 120 ? 'twice' : `${cell.minutes} min`}
                        <span className="visually-hidden">: {note}</span>
                      </span>
                    )}
                    {cell.items.length > 0 && (
                      <ul className="cal-chips">
                        {cell.items.map((post) => (
                          <Chip
                            key={post.id}
                            post={post}
                            zone={zone}
                            onOpen={onOpen}
                            {...(cell.minutes > 60 ? { time: timeWithZoneName(post.at, zone) } : {})}
                          />
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
