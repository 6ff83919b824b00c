import { alertsSelectors } from '../store/alerts/selectors.js';
import { useDesk } from '../store/react.js';
import { sourcesSelectors } from '../store/sources/selectors.js';
import { hashFor, VIEWS, type ViewId } from '../routes.js';

/** Real links (hash routes): Tab, Enter, middle-click and screen-reader link lists all work. */
export function Nav({ current }: { current: ViewId }) {
  const activeAlerts = useDesk(alertsSelectors.activeCount);
  const unhealthy = useDesk(sourcesSelectors.unhealthyCount);
  const counts: Partial<Record<ViewId, { value: number; label: string; tone: string }>> = {
    alerts: activeAlerts ? { value: activeAlerts, label: `${activeAlerts} active`, tone: 'alert' } : undefined,
    sources: unhealthy ? { value: unhealthy, label: `${unhealthy} need attention`, tone: 'warn' } : undefined,
  };

  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {VIEWS.map((view, index) => {
          const count = counts[view.id];
          return (
            <li key={view.id}>
              <a
                href={hashFor(view.id)}
                className="nav-link"
                aria-current={view.id === current ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${index + 1}`}
              >
                <span className="nav-label">{view.label}</span>
                {count && (
                  <span className={`nav-count nav-count-${count.tone}`}>
                    {count.value}
                    <span className="visually-hidden"> {count.label}</span>
                  </span>
                )}
                <kbd className="nav-key" aria-hidden="true">
                  Alt {index + 1}
                </kbd>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
