import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration tests start real servers on fixed loopback ports and namespaces; two workers fit the 2-core machine.
    maxWorkers: 2,
  },
});
