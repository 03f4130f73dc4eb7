/**
 * Injected by esbuild at the top of every Lambda bundle (infra/bundling.ts): at cold start, before
 * the handler's module runs, the kernel's settings and the function's service's
 * (POWERTOOLS_SERVICE_NAME, set by infra/service-stack.ts) are checked. A malformed value fails the
 * function's initialisation with a message naming the variable and its rule, instead of a 500
 * or a dead letter at the first request that reads it.
 */
import { checkStartupSettings } from '../shared/config/startup';
import { SERVICE_SETTINGS } from './settings';

const own = SERVICE_SETTINGS[process.env.POWERTOOLS_SERVICE_NAME ?? ''];
checkStartupSettings(own ? [{ settings: own }] : []);
