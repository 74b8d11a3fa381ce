// A node:test reporter that ends the run with one line CI can read: "N passed, N failed, N skipped".
/** @param {AsyncIterable<any>} source */
export default async function* summaryReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    // Only tests count, not the file-level suites node wraps them in.
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    if (event.data.details?.type === "suite" || event.data.nesting === 0 && event.data.file && event.data.name === event.data.file) continue;
    if (event.data.skip || event.data.todo) skipped++;
    else if (event.type === "test:pass") passed++;
    else failed++;
  }
  yield `${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
