import type { AuthProvider } from "@refinedev/core";
import type { CombinedError } from "@urql/core";
import { i18n } from "../i18n";
import {
  LOGIN_MUTATION,
  LOGOUT_MUTATION,
  ME_QUERY,
  type Identity,
  type LoginResult,
  type MeResult,
  type OpenedSession,
} from "./auth-queries";
import { setCurrentIdentity } from "./access-control";
import { session } from "./session";
import { consumeSessionExpired, isUnauthenticated, urqlClient } from "./urql-client";

export interface LoginParams {
  username: string;
  password: string;
}

const loginError = (error: CombinedError) => {
  const code = error.graphQLErrors[0]?.extensions?.code;
  const key =
    error.networkError && !error.graphQLErrors.length
      ? "auth.errors.network"
      : code === "UNAUTHENTICATED" || code === "BAD_USER_INPUT"
        ? "auth.errors.invalidCredentials"
        : "auth.errors.unknown";
  // Refine's login notification shows `error.name` as its text and `error.message` as its title
  // (its antd provider swaps message and description): the title goes in `message`.
  return { name: i18n.t(key), message: i18n.t("auth.errors.loginFailed") };
};

const expired = () => ({
  logout: true,
  redirectTo: "/login",
  error: { name: i18n.t("auth.sessionExpired.title"), message: i18n.t("auth.sessionExpired.message") },
});

/** The token `check` has already confirmed with `me` during this page load. */
let verifiedToken: string | null = null;

/**
 * Keeps a session the API just opened (a login, or a changed password, which ends the one before):
 * its token from now on, already confirmed, and who it belongs to.
 */
export const adoptSession = ({ token, expiresAt, user }: OpenedSession): void => {
  session.setToken(token, expiresAt);
  verifiedToken = token;
  setCurrentIdentity(user);
};

/** Login through the `login` mutation, identity from `me`, `logout` mutation; token in localStorage. */
export const authProvider: AuthProvider = {
  async login({ username, password }: LoginParams) {
    session.clear();
    const { data, error } = await urqlClient
      .mutation<LoginResult>(LOGIN_MUTATION, { username, password })
      .toPromise();
    if (error || !data?.login?.token) {
      return { success: false, error: error ? loginError(error) : { name: "login", message: i18n.t("auth.errors.unknown") } };
    }
    adoptSession(data.login);
    return { success: true, redirectTo: "/" };
  },

  async logout() {
    if (session.getToken()) {
      // Best effort: the token is forgotten locally whatever the server answers.
      await urqlClient.mutation(LOGOUT_MUTATION, {}).toPromise().catch(() => undefined);
      session.setNotice("loggedOut");
    }
    session.clear();
    verifiedToken = null;
    setCurrentIdentity(null);
    consumeSessionExpired();
    return { success: true, redirectTo: "/login" };
  },

  async check() {
    const token = session.getToken();
    if (!token) return { authenticated: false, logout: true, redirectTo: "/login" };
    if (verifiedToken === token) return { authenticated: true };
    // First check of this page load: ask the server whether the stored token still holds.
    const { data, error } = await urqlClient.query<MeResult>(ME_QUERY, {}).toPromise();
    if ((error && isUnauthenticated(error)) || (!error && !data?.me)) {
      session.clear();
      session.setNotice("sessionExpired");
      consumeSessionExpired();
      return { authenticated: false, ...expired() };
    }
    verifiedToken = token;
    setCurrentIdentity(data?.me ?? null);
    return { authenticated: true };
  },

  async onError(error) {
    if (consumeSessionExpired() || (error as { statusCode?: number })?.statusCode === 401) {
      return expired();
    }
    return { error };
  },

  async getIdentity(): Promise<Identity | null> {
    if (!session.getToken()) return null;
    const { data, error } = await urqlClient.query<MeResult>(ME_QUERY, {}).toPromise();
    if (error && isUnauthenticated(error)) return null;
    if (data?.me) setCurrentIdentity(data.me);
    return data?.me ?? null;
  },

  /** The permissions the API grants the logged-in admin (`me { permissions }`). */
  async getPermissions() {
    const identity = await authProvider.getIdentity?.();
    return (identity as Identity | null)?.permissions ?? null;
  },
};
