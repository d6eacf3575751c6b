// Demo only: pins the clock of the process it is preloaded into to TOLLGATE_DEMO_NOW
// (an ISO instant), so `npm run demo` can show a Friday-evening freeze and the Monday
// after it in seconds. Used as `node --import ./scripts/demo-clock.js dist/...`;
// the bundles themselves have no clock override.
const pinned = Date.parse(process.env.TOLLGATE_DEMO_NOW ?? '');
if (!Number.isNaN(pinned)) {
  const started = performance.now();
  const RealDate = Date;
  const now = () => pinned + Math.floor(performance.now() - started);
  class DemoDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now());
      else super(...args);
    }
    static now() {
      return now();
    }
  }
  globalThis.Date = DemoDate;
}
