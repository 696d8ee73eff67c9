// Signing in with a token from the host application (parley.auth=jwt; docs/protocol.md, "Signing in"): where the
// token comes from, and fetching it with the user's cookies. The client (client.js) asks for one on every connection
// and before the token expires; the token's claims are read by protocol.js. No DOM; fetch is given.

/** The host application did not give a token: the user is not signed in there. */
export class SignInNeeded extends Error {
  /** @param {string} message @param {string | null} login where the user signs in, if the host application said */
  constructor(message, login) {
    super(message);
    this.login = login;
  }
}

/** Where the page's token comes from, and getting one. */
export class SignIn {
  /**
   * @param {object} options
   * @param {Function} options.fetch
   * @param {string} [options.settingsUrl] the server's sign-in settings (`GET /sign-in`)
   */
  constructor({ fetch, settingsUrl = 'sign-in' }) {
    Object.assign(this, { fetch, settingsUrl });
    /** 'open' or 'jwt', once {@link SignIn#discover} has answered */
    this.mode = null;
    this.tokenUrl = null;
  }

  /** Asks the server whether it wants tokens, and from where. @returns {Promise<'open' | 'jwt'>} */
  async discover() {
    const response = await this.fetch(this.settingsUrl, { headers: { Accept: 'application/json' } });
    const settings = response.ok ? await response.json() : { auth: 'open' };
    this.mode = settings.auth === 'jwt' ? 'jwt' : 'open';
    this.tokenUrl = typeof settings.tokenUrl === 'string' ? settings.tokenUrl : null;
    return this.mode;
  }

  /**
   * A fresh token from the host application, sent the user's cookies: `{"token": "..."}`. Anything else is a
   * {@link SignInNeeded}, with the login URL when the answer names one (`{"login": "..."}`).
   * @returns {Promise<string>}
   */
  async token() {
    if (!this.tokenUrl) throw new SignInNeeded('This chat needs a token, but the server names no token URL.', null);
    let response;
    try {
      response = await this.fetch(this.tokenUrl, { credentials: 'include', headers: { Accept: 'application/json' } });
    } catch {
      throw new SignInNeeded('The sign-in service cannot be reached.', null);
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok && typeof body.token === 'string' && body.token) return body.token;
    const login = typeof body.login === 'string' ? body.login : null;
    throw new SignInNeeded('Sign in to chat.', login);
  }
}
