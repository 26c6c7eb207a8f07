import { useEffect, useRef } from 'react';

/** Activity that keeps a session alive. */
const ACTIVITY = ['keydown', 'mousedown', 'wheel', 'touchstart'] as const;

/**
 * Calls `onExpire` once `minutes` pass without a key press, click or scroll, and `onActive` at
 * most once every `pingMs` while the person works (the core keeps its own idle clock and ends a
 * session it has not heard from: the ping tells it the window is in use).
 */
export function useIdle(
  minutes: number,
  onExpire: () => void,
  onActive: () => void,
  pingMs = 60_000,
  now: () => number = () => Date.now(),
) {
  const expire = useRef(onExpire);
  const active = useRef(onActive);
  useEffect(() => {
    expire.current = onExpire;
    active.current = onActive;
  }, [onExpire, onActive]);

  useEffect(() => {
    let last = now();
    let pinged = now();
    let done = false;
    const seen = () => {
      last = now();
      if (last - pinged >= pingMs) {
        pinged = last;
        active.current();
      }
    };
    for (const e of ACTIVITY) window.addEventListener(e, seen, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (!done && now() - last >= minutes * 60_000) {
        done = true;
        expire.current();
      }
    }, 1000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, seen, { capture: true });
      window.clearInterval(timer);
    };
  }, [minutes, pingMs, now]);
}
