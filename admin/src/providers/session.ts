/** Where the admin keeps its login token, and the one-shot notice shown on the login page. */

const TOKEN_KEY = "gongguan.token";
const EXPIRES_KEY = "gongguan.tokenExpiresAt";
const NOTICE_KEY = "gongguan.loginNotice";

export type LoginNotice = "sessionExpired" | "loggedOut";

export const session = {
  getToken(): string | null {
    const token = localStorage.getItem(TOKEN_KEY);
    if (!token) return null;
    const expiresAt = localStorage.getItem(EXPIRES_KEY);
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
      session.clear();
      session.setNotice("sessionExpired");
      return null;
    }
    return token;
  },
  /** Whether a token is stored, without checking or clearing it (getToken's job). */
  hasStoredToken(): boolean {
    return localStorage.getItem(TOKEN_KEY) !== null;
  },
  setToken(token: string, expiresAt?: string | null): void {
    localStorage.setItem(TOKEN_KEY, token);
    if (expiresAt) localStorage.setItem(EXPIRES_KEY, expiresAt);
    else localStorage.removeItem(EXPIRES_KEY);
  },
  clear(): void {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(EXPIRES_KEY);
  },
  /** Remembered across the redirect to /login, read (and forgotten) by the login page. */
  setNotice(notice: LoginNotice): void {
    sessionStorage.setItem(NOTICE_KEY, notice);
  },
  peekNotice(): LoginNotice | null {
    return sessionStorage.getItem(NOTICE_KEY) as LoginNotice | null;
  },
  clearNotice(): void {
    sessionStorage.removeItem(NOTICE_KEY);
  },
};
