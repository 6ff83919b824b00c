import { useEffect, useRef, useState } from 'react';
import { BoardPages } from './components/BoardPages.js';
import { ContractMismatch } from './components/ContractMismatch.js';
import { Header } from './components/Header.js';
import { Nav } from './components/Nav.js';
import { hashFor, VIEWS, viewForShortcut, viewFromHash, type ViewId } from './routes.js';
import { useDesk } from './store/react.js';
import { systemSelectors } from './store/system/selectors.js';
import { AlertsView } from './views/AlertsView.js';
import { BoardView } from './views/board/BoardView.js';
import { LiveView } from './views/LiveView.js';
import { SourcesView } from './views/SourcesView.js';
import { SettingsView } from './views/SettingsView.js';
import { teamSelectors } from './store/team/selectors.js';
import { SignIn } from './views/team/SignIn.js';
import { InviteAccept } from './views/team/InviteAccept.js';
import { HubLinkBar } from './views/desktop/HubLinkBar.js';
import { incidentSelectors, incidentTitle } from './store/incident/selectors.js';
import { IncidentLayer } from './views/incident/IncidentLayer.js';
import { IncidentView } from './views/incident/IncidentView.js';
import { CampaignsView } from './views/campaigns/CampaignsView.js';
import { Shortcuts } from './components/Shortcuts.js';
import { WallMode } from './views/live/WallMode.js';

/** `#/invite/<token>` → the token, else null. */
const inviteTokenFrom = (hash: string): string | null => /^#\/?invite\/([A-Za-z0-9_-]{16,128})$/.exec(hash)?.[1] ?? null;

function useInviteToken(): [string | null, () => void] {
  const [token, setToken] = useState<string | null>(() => inviteTokenFrom(window.location.hash));
  useEffect(() => {
    const onHash = () => setToken(inviteTokenFrom(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [
    token,
    () => {
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/live`);
      setToken(null);
    },
  ];
}

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
  const mismatch = useDesk(systemSelectors.contractMismatch);
  const needsSignIn = useDesk(teamSelectors.needsSignIn);
  const incidentOn = useDesk(incidentSelectors.isOn);
  const [inviteToken, inviteDone] = useInviteToken();
  const gate = mismatch !== null ? 'mismatch' : inviteToken && needsSignIn ? 'invite' : needsSignIn ? 'signIn' : null;
  // No view while the protocols differ (their calls would only fail) or before signing in.
  const shown: ViewId | null = gate === null ? view : null;
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
    document.title = incidentTitle(incidentOn, `${VIEWS.find((entry) => entry.id === view)?.title ?? ''} · Surge Desk`);
  }, [view, incidentOn]);

  useEffect(() => {
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
      {gate === null && <IncidentLayer />}
      {gate === null && <Shortcuts />}
      {gate === null && <WallMode />}
      <div className="app-body">
        {gate === null && <Nav current={view} />}
        <main id="main" ref={mainRef} tabIndex={-1} className="app-main" aria-labelledby="view-title">
          {mismatch !== null && <ContractMismatch message={mismatch} />}
          {/* A desktop on a hub that no longer matches can still go back to its own desk. */}
          {mismatch !== null && <HubLinkBar />}
          {gate === null && <BoardPages />}
          {gate === 'signIn' && <SignIn />}
          {gate === 'invite' && inviteToken && <InviteAccept token={inviteToken} onDone={inviteDone} />}
          {shown === 'live' && <LiveView />}
          {shown === 'alerts' && <AlertsView />}
          {shown === 'sources' && <SourcesView />}
          {shown === 'incident' && <IncidentView />}
          {shown === 'campaigns' && <CampaignsView />}
          {shown === 'board' && <BoardView />}
          {shown === 'settings' && <SettingsView />}
        </main>
      </div>
    </div>
  );
}
