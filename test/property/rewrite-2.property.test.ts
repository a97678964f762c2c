import { describeRewriteProperty } from './rewrite-property.js';

// The other half of rewrite.property.test.ts's cases, with the next seed.
describeRewriteProperty(2);
