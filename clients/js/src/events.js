// Typed events without a DOM: `on(type, listener)` returns the function that removes the listener. A listener that
// throws does not keep the others from hearing the event; its error is reported on the next turn, as an EventTarget's.

export class Emitter {
  #listeners = new Map();

  /**
   * @param {string} type
   * @param {(event: any) => void} listener
   * @returns {() => void} removes the listener
   */
  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  /** @param {string} type @param {(event: any) => void} listener */
  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  /** @param {string} type @param {unknown} event @returns {boolean} whether anyone listened */
  emit(type, event) {
    const listeners = this.#listeners.get(type);
    if (!listeners || listeners.size === 0) return false;
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => { throw error; });
      }
    }
    return true;
  }
}
