/** Milliseconds since the epoch. Injected everywhere time matters so tests move time, not sleep. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
