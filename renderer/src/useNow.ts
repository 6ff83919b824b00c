import { useEffect, useState } from 'react';

/** Re-renders every `intervalMs` so "12 s ago" and retry countdowns stay true. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Runs `task` now and then every `intervalMs` while the component is mounted. */
export function usePolling(task: () => void, intervalMs: number, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    task();
    const timer = setInterval(task, intervalMs);
    return () => clearInterval(timer);
  }, [task, intervalMs, enabled]);
}
