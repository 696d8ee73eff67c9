// The join form (name and room, checked as the server checks them) and which of the page's two views is shown.
import { nameProblem, roomProblem } from './protocol.js';

const STORAGE_KEYS = { name: 'parley.name', room: 'parley.room' };

function stored(key) {
  try { return localStorage.getItem(key) || ''; } catch { return ''; } // storage disabled
}

/** An http(s) URL for a link, or null: a javascript: URL from a server's answer never becomes a link. */
function safeUrl(text) {
  try {
    const url = new URL(text, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The join form, and switching between it and the chat view. */
export class JoinView {
  /** the user's name when a token signs them in (parley.auth=jwt): then there is no name field */
  signedInAs = null;

  /**
   * @param {Record<string, HTMLElement>} els
   * @param {(name: string, room: string) => void} join called with a valid name and room
   */
  constructor(els, join) {
    this.els = els;
    els.name.value = stored(STORAGE_KEYS.name);
    const fromUrl = new URLSearchParams(location.search).get('room');
    els.room.value = (fromUrl && !roomProblem(fromUrl) ? fromUrl : stored(STORAGE_KEYS.room)) || 'lobby';
    els.joinForm.addEventListener('submit', (event) => {
      event.preventDefault();
      els.joinForm.dataset.submitted = 'true';
      if (!this.#validate(true)) return;
      const name = this.signedInAs ?? els.name.value.trim();
      const room = els.room.value.trim();
      try {
        localStorage.setItem(STORAGE_KEYS.name, name);
        localStorage.setItem(STORAGE_KEYS.room, room);
      } catch { /* storage disabled: joining still works */ }
      join(name, room);
    });
    els.joinForm.addEventListener('input', () => { if (els.joinForm.dataset.submitted) this.#validate(false); });
    (els.name.value ? els.joinForm.querySelector('button[type=submit]') : els.name).focus();
  }

  /** A token names the user: the form shows that name instead of a name field. @param {string} name */
  signedIn(name) {
    const { els } = this;
    this.signedInAs = name;
    els.nameField.hidden = true;
    els.signedIn.textContent = `Signed in as ${name}`;
    els.joinIntro.textContent = 'Pick a room. Anyone who may enter it sees your messages.';
    els.signedIn.hidden = false;
    els.joinError.hidden = true;
  }

  /**
   * No token: the user must sign in at the host application first; a link to its login page when it names one.
   * @param {string} message @param {string | null} login
   */
  signInNeeded(message, login) {
    const { els } = this;
    els.nameField.hidden = true;
    els.signedIn.hidden = true;
    els.joinError.replaceChildren(message);
    const url = login ? safeUrl(login) : null;
    if (url) {
      const link = document.createElement('a');
      link.href = url;
      link.textContent = 'Sign in';
      els.joinError.append(' ', link);
    }
    els.joinError.hidden = false;
  }

  /** Hides the form and shows the chat view. */
  showChat() {
    this.els.joinView.hidden = true;
    this.els.chatView.hidden = false;
    this.els.roomBar.hidden = false;
  }

  /** Shows the form again, with the error that brought the user back, if any. @param {string} [error] */
  showForm(error) {
    const { els } = this;
    els.chatView.hidden = true;
    els.roomBar.hidden = true;
    els.joinView.hidden = false;
    els.joinError.textContent = error || '';
    els.joinError.hidden = !error;
    (this.signedInAs !== null ? els.joinForm.querySelector('button[type=submit]') : els.name).focus();
  }

  /** @param {string | null} room @param {number} unread messages that arrived while the tab was hidden */
  title(room, unread) {
    const base = room ? `#${room} · Parley` : 'Parley';
    document.title = unread ? `(${unread}) ${base}` : base;
  }

  #validate(focusProblem) {
    const { els } = this;
    const checks = [
      [els.name, els.nameError, this.signedInAs !== null ? '' : nameProblem(els.name.value.trim())],
      [els.room, els.roomError, roomProblem(els.room.value.trim())],
    ];
    for (const [input, message, problem] of checks) {
      message.textContent = problem;
      input.setAttribute('aria-invalid', String(Boolean(problem)));
    }
    const firstBad = checks.find(([, , problem]) => problem);
    if (firstBad && focusProblem) firstBad[0].focus();
    return !firstBad;
  }
}
