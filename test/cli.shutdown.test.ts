import { afterEach, describe, expect, it, vi } from 'vitest';
import { onShutdown } from '../cli/shutdown.ts';
import { createLogger } from '../src/log.ts';

const listeners = () => process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the long-running commands stop through one helper', () => {
  it('resolves on the first signal, after onFirst, and leaves a second one to Node when it has no log', async () => {
    const before = listeners();
    const onFirst = vi.fn();
    const stopped = onShutdown({ onFirst });
    expect(listeners()).toBe(before + 2);
    process.emit('SIGTERM', 'SIGTERM');
    await stopped;
    expect(onFirst).toHaveBeenCalledOnce();
    expect(listeners()).toBe(before);
  });

  it('with a log, keeps listening after the first signal and exits 1 on the second', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stopped = onShutdown({ log: createLogger({ level: 'silent' }), stopping: 'stopping' });
    process.emit('SIGINT', 'SIGINT');
    await stopped;
    expect(exit).not.toHaveBeenCalled();
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).toHaveBeenCalledWith(1);
    stopped.dispose();
  });

  it('dispose removes the listeners when the command ends before any signal', () => {
    const before = listeners();
    onShutdown({ log: createLogger({ level: 'silent' }) }).dispose();
    expect(listeners()).toBe(before);
  });
});
