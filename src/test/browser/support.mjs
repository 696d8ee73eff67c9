// Shared by the browser tests: Chromium, a chat page per person, frame and close-code recording, server control.
// BrowserIT sets PARLEY_URL (the page), PARLEY_CONTROL (stop/start/freeze/thaw the server), PARLEY_CHROMIUM and
// PARLEY_SCREENSHOTS.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const TIMEOUT = 20_000;
// How long a page may take to come back after the server restarts: backoff is full jitter capped at 15 s, and a cold
// restart of the server takes ~10 s.
export const RECONNECT_TIMEOUT = 45_000;

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these scripts through BrowserIT (mvn verify)`);
  return value;
};

export const baseUrl = env('PARLEY_URL');
const screenshots = env('PARLEY_SCREENSHOTS');
mkdirSync(screenshots, { recursive: true });

export function launchBrowser() {
  return chromium.launch({
    executablePath: env('PARLEY_CHROMIUM'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-quic', '--disable-sync', '--no-first-run'],
  });
}

export function randomRoom(prefix = 'e2e') {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The operator's HTTP API (room access, roles), with the token BrowserIT gives the server: PARLEY_API_TOKEN. */
export async function operator(method, path, body, base = baseUrl) {
  const response = await fetch(new URL(`api/${path}`, base), {
    method,
    headers: { Authorization: `Bearer ${process.env.PARLEY_API_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/** Asks BrowserIT to stop, start, freeze or thaw the server; resolves once done. */
export async function server(action) {
  const response = await fetch(new URL(action, env('PARLEY_CONTROL')), { method: 'POST' });
  if (!response.ok) throw new Error(`server ${action}: ${response.status} ${await response.text()}`);
}

// Runs in the page before chat.js: records the subprotocol each WebSocket got, how each one closed, and whether
// injected markup ran script.
function instrumentPage() {
  const Native = window.WebSocket;
  window.__closes = [];
  window.__protocols = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => window.__protocols.push(this.protocol));
      this.addEventListener('close', (e) => window.__closes.push({ code: e.code, reason: e.reason, clean: e.wasClean }));
    }
  };
}

/**
 * One person in their own browser context (own storage, own socket): opens the page for `room`, joins as `name` and
 * waits until the page says Online; with `host` (parley.auth=jwt), signs in there as `name` first (with the rooms the
 * token grants, `grants`: "room:role, ..."), and joins signed in.
 * `frames` collects every JSON frame the page sent ('out') and received ('in'), a
 * received parley.batch message split into its frames.
 */
export async function openChat(browser, { name, room, beforeLoad, host, grants }) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  const frames = [];
  const waiters = new Set();
  page.on('websocket', (ws) => {
    const record = (dir) => ({ payload }) => {
      for (const line of String(payload).split('\n')) {
        let frame;
        try { frame = JSON.parse(line); } catch { continue; }
        const entry = { dir, frame };
        frames.push(entry);
        for (const waiter of waiters) if (waiter.matches(entry)) { waiters.delete(waiter); waiter.resolve(frame); }
      }
    };
    ws.on('framesent', record('out'));
    ws.on('framereceived', record('in'));
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(instrumentPage);
  if (beforeLoad) await beforeLoad(page);
  if (host) {
    // parley.auth=jwt: sign in at the host application, which sends the browser to the chat signed in.
    await page.goto(host);
    await page.fill('input[name=name]', name);
    if (grants) await page.fill('input[name=rooms]', grants);
    await page.click('button');
    await page.waitForSelector('#signed-in:not([hidden])', { timeout: TIMEOUT });
    await page.fill('#room', room);
    await page.press('#room', 'Enter');
  } else {
    await page.goto(`${baseUrl}?room=${encodeURIComponent(room)}`);
    await page.fill('#name', name);
    await page.press('#name', 'Enter');
  }
  const person = {
    name, room, context, page, frames,
    errors, // uncaught errors in the page: every test expects none
    /** Resolves with the first frame (already recorded or still to come) that matches; fails after `timeout`. */
    frame(dir, matches, timeout = TIMEOUT) {
      const found = frames.find((entry) => entry.dir === dir && matches(entry.frame));
      if (found) return Promise.resolve(found.frame);
      return new Promise((resolve, reject) => {
        const waiter = { matches: (entry) => entry.dir === dir && matches(entry.frame), resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`${name}: no ${dir === 'in' ? 'received' : 'sent'} frame matching ${matches} within ${timeout} ms`));
        }, timeout).unref();
      });
    },
    received(matches, timeout) { return person.frame('in', matches, timeout); },
    sent(matches, timeout) { return person.frame('out', matches, timeout); },
  };
  await waitForStatus(person, 'online');
  return person;
}

export function waitForStatus(person, state, timeout = TIMEOUT) {
  return person.page.waitForFunction(
    (wanted) => document.getElementById('status').dataset.state === wanted, state, { timeout });
}

/** Types `text` into the composer and sends it with Enter, as a person would. */
export async function say(person, text) {
  await person.page.fill('#text', text);
  await person.page.press('#text', 'Enter');
}

/** What the message list shows: one entry per message, in screen order (the "New messages" line left out). */
export function shownMessages(person) {
  return person.page.$$eval('#messages > li:not(.new-line)', (items) => items.map((li) => ({
    kind: li.classList.contains('separator') ? 'separator' : 'message',
    seq: li.dataset.seq === undefined ? null : Number(li.dataset.seq),
    user: li.querySelector('.author')?.textContent ?? null,
    text: li.classList.contains('separator') ? li.textContent : li.querySelector('.text')?.textContent ?? null,
    pending: li.classList.contains('pending'),
    stale: li.classList.contains('stale'),
  })));
}

/** Waits until the message list shows a confirmed (seq-numbered) message with exactly this text. */
export function waitForMessage(person, text, timeout = TIMEOUT) {
  return person.page.waitForFunction(
    (wanted) => [...document.querySelectorAll('#messages li[data-seq] .text')].some((p) => p.textContent === wanted),
    text, { timeout });
}

export async function screenshot(person, step) {
  const file = join(screenshots, `${step}-${person.name.replace(/[^A-Za-z0-9_-]/g, '_')}.png`);
  await person.page.screenshot({ path: file });
  return file;
}
