// What a connected <civic-map> keeps running: listeners, observers, animation
// frames and timers, each registered here so that disconnecting the element stops
// all of them at once (an element removed from a portal page must not keep
// drawing or listening). `active()` counts them, for tests and diagnostics.

export class Lifecycle {
  constructor() {
    this._ac = null;
    this._listeners = 0;
    this._frames = new Set();
    this._timers = new Set();
    this._observers = new Set();
    this._onStop = new Set();
  }

  /** True between start() and stop(). */
  get running() {
    return !!this._ac;
  }

  start() {
    if (this._ac) return;
    this._ac = new AbortController();
  }

  /** addEventListener, removed again by stop(). Ignored while stopped. */
  listen(target, type, fn, options = {}) {
    if (!this._ac) return;
    target.addEventListener(type, fn, { ...options, signal: this._ac.signal });
    this._listeners++;
  }

  /** requestAnimationFrame, cancelled by stop(). Returns false while stopped. */
  frame(fn) {
    if (!this._ac) return false;
    const id = requestAnimationFrame((now) => {
      this._frames.delete(id);
      fn(now);
    });
    this._frames.add(id);
    return true;
  }

  /** setTimeout, cleared by stop(); returns its id (for clear()). */
  timeout(fn, ms) {
    if (!this._ac) return 0;
    const id = setTimeout(() => {
      this._timers.delete(id);
      fn();
    }, ms);
    this._timers.add(id);
    return id;
  }

  clear(id) {
    clearTimeout(id);
    this._timers.delete(id);
  }

  /** A ResizeObserver (or any observer with disconnect()), disconnected by stop(). */
  observe(observer) {
    if (!this._ac) return;
    this._observers.add(observer);
  }

  /** fn runs once at the next stop() (e.g. to settle a pending promise). */
  onStop(fn) {
    this._onStop.add(fn);
    return () => this._onStop.delete(fn);
  }

  stop() {
    this._ac?.abort();
    this._ac = null;
    this._listeners = 0;
    for (const id of this._frames) cancelAnimationFrame(id);
    this._frames.clear();
    for (const id of this._timers) clearTimeout(id);
    this._timers.clear();
    for (const o of this._observers) o.disconnect();
    this._observers.clear();
    const fns = [...this._onStop];
    this._onStop.clear();
    for (const fn of fns) fn();
  }

  /** {listeners, frames, timers, observers} now registered. */
  active() {
    return { listeners: this._listeners, frames: this._frames.size, timers: this._timers.size, observers: this._observers.size };
  }
}
