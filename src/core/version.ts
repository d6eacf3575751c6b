/** Tollgate's own version, recorded in deployment payloads and the user agent. */
import packageJson from '../../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
