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

  /**
   * @param {import('./rooms.js').RoomList} list @param {string | null} current the room shown now
   * @param {import('./badges.js').Badges} [badges] unread counts
   */
  render(list, current, badges) {
    this.els.myRooms.replaceChildren(...list.entries.map(({ room }) => {
      const label = list.label(room);
      const button = el('button', 'room-link', label);
      button.type = 'button';
      const unread = badges?.unread(room) ?? 0;
      if (room === current) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => this.actions.open(room));
      const li = el('li', 'room-item');
      li.dataset.room = room;
      li.append(button);
      if (unread > 0) { // beside the button, whose text stays the room's name; its label says the count
        const badge = el('span', 'badge unread', unread > 99 ? '99+' : String(unread));
        badge.setAttribute('aria-hidden', 'true');
        button.setAttribute('aria-label', `${label}, ${unread} unread`);
        li.classList.add('has-unread');
        li.append(badge);
      }
      return li;
    }));
  }
}
