import { useEffect, useRef, useState } from 'react';
import { Header } from './components/Header.js';
import { Nav } from './components/Nav.js';
import { hashFor, VIEWS, viewForShortcut, viewFromHash, type ViewId } from './routes.js';
import { AlertsView } from './views/AlertsView.js';
import { ComingView } from './views/ComingView.js';
import { LiveView } from './views/LiveView.js';
import { SourcesView } from './views/SourcesView.js';

function useHashView(): ViewId {
  const [view, setView] = useState<ViewId>(() => viewFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return view;
}

export function App() {
  const view = useHashView();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = viewForShortcut(event);
      if (!target) return;
      event.preventDefault();
      window.location.hash = hashFor(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const title = VIEWS.find((entry) => entry.id === view)?.title ?? '';
    document.title = `${title} · Surge Desk`;
    // Move focus to the new view's heading so screen readers announce it; not on first load.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [view]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Header />
      <div className="app-body">
        <Nav current={view} />
        <main id="main" ref={mainRef} tabIndex={-1} className="app-main" aria-labelledby="view-title">
          {view === 'live' && <LiveView />}
          {view === 'alerts' && <AlertsView />}
          {view === 'sources' && <SourcesView />}
          {view === 'incident' && (
            <ComingView title="Incident mode">
              <p>
                Incident mode arrives with the publishing issue. It will hold every scheduled campaign post the moment an operator pulls the
                cord, survive restarts and second hubs, and never publish the backlog on its own when the incident ends: each held post
                waits for a decision (resume, reschedule or cancel), recorded in the audit log.
              </p>
            </ComingView>
          )}
          {view === 'campaigns' && (
            <ComingView title="Campaigns">
              <p>
                Campaigns arrive with the publishing issue: social managers will write and schedule posts for Mastodon, Bluesky and X here,
                approve or reject them, and pause or resume whole campaigns. Nothing is published from this build.
              </p>
            </ComingView>
          )}
          {view === 'board' && (
            <ComingView title="Escalation board">
              <p>
                The shared escalation board arrives with the board issue: operators will turn alerts and posts into escalations, support
                leads will assign them to agents and track response times, and every change will show up live for the whole team.
              </p>
            </ComingView>
          )}
          {view === 'settings' && (
            <ComingView title="Settings">
              <p>
                Settings arrive with the sources and board issues: configuring sources and their credentials, users and roles, and the team
                hub. Until then the hub reads its configuration from the <code>SURGE_CONFIG</code> file described in the README.
              </p>
            </ComingView>
          )}
        </main>
      </div>
    </div>
  );
}
