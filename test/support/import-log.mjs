// Preloaded with `node --import` by test/cli/lazy-imports.test.ts: prints every module URL the run resolves, so a
// test can prove what a verb does not load (the AWS SDK in an offline plan, aws-cdk-lib in --help).
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    process.stderr.write(`import-log ${r.url}\n`);
    return r;
  },
});
