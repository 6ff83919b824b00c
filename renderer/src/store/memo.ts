/**
 * Remembers the last result per argument list (compared by identity), so selectors that
 * build arrays return the same array while the state they read is unchanged. zustand 5
 * (useSyncExternalStore) needs that stability or it re-renders forever.
 */
export function memoLast<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null;
  let lastResult: R;
  return (...args: A): R => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((value, i) => Object.is(value, args[i]))) {
      return lastResult;
    }
    lastResult = compute(...args);
    lastArgs = args;
    return lastResult;
  };
}
