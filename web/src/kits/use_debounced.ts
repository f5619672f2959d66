/** Calls `run` once, `ms` after the last of a burst of calls (a burst of live events is one
 * refresh, not one each). */
import { useEffect, useMemo, useRef } from "preact/hooks";

export function useDebounced(run: () => void, ms: number): () => void {
  const latest = useRef(run);
  latest.current = run;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useMemo(() => () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  }, [ms]);
}
