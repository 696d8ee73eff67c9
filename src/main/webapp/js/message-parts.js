// What a message shows besides its author and time: its text or "message deleted", "(edited)", its reactions (a chip
// per emoji that toggles the user's own), and the actions the user may take on it (react from a small fixed picker,
// edit their own, delete their own or, as a moderator, anyone's), and the inline editor. textContent only; every
// control is a button or a textarea, usable from the keyboard.
import { el } from './dom.js';

/** The picker's short names (docs/protocol.md lists what the server takes), with what they look like. */
export const REACTIONS = [
  [':+1:', '👍'], [':heart:', '❤️'], [':laughing:', '😆'], [':tada:', '🎉'], [':eyes:', '👀'], [':rocket:', '🚀'],
  [':thinking:', '🤔'], [':-1:', '👎'],
];
const GLYPHS = new Map(REACTIONS);

/**
 * @typedef {import('./protocol.js').Message} Message
 * @typedef {{react(seq: number, emoji: string): void, edit(seq: number, text: string): void,
 *   delete(seq: number): void, editDone(): void}} MessageActions
 * @typedef {{self: string, moderator: boolean}} Viewer who looks: the user's subject, and whether it moderates here
 */

/** @param {string} emoji @returns {string} how a reaction looks: a short name's emoji, else itself */
export function glyph(emoji) {
  return GLYPHS.get(emoji) ?? emoji;
}

/**
 * Fills a message's body after its meta line: text (unless being edited), marker, reactions and actions.
 * @param {HTMLElement} li @param {Message} message @param {Viewer} viewer @param {MessageActions} actions
 */
export function decorate(li, message, viewer, actions) {
  const body = li.querySelector('.body');
  li.classList.toggle('deleted', message.deleted === true);
  if (!li.classList.contains('editing')) body.querySelector('.text').textContent = message.deleted ? 'message deleted' : message.text;
  body.querySelector('.edited')?.remove();
  if (message.editedAt && !message.deleted) {
    const marker = el('span', 'edited', '(edited)');
    marker.title = `edited ${new Date(message.editedAt).toLocaleString()}`;
    body.querySelector('.meta').append(marker);
  }
  body.querySelector('.reactions')?.remove();
  body.querySelector('.msg-actions')?.remove();
  if (message.seq === undefined || message.deleted) return;
  const reactions = Object.entries(message.reactions ?? {});
  if (reactions.length) body.append(reactionRow(message.seq, reactions, viewer, actions));
  body.append(actionBar(li, message, viewer, actions));
}

function reactionRow(seq, reactions, viewer, actions) {
  const row = el('div', 'reactions');
  for (const [emoji, subs] of reactions) {
    const mine = subs.includes(viewer.self);
    const chip = button(`reaction${mine ? ' mine' : ''}`, `${glyph(emoji)} ${subs.length}`, () => actions.react(seq, emoji));
    chip.dataset.emoji = emoji;
    chip.setAttribute('aria-pressed', String(mine));
    chip.setAttribute('aria-label', `${emoji} ${subs.length}${mine ? ', yours: take it back' : ''}`);
    row.append(chip);
  }
  return row;
}

function actionBar(li, message, viewer, actions) {
  const bar = el('div', 'msg-actions');
  const own = (message.sub ?? message.user) === viewer.self;
  const picker = el('div', 'picker');
  picker.hidden = true;
  for (const [emoji, look] of REACTIONS) {
    const pick = button('pick', look, () => { picker.hidden = true; actions.react(message.seq, emoji); });
    pick.dataset.emoji = emoji;
    pick.setAttribute('aria-label', `React ${emoji}`);
    picker.append(pick);
  }
  const react = button('react', 'React', () => {
    picker.hidden = !picker.hidden;
    if (!picker.hidden) picker.querySelector('button').focus();
  });
  react.setAttribute('aria-label', `React to message ${message.seq}`);
  bar.append(react);
  if (own) bar.append(button('edit', 'Edit', () => startEdit(li, message, actions)));
  if (own || viewer.moderator) {
    const remove = button('delete', 'Delete', () => {
      if (remove.dataset.armed) { actions.delete(message.seq); return; }
      remove.dataset.armed = 'true'; // a second click deletes: nothing is deleted by a stray click
      remove.textContent = 'Delete for everyone?';
      setTimeout(() => { delete remove.dataset.armed; remove.textContent = 'Delete'; }, 4000);
    });
    bar.append(remove);
  }
  bar.append(picker);
  picker.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { picker.hidden = true; react.focus(); }
  });
  return bar;
}

/**
 * Opens the inline editor on a message: Enter saves (an unchanged or blank text just closes), Shift+Enter a new
 * line, Escape cancels. @param {HTMLElement} li @param {Message} message @param {MessageActions} actions
 */
export function startEdit(li, message, actions) {
  if (li.classList.contains('editing') || message.deleted) return;
  const text = li.querySelector('.text');
  const editor = el('textarea', 'editor');
  editor.value = message.text;
  editor.rows = Math.min(8, message.text.split('\n').length);
  editor.setAttribute('aria-label', 'Edit message');
  const hint = el('p', 'edit-hint', 'Enter to save, Escape to cancel');
  const close = () => {
    li.classList.remove('editing');
    editor.remove();
    hint.remove();
    text.hidden = false;
    actions.editDone();
  };
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { event.preventDefault(); close(); return; }
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    const next = editor.value.trim();
    if (next && next !== message.text) actions.edit(message.seq, next);
    close();
  });
  li.classList.add('editing');
  text.hidden = true;
  text.after(editor, hint);
  editor.focus();
  editor.setSelectionRange(editor.value.length, editor.value.length);
}

function button(className, label, onClick) {
  const b = el('button', className, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
