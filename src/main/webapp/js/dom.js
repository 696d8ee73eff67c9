// What the page's views share: making elements with text (textContent only, never innerHTML), and a person's avatar
// letter and colour.

/** @param {string} tag @param {string | null} [className] @param {string} [text] */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {string} name @returns {string} the letter on their avatar */
export function initial(name) {
  return ([...name.trim()][0] || '?').toUpperCase();
}

/** @param {string} name @returns {number} their colour, the same on every page */
export function hue(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}
