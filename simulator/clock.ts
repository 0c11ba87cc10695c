/**
 * The simulator's notion of "now": report timestamps, file names and the pending → processed delay all
 * read it. Tests pass a manual clock to make file names and dates deterministic.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ManualClock extends Clock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

/** A clock that only moves when told to. */
export function createManualClock(start: Date | string): ManualClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new TypeError(`'${String(start)}' is not a date`);
  return {
    now: () => new Date(current),
    set: (instant) => {
      const next = new Date(instant).getTime();
      if (Number.isNaN(next)) throw new TypeError(`'${String(instant)}' is not a date`);
      current = next;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export function isManualClock(clock: Clock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).set === 'function';
}
