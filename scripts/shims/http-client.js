// Bundle-time stand-in for @actions/http-client and undici.
// @actions/core loads them for OIDC tokens and @actions/github for its proxy-aware fetch;
// Tollgate uses neither (its own transport speaks node:http), so the bundles leave out
// about 800 KB and 40 ms of start-up. Anything that does reach these fails loudly.
const unavailable = (what) => () => {
  throw new Error(`${what} is not part of Tollgate's bundle`);
};
export class HttpClient {
  getAgent() {
    return undefined;
  }
  getAgentDispatcher() {
    return undefined;
  }
  getJson() {
    return unavailable('@actions/http-client')();
  }
}
export class BearerCredentialHandler {}
export const fetch = unavailable('undici fetch');
export const HttpCodes = {};
