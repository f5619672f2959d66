import assert from "node:assert/strict";
import { junitSummary } from "../../local/test_summary.ts";

// What `deno test --junit-path` wrote for a file with a pass, a failure, a test with a failing
// step, and an ignored test (Deno 2.9).
const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="6" failures="3" errors="0" time="0.013">
    <testsuite name="./a_test.ts" tests="6" disabled="1" errors="0" failures="3">
        <testcase name="ok one" classname="./a_test.ts" time="0.001" line="1" col="6">
        </testcase>
        <testcase name="fails &lt;here&gt;" classname="./a_test.ts" time="0.001" line="2" col="6">
            <failure message="Uncaught Error: boom">Error: boom
    at file:///tmp/a_test.ts:2:34</failure>
        </testcase>
        <testcase name="steps" classname="./a_test.ts" time="0.002" line="3" col="6">
            <failure message="1 test step failed">1 test step failed.</failure>
        </testcase>
        <testcase name="ignored" classname="./a_test.ts" time="0.000" line="4" col="6">
            <skipped/>
        </testcase>
        <testcase name="steps &gt; s1" classname="./a_test.ts" time="0.000" line="3" col="43">
        </testcase>
        <testcase name="steps &gt; s2" classname="./a_test.ts" time="0.000" line="3" col="73">
            <failure message="Uncaught Error: x">Error: x</failure>
        </testcase>
    </testsuite>
    <testsuite name="./b_test.ts" tests="1" disabled="0" errors="1" failures="0">
        <testcase name="ok one" classname="./b_test.ts" time="0.001" line="1" col="6">
            <error message="leak">leak</error>
        </testcase>
    </testsuite>
</testsuites>
`;

Deno.test("junitSummary() counts tests, not their steps, and names the failures", () => {
  assert.deepEqual(junitSummary(REPORT), {
    passed: 1,
    failed: 3,
    ignored: 1,
    steps: 2,
    failures: ["./a_test.ts: fails <here>", "./a_test.ts: steps", "./b_test.ts: ok one"],
  });
});

Deno.test("junitSummary() of a report without tests counts nothing", () => {
  const empty = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="0" failures="0" errors="0" time="0.000">
</testsuites>
`;
  assert.deepEqual(junitSummary(empty), {
    passed: 0,
    failed: 0,
    ignored: 0,
    steps: 0,
    failures: [],
  });
});
