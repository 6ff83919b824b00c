/** React binding: the store comes from context, so each window (and each test page) has its own. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DeskStoreApi } from './store.js';
import type { DeskStore } from './types.js';

const DeskContext = createContext<DeskStoreApi | null>(null);

export function DeskProvider({ store, children }: { store: DeskStoreApi; children: ReactNode }) {
  return <DeskContext.Provider value={store}>{children}</DeskContext.Provider>;
}

export function useDeskApi(): DeskStoreApi {
  const store = useContext(DeskContext);
  if (!store) throw new Error('useDesk needs a <DeskProvider> above it.');
  return store;
}

export function useDesk<T>(selector: (state: DeskStore) => T): T {
  return useStore(useDeskApi(), selector);
}
