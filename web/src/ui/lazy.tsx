/** A screen loaded on first use, so the first screen's bundle stays small. */
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Skeleton } from "./states.tsx";

export function lazyScreen<P extends object>(
  load: () => Promise<FunctionComponent<P>>,
  label: string,
): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  return function LazyScreen(props: P) {
    const [Screen, setScreen] = useState<FunctionComponent<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      load().then((component) => {
        loaded = component;
        setScreen(() => component);
      }).catch(() => setFailed(true));
    }, []);
    if (failed) {
      return (
        <div class="state state-error" role="alert">
          <p>This page could not be loaded. Check your connection.</p>
          <button type="button" class="button" onClick={() => location.reload()}>Reload</button>
        </div>
      );
    }
    return Screen ? <Screen {...props} /> : <Skeleton lines={5} label={label} />;
  };
}
