// The rooms panel: the user's rooms (direct conversations as @name) to switch between, and a form that opens a
// direct conversation with someone by name. Text goes in with textContent only; every control is a button or a form.
import { el } from './dom.js';
import { nameProblem } from './protocol.js';

/**
 * @typedef {{open(room: string): void, direct(user: string): void}} RoomActions what the user asks of the panel
 */

export class RoomsView {
  /** @param {Record<string, HTMLElement>} els @param {RoomActions} actions */
  constructor(els, actions) {
    this.els = els;
    els.directForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const user = els.directUser.value.trim();
      const problem = nameProblem(user);
      els.directError.textContent = problem;
      els.directUser.setAttribute('aria-invalid', String(Boolean(problem)));
      if (problem) return;
      els.directUser.value = '';
      actions.direct(user);
    });
    this.actions = actions;
  }

  /** @param {import('./rooms.js').RoomList} list @param {string | null} current the room shown now */
  render(list, current) {
    this.els.myRooms.replaceChildren(...list.entries.map(({ room }) => {
      const button = el('button', 'room-link', list.label(room));
      button.type = 'button';
      if (room === current) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => this.actions.open(room));
      const li = el('li');
      li.append(button);
      return li;
    }));
  }
}
