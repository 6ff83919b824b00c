// First: configures zod before any contract schema is built (see zodConfig.ts).
import './zodConfig.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../shared/contract/client.js';
import type { SurgeBridge } from '../../shared/contract/wire.js';
import { App } from './App.js';
import { DeskProvider } from './store/react.js';
import { startDesk } from './store/start.js';
import { desktopCacheIdentity, localBoardCache } from './store/board/cache.js';
import { localQueueStore } from './store/board/pending.js';
import { createDeskStore } from './store/store.js';
import { pickTransport, resolveToken, sessionKeeper, storageOf } from './transport/pick.js';
import './styles.css';
import './publishing.css';
import { startBrowserNotices } from './notify/browserNotices.js';
import { startCardLinks } from './notify/cardLinks.js';
import { startDesktopNotifyPrefs } from './notify/desktopPrefs.js';
import { applyTheme } from './notify/prefs.js';

const bridge = (window as Window & { surgeBridge?: SurgeBridge }).surgeBridge;
// The desktop keeps a hub session in its main process (safeStorage), never in this page's storage.
const session = bridge ? undefined : sessionKeeper(storageOf(window));
const transport = pickTransport(window as Window & { surgeBridge?: SurgeBridge }, session);
const client = createClient(transport);
const hubLink = bridge?.hubLink;
const store = createDeskStore({
  client,
  reconnectNow: () => transport.reconnectNow(),
  now: Date.now,
  ...(session ? { session } : {}),
  ...(hubLink ? { desktop: { hubLink } } : {}),
  boardQueue: localQueueStore(storageOf(window)),
  // The desktop's hub session lives in its main process, which tells this page a digest of it (with the hub's address).
  boardCache: localBoardCache(storageOf(window), () =>
    session
      ? { origin: location.origin, credential: session.get() ?? resolveToken(location, storageOf(window)) }
      : desktopCacheIdentity(store.getState().hubLink),
  ),
});
void store.getState().loadHubLink();
const stop = startDesk(store, transport);
const stopNotices = startBrowserNotices(store);
const stopCardLinks = startCardLinks(store, window, bridge);
// The desktop's main process raises the page notifications, so it has to hear this window's setting.
const stopNotifyPrefs = bridge ? startDesktopNotifyPrefs(bridge) : () => undefined;
applyTheme();
// "Follow the system" follows it while open too: an OS that turns dark at night turns the desk dark.
window.matchMedia?.('(prefers-color-scheme: light)').addEventListener('change', applyTheme);
window.addEventListener('pagehide', () => {
  stop();
  stopNotices();
  stopCardLinks();
  stopNotifyPrefs();
  transport.close();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <DeskProvider store={store}>
      <App />
    </DeskProvider>
  </StrictMode>,
);
