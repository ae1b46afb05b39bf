// Pages most visitors never open (moderation, administration, account upkeep, charts) are
// loaded when first shown, so the first page's JavaScript stays small.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorState, Loading } from "./components/States";

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>, label = "Loading the page"): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetchOnce = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = undefined; // a new deploy or a dropped connection: the next try loads again
        throw error;
      },
    ));

  return function LazyPage(props: P) {
    // A counter, not the component: useState would call a function it is given.
    const [, setShown] = useState(0);
    const [error, setError] = useState<unknown>(null);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (loaded) return;
      let current = true;
      fetchOnce().then(
        () => current && setShown((n) => n + 1),
        (failure: unknown) => current && setError(failure),
      );
      return () => {
        current = false;
      };
    }, [attempt]);
    if (loaded) {
      const Page = loaded;
      return <Page {...props} />;
    }
    if (error) return <ErrorState error={error} retry={() => (setError(null), setAttempt((n) => n + 1))} />;
    return <Loading label={label} />;
  };
}
