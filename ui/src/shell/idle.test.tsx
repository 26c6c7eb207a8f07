import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useIdle } from './idle';

function Probe(props: { minutes: number; onExpire: () => void; onActive: () => void }) {
  useIdle(props.minutes, props.onExpire, props.onActive, 60_000);
  return null;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useIdle', () => {
  it('ends the session after the idle time, and activity puts it off', () => {
    vi.useFakeTimers();
    const onExpire = vi.fn();
    const onActive = vi.fn();
    render(<Probe minutes={2} onExpire={onExpire} onActive={onActive} />);
    vi.advanceTimersByTime(90_000);
    fireEvent.keyDown(window, { key: 'j' });
    // A key press more than a minute after the last ping tells the core the window is in use.
    expect(onActive).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(90_000);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(31_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(300_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });
});
