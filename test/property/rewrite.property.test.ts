import { describeRewriteProperty } from './rewrite-property.js';

// Half of the cases: the other half is in rewrite-2.property.test.ts, so the two run in parallel.
describeRewriteProperty(1);
